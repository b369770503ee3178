/**
 * The signed progress bundle (DESIGN §5.1, docs/export-format.md): one trainee's whole record in
 * one JSON file — lessons, quiz attempts, every signed sign-off and certification entry — and its
 * verification, entry by entry. The verify page and `npm run verify` both call `verifyBundle`, so
 * they give the same verdict.
 *
 * What a bundle proves rests on the signed entries alone, checked against the roster of the
 * course manifest (the published site), never against anything inside the file. The lessons and
 * quiz attempts are the trainee's own, unsigned: what a trainer vouched for about quizzes is in the
 * certification entries (`rests.quizzes`).
 */
import { STEP_INFO } from '../content/steps';
import { skillHashes, type CourseManifest } from '../course/manifest';
import { contentHash } from '../hash';
import { describeValue } from '../describe';
import { nestedWithin, type LessonProgress, type TraineeProfile } from '../progress/format';
import type { QuizAttempt } from '../quiz/score';
import { decodeBase64urlJson, isRecord, stripBom, unknownKeys } from '../trust/encoding';
import type { SignoffPayload, TrainerRef } from '../trust/entry';
import { checkName, checkTraineeId } from '../trust/fields';
import { skillSteps } from '../trust/ledger';
import { verifyEntries, type AloneChecker } from '../trust/record';
import { defaultBackend, type CryptoBackend, type VerifyReason } from '../trust/verify';
import { publicKeyThumbprint } from '../trust/key-id';
import { readPublicJwk } from '../trust/public-jwk';
import {
  isExpiredAt,
  ofSkill,
  verifyCertification,
  type AcceptedCertification,
  type CertificationReason,
  type CertificationVerdict,
} from './certification';
import type { CertificationPayload, ProgressBundle, TraineeRecord } from './types';

export const BUNDLE_FORMAT = 'tandem-progress-bundle';
export const BUNDLE_VERSION = 1;
/**
 * Longest bundle read (characters). A real trainee's bundle is a few hundred KB; this leaves room
 * for ten thousand long entries and stops a wrong file (a video, a database dump) early.
 */
export const MAX_BUNDLE_LENGTH = 32 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Building

export interface BuildBundleOptions {
  /** Whose device makes the file: shown, never trusted. */
  exportedFrom: ProgressBundle['exportedFrom'];
  now: Date | string;
  /** Certification entries (compact JWS) held for this trainee. */
  certifications: readonly string[];
}

/**
 * A trainee's bundle, from their profile (lessons, attempts, sign-off entries in the order they
 * were taken in) and their certification entries (skill ones are put before course ones). Nothing
 * is verified here: whoever reads the bundle verifies it.
 */
export async function buildBundle(
  profile: TraineeProfile,
  manifest: CourseManifest,
  options: BuildBundleOptions,
): Promise<ProgressBundle> {
  const scope = (jws: string) => (unverifiedPayload(jws)?.['scope'] === 'course' ? 1 : 0);
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: new Date(options.now).toISOString(),
    exportedFrom: options.exportedFrom,
    course: {
      id: manifest.course.id,
      title: manifest.course.title,
      contentVersion: await contentVersion(manifest),
    },
    trainee: { id: profile.id, name: profile.name, ...(profile.key && { key: profile.key.publicJwk }) },
    lessons: structuredClone(profile.lessons),
    quizAttempts: structuredClone(profile.attempts),
    entries: [...profile.entries],
    // A stable sort: the order among skill certifications is kept.
    certifications: [...options.certifications].sort((a, b) => scope(a) - scope(b)),
  };
}

/** The course's content version: hash of every skill's and quiz's content hash. */
export function contentVersion(manifest: CourseManifest): Promise<string> {
  return contentHash({
    skills: skillHashes(manifest),
    quizzes: Object.fromEntries(Object.entries(manifest.quizzes).map(([lesson, q]) => [lesson, q.hash])),
  });
}

/** Suggested file name: course, trainee and date, safe on every file system. */
export function bundleFileName(bundle: Pick<ProgressBundle, 'course' | 'trainee' | 'exportedAt'>): string {
  const name = bundle.trainee.name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
  return `${bundle.course.id}-${name || 'trainee'}-record-${bundle.exportedAt.slice(0, 10)}.json`;
}

// ---------------------------------------------------------------------------------------------
// Verdicts

