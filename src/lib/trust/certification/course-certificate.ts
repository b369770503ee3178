/**
 * The course certificate: a second, small signature the certifying trainer makes with the
 * course certification, so the printed transcript gets a QR code a phone reads.
 *
 * Why a second signature: a course certification names every skill certification it rests on
 * by id and payload hash (48 bytes each, random to a compressor); with ten skills it is too large
 * for a QR code of version 20 at level M, and nobody but the trainer can sign a shorter one. So
 * when the course is certified the trainer's device signs, with the same key and in the same
 * moment, a course certificate that says only what a reader of the paper needs: who, which
 * course, when, until when (the earliest expiry of everything it rests on), signed by whom, and
 * one digest of the certification's `rests` (the ids and payload hashes of the skill
 * certifications), which ties it to the full record. The compact JWS is kept inside the course
 * certification's payload (`certificate`), so it travels wherever the certification does and
 * the certification's own signature covers it.
 *
 * On its own (a scanned token) it is judged by `verifyCourseCertificateAlone`: signer on the
 * roster with a key valid then and allowed to certify the course, unaltered, this course, not
 * signed in the future, valid no longer than the course certifies for, and whether it has
 * expired. With the full record, `certificateMismatch` holds it to the certification carrying it
 * (same id, course, trainee, time, trainer and key, the digest of its rests, its effective expiry).
 *
 * Pure and browser-safe; never throws on what a file, link or person supplies. Loaded on use by
 * the certification modules (only course certifications carry one), so pages that never meet a
 * course certificate do not pay for it.
 */
import { canonicalJson } from '../../hash';
import { fail, ok, type Result } from '../../result';
import type { CertificationPayload } from '../../export/types';
import type { CourseManifest } from '../../course/manifest';
import { isRecord, unknownKeys } from '../encoding';
import { signChecked, type Signer, type TrainerRef } from '../entry';
import { HASH, UUID, checkContentId, checkName, checkTraineeId, isInstant } from '../fields';
import { mayCertify } from '../qualification';
import { defaultBackend, hashText, openTrustedEntry, type CryptoBackend } from '../verify';
import { addMonths, earliest, MAX_COURSE_CERTIFICATE_LENGTH } from './payload';

/** Media type in the protected header: never taken for a certification or a sign-off. */
export const COURSE_CERTIFICATE_TYP = 'tandem-course-certificate+jws';

export interface CourseCertificatePayload {
  v: 1;
  typ: 'course-certificate';
  /** The id of the course certification it was signed with. */
  certification: string;
  course: string;
  trainee: { id: string; name: string };
  /** SHA-256 (base64url) of the canonical JSON of that certification's `rests`. */
  rests: string;
  certifiedAt: string;
  /** The earliest expiry of the certification and of every skill certification it rests on. */
  expiresAt?: string;
  trainer: TrainerRef;
}

/** The digest a course certificate names its certification's `rests` by. */
export function restsDigest(rests: CertificationPayload['rests'], backend?: CryptoBackend): Promise<string> {
  return hashText(canonicalJson(rests), backend ?? defaultBackend());
}

/**
 * Signs the course certificate of a course certification payload about to be signed (`p`),
 * valid until the earliest of its own expiry and `restsExpireAt`.
 */
export async function signCourseCertificate(
  p: Omit<CertificationPayload, 'certificate'>,
  restsExpireAt: string | undefined,
  signer: Signer,
): Promise<Result<{ jws: string; payload: CourseCertificatePayload }, 'bad-payload' | 'too-large'>> {
  const expiresAt = earliest(p.expiresAt, restsExpireAt);
  const candidate = {
    v: 1,
    typ: 'course-certificate',
    certification: p.id,
    course: p.course,
    trainee: { id: p.trainee.id, name: p.trainee.name },
    rests: await restsDigest(p.rests),
    certifiedAt: p.certifiedAt,
    ...(expiresAt !== undefined && { expiresAt }),
    trainer: { id: p.trainer.id, name: p.trainer.name, kid: p.trainer.kid },
  };
  return signChecked(candidate, signer, {
    parse: parseCourseCertificatePayload,
    typ: COURSE_CERTIFICATE_TYP,
    maxLength: MAX_COURSE_CERTIFICATE_LENGTH,
    tooLarge: 'This course certificate is too large to sign.',
  });
}

