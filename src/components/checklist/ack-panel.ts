/**
 * A checklist step's second signature: the trainee's acknowledgement of the trainer's sign-off,
 * shown under the step, and signed with the profile's key when the trainee asks. The key and the
 * signing code load only then.
 */
import { progressStores } from '../../stores/progress';
import { ackRules } from '../../lib/course/ack-rules';
import type { CourseManifest } from '../../lib/course/manifest';
import { stateWithAck } from '../../lib/progress/acks';
import type { TraineeProfile } from '../../lib/progress/format';
import type { AckPayload } from '../../lib/trust/ack';
import type { SignoffPayload } from '../../lib/trust/entry';
import { h, required, say } from '../dom';

/**
 * The step's second signature: the trainee's acknowledgement of the trainer's sign-off, when the
 * sign-off was made for this profile's key; an older sign-off made for no key is single-signed.
 */
export function showAck(
  li: HTMLElement,
  entry: SignoffPayload | undefined,
  profile: TraineeProfile,
  ack: AckPayload | undefined,
  manifest: CourseManifest,
  day: (iso: string) => string,
): void {
  let box = li.querySelector<HTMLElement>('[data-ack]');
  if (!box) {
    box = h('div', { class: 'checklist-step__ack', 'data-ack': '' });
    required(li, '[data-state]').after(box);
  }
  const rules = ackRules(manifest.course);
  if (!entry) {
    box.replaceChildren();
    box.dataset.ack = '';
    return;
  }
  if (entry.trainee.kid === undefined) {
    box.dataset.ack = 'single-signed';
    box.replaceChildren(
      h('p', { text: 'Single-signed: made for no trainee key, so there is nothing to acknowledge.' }),
    );
    return;
  }
  if (ack) {
    box.dataset.ack = 'acknowledged';
    box.replaceChildren(
      h('p', {
        class: 'status--done',
        text: `✓ Acknowledged by you on ${day(ack.at)}, with your key: “${ack.statement}”`,
      }),
    );
    return;
  }
  box.dataset.ack = 'pending';
  const button = h('button', { type: 'button', 'data-acknowledge': '', text: 'Acknowledge' });
  const message = h('p', { class: 'message', role: 'status' });
  box.replaceChildren(
    h('p', {
      class: 'status--attention',
      text:
        `Acknowledge this sign-off with your key: “${rules.statement}”` +
        (rules.required ? ' The step counts toward certification only once you have.' : ''),
    }),
    h('p', {}, button),
    message,
  );
  button.addEventListener('click', () => {
    button.disabled = true;
    void acknowledge(entry, profile, rules.statement).then((problem) => {
      button.disabled = false;
      if (problem) say(message, problem, 'error');
    });
  });
}

/** Signs and keeps the acknowledgement; a sentence when it could not be. */
async function acknowledge(
  entry: SignoffPayload,
  profile: TraineeProfile,
  statement: string,
): Promise<string | undefined> {
  const { unlockedTraineeKey } = await import('../../stores/trainee-key');
  const key = await unlockedTraineeKey(profile);
  if (!key) return 'Your profile is locked on this device: unlock it with your passphrase (Your key, above) first.';
  if (key.kid !== entry.trainee.kid)
    return 'This sign-off was made for another key than yours: it cannot be acknowledged here.';
  const { signAck } = await import('../../lib/trust/ack');
  const ack = await signAck(entry, statement, key);
  const stores = progressStores();
  const next = stateWithAck(stores.$progress.get(), profile.id, ack);
  if (!next) return 'This trainee was removed meanwhile.';
  const saved = stores.actions.replace(next);
  return saved.ok ? undefined : `The acknowledgement could not be kept: ${saved.message}`;
}
