/**
 * The checklist's answer to a proof-of-holder challenge (lib/trust/holder.ts): a verifier showed
 * a challenge about a record; this device signs it with the trainee key of the profile whose
 * record it is, and shows the answer as a QR code, a short text and a link for the verifier's
 * page. The challenge is checked first (this course, a profile on this browser holding that
 * very key) and nothing is signed until the trainee says so. Loaded only when a challenge
 * arrives (its link opened, or pasted into the receive form).
 */
import {
  HOLDER_WINDOW_MS,
  answerChallenge,
  decodeChallenge,
  profileForChallenge,
  type HolderChallenge,
} from '../../lib/trust/holder';
import { MIN_PASSPHRASE_LENGTH } from '../../lib/trust/trainee-key';
import type { TraineeProfile } from '../../lib/progress/format';
import { readManifest, siteLink } from '../../stores/manifest';
import { progressStores } from '../../stores/progress';
import { unlockProfile, unlockedTraineeKey } from '../../stores/trainee-key';
import { copyText, qrElement } from '../trust/qr';
import { h, say } from '../dom';

const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
let shown: HTMLElement | undefined;

/** Shows the challenge carried by `text` (a link, its fragment or the pasted text) at the top of the checklist. */
export function answerChallengePanel(root: HTMLElement, text: string): void {
  shown?.remove();
  const message = h('p', { class: 'message', role: 'status', 'data-holder-message': '' });
  const body = h('div', {});
  const panel = h(
    'section',
    { class: 'panel holder', 'aria-labelledby': 'holder-prove-heading', 'data-holder-prove': '', tabindex: -1 },
    h('h2', { id: 'holder-prove-heading', text: 'Prove this record is yours' }),
    body,
    message,
  );
  shown = panel;
  (root.querySelector('[data-who]') ?? root.firstElementChild)?.after(panel);
  panel.focus();

  const decoded = decodeChallenge(text);
  if (!decoded.ok) {
    say(message, decoded.message, 'error');
    return;
  }
  const challenge = decoded.value;
  const profiles = Object.values(progressStores().$progress.get().profiles);
  const found = profileForChallenge(
    challenge,
    readManifest().course.id,
    profiles.map((p) => ({ id: p.id, name: p.name, kid: typeof p.key?.kid === 'string' ? p.key.kid : undefined })),
  );
  if (!found.ok) {
    say(message, `${found.message} Nothing was signed.`, 'error');
    return;
  }
  const profile = profiles.find((p) => p.id === found.value.profile.id);
  if (!profile) return;
  const skew = Math.round(found.value.clockSkewMs / 60_000);
  body.append(
    h('p', {
      text:
        `A verifier asks you to prove that ${profile.name}’s record is yours. Your device answers with your trainee key ` +
        `(${challenge.kid.slice(0, 8)}…); the answer counts once, for ${HOLDER_WINDOW_MS / 60_000} minutes, and only on the verifier’s page that made this challenge.`,
    }),
    h('p', {
      class: Math.abs(skew) > 10 ? 'status--attention' : '',
      text:
        `Their page made it at ${time.format(new Date(challenge.at))}` +
        (Math.abs(skew) > 1
          ? ` (${Math.abs(skew)} minutes ${skew > 0 ? 'ahead of' : 'behind'} this device’s clock)`
          : '') +
        '. Answer only a verifier who is in front of you: whoever holds the answer can show it as yours until then.',
    }),
  );
  void offer(body, message, profile, challenge);
}

async function offer(
  body: HTMLElement,
  message: HTMLElement,
  profile: TraineeProfile,
  challenge: HolderChallenge,
): Promise<void> {
  if (!window.isSecureContext || !globalThis.crypto?.subtle) {
    say(
      message,
      'Answering needs this site over https (or localhost): this browser gives signing keys only to secure pages.',
      'error',
    );
    return;
  }
  const key = await unlockedTraineeKey(profile);
  if (!key) {
    const form = h(
      'form',
      { class: 'form-row', 'data-holder-unlock': '' },
      h('label', { for: 'holder-passphrase', text: `${profile.name}’s passphrase` }),
      h('input', {
        id: 'holder-passphrase',
        name: 'passphrase',
        type: 'password',
        autocomplete: 'current-password',
        required: true,
        minlength: MIN_PASSPHRASE_LENGTH,
      }),
      h('button', { type: 'submit', text: 'Unlock and answer' }),
    );
    body.append(h('p', { text: `${profile.name}’s profile is locked on this device: unlock it to answer.` }), form);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const field = form.elements.namedItem('passphrase') as HTMLInputElement;
      say(message, 'Unlocking…', 'plain');
      void unlockProfile(profile, field.value).then(async (r) => {
        if (!r.ok) return say(message, r.message, 'error');
        form.remove();
        say(message, '', 'plain');
        await offer(body, message, profile, challenge);
      });
    });
    return;
  }
  const sign = h('button', { type: 'button', 'data-holder-sign': '', text: 'Sign the answer' });
  body.append(h('p', {}, sign));
  sign.addEventListener('click', () => {
    sign.disabled = true;
    void answerChallenge(challenge, key).then((answer) => {
      sign.remove();
      const base = document.documentElement.dataset.base ?? '/';
      const link = siteLink(`${base}verify/#${answer}`);
      const input = h('input', { type: 'text', readonly: true, value: answer, 'data-holder-answer-text': '' });
      const copy = h('button', { type: 'button', text: 'Copy answer' });
      copy.addEventListener('click', () => {
        input.select();
        void copyText(answer).then((ok) => (copy.textContent = ok ? 'Copied' : 'Select and copy the answer'));
      });
      const qr = qrElement(link, 'QR code of your answer');
      body.append(
        h(
          'div',
          { class: 'request' },
          h('p', {
            text: 'Show this to the verifier: they scan the code, or type or paste the answer into their page.',
          }),
          h(
            'p',
            { class: 'form-row' },
            h('label', {}, h('span', { class: 'visually-hidden', text: 'Your answer' }), input),
            copy,
          ),
          ...(qr ? [h('div', { class: 'qr' }, qr)] : []),
          h('p', {}, h('a', { href: link, 'data-holder-answer-link': '', text: 'The answer as a link' })),
        ),
      );
      say(message, 'Signed with your trainee key.', 'ok');
    });
  });
}