/**
 * Why a file could not be read as a bundle at all (nothing in it was judged):
 * - too-large: longer than `MAX_BUNDLE_LENGTH`;
 * - not-json: not JSON text;
 * - not-a-bundle: JSON, but not a Tandem progress bundle (wrong or missing `format`);
 * - unsupported-version: a bundle of a format version this code does not read;
 * - wrong-course: a bundle of another course: verify it against that course's manifest;
 * - damaged: a bundle whose structure is broken (a field missing or of the wrong type).
 */
export type UnreadableReason =
  'too-large' | 'not-json' | 'not-a-bundle' | 'unsupported-version' | 'wrong-course' | 'damaged';

/**
 * The verdict on one entry:
 * - valid: genuine, unaltered, in its place, and its claims hold under the course's rules;
 * - not-yet: signed after the moment being judged (`now`, when it is earlier than the clock):
 *   it did not exist then, so it counts for nothing and fails nothing;
 * - duplicate: the very same entry appears earlier in the file; it counts once, and is no forgery;
 * - invalid: refused, for `reason` (the entry counts for nothing);
 * - expired (certifications only): genuine, but past its expiry date.
 */
export type EntryStatus = 'valid' | 'duplicate' | 'invalid' | 'expired' | 'not-yet';

interface EntryVerdictBase {
  /** Position in the bundle's `entries` (sign-offs) or `certifications` list, from 0. */
  index: number;
  status: EntryStatus;
  /** A sentence for people: what the entry says, or why it was refused. */
  message: string;
  /** Signed by the published demo trainer. */
  demo?: boolean;
  /** Made against an earlier version of the skill (or course). */
  earlierVersion?: boolean;
}

export interface SignoffVerdict extends EntryVerdictBase {
  kind: 'signoff';
  status: 'valid' | 'duplicate' | 'invalid' | 'not-yet';
  reason?: VerifyReason;
  /** The signed payload, when the entry verified. */
  payload?: SignoffPayload;
}

export interface CertificationEntryVerdict extends EntryVerdictBase {
  kind: 'certification';
  reason?: CertificationReason | 'id-conflict' | 'expired';
  payload?: CertificationPayload;
  /** For 'missing-entry': ids of the entries it rests on that are absent or altered. */
  missing?: string[];
  /**
   * For 'expired': a newer certification of the same skill (or of the course) in the bundle is
   * current, so this one is history and does not make the bundle fail.
   */
  superseded?: boolean;
}

export type EntryVerdict = SignoffVerdict | CertificationEntryVerdict;

export interface CertifiedSkill {
  skill: string;
  title: string;
  certifiedAt: string;
  expiresAt?: string;
  trainer: TrainerRef;
  /** The certification, or a sign-off it rests on, was signed by a demo trainer. */
  demo: boolean;
  /** Certified against an earlier version of the skill. */
  earlierVersion: boolean;
  /** A step of the skill was re-opened after the certification (when, the latest): due again. */
  reopenedAt?: string;
}

export interface BundleSummary {
  /**
   * The trainee. `name` is the name in the newest valid signed entry (`nameSigned`), or, when no
   * entry verified, the file's own name, which anyone can edit: show it as unsigned. `fileName`
   * is what the file says, whatever it is.
   */
  trainee: { id: string; name: string; nameSigned: boolean; fileName: string };
  course: {
    id: string;
    title: string;
    /** The content version the bundle was exported against, and whether it is this site's. */
    contentVersion: string;
    current: boolean;
  };
  exportedAt: string;
  exportedFrom: ProgressBundle['exportedFrom'];
  /** Skills with a current (valid, unexpired) certification, newest certification per skill. */
  certifiedSkills: CertifiedSkill[];
  /** A current course certification that covers every skill the course requires now. */
  courseCertified: boolean;
  courseCertifiedAt?: string;
  courseExpiresAt?: string;
  /** The current course certification is demo: signed with, or resting on, the demo key. */
  courseDemo?: boolean;
  /** Some valid entry was signed by a demo trainer: nothing here is a real certification. */
  demoKeysUsed: boolean;
  /**
   * What the file says that no signature vouches for: when it was exported, the lessons marked
   * read, and the quiz attempts (those a certification vouches for are in `rests.quizzes`).
   */
  unsigned: { exportedAt: string; lessons: number; quizAttempts: number; vouchedQuizzes: number };
  counts: {
    signoffs: { total: number; valid: number; duplicate: number; invalid: number };
    certifications: { total: number; valid: number; duplicate: number; invalid: number; expired: number };
  };
}

