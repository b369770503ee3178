/**
 * <tandem-trainer-key>: the trainer's key page. Shows the key on this device (or the forms to
 * create or restore one), locks and unlocks it, offers its backup again, and shows the roster
 * entry for the course owner with whether the published roster already has it.
 *
 * All logic about keys lives in the store; this element turns its Results into messages and
 * moves focus. Names and file contents are shown with textContent only, never as HTML.
 */
import {
  $trainerKey,
  checkNewTrainer,
  createTrainerKey,
  downloadableBackup,
  forgetTrainerKey,
  loadTrainerKey,
  lockTrainerKey,
  restoreTrainerKey,
  unlockTrainerKey,
  type TrainerIdentity,
  type TrainerKeyState,
} from '../../stores/trainer-key';
import { MIN_PASSPHRASE_LENGTH } from '../../lib/trust/keys';
import { findKey, keyStatusAt, type RosterKey } from '../../lib/trust/roster';
import { readManifest } from '../../stores/manifest';
import { hasWebCrypto } from './secure-context';
import { rosterEntryYaml, todayUtc } from './roster-entry';
import { downloadFile } from '../download';

/** Bigger than any real backup by far; read no further than this. */
const MAX_FILE_BYTES = 64 * 1024;

const utcDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
const day = (iso: string | undefined) => (iso ? utcDate.format(new Date(iso)) : '');

type Tone = 'ok' | 'error' | 'plain';

function say(el: HTMLElement, text: string, tone: Tone): void {
  el.textContent = text;
  el.className = tone === 'plain' ? 'message' : `message message--${tone}`;
}

/** A trainer id suggested from a name: "Sam Rivera-Núñez" → "sam-rivera-nunez". */
function suggestId(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

/**
 * Marks a field as the cause of `message`: aria-invalid, described by the message, focused.
 * Cleared as soon as the trainer edits the field.
 */
function markInvalid(input: HTMLInputElement, message: HTMLElement): void {
  input.setAttribute('aria-invalid', 'true');
  const described = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  if (!described.includes(message.id)) input.setAttribute('aria-describedby', [...described, message.id].join(' '));
  input.focus();
  if (input.type !== 'file') input.select();
  const clear = () => {
    input.removeAttribute('aria-invalid');
    const rest = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== message.id);
    if (rest.length > 0) input.setAttribute('aria-describedby', rest.join(' '));
    else input.removeAttribute('aria-describedby');
  };
  input.addEventListener('input', clear, { once: true });
  input.addEventListener('change', clear, { once: true });
}

/**
 * Runs a slow action (PBKDF2 with 600,000 iterations takes about half a second) with the form's
 * submit button disabled and saying what is happening; refuses to start twice.
 */
async function whileBusy<T>(form: HTMLFormElement, work: () => Promise<T>): Promise<T | undefined> {
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  if (button.disabled) return undefined;
  const label = button.textContent;
  button.disabled = true;
  button.textContent = button.dataset['busyLabel'] ?? 'Working…';
  form.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.textContent = label;
    form.removeAttribute('aria-busy');
  }
}

class TandemTrainerKey extends HTMLElement {
  private stop?: () => void;
  /** The stored record could not be read: offer to remove it, since create and restore refuse. */
  private unreadable = false;

  connectedCallback(): void {
    const loading = this.el<HTMLElement>('[data-loading]');
    if (!hasWebCrypto()) {
      // NeedsHttps explains; offer no key action at all, as none could work here.
      loading.hidden = true;
      return;
    }
    this.wireCreate();
    this.wireRestore();
    this.wireKey();
    this.wireRemove();
    this.stop = $trainerKey.subscribe((state) => this.render(state));
    void loadTrainerKey().then((loaded) => {
      if (loaded.ok) return;
      this.unreadable = loaded.reason === 'unreadable';
      say(this.el('[data-page-message]'), loaded.message, 'error');
      this.render($trainerKey.get());
    });
  }

  disconnectedCallback(): void {
    this.stop?.();
  }

  private el<T extends HTMLElement>(selector: string): T {
    return this.querySelector<T>(selector)!;
  }

  private pageMessage(text: string, tone: Tone): void {
    say(this.el('[data-page-message]'), text, tone);
  }

  private clearMessages(): void {
    for (const el of this.querySelectorAll<HTMLElement>('[data-message], [data-page-message]')) say(el, '', 'plain');
  }

