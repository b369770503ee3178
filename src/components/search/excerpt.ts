/**
 * Pagefind returns excerpts as HTML with <mark> around matches. We keep only the text and the
 * marks, so nothing in an excerpt can ever become live markup on the page.
 */
import { h } from '../dom';

export function renderExcerpt(html: string): DocumentFragment {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, 'text/html');
  const out = document.createDocumentFragment();
  for (const node of parsed.body.firstChild?.childNodes ?? []) {
    const text = node.textContent ?? '';
    out.append(node.nodeName === 'MARK' ? h('mark', { text }) : document.createTextNode(text));
  }
  return out;
}
