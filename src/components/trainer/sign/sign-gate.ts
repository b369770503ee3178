/**
 * Whether this page can sign right now, shown where the trainer presses the button:
 * every signing button (`[data-needs-key]`: Sign, and each Certify) is disabled while there is no
 * unlocked key, with the reason beside Sign and a link to the key panel, which unlocks or restores
 * in place. The store is only a hint for the buttons: signing still reads the key afresh
 * (getSigner), so a key locked in another tab a moment ago is never used.
 */
import { $trainerKey, type TrainerKeyState } from '../../../stores/trainer-key';
import { h, required } from '../../dom';

/** Why signing is not possible now, or null when an unlocked key is on this device. */
export function whyNotSigning(
  key: TrainerKeyState,
  secure = window.isSecureContext && Boolean(crypto.subtle),
): string | null {
  if (!secure) return 'Signing needs HTTPS (see “Your signing key” above).';
  switch (key.status) {
    case 'unlocked':
      return null;
    case 'loading':
      return 'Looking for your signing key…';
    case 'locked':
      return 'Your key is locked:';
    case 'none':
      return 'There is no signing key on this device:';
  }
}

/** Disables or enables every signing button under `root` for the current key state. */
export function applyKeyGate(root: HTMLElement): void {
  const reason = whyNotSigning($trainerKey.get());
  for (const button of root.querySelectorAll<HTMLButtonElement>('[data-needs-key]')) {
    // A button busy signing keeps its own state.
    // A skill the trainer is not qualified for stays refused (qualification.ts), key or not, and
    // so does a requested step the request does not show to be the current one (sign-page.ts).
    if (button.dataset.busy === undefined)
      button.disabled =
        reason !== null || button.dataset.refused !== undefined || button.dataset.orderRefused !== undefined;
  }
  const beside = required(root, '[data-sign-reason]');
  const key = $trainerKey.get().status;
  const action = key === 'locked' ? 'unlock it' : key === 'none' ? 'restore it' : '';
  beside.replaceChildren(
    ...(reason ? [`${reason} `] : []),
    ...(action
      ? [h('a', { href: '#key-heading', 'data-to-key': '', text: `${action} in “Your signing key”` }), '.']
      : []),
  );
  for (const note of root.querySelectorAll<HTMLElement>('[data-certify-reason]'))
    note.textContent = reason ? `Certifying is off until your key is unlocked (see “Your signing key”).` : '';
}

export function keyGate(root: HTMLElement): void {
  $trainerKey.subscribe(() => applyKeyGate(root));
  // The in-page link moves focus to the panel's first field, so a keyboard user lands on it.
  root.addEventListener('click', (e) => {
    const link = (e.target as HTMLElement).closest('[data-to-key]');
    if (!link) return;
    e.preventDefault();
    const field = root.querySelector<HTMLInputElement>(
      '[data-unlock]:not([hidden]) input, [data-restore]:not([hidden]) input',
    );
    required(root, '#key-heading').scrollIntoView({ block: 'start' });
    field?.focus();
  });
}