  private render(state: TrainerKeyState): void {
    const hasKey = state.status === 'locked' || state.status === 'unlocked';
    this.el('[data-loading]').hidden = state.status !== 'loading';
    this.el('[data-when="none"]').hidden = state.status !== 'none';
    this.el('[data-when="key"]').hidden = !hasKey;
    this.el('[data-remove-panel]').hidden = !(hasKey || (state.status === 'none' && this.unreadable));
    if (!hasKey) return;
    this.unreadable = false;

    const { identity } = state;
    const field = (name: string) => this.el(`[data-field="${name}"]`);
    field('name').textContent = identity.name;
    field('trainerId').textContent = identity.trainerId;
    field('kid').textContent = identity.kid;
    field('status').textContent = state.status === 'unlocked' ? 'Unlocked: ready to sign' : 'Locked';
    this.el('[data-when-unlocked]').hidden = state.status !== 'unlocked';
    this.el('[data-unlock]').hidden = state.status !== 'locked';
    this.el('[data-demo]').hidden = !identity.demo;

    const roster = rosterStatus(identity);
    const status = this.el('[data-roster-status]');
    status.textContent = roster.text;
    status.className = `trainer-key__roster-status ${roster.good ? 'status--done' : 'status--attention'}`;
    this.el('[data-roster-intro="missing"]').hidden = roster.listed;
    this.el('[data-roster-intro="listed"]').hidden = !roster.listed;
    this.el('[data-roster-file]').textContent = `src/content/trainers/${identity.trainerId}.yaml`;
    this.el('[data-roster-yaml]').textContent = rosterEntryYaml(identity, todayUtc());
  }

  /** Focus after the page has changed sections; the heading says where the trainer now is. */
  private focusHeading(id: string): void {
    this.el(`#${id}`).focus();
  }