export interface UnreadableBundle {
  readable: false;
  reason: UnreadableReason;
  message: string;
}

export interface ReadBundle {
  readable: true;
  /**
   * Every entry is valid or a duplicate, and no certification is expired (unless a newer one
   * supersedes it). What `npm run verify` exits 0 on.
   */
  valid: boolean;
  /** Sign-offs in file order, then certifications in file order. */
  entries: EntryVerdict[];
  summary: BundleSummary;
  /** Only what verified, for the certificate, CSV, xAPI and Open Badges formatters. */
  record: TraineeRecord;
}

export type BundleVerdict = UnreadableBundle | ReadBundle;

export interface VerifyBundleOptions {
  /** The moment to judge at: certification expiry, and which entries existed yet. */
  now: Date | string;
  /** The verifying device's clock (default: the real one); set only in tests. */
  clock?: Date | string | number;
  /** Public URL of the site, for the record (xAPI ids, badges). */
  siteUrl?: string;
  backend?: CryptoBackend;
  /** Who checks each sign-off on its own (default: this thread); see `RecordContext.checkAlone`. */
  checkAlone?: AloneChecker;
}

// ---------------------------------------------------------------------------------------------
// Verification

/**
 * Reads and verifies a bundle's text against the published manifest. Never throws, whatever the
 * text holds (hostile input included); an unexpected failure inside is reported as 'damaged'.
 */
