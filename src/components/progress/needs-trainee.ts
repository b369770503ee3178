/**
 * The pages that are about one trainee (My progress, the checklist): their trainee-only parts
 * are hidden while none is chosen, and `[data-who]` says how to choose one or add the first.
 */
import type { ProgressState, TraineeProfile } from '../../lib/progress/format';
import { required } from '../dom';

/** Shows who the page is about; `why` ends the sentence that asks for a first trainee. Returns `[data-who]`. */
export function showWho(root: HTMLElement, state: ProgressState, active: TraineeProfile | null, why = ''): HTMLElement {
  const who = required(root, '[data-who]');
  for (const el of root.querySelectorAll<HTMLElement>('[data-needs-profile]')) el.hidden = !active;
  if (!active) {
    who.textContent =
      Object.keys(state.profiles).length > 0
        ? 'No trainee is chosen. Choose your name in the menu at the top of the page.'
        : `No trainee yet on this browser. Add your name in the menu at the top of the page${why}.`;
  }
  return who;
}