  private wireCreate(): void {
    const form = this.el<HTMLFormElement>('[data-create]');
    const message = this.el('#create-message');
    const input = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
    const [nameInput, idInput, passInput, confirmInput] = ['name', 'trainerId', 'passphrase', 'confirm'].map(input) as [
      HTMLInputElement,
      HTMLInputElement,
      HTMLInputElement,
      HTMLInputElement,
    ];

    // Suggest the id from the name until the trainer types an id of their own.
    let idTyped = false;
    idInput.addEventListener('input', () => (idTyped = idInput.value !== ''));
    nameInput.addEventListener('input', () => {
      if (!idTyped) idInput.value = suggestId(nameInput.value);
    });

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      this.clearMessages();
      const who = { trainerId: idInput.value, name: nameInput.value };
      const problem = checkNewTrainer(who);
      if (problem) {
        say(message, problem.message, 'error');
        markInvalid(problem.field === 'name' ? nameInput : idInput, message);
        return;
      }
      const length = [...passInput.value].length;
      if (length < MIN_PASSPHRASE_LENGTH) {
        say(
          message,
          `Use a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters (this one has ${length}). Nothing was created.`,
          'error',
        );
        markInvalid(passInput, message);
        return;
      }
      if (passInput.value !== confirmInput.value) {
        say(
          message,
          'The two passphrases are not the same: type it again in “Passphrase again”. Nothing was created.',
          'error',
        );
        confirmInput.value = '';
        markInvalid(confirmInput, message);
        return;
      }

      const result = await whileBusy(form, () => createTrainerKey(who, passInput.value));
      if (!result) return;
      if (!result.ok) {
        say(message, `${result.message} Nothing was created.`, 'error');
        if (result.reason === 'weak-passphrase') markInvalid(passInput, message);
        return;
      }
      form.reset();
      idTyped = false;
      downloadFile(result.value.fileName, result.value.json);
      this.pageMessage(
        `Your key is made, saved in this browser and unlocked. Its backup file, ${result.value.fileName}, is downloading: ` +
          'keep it, with your passphrase, somewhere other than this device.',
        'ok',
      );
      this.focusHeading('key-heading');
    });
  }

  private wireRestore(): void {
    const form = this.el<HTMLFormElement>('[data-restore]');
    const message = this.el('#restore-message');
    const fileInput = form.elements.namedItem('file') as HTMLInputElement;
    const passInput = form.elements.namedItem('passphrase') as HTMLInputElement;

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      this.clearMessages();
      const file = fileInput.files?.[0];
      if (!file) {
        say(message, 'Choose your backup file (<trainer-id>.tandem-key.json).', 'error');
        markInvalid(fileInput, message);
        return;
      }
      if (passInput.value === '') {
        say(message, 'Enter the passphrase of this backup.', 'error');
        markInvalid(passInput, message);
        return;
      }
      let text: string;
      try {
        if (file.size > MAX_FILE_BYTES) throw new RangeError('too large');
        text = await file.text();
      } catch (error) {
        const why = error instanceof RangeError ? 'it is far too large to be a key backup' : 'it could not be read';
        say(message, `${file.name} was not restored: ${why}. Nothing was changed.`, 'error');
        markInvalid(fileInput, message);
        return;
      }

      const result = await whileBusy(form, () => restoreTrainerKey(text, passInput.value));
      if (!result) return;
      if (!result.ok) {
        say(message, `${file.name} was not restored: ${result.message} Nothing was changed.`, 'error');
        markInvalid(result.reason === 'wrong-passphrase' ? passInput : fileInput, message);
        return;
      }
      form.reset();
      this.pageMessage(
        `Restored the key of ${result.value.name} from ${file.name}. It is unlocked on this device.`,
        'ok',
      );
      this.focusHeading('key-heading');
    });
  }

  private wireKey(): void {
    const message = this.el('#key-message');
    const lock = this.el<HTMLButtonElement>('[data-lock]');
    const unlockForm = this.el<HTMLFormElement>('[data-unlock]');
    const passInput = unlockForm.elements.namedItem('passphrase') as HTMLInputElement;

    lock.addEventListener('click', async () => {
      this.clearMessages();
      const result = await lockTrainerKey();
      if (!result.ok) {
        say(message, `${result.message} The key was not locked.`, 'error');
        return;
      }
      say(message, 'Locked. Nothing on this device can sign with your key until you unlock it.', 'ok');
      passInput.focus();
    });

    unlockForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      this.clearMessages();
      if (passInput.value === '') {
        say(message, 'Enter your passphrase to unlock the key.', 'error');
        markInvalid(passInput, message);
        return;
      }
      const result = await whileBusy(unlockForm, () => unlockTrainerKey(passInput.value));
      if (!result) return;
      if (!result.ok) {
        say(message, `${result.message} The key stays locked.`, 'error');
        markInvalid(passInput, message);
        return;
      }
      unlockForm.reset();
      say(message, 'Unlocked: this browser can sign with your key.', 'ok');
      lock.focus();
    });

    this.el('[data-download]').addEventListener('click', async () => {
      this.clearMessages();
      const result = await downloadableBackup();
      if (!result.ok) {
        say(message, result.message, 'error');
        return;
      }
      downloadFile(result.value.fileName, result.value.json);
      say(message, `Downloading ${result.value.fileName}. It opens only with your passphrase.`, 'ok');
    });

    const copyMessage = this.el('#copy-message');
    const yaml = this.el('[data-roster-yaml]');
    this.el('[data-copy]').addEventListener('click', async () => {
      this.clearMessages();
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
    });
  }

  private wireRemove(): void {
    const message = this.el('#remove-message');
    const remove = this.el<HTMLButtonElement>('[data-remove]');
    const confirm = this.el<HTMLButtonElement>('[data-remove-confirm]');
    const cancel = this.el<HTMLButtonElement>('[data-remove-cancel]');
    const asking = (yes: boolean) => {
      confirm.hidden = !yes;
      cancel.hidden = !yes;
      remove.hidden = yes;
    };

    remove.addEventListener('click', () => {
      this.clearMessages();
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
    confirm.addEventListener('click', async () => {
      const result = await forgetTrainerKey();
      asking(false);
      if (!result.ok) {
        say(message, `${result.message} The key is still on this device.`, 'error');
        remove.focus();
        return;
      }
      this.unreadable = false;
      this.render($trainerKey.get());
      this.pageMessage(
        'The key was removed from this device. To use it here again, restore it from its backup file.',
        'ok',
      );
      this.focusHeading('create-heading');
    });
  }
}

/** Whether the published roster has this key, in words, and whether that is good news. */
function rosterStatus(identity: TrainerIdentity): { text: string; good: boolean; listed: boolean } {
  let roster;
  try {
    roster = readManifest().roster;
  } catch {
    return { text: 'This page could not read the published roster.', good: false, listed: false };
  }
  const found = findKey(roster, identity.kid);
  if (!found) {
    const sameId = roster.trainers.find((t) => t.id === identity.trainerId);
    const clash = sameId
      ? ` The roster already has a trainer with the id “${sameId.id}” (${sameId.name}): if that is you, the owner adds ` +
        'this key to the keys in that file; if not, make a new key with another trainer id.'
      : '';
    return {
      text:
        'Not on the roster yet: send this entry to the course owner; sign-offs made before it is published will be refused.' +
        clash,
      good: false,
      listed: false,
    };
  }
  const { trainer, key } = found;
  const as = `On the roster as ${trainer.name}`;
  return { ...listedStatus(as, key), listed: true };
}

function listedStatus(as: string, key: RosterKey): { text: string; good: boolean } {
  switch (keyStatusAt(key, new Date())) {
    case 'valid':
      return { text: `${as}: sign-offs made with this key are accepted.`, good: true };
    case 'not-yet-valid':
      return {
        text: `${as}, valid from ${day(key.validFrom)}: sign-offs made before then will be refused.`,
        good: false,
      };
    case 'expired':
      return {
        text:
          `${as}, but this key expired on ${day(key.validUntil)}: new sign-offs made with it will be refused. ` +
          'Create a new key and send its entry to the course owner.',
        good: false,
      };
    case 'revoked':
      return {
        text:
          `${as}, but this key was revoked${key.revokedAt ? ` on ${day(key.revokedAt)}` : ''}` +
          `${key.revokedReason ? ` (${key.revokedReason})` : ''}: new sign-offs made with it will be refused. ` +
          'Remove it from this device, create a new key and send its entry to the course owner.',
        good: false,
      };
  }
}

customElements.define('tandem-trainer-key', TandemTrainerKey);
