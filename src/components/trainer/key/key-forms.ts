/**
 * The trainer key page's two ways to get a key onto this device: create a new one (with the id
 * suggested from the name and the passphrase checked twice), or restore one from its backup
 * file. Both turn the store's Results into messages next to the form and mark the field at fault.
 */
import { checkNewTrainer, createTrainerKey, restoreTrainerKey } from '../../../stores/trainer-key';
import { MIN_PASSPHRASE_LENGTH } from '../../../lib/trust/keys';
import { downloadFile } from '../../download';
import { control, required, say, type Tone } from '../../dom';
import { markInvalid, whileBusy } from './form-state';
import { suggestId } from './roster-status';

/** Bigger than any real backup by far; read no further than this. */
const MAX_FILE_BYTES = 64 * 1024;

/** What the page does around a form: clear old messages, say something page-wide, move focus. */
export interface KeyPage {
  clearMessages(): void;
  pageMessage(text: string, tone: Tone): void;
  /** Focus after the page has changed sections; the heading says where the trainer now is. */
  focusHeading(id: string): void;
}

export function createForm(root: HTMLElement, page: KeyPage): void {
  const form = required<HTMLFormElement>(root, '[data-create]');
  const message = required(root, '#create-message');
  const [nameInput, idInput, passInput, confirmInput] = ['name', 'trainerId', 'passphrase', 'confirm'].map((name) =>
    control(form, name),
  ) as [HTMLInputElement, HTMLInputElement, HTMLInputElement, HTMLInputElement];
  const refuse = (text: string, field: HTMLInputElement) => {
    say(message, text, 'error');
    markInvalid(field, message);
  };

  // Suggest the id from the name until the trainer types an id of their own.
  let idTyped = false;
  idInput.addEventListener('input', () => (idTyped = idInput.value !== ''));
  nameInput.addEventListener('input', () => {
    if (!idTyped) idInput.value = suggestId(nameInput.value);
  });

  const create = async (): Promise<void> => {
    page.clearMessages();
    const who = { trainerId: idInput.value, name: nameInput.value };
    const problem = checkNewTrainer(who);
    if (problem) return refuse(problem.message, problem.field === 'name' ? nameInput : idInput);
    const length = [...passInput.value].length;
    if (length < MIN_PASSPHRASE_LENGTH) {
      return refuse(
        `Use a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters (this one has ${length}). Nothing was created.`,
        passInput,
      );
    }
    if (passInput.value !== confirmInput.value) {
      confirmInput.value = '';
      return refuse(
        'The two passphrases are not the same: type it again in “Passphrase again”. Nothing was created.',
        confirmInput,
      );
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
    page.pageMessage(
      `Your key is made, saved in this browser and unlocked. Its backup file, ${result.value.fileName}, is downloading: ` +
        'keep it, with your passphrase, somewhere other than this device.',
      'ok',
    );
    page.focusHeading('key-heading');
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void create();
  });
}

export function restoreForm(root: HTMLElement, page: KeyPage): void {
  const form = required<HTMLFormElement>(root, '[data-restore]');
  const message = required(root, '#restore-message');
  const fileInput = control(form, 'file');
  const passInput = control(form, 'passphrase');
  const refuse = (text: string, field: HTMLInputElement) => {
    say(message, text, 'error');
    markInvalid(field, message);
  };

  const restore = async (): Promise<void> => {
    page.clearMessages();
    const file = fileInput.files?.[0];
    if (!file) return refuse('Choose your backup file (<trainer-id>.tandem-key.json).', fileInput);
    if (passInput.value === '') return refuse('Enter the passphrase of this backup.', passInput);
    let text: string;
    try {
      if (file.size > MAX_FILE_BYTES) throw new RangeError('too large');
      text = await file.text();
    } catch (error) {
      const why = error instanceof RangeError ? 'it is far too large to be a key backup' : 'it could not be read';
      return refuse(`${file.name} was not restored: ${why}. Nothing was changed.`, fileInput);
    }

    const result = await whileBusy(form, () => restoreTrainerKey(text, passInput.value));
    if (!result) return;
    if (!result.ok) {
      return refuse(
        `${file.name} was not restored: ${result.message} Nothing was changed.`,
        result.reason === 'wrong-passphrase' ? passInput : fileInput,
      );
    }
    form.reset();
    page.pageMessage(
      `Restored the key of ${result.value.name} from ${file.name}. It is unlocked on this device.`,
      'ok',
    );
    page.focusHeading('key-heading');
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void restore();
  });
}