const KEYS = ['v', 'typ', 'certification', 'course', 'trainee', 'rests', 'certifiedAt', 'expiresAt', 'trainer'];

/** Checks that `value` is a version-1 course certificate payload, or names the first wrong field. */
export function parseCourseCertificatePayload(value: unknown): Result<CourseCertificatePayload, 'bad-payload'> {
  const problem = payloadProblem(value);
  return problem
    ? fail('bad-payload', `The entry is not a valid course certificate: ${problem}.`)
    : ok(value as CourseCertificatePayload);
}

function payloadProblem(p: unknown): string | undefined {
  if (!isRecord(p)) return 'the payload is not an object';
  const extra = unknownKeys(p, KEYS);
  if (extra.length > 0) return `unknown field "${extra[0]}"`;
  if (p['v'] !== 1) return 'v (format version) is not 1';
  if (p['typ'] !== 'course-certificate') return 'typ is not "course-certificate"';
  if (typeof p['certification'] !== 'string' || !UUID.test(p['certification'])) return 'certification is not a UUID';
  const course = checkContentId(p['course'], 'course');
  if (course) return course;
  const trainee = p['trainee'];
  if (!isRecord(trainee) || unknownKeys(trainee, ['id', 'name']).length > 0) return 'trainee is not {id, name}';
  const who = checkTraineeId(trainee['id'], 'trainee.id') ?? checkName(trainee['name'], 'trainee.name');
  if (who) return who;
  if (typeof p['rests'] !== 'string' || !HASH.test(p['rests'])) return 'rests is not a SHA-256 digest';
  if (!isInstant(p['certifiedAt'])) return 'certifiedAt is not a UTC date-time';
  const expiresAt = p['expiresAt'];
  if (expiresAt !== undefined) {
    if (!isInstant(expiresAt)) return 'expiresAt is not a UTC date-time';
    if (Date.parse(expiresAt) <= Date.parse(p['certifiedAt'])) return 'expiresAt is not after certifiedAt';
  }
  const trainer = p['trainer'];
  if (!isRecord(trainer) || unknownKeys(trainer, ['id', 'name', 'kid']).length > 0) {
    return 'trainer is not {id, name, kid}';
  }
  const signer = checkContentId(trainer['id'], 'trainer.id') ?? checkName(trainer['name'], 'trainer.name');
  if (signer) return signer;
  if (typeof trainer['kid'] !== 'string' || !HASH.test(trainer['kid'])) return 'trainer.kid is not a key id';
  return undefined;
}

export type CourseCertificateReason =
  | import('../verify').EnvelopeReason
  | import('../verify').SignerReason
  | 'bad-payload'
  | 'wrong-course'
  | 'wrong-trainee'
  | 'signed-in-future'
  | 'not-yet-signed'
  | 'expiry-not-allowed'
  | 'not-qualified'
  | 'may-not-certify';

export interface AcceptedCourseCertificate {
  ok: true;
  status: 'valid' | 'expired';
  payload: CourseCertificatePayload;
  /** Its payload hash: the course certificate's number is made from it. */
  hash: string;
  /** Signed with the published demo key. */
  demo: boolean;
  effectiveExpiresAt?: string;
  message: string;
}

export interface RefusedCourseCertificate {
  ok: false;
  status: 'invalid';
  reason: CourseCertificateReason;
  message: string;
}

export type CourseCertificateVerdict = AcceptedCourseCertificate | RefusedCourseCertificate;

const refuse = (reason: CourseCertificateReason, message: string): RefusedCourseCertificate => ({
  ok: false,
  status: 'invalid',
  reason,
  message,
});

/**
 * A course certificate on its own, as a scanned transcript carries it. What it rests on is
 * not checked (that takes the trainee's signed record), so neither is demo taint from below.
 * Never throws.
 */
