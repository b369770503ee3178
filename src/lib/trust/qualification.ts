/**
 * Qualified trainers: which skills a roster trainer may sign off, and whether they may certify.
 * On-the-job training in serious workplaces does not let every trainer sign every task (an
 * assessor is granted a task; an evaluator is not every instructor), so the roster can say so.
 *
 * Judged at the moment an entry says it was signed, like a key's validity: a qualification
 * granted later does not make an earlier entry good, and one withdrawn later does not make an
 * earlier entry bad. A trainer with no `skills` list may sign off every skill, and one without
 * `certify` may certify, exactly as before qualifications existed, so older rosters and the
 * records made under them keep their verdicts.
 *
 * Pure: used by the verifiers (sign-offs, certifications) and by the sign-off page, which offers
 * only what the trainer may sign.
 */
import { fail, ok, type Result } from '../result';
import type { QualificationPeriod, RosterTrainer } from './roster';

export type QualificationReason = 'not-qualified' | 'may-not-certify';

/** Whether `t` (ms) lies in the period. Written as !(a <= b) so an unreadable date fails closed. */
function within(period: QualificationPeriod, t: number): boolean {
  if (Number.isNaN(t)) return false;
  if (period.from !== undefined && !(Date.parse(period.from) <= t)) return false;
  if (period.until !== undefined && !(t <= Date.parse(period.until))) return false;
  return true;
}

function describePeriod(period: QualificationPeriod): string {
  if (period.from && period.until) return ` (qualified from ${day(period.from)} to ${day(period.until)})`;
  if (period.from) return ` (qualified from ${day(period.from)})`;
  if (period.until) return ` (qualified until ${day(period.until)})`;
  return '';
}

/** Whether `trainer` may sign off `skill` at `at` (the entry's signing time). */
export function maySignOff(
  trainer: Pick<RosterTrainer, 'id' | 'name' | 'skills'>,
  skill: string,
  at: string,
): Result<void, 'not-qualified'> {
  if (trainer.skills === undefined) return ok(undefined);
  const t = Date.parse(at);
  const grants = trainer.skills.filter((s) => s.skill === skill);
  if (grants.some((g) => within(g, t))) return ok(undefined);
  const when = grants.length > 0 ? grants.map(describePeriod).join(',') : '';
  return fail(
    'not-qualified',
    grants.length > 0
      ? `${trainer.name} (${trainer.id}) was not qualified for the skill "${skill}" at ${at}${when}, according to the course’s roster.`
      : `${trainer.name} (${trainer.id}) is not qualified for the skill "${skill}": the course’s roster does not list it among the skills they may sign off.`,
  );
}

/**
 * Whether `trainer` may sign a certification at `at`: of one skill (then they must also be
 * qualified for that skill: a certification vouches for the skill as a whole), or of the course
 * (`skill` undefined).
 */
export function mayCertify(
  trainer: Pick<RosterTrainer, 'id' | 'name' | 'skills' | 'certify'>,
  skill: string | undefined,
  at: string,
): Result<void, QualificationReason> {
  const certify = trainer.certify;
  if (certify === false || (certify !== undefined && !within(certify, Date.parse(at)))) {
    return fail(
      'may-not-certify',
      certify === false
        ? `${trainer.name} (${trainer.id}) may not certify: the course’s roster does not let them sign certifications.`
        : `${trainer.name} (${trainer.id}) could not certify at ${at}${describePeriod(certify)}, according to the course’s roster.`,
    );
  }
  return skill === undefined ? ok(undefined) : maySignOff(trainer, skill, at);
}

/** The skill ids (of `skills`) that `trainer` may sign off at `at`: what the sign-off page offers. */
export function qualifiedSkills(
  trainer: Pick<RosterTrainer, 'id' | 'name' | 'skills'>,
  skills: readonly string[],
  at: string,
): Set<string> {
  return new Set(skills.filter((s) => maySignOff(trainer, s, at).ok));
}

function day(dateTime: string): string {
  return dateTime.slice(0, 10);
}