export async function verifyBundle(
  text: unknown,
  manifest: CourseManifest,
  options: VerifyBundleOptions,
): Promise<BundleVerdict> {
  try {
    return await verifyBundleUnguarded(text, manifest, options);
  } catch (error) {
    // Every path above is written not to throw; this is the last line, for a bug, not a plan.
    return unreadable(
      'damaged',
      `The file could not be checked: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
}

async function verifyBundleUnguarded(
  text: unknown,
  manifest: CourseManifest,
  options: VerifyBundleOptions,
): Promise<BundleVerdict> {
  const read = readBundle(text, manifest.course.id);
  if (!read.readable) return read;
  const bundle = read.bundle;
  const backend = options.backend ?? defaultBackend();
  const now = typeof options.now === 'string' ? Date.parse(options.now) : options.now.getTime();

  // Entries bound to a trainee key must name this record's: the key the bundle carries.
  const traineeKid = bundle.trainee.key ? await publicKeyThumbprint(bundle.trainee.key, backend) : null;
  // Sign-offs: in file order, each against those before it, exactly as a stored record is.
  const { record, verdicts } = await verifyEntries(bundle.entries, {
    manifest,
    traineeId: bundle.trainee.id,
    traineeKid,
    backend,
    now: options.now,
    ...(options.clock !== undefined && { clock: options.clock }),
    ...(options.checkAlone && { checkAlone: options.checkAlone }),
  });
  const signoffVerdicts: SignoffVerdict[] = verdicts.map((v, index) =>
    !v.ok && v.reason === 'not-yet-signed'
      ? { index, kind: 'signoff', status: 'not-yet', reason: v.reason, message: v.message }
      : v.ok
        ? {
            index,
            kind: 'signoff',
            status: v.status,
            message:
              v.status === 'duplicate'
                ? `The same entry as one earlier in the file (${describeSignoff(v.payload, manifest)}); it counts once.`
                : describeSignoff(v.payload, manifest),
            payload: v.payload,
            demo: v.demo,
            earlierVersion: v.earlierVersion,
          }
        : { index, kind: 'signoff', status: 'invalid', reason: v.reason, message: v.message },
  );
  const signoffs = record.accepted.map((a) => a.payload);
  // Demo goes all the way up: a certification resting on a demo entry is demo, and so is a
  // course certification resting on it.
  const demoIds = new Set(record.accepted.filter((a) => a.demo).map((a) => a.payload.id));
  // Entries in the file that were refused: what rests on them is refused for that, not as missing.
  const refusedIds = new Set<string>();
  bundle.entries.forEach((jws, i) => {
    if (!(verdicts[i] as { ok: boolean }).ok) addUnverifiedId(refusedIds, jws);
  });

  // Certifications: skill ones first (a course certification rests on them), file order within.
  const order = bundle.certifications
    .map((jws, index) => ({ jws, index, course: unverifiedPayload(jws)?.['scope'] === 'course' }))
    .sort((a, b) => Number(a.course) - Number(b.course) || a.index - b.index);
  const certVerdicts: CertificationEntryVerdict[] = [];
  const accepted: AcceptedCertification[] = [];
  const acceptedById = new Map<string, AcceptedCertification>();
  /** The entry as signed, for the record's formats that carry it (xAPI). */
  const acceptedJws = new Map<AcceptedCertification, string>();
  const check = (jws: string) =>
    verifyCertification(jws, {
      manifest,
      traineeId: bundle.trainee.id,
      signoffs,
      skillCertifications: accepted.filter((a) => a.payload.scope === 'skill').map((a) => a.payload),
      demoIds,
      refusedIds,
      now: options.now,
      ...(options.clock !== undefined && { clock: options.clock }),
      backend,
    });
  // Skill certifications do not depend on each other: check them together, then settle
  // duplicates in file order; course ones after, against the skill ones that verified.
  const skillScope = order.filter((o) => !o.course);
  const skillVerdicts = await Promise.all(skillScope.map((o) => check(o.jws)));
  skillScope.forEach((o, i) => settle(o.index, o.jws, skillVerdicts[i] as CertificationVerdict));
  for (const o of order.filter((o) => o.course)) settle(o.index, o.jws, await check(o.jws));

  function settle(index: number, jws: string, v: CertificationVerdict): void {
    if (!v.ok && v.reason === 'not-yet-signed') {
      certVerdicts.push({ index, kind: 'certification', status: 'not-yet', reason: v.reason, message: v.message });
      return;
    }
    if (!v.ok) {
      addUnverifiedId(refusedIds, jws);
      certVerdicts.push({
        index,
        kind: 'certification',
        status: 'invalid',
        reason: v.reason,
        message: v.message,
        ...(v.missing && { missing: v.missing }),
      });
      return;
    }
    const same = acceptedById.get(v.payload.id);
    if (same && same.hash !== v.hash) {
      certVerdicts.push({
        index,
        kind: 'certification',
        status: 'invalid',
        reason: 'id-conflict',
        message: `A different certification with the same id (${v.payload.id}) is earlier in the file.`,
      });
      return;
    }
    if (!same) {
      accepted.push(v);
      acceptedJws.set(v, jws);
      acceptedById.set(v.payload.id, v);
      if (v.demo) demoIds.add(v.payload.id);
    }
    certVerdicts.push({
      index,
      kind: 'certification',
      status: same ? 'duplicate' : v.status,
      ...(v.status === 'expired' && !same && { reason: 'expired' as const }),
      message: same ? `The same certification as one earlier in the file; it counts once.` : v.message,
      payload: v.payload,
      demo: v.demo,
      earlierVersion: v.earlierVersion,
    });
  }
  // An expired certification with a current one of the same skill (or course) after it is history.
  for (const c of certVerdicts) {
    if (c.status !== 'expired' || !c.payload) continue;
    const p = c.payload;
    c.superseded = accepted.some(
      (a) =>
        a.status === 'valid' &&
        a.payload.scope === p.scope &&
        a.payload.skill === p.skill &&
        Date.parse(a.payload.certifiedAt) > Date.parse(p.certifiedAt),
    );
  }
  certVerdicts.sort((a, b) => a.index - b.index);

  const entries: EntryVerdict[] = [...signoffVerdicts, ...certVerdicts];
  const valid = entries.every(
    (e) =>
      e.status === 'valid' ||
      e.status === 'duplicate' ||
      e.status === 'not-yet' ||
      (e.status === 'expired' && e.kind === 'certification' && e.superseded === true),
  );
  const summary = summarise(bundle, manifest, signoffVerdicts, certVerdicts, accepted, signoffs, now);
  summary.course.current = bundle.course.contentVersion === (await contentVersion(manifest));

  const traineeRecord: TraineeRecord = {
    course: {
      id: manifest.course.id,
      title: manifest.course.title,
      organisation: manifest.course.organisation,
      ...(options.siteUrl !== undefined && { url: options.siteUrl }),
    },
    trainee: { id: bundle.trainee.id, name: summary.trainee.name, nameSigned: summary.trainee.nameSigned },
    skills: manifest.skills.map((s) => ({ id: s.id, title: s.title, required: s.required })),
    lessons: Object.fromEntries(
      Object.entries(manifest.lessons)
        .filter(([id]) => Object.hasOwn(bundle.lessons, id))
        .map(([id, l]) => [id, { ...(bundle.lessons[id] as LessonProgress), title: l.title }]),
    ),
    quizAttempts: Object.fromEntries(
      Object.keys(manifest.lessons)
        .filter((id) => Object.hasOwn(bundle.quizAttempts, id))
        .map((id) => [id, bundle.quizAttempts[id] as QuizAttempt[]]),
    ),
    signoffs: record.accepted.map((a) => ({
      payload: a.payload,
      demo: a.demo,
      earlierVersion: a.earlierVersion,
      jws: a.jws,
    })),
    certifications: [...accepted]
      .sort(
        (a, b) =>
          Number(a.payload.scope === 'course') - Number(b.payload.scope === 'course') ||
          Date.parse(a.payload.certifiedAt) - Date.parse(b.payload.certifiedAt),
      )
      .map((a) => ({ payload: a.payload, demo: a.demo, expired: a.status === 'expired', jws: acceptedJws.get(a) })),
  };

  return { readable: true, valid, entries, summary, record: traineeRecord };
}

function summarise(
  bundle: ProgressBundle,
  manifest: CourseManifest,
  signoffVerdicts: readonly SignoffVerdict[],
  certVerdicts: readonly CertificationEntryVerdict[],
  accepted: readonly AcceptedCertification[],
  signoffs: readonly SignoffPayload[],
  now: number,
): BundleSummary {
  const current = accepted.filter((a) => a.status === 'valid' && !isExpiredAt(a.payload, now));
  const newest = (list: readonly AcceptedCertification[]) =>
    list.reduce<AcceptedCertification | undefined>(
      (a, b) => (!a || Date.parse(b.payload.certifiedAt) > Date.parse(a.payload.certifiedAt) ? b : a),
      undefined,
    );

  const certifiedSkills: CertifiedSkill[] = [];
  for (const skill of manifest.skills) {
    const cert = newest(current.filter((a) => a.payload.scope === 'skill' && a.payload.skill === skill.id));
    if (!cert) continue;
    const p = cert.payload;
    const reopened = skillSteps(ofSkill(signoffs, manifest.course.id, bundle.trainee.id, skill.id)).steps;
    const reopenedAt = Object.values(reopened)
      .map((s) => s.reopenedAt)
      .filter((at): at is string => at !== undefined && Date.parse(at) > Date.parse(p.certifiedAt))
      .sort((a, b) => Date.parse(a) - Date.parse(b))
      .at(-1);
    certifiedSkills.push({
      skill: skill.id,
      title: skill.title,
      certifiedAt: p.certifiedAt,
      ...(cert.effectiveExpiresAt !== undefined && { expiresAt: cert.effectiveExpiresAt }),
      trainer: p.trainer,
      demo: cert.demo,
      earlierVersion: cert.earlierVersion,
      ...(reopenedAt !== undefined && { reopenedAt }),
    });
  }

  const courseCert = newest(current.filter((a) => a.payload.scope === 'course'));
  const courseCertified = courseCert !== undefined;

  const count = <S extends string>(list: readonly { status: string }[], status: S) =>
    list.filter((v) => v.status === status).length;

  const signedNames = [
    ...accepted.map((a) => ({ at: a.payload.certifiedAt, name: a.payload.trainee.name })),
    ...signoffs.map((s) => ({ at: s.signedAt, name: s.trainee.name })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const signedName = signedNames.at(-1)?.name;
  const vouched = new Set(accepted.flatMap((a) => a.payload.rests.quizzes.map((q) => `${q.lesson} ${q.at}`)));

  return {
    trainee: {
      id: bundle.trainee.id,
      name: signedName ?? bundle.trainee.name,
      nameSigned: signedName !== undefined,
      fileName: bundle.trainee.name,
    },
    course: {
      id: bundle.course.id,
      title: manifest.course.title,
      contentVersion: bundle.course.contentVersion,
      current: false,
    },
    exportedAt: bundle.exportedAt,
    exportedFrom: bundle.exportedFrom,
    certifiedSkills,
    courseCertified,
    ...(courseCert && { courseCertifiedAt: courseCert.payload.certifiedAt }),
    ...(courseCert?.effectiveExpiresAt !== undefined && { courseExpiresAt: courseCert.effectiveExpiresAt }),
    ...(courseCert && { courseDemo: courseCert.demo }),
    demoKeysUsed:
      signoffVerdicts.some((v) => v.status !== 'invalid' && v.demo === true) ||
      certVerdicts.some((v) => v.status !== 'invalid' && v.demo === true),
    unsigned: {
      exportedAt: bundle.exportedAt,
      lessons: Object.keys(bundle.lessons).length,
      quizAttempts: Object.values(bundle.quizAttempts).reduce((n, list) => n + list.length, 0),
      vouchedQuizzes: Object.entries(bundle.quizAttempts).reduce(
        (n, [lesson, list]) => n + list.filter((a) => vouched.has(`${lesson} ${a.at}`)).length,
        0,
      ),
    },
    counts: {
      signoffs: {
        total: signoffVerdicts.length,
        valid: count(signoffVerdicts, 'valid'),
        duplicate: count(signoffVerdicts, 'duplicate'),
        invalid: count(signoffVerdicts, 'invalid'),
      },
      certifications: {
        total: certVerdicts.length,
        valid: count(certVerdicts, 'valid'),
        duplicate: count(certVerdicts, 'duplicate'),
        invalid: count(certVerdicts, 'invalid'),
        expired: count(certVerdicts, 'expired'),
      },
    },
  };
}

/** Adds the (unverified) entry id of a refused entry, so what rests on it is told apart from missing. */
function addUnverifiedId(ids: Set<string>, jws: string): void {
  const id = unverifiedPayload(jws)?.['id'];
  if (typeof id === 'string') ids.add(id);
}

function describeSignoff(p: SignoffPayload, manifest: CourseManifest): string {
  const skill = manifest.skills.find((s) => s.id === p.skill)?.title ?? p.skill;
  const step = STEP_INFO[p.step].label;
  const what = p.outcome === 'signed-off' ? 'signed off' : p.outcome === 'practice' ? 'practice logged' : 're-opened';
  return `${step} of ${skill}: ${what} by ${p.trainer.name} (session ${p.observedAt}, signed ${p.signedAt.slice(0, 10)}).`;
}

// ---------------------------------------------------------------------------------------------
// Reading the file

const BUNDLE_KEYS = [
  'format',
  'version',
  'exportedAt',
  'exportedFrom',
  'course',
  'trainee',
  'lessons',
  'quizAttempts',
  'entries',
  'certifications',
] as const;
/** Answers are a question id → a value, a list or a small object; far deeper is damage (see MAX_PROFILE_DEPTH). */
const MAX_ANSWERS_DEPTH = 6;
const ATTEMPT_KEYS = ['at', 'hash', 'answers', 'correct', 'score', 'total', 'passMark', 'passed', 'mode'] as const;

function unreadable(reason: UnreadableReason, message: string): UnreadableBundle {
  return { readable: false, reason, message };
}

/** The file's structure, checked field by field; nothing about the entries in it is judged here. */
export function readBundle(
  input: unknown,
  courseId: string,
): UnreadableBundle | { readable: true; bundle: ProgressBundle } {
  if (typeof input !== 'string') return unreadable('not-json', 'The file is not text, so it is not a progress bundle.');
  const text = stripBom(input);
  if (text.length > MAX_BUNDLE_LENGTH) {
    return unreadable(
      'too-large',
      `The file is ${mb(text.length)} long; a progress bundle is at most ${mb(MAX_BUNDLE_LENGTH)}.`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return unreadable('not-json', 'The file is not JSON, so it is not a progress bundle.');
  }
  if (!isRecord(data) || data['format'] !== BUNDLE_FORMAT) {
    return unreadable(
      'not-a-bundle',
      'The file is not a Tandem progress bundle (its "format" is not tandem-progress-bundle).',
    );
  }
  if (data['version'] !== BUNDLE_VERSION) {
    return unreadable(
      'unsupported-version',
      `The bundle has format version ${describeValue(data['version'])}; this site reads version ${BUNDLE_VERSION}.`,
    );
  }
  const course = data['course'];
  if (!isRecord(course) || typeof course['id'] !== 'string') return damaged('course.id is missing');
  if (course['id'] !== courseId) {
    return unreadable(
      'wrong-course',
      `The bundle is for the course "${clip(course['id'])}", not this course ("${courseId}"): verify it against that course's site.`,
    );
  }
  const problem = structureProblem(data);
  if (problem) return damaged(problem);
  return { readable: true, bundle: data as unknown as ProgressBundle };
}

