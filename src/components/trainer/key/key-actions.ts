/**
 * The trainer key page's actions on the key it holds: lock, unlock, download the backup again,
 * copy the roster entry, and remove the key from this device (asked twice).
 */
import {
  $trainerKey,
  downloadableBackup,
  forgetTrainerKey,
  lockTrainerKey,
  unlockTrainerKey,
} from '../../../stores/trainer-key';
import { downloadFile } from '../../download';
import { control, required, say } from '../../dom';
import { markInvalid, whileBusy } from './form-state';
import type { KeyPage } from './key-forms';

export function keyActions(root: HTMLElement, page: KeyPage): void {
  const message = required(root, '#key-message');
  const lock = required<HTMLButtonElement>(root, '[data-lock]');
  const unlockForm = required<HTMLFormElement>(root, '[data-unlock]');
  const passInput = control(unlockForm, 'passphrase');

  lock.addEventListener('click', () => {
    page.clearMessages();
    void lockTrainerKey().then((result) => {
      if (!result.ok) return say(message, `${result.message} The key was not locked.`, 'error');
      say(message, 'Locked. Nothing on this device can sign with your key until you unlock it.', 'ok');
      passInput.focus();
    });
  });

  const unlock = async (): Promise<void> => {
    page.clearMessages();
    if (passInput.value === '') {
      say(message, 'Enter your passphrase to unlock the key.', 'error');
      return markInvalid(passInput, message);
    }
    const result = await whileBusy(unlockForm, () => unlockTrainerKey(passInput.value));
    if (!result) return;
    if (!result.ok) {
      say(message, `${result.message} The key stays locked.`, 'error');
      return markInvalid(passInput, message);
    }
    unlockForm.reset();
    say(message, 'Unlocked: this browser can sign with your key.', 'ok');
    lock.focus();
  };
  unlockForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void unlock();
  });

  required(root, '[data-download]').addEventListener('click', () => {
    page.clearMessages();
    void downloadableBackup().then((result) => {
      if (!result.ok) return say(message, result.message, 'error');
      downloadFile(result.value.fileName, result.value.json);
      say(message, `Downloading ${result.value.fileName}. It opens only with your passphrase.`, 'ok');
    });
  });

  const copyMessage = required(root, '#copy-message');
  const yaml = required(root, '[data-roster-yaml]');
  const copy = async (): Promise<void> => {
    page.clearMessages();
    try {
      await navigator.clipboard.writeText(yaml.textContent ?? '');
      say(copyMessage, 'Copied the roster entry. Paste it into a message to the course owner.', 'ok');
    } catch {
      // Clipboard permission refused: select the text so Ctrl+C (or Cmd+C) copies it.
      getSelection()?.selectAllChildren(yaml);
      yaml.focus();
      say(
        copyMessage,
        'This browser did not allow copying. The entry is selected: press Ctrl+C (Cmd+C on a Mac).',
        'error',
      );
    }
  };
  required(root, '[data-copy]').addEventListener('click', () => void copy());
}

/** Removing the key: asked twice; `removed` runs once it is gone. */
export function removePanel(root: HTMLElement, page: KeyPage, removed: () => void): void {
  const message = required(root, '#remove-message');
  const remove = required<HTMLButtonElement>(root, '[data-remove]');
  const confirm = required<HTMLButtonElement>(root, '[data-remove-confirm]');
  const cancel = required<HTMLButtonElement>(root, '[data-remove-cancel]');
  const asking = (yes: boolean) => {
    confirm.hidden = !yes;
    cancel.hidden = !yes;
    remove.hidden = yes;
  };

  remove.addEventListener('click', () => {
    page.clearMessages();
    const state = $trainerKey.get();
    confirm.textContent =
      'identity' in state ? `Yes, remove the key of ${state.identity.name} from this device` : 'Yes, remove it';
    asking(true);
    confirm.focus();
  });
  cancel.addEventListener('click', () => {
    asking(false);
    remove.focus();
  });
  confirm.addEventListener('click', () => {
    void forgetTrainerKey().then((result) => {
      asking(false);
      if (!result.ok) {
        say(message, `${result.message} The key is still on this device.`, 'error');
        remove.focus();
        return;
      }
      removed();
      page.pageMessage(
        'The key was removed from this device. To use it here again, restore it from its backup file.',
        'ok',
      );
      page.focusHeading('create-heading');
    });
  });
}
