/**
 * The checklist's "Your key" panel: make the trainee's own key (with a passphrase), and lock or
 * unlock the profile on a shared PC. Requests for sign-offs carry the key's public half, so the
 * trainer's entry is bound to it. Built by the script (no markup in the page file), so the
 * checklist page stays as it is for whoever else edits it.
 */
import type { TraineeProfile } from '../../lib/progress/format';
import { MIN_PASSPHRASE_LENGTH } from '../../lib/trust/trainee-key';
import { progressStores } from '../../stores/progress';
import {
  createKeyForActive,
  lockProfile,
  traineeKeyStatus,
  unlockProfile,
  type TraineeKeyStatus,
} from '../../stores/trainee-key';
import { h, say } from '../dom';

export function traineeKeyPanel(root: HTMLElement): void {
  const anchor = root.querySelector('[data-needs-profile]');
  if (!anchor || !window.isSecureContext || !crypto.subtle) return;
  const text = h('p', {});
  const form = h('form', { class: 'form-row', 'data-trainee-key-form': '' });
  const message = h('p', { class: 'message', role: 'status' });
  const panel = h(
    'section',
    { class: 'panel', 'aria-labelledby': 'trainee-key-heading', 'data-trainee-key': '', hidden: true },
    h('h2', { id: 'trainee-key-heading', text: 'Your key' }),
    text,
    form,
    message,
  );
  anchor.before(panel);
  let shown: TraineeProfile | null = null;

  const render = async (active: TraineeProfile | null) => {
    shown = active;
    panel.hidden = !active;
    if (!active) return;
    const status = await traineeKeyStatus(active);
    if (shown !== active) return;
    describe(active, status);
  };

  const field = (id: string, label: string, autocomplete: string) => [
    h('label', { for: id, text: label }),
    h('input', { id, name: id, type: 'password', autocomplete, required: true, minlength: MIN_PASSPHRASE_LENGTH }),
  ];

  const describe = (active: TraineeProfile, status: TraineeKeyStatus) => {
    // Drawn again after every answer (a wrong passphrase, say): the same profile in the same
    // state keeps its fields, so what the trainee has typed meanwhile is not wiped away.
    const same = panel.dataset.status === status && form.dataset.profile === active.id;
    panel.dataset.status = status;
    form.dataset.profile = active.id;
    if (status === 'none') {
      text.textContent =
        `Make your own key so that sign-offs name it: a record then shows it is yours, not just your name. ` +
        `Choose a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters and keep it: you need it to move your ` +
        'progress to another device, or to unlock this profile on a shared PC. Nobody can recover it for you.';
      if (!same)
        form.replaceChildren(
          ...field('trainee-passphrase', 'Passphrase', 'new-password'),
          ...field('trainee-passphrase-again', 'Passphrase again', 'new-password'),
          h('button', { type: 'submit', text: 'Make my key' }),
        );
    } else if (status === 'locked') {
      text.textContent = `${active.name}’s profile is locked on this device (key ${active.key?.kid.slice(0, 8)}…). Unlock it with your passphrase to ask for sign-offs.`;
      if (!same)
        form.replaceChildren(
          ...field('trainee-unlock', 'Passphrase', 'current-password'),
          h('button', { type: 'submit', text: 'Unlock' }),
        );
    } else {
      text.textContent = `Your key (${active.key?.kid.slice(0, 8)}…) is unlocked on this device; your sign-off requests carry it. On a shared PC, lock your profile when you leave.`;
      if (!same) form.replaceChildren(h('button', { type: 'submit', class: 'button--quiet', text: 'Lock my profile' }));
    }
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const active = shown;
    if (!active) return;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '';
    const button = form.querySelector('button');
    const done = (result: { ok: boolean; message?: string }, success: string) => {
      if (button) button.disabled = false;
      say(message, result.ok ? success : (result.message ?? ''), result.ok ? 'ok' : 'error');
      void render(progressStores().activeProfile());
    };
    if (button) button.disabled = true;
    const status = panel.dataset.status;
    if (status === 'none') {
      if (value('trainee-passphrase') !== value('trainee-passphrase-again')) {
        return done({ ok: false, message: 'The two passphrases are not the same.' }, '');
      }
      say(message, 'Making your key…', 'plain');
      void createKeyForActive(value('trainee-passphrase')).then((r) =>
        done(r.ok ? r : { ok: false, message: r.message }, 'Your key is made and unlocked on this device.'),
      );
    } else if (status === 'locked') {
      say(message, 'Unlocking…', 'plain');
      void unlockProfile(active, value('trainee-unlock')).then((r) =>
        done(r.ok ? r : { ok: false, message: r.message }, 'Unlocked.'),
      );
    } else {
      void lockProfile(active).then((r) =>
        done(r.ok ? r : { ok: false, message: r.message }, 'Locked: your passphrase unlocks it again.'),
      );
    }
  });
  progressStores().watch((_state, active) => void render(active));
}