function damaged(problem: string): UnreadableBundle {
  return unreadable('damaged', `The bundle is damaged: ${problem}.`);
}

function structureProblem(d: Record<string, unknown>): string | undefined {
  const extra = unknownKeys(d, BUNDLE_KEYS);
  if (extra.length > 0) return `it has an unknown field "${clip(extra[0] as string)}"`;
  if (!isTime(d['exportedAt'])) return 'exportedAt is not a date-time';
  if (d['exportedFrom'] !== 'trainee' && d['exportedFrom'] !== 'trainer') {
    return 'exportedFrom is not "trainee" or "trainer"';
  }
  const course = d['course'] as Record<string, unknown>;
  if (unknownKeys(course, ['id', 'title', 'contentVersion']).length > 0)
    return 'course is not {id, title, contentVersion}';
  if (typeof course['title'] !== 'string') return 'course.title is not text';
  if (typeof course['contentVersion'] !== 'string') return 'course.contentVersion is not text';

  const trainee = d['trainee'];
  if (!isRecord(trainee) || unknownKeys(trainee, ['id', 'name', 'key']).length > 0) {
    return 'trainee is not {id, name, key?}';
  }
  const traineeProblem = checkTraineeId(trainee['id'], 'trainee.id') ?? checkName(trainee['name'], 'trainee.name');
  if (traineeProblem) return traineeProblem;
  if (trainee['key'] !== undefined && !readPublicJwk(trainee['key'])) return 'trainee.key is not a P-256 public key';

  const lessons = d['lessons'];
  if (!isRecord(lessons)) return 'lessons is not an object';
  for (const [id, l] of Object.entries(lessons)) {
    if (!isRecord(l) || unknownKeys(l, ['readAt', 'completedAt']).length > 0)
      return `lessons.${clip(id)} is not {readAt, completedAt}`;
    if (l['readAt'] !== undefined && !isTime(l['readAt'])) return `lessons.${clip(id)}.readAt is not a date-time`;
    if (l['completedAt'] !== undefined && !isTime(l['completedAt'])) {
      return `lessons.${clip(id)}.completedAt is not a date-time`;
    }
  }

  const attempts = d['quizAttempts'];
  if (!isRecord(attempts)) return 'quizAttempts is not an object';
  for (const [id, list] of Object.entries(attempts)) {
    if (!Array.isArray(list)) return `quizAttempts.${clip(id)} is not a list`;
    for (const [i, a] of list.entries()) {
      const problem = attemptProblem(a);
      if (problem) return `quizAttempts.${clip(id)}[${i}] ${problem}`;
    }
  }

  for (const field of ['entries', 'certifications'] as const) {
    const list = d[field];
    if (!Array.isArray(list) || !list.every((e) => typeof e === 'string'))
      return `${field} is not a list of signed entries`;
  }
  return undefined;
}

