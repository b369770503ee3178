/**
 * The sign-off form's pure rules: what evidence each step needs before it can be signed off,
 * and the evidence that goes into the signed entry (only the fields of the chosen step).
 * No DOM: `field` reads a trimmed form value by name.
 */
import type { Outcome, SignoffInput } from '../../../lib/trust/entry';
import type { Step } from '../../../lib/content/steps';

/** Today as YYYY-MM-DD in the trainer's time zone: the latest "date observed" allowed. */
export function today(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

export type Session =
  | { ok: true; outcome: Outcome; observedAt: string; evidence: NonNullable<SignoffInput['evidence']>; notes: string }
  | { ok: false; message: string };

/** Checks the form's fields for `step` and returns what is signed, or the sentence to show. */
export function readSession(step: Step, field: (name: string) => string, latest = today()): Session {
  const outcome = field('outcome') as Outcome | '';
  const problem = (message: string): Session => ({ ok: false, message });
  if (!outcome) return problem('Choose the outcome: signed off, or a practice session.');
  if (outcome === 'signed-off') {
    if (step === 'show' && !field('learningStyle'))
      return problem('Record the trainee’s learning style for the Show step.');
    if ((step === 'copilot' || step === 'solo') && !field('debrief'))
      return problem('Write the debrief notes for this step.');
    if (step === 'teachback' && !field('taughtName')) return problem('Write who the trainee taught.');
  }
  const observedAt = field('observedAt');
  if (!observedAt || observedAt > latest) return problem('The date observed must be today or earlier.');
  const evidence: NonNullable<SignoffInput['evidence']> = {
    learningStyle: step === 'show' ? ((field('learningStyle') || undefined) as never) : undefined,
    explanation: step === 'show' ? field('explanation') || undefined : undefined,
    debrief: step === 'copilot' || step === 'solo' ? field('debrief') || undefined : undefined,
    taught:
      step === 'teachback' && field('taughtName')
        ? { name: field('taughtName'), role: field('taughtRole') }
        : undefined,
  };
  return { ok: true, outcome, observedAt, evidence, notes: field('notes') };
}
