/**
 * The offer shown on the checklist when a trainer's signed entries arrive for a trainee who is not
 * on this browser: whose entries they are, and one button that adds that
 * trainee (id and name as signed) and keeps them. The entries were already verified for that
 * trainee (lib/progress/named-trainee.ts); the names are shown as text, never as HTML.
 */
import type { NamedTrainee } from '../../lib/progress/named-trainee';
import type { TraineeProfile } from '../../lib/progress/format';
import type { ReceivedResult } from '../../lib/progress/receive';
import { h } from '../dom';

const OFFER = 'data-named-trainee-offer';

/** Removes any offer shown (a newer link arrived, or the offer was answered). */
export function clearNamedTraineeOffer(root: ParentNode): void {
  for (const old of root.querySelectorAll(`[${OFFER}]`)) old.remove();
}

/**
 * Shows the offer after `anchor`. `add` keeps the entries and returns a sentence when it could
 * not (storage full, the trainee appeared meanwhile); the offer stays so nothing is lost.
 */
export function showNamedTraineeOffer(
  anchor: HTMLElement,
  named: NamedTrainee,
  active: TraineeProfile | null,
  add: () => string | undefined,
): void {
  clearNamedTraineeOffer(anchor.parentNode ?? anchor);
  const count = named.received.added;
  const what = count === 1 ? 'a signed entry' : `${count} signed entries`;
  const problem = h('p', { class: 'message message--error', role: 'alert', hidden: true });
  const heading = h('h2', { id: 'named-trainee-heading', tabindex: -1, text: `This sign-off is for ${named.name}` });
  const addButton = h('button', { type: 'button', class: 'button', text: `Add ${named.name} and keep it` });
  const dismiss = h('button', { type: 'button', class: 'button button--quiet', text: 'Not now' });
  const panel = h(
    'section',
    { class: 'panel named-trainee', 'aria-labelledby': 'named-trainee-heading', [OFFER]: true },
    heading,
    h('p', {
      text:
        `The link holds ${what} from a trainer for ${named.name} (trainee id ${named.id}), who is not on this browser` +
        (active ? ` (the trainee chosen here is ${active.name}).` : '.') +
        ` Add ${named.name} here to keep it; their lessons and quiz results stay on the device they used, and their progress file from My progress brings them here.`,
    }),
    h('p', { class: 'form-row' }, addButton, dismiss),
    problem,
  );
  addButton.addEventListener('click', () => {
    const failed = add();
    if (failed) {
      problem.textContent = failed;
      problem.hidden = false;
    } else panel.remove();
  });
  dismiss.addEventListener('click', () => panel.remove());
  anchor.after(panel);
  heading.focus();
}

/** "Blake Novak: 1 sign-off and 1 certification added." Counts read right in the singular and plural. */
export function receivedSentence(name: string, results: readonly ReceivedResult[]): string {
  const added = results.filter((r) => r.outcome === 'added');
  const certs = added.filter((r) => r.certification).length;
  const signoffs = added.length - certs;
  const parts = [
    signoffs ? `${signoffs} sign-off${signoffs === 1 ? '' : 's'}` : '',
    certs ? `${certs} certification${certs === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  const refused = results.filter((r) => r.outcome === 'refused').length;
  return (
    `${name} was added to this browser and chosen: ${parts.join(' and ') || 'nothing'} kept` +
    (refused ? `; ${refused} refused (see below).` : '.')
  );
}
