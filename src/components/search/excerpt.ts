/**
 * Pagefind returns excerpts as HTML with <mark> around matches. We keep only the text and the
 * marks, so nothing in an excerpt can ever become live markup on the page.
 */
export function renderExcerpt(html: string): DocumentFragment {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, 'text/html');
  const out = document.createDocumentFragment();
  for (const node of parsed.body.firstChild?.childNodes ?? []) {
    if (node.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      out.append(mark);
    } else {
      out.append(document.createTextNode(node.textContent ?? ''));
    }
  }
  return out;
}
