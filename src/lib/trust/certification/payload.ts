/**
 * Certification entries, their payload and its signing: what a trainer signs when a skill is
 * complete (its four steps signed off and the quizzes of its lessons passed) or when the course is
 * (every required skill certified). A certification names every entry it rests on by id and payload hash, so a
 * record from which one was removed, or in which one was altered, no longer verifies.
 *
 * Payload hashes are SHA-256 of the payload's canonical JSON, not of the JWS text: an ECDSA
 * signature can be rewritten into another valid one (s ↦ n − s) without the key, so the same
 * signed payload can travel as two different JWS texts, and both must count as the same entry.
 *
 * Pure and browser-safe (WebCrypto, or @noble for hashing on plain http); never throws on what a
 * file, link or person supplies.
 */
import { isRecord, unknownKeys } from '../encoding';
import { signChecked, type Signer } from '../entry';
import {
  HASH,
  UUID,
  checkContentId,
  checkHead,
  checkName,
  checkTraineeId,
  checkTrainerRef,
  isInstant,
} from '../fields';
import { fail, ok, type Result } from '../../result';
import { payloadHash } from '../payload-hash';
import type { CertificationPayload } from '../../export/types';

/** Media type in the protected header, so a certification is never taken for a sign-off. */
export const CERTIFICATION_TYP = 'tandem-certification+jws';
/** Longest certification JWS accepted (characters); `signCertification` never makes a longer one. */
export const MAX_CERTIFICATION_LENGTH = 64 * 1024;
/** Most entries or quiz results one certification may rest on (a course of 500 skills is far off). */
export const MAX_RESTS = 500;
/** Longest course certificate JWS accepted (characters; course-certificate.ts); a real one is about 600. */
export const MAX_COURSE_CERTIFICATE_LENGTH = 2048;

/** The earliest of the given expiries (ISO date-times); undefined when none is given. */
export function earliest(...times: (string | undefined)[]): string | undefined {
  const known = times.filter((t): t is string => t !== undefined);
  if (known.length === 0) return undefined;
  return new Date(Math.min(...known.map((t) => Date.parse(t)))).toISOString();
}

/** The payload hash a certification names an entry by (../payload-hash.ts). */
export { payloadHash };