function attemptProblem(a: unknown): string | undefined {
  if (!isRecord(a)) return 'is not an object';
  const extra = unknownKeys(a, ATTEMPT_KEYS);
  if (extra.length > 0) return `has an unknown field "${clip(extra[0] as string)}"`;
  if (!isTime(a['at'])) return 'has no date-time "at"';
  if (typeof a['hash'] !== 'string') return 'has no quiz hash';
  if (!isRecord(a['answers'])) return 'has no answers';
  if (!nestedWithin(a['answers'], MAX_ANSWERS_DEPTH)) return 'has answers nested too deeply';
  if (!Array.isArray(a['correct']) || !a['correct'].every((c) => typeof c === 'string')) return 'has no list "correct"';
  for (const n of ['score', 'total', 'passMark'] as const) {
    if (typeof a[n] !== 'number' || !Number.isFinite(a[n])) return `has no number "${n}"`;
  }
  if (typeof a['passed'] !== 'boolean') return 'has no "passed"';
  if (a['mode'] !== 'all' && a['mode'] !== 'wrong') return 'has no mode "all" or "wrong"';
  return undefined;
}

const isTime = (v: unknown): v is string => typeof v === 'string' && v.length <= 40 && !Number.isNaN(Date.parse(v));

/** The unverified payload, only to sort or group entries before verifying them. */
function unverifiedPayload(jws: string): Record<string, unknown> | undefined {
  const payload = decodeBase64urlJson(jws.split('.')[1] ?? '');
  return isRecord(payload) ? payload : undefined;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function mb(chars: number): string {
  return `${(chars / (1024 * 1024)).toFixed(1)} MB`;
}
