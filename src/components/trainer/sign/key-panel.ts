/**
 * The sign-off page's key panel: whose key signs (with the roster's name, the demo warning and
 * whether the roster lists it), the unlock form when the key is locked, and the restore form when
 * this device holds no key. Both work in place: a trainer who leaves for the key page
 * risks the request and what they typed, so they never have to.
 */
import { $trainerKey, loadTrainerKey, restoreTrainerKey, unlockTrainerKey } from '../../../stores/trainer-key';
import { readManifest } from '../../../stores/manifest';
import { findKey } from '../../../lib/trust/roster';
import { control, required, say } from '../../dom';

/** A real backup is under 1 KB; the store refuses anything over 64 KB, so don't read more. */
const MAX_BACKUP_FILE = 64 * 1024;

export function keyPanel(root: HTMLElement): void {
  const status = required(root, '[data-key-status]');
  const unlock = required<HTMLFormElement>(root, '[data-unlock]');
  const restore = required<HTMLFormElement>(root, '[data-restore]');
  const message = required(root, '[data-key-message]');
  if (!window.isSecureContext || !crypto.subtle) {
    status.textContent =
      'Signing needs a secure connection (HTTPS, or localhost), and this page was opened over plain HTTP. ' +
      'Ask whoever hosts the course to serve it over HTTPS. Lessons, quizzes and verification still work here.';
    return;
  }
  $trainerKey.subscribe((key) => {
    unlock.hidden = key.status !== 'locked';
    restore.hidden = key.status !== 'none';
    if (key.status === 'loading') status.textContent = 'Looking for your key…';
    else if (key.status === 'none')
      status.textContent =
        'There is no signing key on this device. Restore yours from its backup file below, or create one on the Trainer page.';
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

  const passphrase = control(unlock, 'passphrase');
  const unlockButton = required<HTMLButtonElement>(unlock, 'button');
  unlock.addEventListener('submit', (e) => {
    e.preventDefault();
    unlockButton.disabled = true;
    unlockButton.textContent = 'Unlocking…';
    void unlockTrainerKey(passphrase.value).then((result) => {
      unlockButton.disabled = false;
      unlockButton.textContent = 'Unlock';
      passphrase.value = '';
      say(
        message,
        result.ok ? 'Unlocked: you can sign now.' : `${result.message} The key stays locked.`,
        result.ok ? 'ok' : 'error',
      );
      if (!result.ok) passphrase.focus();
    });
  });

  const file = control(restore, 'file');
  const backupPassphrase = control(restore, 'passphrase');
  const restoreButton = required<HTMLButtonElement>(restore, 'button');
  const restoreKey = async (chosen: File): Promise<void> => {
    let text: string;
    try {
      text = await chosen.text();
    } catch {
      return say(message, `${chosen.name} could not be read. Nothing was changed.`, 'error');
    }
    restoreButton.disabled = true;
    restoreButton.textContent = 'Restoring…';
    const result = await restoreTrainerKey(text, backupPassphrase.value);
    restoreButton.disabled = false;
    restoreButton.textContent = 'Restore key';
    backupPassphrase.value = '';
    if (!result.ok) {
      say(message, `${chosen.name} was not restored: ${result.message} Nothing was changed.`, 'error');
      return backupPassphrase.focus();
    }
    restore.reset();
    say(message, `Restored the key of ${result.value.name}. It is unlocked on this device: you can sign now.`, 'ok');
  };
  restore.addEventListener('submit', (e) => {
    e.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) return say(message, 'Choose your backup file (<trainer-id>.tandem-key.json).', 'error');
    if (chosen.size > MAX_BACKUP_FILE) {
      return say(message, `${chosen.name} is far too large to be a key backup. Nothing was changed.`, 'error');
    }
    void restoreKey(chosen);
  });
  void loadTrainerKey();
}