/** What `signCertification` signs; the readiness checks return it filled in. */
export interface CertificationInput {
  course: string;
  trainee: { id: string; name: string };
  scope: 'skill' | 'course';
  skill?: string;
  skillHash?: string;
  rests: CertificationPayload['rests'];
  /**
   * Scope "course": the earliest expiry among the skill certifications it rests on, so its
   * course certificate says until when the whole stands (course-certificate.ts).
   */
  restsExpireAt?: string;
  /** Months until it must be renewed (the course's `certificationExpiryMonths`); 0: never. */
  expiryMonths: number;
  /** Defaults to `crypto.randomUUID()`; set only in tests. */
  id?: string;
  /** Defaults to now; set only in tests. */
  certifiedAt?: Date;
  /**
   * Not signed: whether what it would rest on is demo (signed with, or resting on, the demo key),
   * so the page offering it can say that the certification will be demo too.
   */
  demo?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Signing

export interface SignedCertification {
  jws: string;
  payload: CertificationPayload;
}

/**
 * Signs a certification entry: compact JWS, header {alg: ES256, kid, typ}, payload a
 * `CertificationPayload`. `expiresAt` is `certifiedAt` plus `expiryMonths` calendar months
 * (none when 0). Refuses what `verifyCertification` would refuse as a bad payload or too large.
 */
export async function signCertification(
  input: CertificationInput,
  signer: Signer,
): Promise<Result<SignedCertification, 'bad-payload' | 'too-large'>> {
  const certifiedAt = input.certifiedAt ?? new Date();
  const months = input.expiryMonths;
  if (!Number.isInteger(months) || months < 0 || months > 1200) {
    return fail('bad-payload', 'The certification is not valid: expiryMonths is not a whole number of months.');
  }
  const candidate = {
    v: 1,
    typ: 'certification',
    id: input.id ?? crypto.randomUUID(),
    course: input.course,
    trainee: { id: input.trainee.id, name: input.trainee.name },
    scope: input.scope,
    skill: input.skill,
    skillHash: input.skillHash,
    rests: input.rests,
    certifiedAt: certifiedAt.toISOString(),
    expiresAt: months > 0 ? addMonths(certifiedAt, months).toISOString() : undefined,
    trainer: { id: signer.trainerId, name: signer.trainerName, kid: signer.kid },
  };
  // The course's second, small signature (for the transcript's QR code), over what it says. None
  // when a skill it rests on has already expired: every verifier refuses that certification.
  const restsCurrent = input.restsExpireAt === undefined || Date.parse(input.restsExpireAt) > certifiedAt.getTime();
  if (input.scope === 'course' && restsCurrent) {
    const parsed = parseCertificationPayload(JSON.parse(JSON.stringify(candidate)));
    if (!parsed.ok) return parsed;
    // Loaded on use: only a trainer's device certifying the course signs one.
    const { signCourseCertificate } = await import('./course-certificate');
    const certificate = await signCourseCertificate(parsed.value, input.restsExpireAt, signer);
    if (!certificate.ok) return certificate;
    Object.assign(candidate, { certificate: certificate.value.jws });
  }
  return signChecked(candidate, signer, {
    parse: parseCertificationPayload,
    typ: CERTIFICATION_TYP,
    maxLength: MAX_CERTIFICATION_LENGTH,
    tooLarge: 'This certification rests on too many entries to sign as one.',
  });
}

/** `date` plus `months` calendar months, in UTC; the 31st becomes the last day of a shorter month. */
export function addMonths(date: Date, months: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      y,
      m,
      Math.min(date.getUTCDate(), lastDay),
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds(),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Parsing

const PAYLOAD_KEYS = [
  'v',
  'typ',
  'id',
  'course',
  'trainee',
  'scope',
  'skill',
  'skillHash',
  'rests',
  'certifiedAt',
  'expiresAt',
  'trainer',
  'certificate',
] as const;

/** Checks that `value` is a version-1 certification payload, or names the first wrong field. Never throws. */
export function parseCertificationPayload(value: unknown): Result<CertificationPayload, 'bad-payload'> {
  const problem = payloadProblem(value);
  return problem
    ? fail('bad-payload', `The entry is not a valid certification: ${problem}.`)
    : ok(value as CertificationPayload);
}

function payloadProblem(p: unknown): string | undefined {
  if (!isRecord(p)) return 'the payload is not an object';
  const head = checkHead(p, PAYLOAD_KEYS, 'certification');
  if (head) return head;

  const trainee = p['trainee'];
  if (!isRecord(trainee) || unknownKeys(trainee, ['id', 'name']).length > 0) return 'trainee is not {id, name}';
  const traineeProblem = checkTraineeId(trainee['id'], 'trainee.id') ?? checkName(trainee['name'], 'trainee.name');
  if (traineeProblem) return traineeProblem;

  if (p['scope'] === 'skill') {
    const skill = checkContentId(p['skill'], 'skill');
    if (skill) return skill;
    if (typeof p['skillHash'] !== 'string' || !HASH.test(p['skillHash'])) return 'skillHash is not a SHA-256 hash';
  } else if (p['scope'] === 'course') {
    if (p['skill'] !== undefined || p['skillHash'] !== undefined) return 'a course certification names a skill';
  } else {
    return 'scope is not one of skill, course';
  }

  const restsProblem = checkRests(p['rests'], p['scope']);
  if (restsProblem) return restsProblem;

  const certifiedAt = p['certifiedAt'];
  if (!isDateTime(certifiedAt)) return 'certifiedAt is not a UTC date-time';
  const expiresAt = p['expiresAt'];
  if (expiresAt !== undefined) {
    if (!isDateTime(expiresAt)) return 'expiresAt is not a UTC date-time';
    if (Date.parse(expiresAt) <= Date.parse(certifiedAt)) return 'expiresAt is not after certifiedAt';
  }

  const trainerProblem = checkTrainerRef(p['trainer']);
  if (trainerProblem) return trainerProblem;
  const certificate = p['certificate'];
  if (certificate !== undefined) {
    if (p['scope'] !== 'course') return 'a skill certification carries a course certificate';
    if (
      typeof certificate !== 'string' ||
      certificate.length > MAX_COURSE_CERTIFICATE_LENGTH ||
      !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(certificate)
    ) {
      return 'certificate is not a compact JWS';
    }
  }
  return undefined;
}

function checkRests(rests: unknown, scope: unknown): string | undefined {
  if (!isRecord(rests) || unknownKeys(rests, ['entries', 'quizzes']).length > 0) {
    return 'rests is not {entries, quizzes}';
  }
  const { entries, quizzes } = rests;
  if (!Array.isArray(entries) || entries.length === 0) return 'rests.entries is not a list of entries';
  if (entries.length > MAX_RESTS) return `rests.entries lists more than ${MAX_RESTS} entries`;
  const ids = new Set<string>();
  for (const [i, e] of entries.entries()) {
    if (!isRecord(e) || unknownKeys(e, ['id', 'hash']).length > 0) return `rests.entries[${i}] is not {id, hash}`;
    if (typeof e['id'] !== 'string' || !UUID.test(e['id'])) return `rests.entries[${i}].id is not a UUID`;
    if (typeof e['hash'] !== 'string' || !HASH.test(e['hash'])) return `rests.entries[${i}].hash is not a hash`;
    if (ids.has(e['id'])) return `rests.entries lists ${e['id']} twice`;
    ids.add(e['id']);
  }
  if (!Array.isArray(quizzes)) return 'rests.quizzes is not a list';
  if (scope === 'course' && quizzes.length > 0) return 'a course certification lists quiz results';
  if (quizzes.length > MAX_RESTS) return `rests.quizzes lists more than ${MAX_RESTS} results`;
  const lessons = new Set<string>();
  for (const [i, q] of quizzes.entries()) {
    const at = `rests.quizzes[${i}]`;
    if (!isRecord(q) || unknownKeys(q, ['lesson', 'hash', 'at', 'score', 'total', 'passMark']).length > 0) {
      return `${at} is not {lesson, hash, at, score, total, passMark}`;
    }
    const lesson = checkContentId(q['lesson'], `${at}.lesson`);
    if (lesson) return lesson;
    if (lessons.has(q['lesson'] as string)) return `rests.quizzes lists ${String(q['lesson'])} twice`;
    lessons.add(q['lesson'] as string);
    if (typeof q['hash'] !== 'string' || !HASH.test(q['hash'])) return `${at}.hash is not a hash`;
    const when = q['at'];
    if (typeof when !== 'string' || when.length > 40 || Number.isNaN(Date.parse(when))) {
      return `${at}.at is not a date-time`;
    }
    const { score, total, passMark } = q;
    if (!isCount(total) || total < 1) return `${at}.total is not a positive whole number`;
    if (!isCount(score) || score > total) return `${at}.score is not a whole number from 0 to total`;
    if (passMark !== undefined && (!isCount(passMark) || passMark < 1 || passMark > 100)) {
      return `${at}.passMark is not a percentage`;
    }
  }
  return undefined;
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const isDateTime = isInstant;

/** Whether a certification is past its `expiresAt` at time `t` (ms). */
export function isExpiredAt(c: Pick<CertificationPayload, 'expiresAt'>, t: number): boolean {
  return c.expiresAt !== undefined && !(t < Date.parse(c.expiresAt));
}
