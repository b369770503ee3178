/**
 * Whether a trainee can be certified now, for a skill (its four steps signed off and the quizzes
 * of its lessons passed) or for the course (every required skill certified), and the input to
 * sign when they can. Trusts what it is given: pass only verified entries.
 */
import { skillById, type CourseManifest, type ManifestQuiz } from '../../course/manifest';
import { STEP_INFO, type Step } from '../../content/steps';
import { quizStatus, type QuizAttempt } from '../../quiz/score';
import type { SignoffPayload } from '../entry';
import { skillSteps } from '../ledger';
import type { VerifiedRecord } from '../record';
import { fail, ok, type Failure, type Ok } from '../../result';
import { STEP_ORDER } from '../steps';
import type { CryptoBackend } from '../verify';
import type { CertificationPayload, QuizEvidence } from '../../export/types';
import { earliest, payloadHash, isExpiredAt, type CertificationInput } from './payload';

// ---------------------------------------------------------------------------------------------
// Ready to certify?

/** What stands between a trainee and a skill certification. */
export interface MissingForSkill {
  /** Steps not signed off now, in order. */
  steps: Step[];
  /** Quizzes of the skill's lessons not passed on their current version. */
  quizzes: { lesson: string; title: string; state: 'not-started' | 'failed' | 'changed' }[];
  /**
   * Steps signed off for the trainee's key but not acknowledged by them, when the course counts
   * a step only once acknowledged (settings `acknowledgement.required`).
   */
  unacknowledged?: Step[];
}

export type NotReadyForSkill = (Failure<'not-ready'> & { missing: MissingForSkill }) | Failure<'unknown-skill'>;

/** What stands between a trainee and the course certification. */
export interface MissingForCourse {
  skills: { skill: string; title: string; state: 'not-certified' | 'expired' }[];
}

export type NotReadyForCourse = Failure<'not-ready'> & { missing: MissingForCourse };

/**
 * Whether a skill can be certified now, from the trainee's verified sign-offs and quiz attempts.
 * Ready: the input to sign, resting on the entry that holds each step signed off and on the
 * passing attempt (on the quiz's current version) of each of the skill's lessons that has a
 * quiz. Not ready: which steps and quizzes are missing.
 *
 * Pass only verified sign-offs (`verifyRecord`): this trusts them as they are.
 */
export async function skillCertificationReady(
  signoffs: VerifiedRecord | readonly SignoffPayload[],
  attempts: Readonly<Record<string, readonly QuizAttempt[]>>,
  manifest: CourseManifest,
  skillId: string,
  backend?: CryptoBackend,
  /** Sign-offs the course does not count yet (`Judged.unacknowledged`): every verifier refuses a certification resting on one. */
  unacknowledged?: ReadonlySet<string>,
): Promise<Ok<CertificationInput> | NotReadyForSkill> {
  const skill = skillById(manifest, skillId);
  if (!skill) return fail('unknown-skill', `The course has no skill "${skillId}".`);
  const payloads = (isVerifiedRecord(signoffs) ? signoffs.accepted.map((a) => a.payload) : signoffs).filter(
    (p) => p.course === manifest.course.id && p.skill === skillId,
  );
  const state = skillSteps(payloads);
  const holding = STEP_ORDER.map((step) => {
    const s = state.steps[step];
    return s.state === 'signed-off' ? s.history.findLast((p) => p.outcome === 'signed-off') : undefined;
  });

  const missing: MissingForSkill = { steps: [], quizzes: [] };
  STEP_ORDER.forEach((step, i) => {
    const entry = holding[i];
    if (!entry) missing.steps.push(step);
    else if (unacknowledged?.has(entry.id)) (missing.unacknowledged ??= []).push(step);
  });
  const quizzes: QuizEvidence[] = [];
  for (const lesson of skill.lessons) {
    const quiz = Object.hasOwn(manifest.quizzes, lesson) ? manifest.quizzes[lesson] : undefined;
    if (!quiz) continue; // a lesson without a quiz (or a draft) asks for nothing
    const list = Object.hasOwn(attempts, lesson) ? (attempts[lesson] ?? []) : [];
    const status = quizStatus(list, quiz.hash);
    // The attempts are the trainee's own, unsigned claims: only one that passes under the
    // course's rules (its pass mark, the quiz's number of questions) is vouched for.
    const passing = list.findLast((a) => passesUnderRules(a, quiz));
    if (status.state !== 'passed' || !passing) {
      const state = status.state === 'passed' ? 'failed' : status.state;
      missing.quizzes.push({ lesson, title: lessonTitle(manifest, lesson), state });
      continue;
    }
    quizzes.push({
      lesson,
      hash: quiz.hash,
      at: passing.at,
      score: passing.score,
      total: passing.total,
      passMark: quiz.passMark,
    });
  }
  if (missing.steps.length > 0 || missing.quizzes.length > 0 || missing.unacknowledged) {
    const parts = [
      ...(missing.steps.length > 0 ? [`steps not signed off: ${missing.steps.map(stepLabel).join(', ')}`] : []),
      ...(missing.unacknowledged
        ? [`steps the trainee has not acknowledged yet: ${missing.unacknowledged.map(stepLabel).join(', ')}`]
        : []),
      ...(missing.quizzes.length > 0
        ? [`quizzes not passed: ${missing.quizzes.map((q) => `${q.title} (${q.state})`).join(', ')}`]
        : []),
    ];
    return { ...fail('not-ready', `${skill.title} cannot be certified yet: ${parts.join('; ')}.`), missing };
  }

  const signed = holding as SignoffPayload[];
  const latest = signed.reduce((a, b) => (Date.parse(b.signedAt) > Date.parse(a.signedAt) ? b : a));
  const demoIds = isVerifiedRecord(signoffs)
    ? new Set(signoffs.accepted.filter((a) => a.demo).map((a) => a.payload.id))
    : new Set<string>();
  return ok({
    demo: signed.some((p) => demoIds.has(p.id)),
    course: manifest.course.id,
    trainee: { ...latest.trainee },
    scope: 'skill',
    skill: skill.id,
    skillHash: skill.hash,
    rests: {
      entries: await Promise.all(signed.map(async (p) => ({ id: p.id, hash: await payloadHash(p, backend) }))),
      quizzes,
    },
    expiryMonths: manifest.course.certificationExpiryMonths,
  });
}

