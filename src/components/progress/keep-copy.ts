/**
 * "Keep a copy": the box that tells a trainee whether this browser will keep their progress and
 * offers the progress file (lib/progress/file.ts), the one file that gives everything back when
 * imported on My progress: lessons, quiz attempts, every signed entry (verified again on import)
 * and the trainee's wrapped key. Used after a sign-off arrives (checklist) and on My progress.
 * Markup: [data-keep-copy] holding [data-keep-text] and a [data-keep-download] button.
 */
import { progressStores } from '../../stores/progress';
import { askPersistence, persistence } from '../../stores/persistence';
import { exportProgressFile, progressFileName } from '../../lib/progress/file';
import { keepingText } from '../../lib/progress/keeping';
import { downloadFile } from '../download';
import { required } from '../dom';

/** Downloads the chosen trainee's progress file; its name, or undefined when no trainee is chosen. */
export function downloadProgressFile(): string | undefined {
  const state = progressStores().$progress.get();
  if (!state.active || !state.profiles[state.active]) return undefined;
  const file = exportProgressFile(state, state.active, new Date().toISOString());
  downloadFile(progressFileName(file), JSON.stringify(file, null, 2));
  return progressFileName(file);
}

/**
 * Fills and shows the box. `ask`: ask the browser for persistent storage first (when signed
 * entries have just been kept, the moment losing them would cost the most).
 */
export async function showKeepCopy(box: HTMLElement, ask: boolean): Promise<void> {
  const state = await (ask ? askPersistence() : persistence());
  const entries = progressStores().activeProfile()?.entries.length ?? 0;
  required(box, '[data-keep-text]').textContent = keepingText(state, entries);
  box.dataset.persistence = state;
  const button = required<HTMLButtonElement>(box, '[data-keep-download]');
  button.onclick = () => {
    const name = downloadProgressFile();
    const done = box.querySelector<HTMLElement>('[data-keep-done]');
    if (done) done.textContent = name ? `Saved as ${name}.` : '';
  };
  box.hidden = false;
}
