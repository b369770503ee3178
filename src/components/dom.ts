/**
 * The one DOM helper every page script uses, so each script says what it shows, not
 * how to build it: make an element, find a required element, show a status message, wire a drop
 * zone, read the URL fragment. Deliberately tiny: every page loads it (scripts/bench/budgets.ts).
 *
 * Text is always set as text (textContent, attribute values), never parsed as HTML: names and
 * file contents people typed go through here.
 */

/** A child of `h`: nodes and strings are appended (strings as text); null, undefined and false are skipped. */
export type Child = Node | string | null | undefined | false;

/**
 * Attributes of `h`: `text` sets the text content, `class` the class; `true` sets an empty
 * attribute (`hidden: true`), `false`/`undefined` leaves it out; anything else is set as a string.
 */
export type Attrs = Record<string, string | number | boolean | undefined>;

/** Makes `<tag attrs…>children…</tag>`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child || child === '') node.append(child);
  return node;
}

/**
 * The element matching `selector` inside `root`; throws naming the selector when the markup
 * lacks it (a bug in the page, not something a user can cause), instead of `querySelector(…)!`.
 */
export function required<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`Missing ${selector} in ${root instanceof Element ? `<${root.localName}>` : 'the page'}`);
  return found;
}

/** The control named `name` in `form` (an input, select or textarea), or an error naming it. */
export function control<T extends Element = HTMLInputElement>(form: HTMLFormElement, name: string): T {
  return required<T>(form, `[name="${name}"]`);
}

/** The tone of a status message: `.message--ok`, `.message--error`, or a plain `.message`. */
export type Tone = 'ok' | 'error' | 'plain';

/** Shows `text` in a status message element with its tone (an empty text hides it, by CSS). */
export function say(target: HTMLElement, text: string, tone: Tone): void {
  target.textContent = text;
  target.className = tone === 'plain' ? 'message' : `message message--${tone}`;
}

/**
 * Makes `zone` accept dropped files (highlighted with `.drop-zone--over` while dragged over),
 * and wires its file `input`, the keyboard's way in: both hand their files to `take`.
 */
export function dropZone(zone: HTMLElement, input: HTMLInputElement, take: (files: File[]) => unknown): void {
  const over = (on: boolean) => zone.classList.toggle('drop-zone--over', on);
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    over(true);
  });
  zone.addEventListener('dragleave', () => over(false));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    over(false);
    void take([...(e.dataTransfer?.files ?? [])]);
  });
  input.addEventListener('change', () => {
    const files = [...(input.files ?? [])];
    // Cleared at once, so choosing the same file again is a change too.
    input.value = '';
    void take(files);
  });
}

/**
 * Calls `take` with the URL fragment (without `#`) whenever it starts with `prefix`: now, and
 * when a link changes only the fragment of the open page. With `clear`, the fragment is then
 * removed from the address (kept out of history and bookmarks, and opening the same link again
 * is a new navigation). Returns whether the address had such a fragment now.
 */
export function onFragment(prefix: string, take: (fragment: string) => unknown, clear: boolean): boolean {
  const read = () => {
    if (!location.hash.startsWith(`#${prefix}`)) return false;
    const fragment = location.hash.slice(1);
    if (clear) history.replaceState(null, '', location.pathname + location.search);
    void take(fragment);
    return true;
  };
  addEventListener('hashchange', read);
  return read();
}
