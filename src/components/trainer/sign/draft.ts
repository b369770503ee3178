/**
 * What the trainer typed into the sign-off form, kept for the tab's session under the request it
 * answers (trainee, skill, step), so nothing typed is lost to a reload, to restoring or unlocking
 * the key, or to a trip to the key page and back. Cleared once that entry is signed.
 * sessionStorage, not localStorage: notes about a trainee should not outlive the tab on a shared
 * device. Storage refused (private mode) keeps nothing, and the form still works.
 */

/** The form fields a draft keeps: the evidence, the notes, the date and the outcome. */
export const DRAFT_FIELDS = [
  'learningStyle',
  'explanation',
  'debrief',
  'taughtName',
  'taughtRole',
  'notes',
  'observedAt',
  'outcome',
] as const;

const PREFIX = 'tandem:sign:draft:';

export interface DraftKey {
  traineeId: string;
  skill: string;
  step: string;
}

function storageKey(key: DraftKey): string {
  return `${PREFIX}${JSON.stringify([key.traineeId, key.skill, key.step])}`;
}

/** Saves the form's draft fields for `key`; an all-empty form removes the draft. */
export function saveDraft(form: HTMLFormElement, key: DraftKey): void {
  const data = new FormData(form);
  const values: Record<string, string> = {};
  for (const name of DRAFT_FIELDS) {
    const value = data.get(name);
    if (typeof value === 'string' && value !== '' && name !== 'observedAt') values[name] = value;
  }
  try {
    if (Object.keys(values).length === 0) sessionStorage.removeItem(storageKey(key));
    else {
      const observed = data.get('observedAt');
      if (typeof observed === 'string') values.observedAt = observed;
      sessionStorage.setItem(storageKey(key), JSON.stringify(values));
    }
  } catch {
    // Not kept: the form itself still holds what was typed.
  }
}

/** Puts back a draft saved for `key`; true when there was one. Unknown or odd values are skipped. */
export function restoreDraft(form: HTMLFormElement, key: DraftKey): boolean {
  let values: unknown;
  try {
    values = JSON.parse(sessionStorage.getItem(storageKey(key)) ?? 'null');
  } catch {
    return false;
  }
  if (typeof values !== 'object' || values === null) return false;
  for (const name of DRAFT_FIELDS) {
    const value = (values as Record<string, unknown>)[name];
    if (typeof value !== 'string') continue;
    const fields = form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`);
    for (const field of fields) {
      if (field instanceof HTMLInputElement && field.type === 'radio') field.checked = field.value === value;
      else field.value = value;
    }
  }
  return true;
}

export function clearDraft(key: DraftKey): void {
  try {
    sessionStorage.removeItem(storageKey(key));
  } catch {
    // Nothing was kept.
  }
}
