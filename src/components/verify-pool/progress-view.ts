/**
 * A progress bar with a Cancel button for a long verification: shown under `anchor`
 * only once the work has taken longer than a blink (a short record never flashes a bar), its
 * count announced politely and not on every step (screen readers would read nothing else).
 * Cancelling aborts the run; the caller keeps nothing of it and says so.
 */
import { h } from '../dom';

/** Shown only after this long: most records verify before anyone would see it. */
const SHOW_AFTER_MS = 250;
/** The spoken count changes at most this often. */
const ANNOUNCE_EVERY_MS = 1500;
/**
 * The bar moves at most this often: each move costs the page a frame (style, paint, composite),
 * and a thousand-file import reports hundreds of steps, which on two cores took time from the
 * workers verifying (about a tenth of the page's thread during an import).
 */
const DRAW_EVERY_MS = 200;

export interface ProgressView {
  signal: AbortSignal;
  onProgress(done: number, total: number): void;
  /** Removes the bar (the work is done or cancelled). */
  finish(): void;
}

export function progressView(anchor: Element, what: string, unit: 'entries' | 'files'): ProgressView {
  const abort = new AbortController();
  const bar = h('progress', { max: 1, value: 0, 'aria-label': `${what}: progress` });
  const count = h('span', { 'aria-live': 'polite', text: `${what}…` });
  const cancel = h('button', { type: 'button', text: 'Cancel' });
  const view = h('div', { class: 'form-row verify-progress', role: 'group', 'aria-label': what }, bar, count, cancel);
  cancel.addEventListener('click', () => {
    abort.abort();
    cancel.disabled = true;
    count.textContent = 'Cancelling…';
  });
  const timer = setTimeout(() => {
    anchor.after(view);
    // On a phone the file input fills the screen: bring the bar (and its Cancel) into sight.
    view.scrollIntoView({ block: 'nearest' });
  }, SHOW_AFTER_MS);
  let spoken = 0;
  let drawn = -Infinity;
  const number = new Intl.NumberFormat();
  return {
    signal: abort.signal,
    onProgress(done, total) {
      const now = performance.now();
      if (now - drawn < DRAW_EVERY_MS && done < total) return;
      drawn = now;
      bar.max = Math.max(total, 1);
      bar.value = done;
      if (abort.signal.aborted || (now - spoken < ANNOUNCE_EVERY_MS && done < total)) return;
      spoken = now;
      count.textContent = `${what}: ${number.format(done)} of ${number.format(total)} ${unit} checked`;
    },
    finish() {
      clearTimeout(timer);
      view.remove();
    },
  };
}
