/**
 * The sign-off page's key panel: whose key signs (with the roster's name, the demo warning and
 * whether the roster lists it), and the unlock form when the key is locked.
 */
import { $trainerKey, loadTrainerKey, unlockTrainerKey } from '../../../stores/trainer-key';
import { readManifest } from '../../../stores/manifest';
import { findKey } from '../../../lib/trust/roster';
import { control, required } from '../../dom';

export function keyPanel(root: HTMLElement): void {
  const status = required(root, '[data-key-status]');
  const unlock = required<HTMLFormElement>(root, '[data-unlock]');
  if (!window.isSecureContext || !crypto.subtle) {
    status.textContent =
      'Signing needs a secure connection (HTTPS, or localhost), and this page was opened over plain HTTP. ' +
      'Ask whoever hosts the course to serve it over HTTPS. Lessons, quizzes and verification still work here.';
    return;
  }
  $trainerKey.subscribe((key) => {
    unlock.hidden = key.status !== 'locked';
    if (key.status === 'loading') status.textContent = 'Looking for your key…';
    else if (key.status === 'none')
      status.textContent = 'There is no signing key on this device. Create or restore one on the Trainer page first.';
    else {
      const roster = findKey(readManifest().roster, key.identity.kid);
      const who = `${roster?.trainer.name ?? key.identity.name} (key ${key.identity.kid.slice(0, 8)}…)`;
      const demo = roster?.trainer.demo ? ' DEMO key: anyone can sign with it, and everything it signs says demo.' : '';
      const onRoster = roster
        ? ''
        : ' This key is not on the site’s roster yet, so trainees’ devices will refuse what it signs.';
      status.textContent =
        key.status === 'locked'
          ? `Your key is locked. Unlock it to sign as ${who}.${demo}`
          : `Signing as ${who}.${demo}${onRoster}`;
    }
  });
  const input = control(unlock, 'passphrase');
  const button = required<HTMLButtonElement>(unlock, 'button');
  unlock.addEventListener('submit', (e) => {
    e.preventDefault();
    button.disabled = true;
    button.textContent = 'Unlocking…';
    void unlockTrainerKey(input.value).then((result) => {
      button.disabled = false;
      button.textContent = 'Unlock';
      input.value = '';
      if (!result.ok) status.textContent = result.message;
    });
  });
  void loadTrainerKey();
}