/**
 * Whether the course can be certified at `now`: every required skill has a current (verified,
 * unexpired) skill certification. Ready: the input to sign, resting on the newest certification
 * of each required skill. Pass only certifications that verified (`verifyCertification`).
 */
export async function courseCertificationReady(
  skillCertifications: readonly CertificationPayload[],
  manifest: CourseManifest,
  now: Date | string,
  backend?: CryptoBackend,
  /** Ids of the skill certifications that are demo (`AcceptedCertification.demo`). */
  demoIds: ReadonlySet<string> = new Set(),
): Promise<Ok<CertificationInput> | NotReadyForCourse> {
  const t = time(now);
  const missing: MissingForCourse = { skills: [] };
  const chosen: CertificationPayload[] = [];
  for (const skill of manifest.skills.filter((s) => s.required)) {
    const mine = skillCertifications.filter(
      (c) => c.scope === 'skill' && c.skill === skill.id && c.course === manifest.course.id,
    );
    const current = mine.filter((c) => !isExpiredAt(c, t));
    const newest = current.reduce<CertificationPayload | undefined>(
      (a, b) => (!a || Date.parse(b.certifiedAt) > Date.parse(a.certifiedAt) ? b : a),
      undefined,
    );
    if (newest) chosen.push(newest);
    else
      missing.skills.push({
        skill: skill.id,
        title: skill.title,
        state: mine.length > 0 ? 'expired' : 'not-certified',
      });
  }
  if (missing.skills.length > 0) {
    const list = missing.skills.map((s) => `${s.title} (${s.state === 'expired' ? 'expired' : 'not certified'})`);
    return { ...fail('not-ready', `The course cannot be certified yet: ${list.join(', ')}.`), missing };
  }
  if (chosen.length === 0) {
    return {
      ...fail('not-ready', 'The course has no required skills, so there is nothing to certify.'),
      missing,
    };
  }
  const latest = chosen.reduce((a, b) => (Date.parse(b.certifiedAt) > Date.parse(a.certifiedAt) ? b : a));
  const restsExpireAt = earliest(...chosen.map((c) => c.expiresAt));
  return ok({
    demo: chosen.some((c) => demoIds.has(c.id)),
    course: manifest.course.id,
    trainee: { ...latest.trainee },
    scope: 'course',
    rests: {
      entries: await Promise.all(chosen.map(async (c) => ({ id: c.id, hash: await payloadHash(c, backend) }))),
      quizzes: [],
    },
    expiryMonths: manifest.course.certificationExpiryMonths,
    ...(restsExpireAt !== undefined && { restsExpireAt }),
  });
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** Whether an attempt passes the current quiz under the course's rules, whatever it says of itself. */
export function passesUnderRules(a: QuizAttempt, quiz: ManifestQuiz): boolean {
  return (
    a.hash === quiz.hash &&
    Number.isSafeInteger(a.score) &&
    Number.isSafeInteger(a.total) &&
    a.total > 0 &&
    a.score >= 0 &&
    a.score <= a.total &&
    (quiz.questions === undefined || a.total === quiz.questions) &&
    a.score * 100 >= quiz.passMark * a.total
  );
}

export function time(now: Date | string): number {
  return typeof now === 'string' ? Date.parse(now) : now.getTime();
}

function isVerifiedRecord(value: VerifiedRecord | readonly SignoffPayload[]): value is VerifiedRecord {
  return !Array.isArray(value);
}

export function stepLabel(step: Step): string {
  return STEP_INFO[step].label;
}

export function lessonTitle(manifest: CourseManifest, lesson: string): string {
  return Object.hasOwn(manifest.lessons, lesson) ? (manifest.lessons[lesson]?.title ?? lesson) : lesson;
}