export async function verifyCourseCertificateAlone(
  jws: unknown,
  manifest: CourseManifest,
  now: Date | string,
  options: { traineeId?: string; backend?: CryptoBackend; clock?: Date | string | number } = {},
): Promise<CourseCertificateVerdict> {
  const backend = options.backend ?? defaultBackend();
  const trusted = await openTrustedEntry(jws, {
    roster: manifest.roster,
    courseId: manifest.course.id,
    typ: COURSE_CERTIFICATE_TYP,
    maxLength: MAX_COURSE_CERTIFICATE_LENGTH,
    backend,
    parse: parseCourseCertificatePayload,
    signedAt: (c) => c.certifiedAt,
    now,
    clock: options.clock,
    traineeId: options.traineeId,
  });
  if (!trusted.ok) return refuse(trusted.reason, trusted.message);
  const { payload: p, opened } = trusted.value;
  const months = manifest.course.certificationExpiryMonths;
  if (months > 0) {
    const limit = addMonths(new Date(p.certifiedAt), months);
    if (p.expiresAt === undefined || Date.parse(p.expiresAt) > limit.getTime()) {
      return refuse(
        'expiry-not-allowed',
        `It says it is valid ${p.expiresAt ? `until ${p.expiresAt.slice(0, 10)}` : 'for ever'}, but this course certifies for ${months} months (until ${limit.toISOString().slice(0, 10)} at the latest).`,
      );
    }
  }
  // Who may certify the course is the roster's, judged when the certificate was signed.
  const qualified = mayCertify(opened.trainer, undefined, p.certifiedAt);
  if (!qualified.ok) return refuse(qualified.reason, qualified.message);

  const hash = await hashText(canonicalJson(p), backend);
  const signerName = opened.trainer.name;
  const what = `${p.trainee.name} was certified in every required skill of the course “${manifest.course.title}” by ${signerName} on ${p.certifiedAt.slice(0, 10)}`;
  const common = {
    ok: true as const,
    payload: p,
    hash,
    demo: opened.trainer.demo,
    ...(p.expiresAt !== undefined && { effectiveExpiresAt: p.expiresAt }),
  };
  const t = typeof now === 'string' ? Date.parse(now) : now.getTime();
  if (p.expiresAt !== undefined && !(t < Date.parse(p.expiresAt))) {
    return {
      ...common,
      status: 'expired',
      message: `${what}; the certification expired on ${p.expiresAt.slice(0, 10)} and is due for renewal.`,
    };
  }
  return {
    ...common,
    status: 'valid',
    message: `${what}${p.expiresAt ? `, valid until ${p.expiresAt.slice(0, 10)}` : ''}.`,
  };
}

/**
 * Why the course certificate inside course certification `p` does not belong to it, or
 * undefined when it does. Its signature is checked by `verifyCourseCertificateAlone`; here,
 * that it says what the certification says. `effectiveExpiresAt` is the certification's
 * expiry after what it rests on (known only with the record); without it the certificate must
 * at least not outlast the certification's own expiry.
 */
export async function certificateMismatch(
  p: CertificationPayload,
  certificate: CourseCertificatePayload,
  o: { effectiveExpiresAt?: string | undefined; withRecord: boolean; backend?: CryptoBackend },
): Promise<string | undefined> {
  const c = certificate;
  const differs =
    c.certification !== p.id
      ? 'another certification id'
      : c.course !== p.course
        ? 'another course'
        : c.trainee.id !== p.trainee.id || c.trainee.name !== p.trainee.name
          ? 'another trainee'
          : c.certifiedAt !== p.certifiedAt
            ? 'another time'
            : c.trainer.id !== p.trainer.id || c.trainer.name !== p.trainer.name || c.trainer.kid !== p.trainer.kid
              ? 'another trainer or key'
              : c.rests !== (await restsDigest(p.rests, o.backend))
                ? 'a digest of other skill certifications'
                : undefined;
  if (differs) return `Its course certificate (the code printed on the transcript) names ${differs}.`;
  const expected = o.withRecord ? o.effectiveExpiresAt : p.expiresAt;
  if (o.withRecord ? c.expiresAt !== expected : expected !== undefined && !(c.expiresAt && c.expiresAt <= expected)) {
    return `Its course certificate (the code printed on the transcript) says it is valid until ${c.expiresAt?.slice(0, 10) ?? 'for ever'}, but the certification is valid until ${expected?.slice(0, 10) ?? 'for ever'}.`;
  }
  return undefined;
}
