/**
 * Everything signed for one trainee in this sitting: certifying eight skills and the
 * course is nine entries, and the trainee should get them as one link, one QR code and one file,
 * not nine to send one by one. The sitting is kept for the tab's session, so a reload does not
 * lose the result to send; a different trainee starts a new sitting.
 */
import { entriesText } from '../../../lib/plural';

export interface SittingEntry {
  jws: string;
  /** What was signed, as the result panel lists it ("Tess: Active listening, Show"). */
  what: string;
  kind: 'signoff' | 'certification';
  demo: boolean;
}

export interface Sitting {
  traineeId: string;
  traineeName: string;
  entries: SittingEntry[];
}

const KEY = 'tandem:sign:sitting';

function read(): Sitting | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Sitting | null;
    return value && typeof value.traineeId === 'string' && Array.isArray(value.entries) ? value : null;
  } catch {
    return null;
  }
}

/** The sitting for this trainee so far (empty when the last one was for someone else). */
export function sittingFor(trainee: { id: string; name: string }): Sitting {
  const held = read();
  return held?.traineeId === trainee.id ? held : { traineeId: trainee.id, traineeName: trainee.name, entries: [] };
}

/** Adds an entry to the trainee's sitting and returns the sitting. */
export function addToSitting(trainee: { id: string; name: string }, entry: SittingEntry): Sitting {
  const sitting = sittingFor(trainee);
  if (!sitting.entries.some((e) => e.jws === entry.jws)) sitting.entries.push(entry);
  try {
    sessionStorage.setItem(KEY, JSON.stringify(sitting));
  } catch {
    // Kept in this page only: the result panel still shows it.
  }
  return sitting;
}

/** "2 sign-offs and 3 certifications" for the sitting. */
export function sittingText(sitting: Sitting): string {
  const certifications = sitting.entries.filter((e) => e.kind === 'certification').length;
  return entriesText(sitting.entries.length - certifications, certifications);
}
