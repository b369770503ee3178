/**
 * How the trainer key page's forms show trouble and slow work: a field marked as the cause of a
 * message (for assistive technology too), and a submit button that says it is busy.
 */
import { required } from '../../dom';

/**
 * Marks a field as the cause of `message`: aria-invalid, described by the message, focused.
 * Cleared as soon as the trainer edits the field.
 */
export function markInvalid(input: HTMLInputElement, message: HTMLElement): void {
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
export async function whileBusy<T>(form: HTMLFormElement, work: () => Promise<T>): Promise<T | undefined> {
  const button = required<HTMLButtonElement>(form, 'button[type="submit"]');
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
