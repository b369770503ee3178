/**
 * Verifying a certification entry: its envelope, signature and signer against the roster, then
 * every entry and quiz result it rests on, held to the course's rules. Never throws on what a
 * file, link or person supplies.
 *
 * Over 400 lines on purpose: every claim a certification makes (the entries and quiz results it
 * rests on, held to the course's rules at its signing time) is judged by one policy, read in the
 * order it runs; what may be certified and the payload are beside it (./readiness.ts,
 * ./payload.ts).
 */
import {
  quizVersion,
  skillById,
  skillVersion,
  type CourseManifest,
  type ManifestQuiz,
  type ManifestSkill,
} from '../../course/manifest';
import type { Step } from '../../content/steps';
import type { SignoffPayload } from '../entry';
import { inSigningOrder, skillKey } from '../ledger';
import { labelsFor } from '../reasons';
import { mayCertify } from '../qualification';
import { ok, type Ok } from '../../result';
import { STEP_ORDER } from '../steps';
import {
  defaultBackend,
  openTrustedEntry,
  CLAIM_REASONS,
  ENVELOPE_REASONS,
  SIGNER_REASONS,
  type CryptoBackend,
} from '../verify';
import type { CertificationPayload } from '../../export/types';
import {
  CERTIFICATION_TYP,
  MAX_CERTIFICATION_LENGTH,
  payloadHash,
  addMonths,
  parseCertificationPayload,
  isExpiredAt,
} from './payload';
import { time, stepLabel, lessonTitle } from './readiness';
import type { CourseCertificatePayload } from './course-certificate';
import { earliest } from './payload';

/** The course certificate's checks, loaded on use: only course certifications carry one. */
const courseCertificate = () => import('./course-certificate');

const CERTIFICATION_REASONS = [
  ...ENVELOPE_REASONS,
  ...SIGNER_REASONS,
  ...CLAIM_REASONS,
  'expiry-not-allowed',
  'may-not-certify',
  'missing-entry',
  'rests-on-invalid',
  'steps-incomplete',
  'quizzes-not-passed',
  'skills-incomplete',
  'not-acknowledged',
  'certificate-mismatch',
] as const;

/** Why a certification entry was refused. */
export type CertificationReason = (typeof CERTIFICATION_REASONS)[number];

/** Short labels for each refusal and for 'expired' (from the one table in ../trust/reasons). */
export const CERTIFICATION_REASON_LABELS: Readonly<Record<CertificationReason | 'expired', string>> = labelsFor([
  ...CERTIFICATION_REASONS,
  'expired',
] as const);

// ---------------------------------------------------------------------------------------------
// Verification

export interface CertificationContext {
  /** The published manifest: roster (the only trusted keys), course, skills, quizzes. */
  manifest: CourseManifest;
  /** When given, certifications about anyone else are refused. */
  traineeId?: string;
  /** The trainee's verified sign-off payloads: what a skill certification may rest on. */
  signoffs: readonly SignoffPayload[];
  /** Verified skill certification payloads: what a course certification may rest on. */
  skillCertifications?: readonly CertificationPayload[];
  /**
   * Ids of verified entries that are demo, or rest on demo (sign-offs and skill certifications):
   * anything resting on one is demo too, all the way up to the course.
   */
  demoIds?: ReadonlySet<string>;
  /**
   * Ids of entries that are in the record but were refused: a certification resting on one is
   * refused for that ("rests on an invalid entry"), not reported as missing an entry that is there.
   */
  refusedIds?: ReadonlySet<string>;
  /**
   * Ids of signed-off entries made for a trainee key that the trainee has not acknowledged, when
   * the course counts such a step only once acknowledged (settings.yaml `acknowledgement.required`):
   * a skill certification resting on one is refused. Absent or empty: nothing is held to it.
   */
  unacknowledged?: ReadonlySet<string>;
  /** The moment to judge expiry (and what exists yet) at. */
  now: Date | string;
  /** The verifying device's clock (default: now); set only in tests. */
  clock?: Date | string | number;
  backend?: CryptoBackend;
}

export interface AcceptedCertification {
  ok: true;
  /**
   * 'expired': genuine and complete, but past its `expiresAt` (or, for the course, one of the
   * skill certifications it rests on is): not a forgery, and not current either.
   */
  status: 'valid' | 'expired';
  payload: CertificationPayload;
  /** The payload hash a course certification names it by. */
  hash: string;
  /** Signed by the published demo trainer, or resting on anything that was. */
  demo: boolean;
  /** Made against an earlier published version of the skill. */
  earlierVersion: boolean;
  /** When it stops being current: its own `expiresAt`, or sooner when what it rests on expires. */
  effectiveExpiresAt?: string;
  /** A sentence describing the verdict (for 'expired', since when). */
  message: string;
  /**
   * A course certification's course certificate (its `certificate`, verified and matching it):
   * the payload and its hash, which the transcript's certificate number is made from.
   */
  certificate?: { payload: CourseCertificatePayload; hash: string };
}

export interface RefusedCertification {
  ok: false;
  status: 'invalid';
  reason: CertificationReason;
  message: string;
  /** For 'missing-entry' and 'rests-on-invalid': the ids of the entries concerned. */
  missing?: string[];
}

export type CertificationVerdict = AcceptedCertification | RefusedCertification;

/**
 * Verifies a certification entry against the published course rules and what it rests on.
 * Never throws. Holds every claim to the manifest: signer and name from the roster, signing time
 * not in the future, a published version of the skill and of every quiz it vouches for, pass
 * marks no lower than the course's, a validity no longer than the course allows, and, for the
 * course, a current certification of every required skill.
 */
export async function verifyCertification(
  jws: unknown,
  ctx: CertificationContext,
  /** `openCertification` of this very entry and context, already started (see judgeEntries). */
  early?: Promise<OpenedCertification>,
): Promise<CertificationVerdict> {
  const backend = ctx.backend ?? defaultBackend();
  const { manifest } = ctx;
  const opened = await (early ?? openCertification(jws, manifest, ctx, backend));
  if (!opened.ok) return opened;
  const { payload: p, skill } = opened.value;
  let demo = opened.value.demo;

  let earlierVersion = false;
  let restsExpireAt: number | undefined;
  if (skill) {
    const rested = await resolve(p, ctx.signoffs, ctx.refusedIds, backend);
    if (!rested.ok) return rested;
    const steps = checkSteps(p, skill, rested.value, ctx.signoffs);
    if (steps) return refuse('steps-incomplete', steps);
    const unacked = rested.value.filter((s) => ctx.unacknowledged?.has(s.id) === true);
    if (unacked.length > 0) {
      return {
        ...refuse(
          'not-acknowledged',
          `The certification rests on ${unacked.length === 1 ? 'a sign-off' : `${unacked.length} sign-offs`} the trainee has not acknowledged (${unacked.map((s) => s.step).join(', ')}), and this course counts a step only once acknowledged.`,
        ),
        missing: unacked.map((s) => s.id),
      };
    }
    earlierVersion = p.skillHash !== skill.hash;
    const quizzes = checkQuizzes(p, skill, manifest, earlierVersion);
    if (quizzes) return refuse(quizzes.reason, quizzes.message);
    demo ||= rested.value.some((s) => ctx.demoIds?.has(s.id) === true);
  } else {
    const rested = await resolve(p, ctx.skillCertifications ?? [], ctx.refusedIds, backend);
    if (!rested.ok) return rested;
    const skills = checkSkills(p, rested.value, manifest);
    if (skills) return refuse('skills-incomplete', skills);
    demo ||= rested.value.some((c) => ctx.demoIds?.has(c.id) === true);
    const ends = rested.value.filter((c) => c.expiresAt !== undefined).map((c) => Date.parse(c.expiresAt as string));
    if (ends.length > 0) restsExpireAt = Math.min(...ends);
    if (opened.value.certificate) {
      const effective = earliest(
        p.expiresAt,
        restsExpireAt === undefined ? undefined : new Date(restsExpireAt).toISOString(),
      );
      const { certificateMismatch } = await courseCertificate();
      const mismatch = await certificateMismatch(p, opened.value.certificate.payload, {
        withRecord: true,
        effectiveExpiresAt: effective,
        backend,
      });
      if (mismatch) return refuse('certificate-mismatch', mismatch);
    }
  }
  const since = earlierVersion ? ' It was made against an earlier version of the skill.' : '';
  return accept(p, manifest, {
    demo,
    earlierVersion,
    since,
    now: ctx.now,
    backend,
    restsExpireAt,
    certificate: opened.value.certificate,
  });
}

/**
 * A certification on its own, as a certificate's verify link carries it: signed by a trainer on
 * the roster with a key valid when it was signed, unaltered, for this course (and trainee, when
 * given), under the course's rules for versions, pass marks and validity, and whether it has
 * expired. What it rests on is not checked (that takes the trainee's bundle: `verifyBundle`), so
 * neither is demo taint from below. Never throws.
 */
export async function verifyCertificationAlone(
  jws: unknown,
  manifest: CourseManifest,
  now: Date | string,
  options: { traineeId?: string; backend?: CryptoBackend; clock?: Date | string | number } = {},
): Promise<CertificationVerdict> {
  const backend = options.backend ?? defaultBackend();
  const opened = await openCertification(jws, manifest, { ...options, now }, backend);
  if (!opened.ok) return opened;
  const { payload: p, skill, demo, certificate } = opened.value;
  const earlierVersion = skill !== undefined && p.skillHash !== skill.hash;
  if (skill) {
    const quizzes = checkVouchedQuizzes(p, manifest);
    if (quizzes) return refuse(quizzes.reason, quizzes.message);
  }
  const since = earlierVersion ? ' It was made against an earlier version of the skill.' : '';
  return accept(p, manifest, { demo, earlierVersion, since, now, backend, certificate });
}

export type OpenedCertification = Awaited<ReturnType<typeof openCertification>>;

/** Signature, payload, signer, time, course, trainee, skill version and validity: the checks that need nothing else. */
export async function openCertification(
  jws: unknown,
  manifest: CourseManifest,
  o: { traineeId?: string | undefined; now: Date | string; clock?: Date | string | number | undefined },
  backend: CryptoBackend,
): Promise<
  | Ok<{
      payload: CertificationPayload;
      skill?: ManifestSkill;
      demo: boolean;
      certificate?: { payload: CourseCertificatePayload; hash: string };
    }>
  | RefusedCertification
> {
  const trusted = await openTrustedEntry(jws, {
    roster: manifest.roster,
    courseId: manifest.course.id,
    typ: CERTIFICATION_TYP,
    maxLength: MAX_CERTIFICATION_LENGTH,
    backend,
    parse: parseCertificationPayload,
    signedAt: (c) => c.certifiedAt,
    now: o.now,
    clock: o.clock,
    traineeId: o.traineeId,
  });
  if (!trusted.ok) return refuse(trusted.reason, trusted.message);
  const { payload: p, opened } = trusted.value;
  // Its hash (remembered, ../payload-hash.ts) is what `accept` names it by: started now, it is
  // made while a bundle's sign-offs are checked, not in the judging after them.
  void payloadHash(p, backend).catch(() => undefined);
  const validity = checkValidity(p, manifest);
  if (validity) return refuse('expiry-not-allowed', validity);
  const demo = opened.trainer.demo;
  // Who may certify, and which skills, is the roster's, judged when the certification was signed.
  const qualified = mayCertify(opened.trainer, p.scope === 'skill' ? p.skill : undefined, p.certifiedAt);
  if (!qualified.ok) return refuse(qualified.reason, qualified.message);
  if (p.scope === 'course') {
    if (p.certificate === undefined) return ok({ payload: p, demo });
    // The course certificate is judged as a scanned one is, then held to what it was signed with.
    const { certificateMismatch, verifyCourseCertificateAlone } = await courseCertificate();
    const certificate = await verifyCourseCertificateAlone(p.certificate, manifest, o.now, {
      backend,
      ...(o.clock !== undefined && { clock: o.clock }),
    });
    if (!certificate.ok) {
      return refuse('certificate-mismatch', `Its course certificate is not valid: ${certificate.message}`);
    }
    const mismatch = await certificateMismatch(p, certificate.payload, { withRecord: false, backend });
    if (mismatch) return refuse('certificate-mismatch', mismatch);
    return ok({ payload: p, demo, certificate: { payload: certificate.payload, hash: certificate.hash } });
  }
  const skill = p.skill === undefined ? undefined : skillById(manifest, p.skill);
  if (!skill) {
    return refuse('unknown-skill', `The entry certifies the skill "${p.skill}", which this course does not have.`);
  }
  if (skillVersion(skill, p.skillHash as string) === 'unknown') {
    return refuse(
      'unknown-version',
      `The entry certifies a version of ${skill.title} that this site never published (neither the current one nor an earlier one).`,
    );
  }
  return ok({ payload: p, skill, demo });
}

/**
 * A certification may not be valid for longer than the course certifies for: with an expiry of
 * M months, it must expire at most M calendar months after it was signed.
 */
function checkValidity(p: CertificationPayload, manifest: CourseManifest): string | undefined {
  const months = manifest.course.certificationExpiryMonths;
  if (months <= 0) return undefined;
  const limit = addMonths(new Date(p.certifiedAt), months);
  if (p.expiresAt === undefined) {
    return `It never expires, but this course certifies for ${months} months (until ${day(limit.toISOString())} at the latest).`;
  }
  if (Date.parse(p.expiresAt) > limit.getTime()) {
    return `It says it is valid until ${day(p.expiresAt)}, but this course certifies for ${months} months (until ${day(limit.toISOString())} at the latest).`;
  }
  return undefined;
}

/** The verdict on a certification that passed its checks: valid, or expired at `now`. */
async function accept(
  p: CertificationPayload,
  manifest: CourseManifest,
  o: {
    demo: boolean;
    earlierVersion: boolean;
    since: string;
    now: Date | string;
    backend: CryptoBackend;
    restsExpireAt?: number | undefined;
    certificate?: { payload: CourseCertificatePayload; hash: string } | undefined;
  },
): Promise<AcceptedCertification> {
  const hash = await payloadHash(p, o.backend);
  const what = p.scope === 'skill' ? skillTitle(manifest, p.skill as string) : `The course “${manifest.course.title}”`;
  const signer = signerName(manifest, p);
  const own = p.expiresAt !== undefined ? Date.parse(p.expiresAt) : undefined;
  const end =
    own === undefined ? o.restsExpireAt : o.restsExpireAt === undefined ? own : Math.min(own, o.restsExpireAt);
  const effectiveExpiresAt = end === undefined ? undefined : new Date(end).toISOString();
  const common = {
    ok: true as const,
    payload: p,
    hash,
    demo: o.demo,
    earlierVersion: o.earlierVersion,
    ...(effectiveExpiresAt !== undefined && { effectiveExpiresAt }),
    ...(o.certificate && { certificate: o.certificate }),
  };
  if (end !== undefined && !(time(o.now) < end)) {
    const early = own !== undefined && end < own ? ' (a skill certification it rests on expired)' : '';
    return {
      ...common,
      status: 'expired',
      message: `${what} was certified by ${signer} on ${day(p.certifiedAt)}; the certification expired on ${day(effectiveExpiresAt as string)}${early} and is due for renewal.${o.since}`,
    };
  }
  const expiry = effectiveExpiresAt ? `, valid until ${day(effectiveExpiresAt)}` : '';
  return {
    ...common,
    status: 'valid',
    message: `${what} certified by ${signer} on ${day(p.certifiedAt)}${expiry}.${o.since}`,
  };
}

/** The roster's name for the key that signed (the verifier checked it is the signed name). */
function signerName(manifest: CourseManifest, p: CertificationPayload): string {
  return manifest.roster.trainers.find((t) => t.id === p.trainer.id)?.name ?? p.trainer.name;
}

function refuse(reason: CertificationReason, message: string, missing?: string[]): RefusedCertification {
  return { ok: false, status: 'invalid', reason, message, ...(missing && { missing }) };
}

/** Per list of sign-offs: course, trainee and skill → their entries, so each list is grouped once. */
const groups = new WeakMap<readonly SignoffPayload[], Map<string, SignoffPayload[]>>();

/** The sign-offs in `signoffs` about one trainee's skill, in list order. */
export function ofSkill(
  signoffs: readonly SignoffPayload[],
  course: string,
  traineeId: string,
  skill: string,
): readonly SignoffPayload[] {
  let byKey = groups.get(signoffs);
  if (!byKey) {
    byKey = new Map();
    for (const s of signoffs) {
      const key = skillKey(s.course, s.trainee.id, s.skill);
      const list = byKey.get(key);
      if (list) list.push(s);
      else byKey.set(key, [s]);
    }
    groups.set(signoffs, byKey);
  }
  return byKey.get(skillKey(course, traineeId, skill)) ?? [];
}

type Hashable = SignoffPayload | CertificationPayload;
/** Per list of candidates: id → payload and its payload hash, so a record is indexed and hashed once. */
const indexes = new WeakMap<readonly Hashable[], Map<string, { entry: Hashable; hash?: Promise<string> }>>();

/**
 * The entries `p` rests on, found by id among `available` and matched by payload hash. Names
 * every one that is absent or differs from what was certified; one that is in the record but was
 * refused is named as such, not as missing.
 */
async function resolve<T extends Hashable>(
  p: CertificationPayload,
  available: readonly T[],
  refusedIds: ReadonlySet<string> | undefined,
  backend: CryptoBackend,
): Promise<Ok<T[]> | RefusedCertification> {
  let byId = indexes.get(available);
  if (!byId) {
    byId = new Map(available.map((a) => [a.id, { entry: a }]));
    indexes.set(available, byId);
  }
  const kind = p.scope === 'skill' ? 'sign-off' : 'skill certification';
  const found: T[] = [];
  const absent: string[] = [];
  const altered: string[] = [];
  const invalid: string[] = [];
  for (const { id, hash } of p.rests.entries) {
    const slot = byId.get(id);
    if (!slot) {
      (refusedIds?.has(id) ? invalid : absent).push(id);
      continue;
    }
    slot.hash ??= payloadHash(slot.entry, backend);
    if ((await slot.hash) !== hash) altered.push(id);
    else found.push(slot.entry as T);
  }
  if (absent.length === 0 && altered.length === 0 && invalid.length === 0) return ok(found);
  if (absent.length === 0 && altered.length === 0) {
    return refuse(
      'rests-on-invalid',
      `The certification rests on ${plural(invalid.length, kind)} ${list(invalid)} that ${invalid.length === 1 ? 'is' : 'are'} in the record but not valid (see ${invalid.length === 1 ? 'its' : 'their'} own verdict).`,
      invalid,
    );
  }
  const parts = [
    ...(absent.length > 0
      ? [`${plural(absent.length, kind)} ${list(absent)} ${absent.length === 1 ? 'is' : 'are'} not in this record`]
      : []),
    ...(altered.length > 0
      ? [
          `${plural(altered.length, kind)} ${list(altered)} ${altered.length === 1 ? 'differs' : 'differ'} from what was certified`,
        ]
      : []),
    ...(invalid.length > 0
      ? [`${plural(invalid.length, kind)} ${list(invalid)} ${invalid.length === 1 ? 'is' : 'are'} not valid`]
      : []),
  ];
  return refuse(
    'missing-entry',
    `The certification rests on entries that are missing or altered: ${parts.join('; ')}. An entry was removed from the record or replaced.`,
    [...absent, ...altered, ...invalid],
  );
}

/**
 * A skill certification must rest on sign-offs of this trainee's skill, exactly the ones holding
 * each of the four steps signed off, and the steps must all have been signed off when it was
 * signed (none re-opened before it without being signed off again).
 */
function checkSteps(
  p: CertificationPayload,
  skill: ManifestSkill,
  rested: readonly SignoffPayload[],
  signoffs: readonly SignoffPayload[],
): string | undefined {
  const certifiedAt = Date.parse(p.certifiedAt);
  for (const s of rested) {
    if (s.skill !== skill.id || s.trainee.id !== p.trainee.id || s.course !== p.course) {
      return `It rests on entry ${s.id}, which is about ${s.trainee.name}’s “${s.skill}”, not this trainee’s ${skill.title}.`;
    }
    if (s.outcome !== 'signed-off') {
      return `It rests on entry ${s.id}, which is a ${s.outcome} entry for ${stepLabel(s.step)}, not a sign-off.`;
    }
    if (Date.parse(s.signedAt) > certifiedAt) {
      return `It rests on entry ${s.id}, which was signed after the certification.`;
    }
  }
  const unsigned = STEP_ORDER.filter((step) => !rested.some((s) => s.step === step));
  if (unsigned.length > 0) {
    return `The entries it rests on do not sign off ${unsigned.map(stepLabel).join(', ')}: all four steps must be signed off.`;
  }
  const state = stepsAt(ofSkill(signoffs, p.course, p.trainee.id, skill.id), certifiedAt);
  if (state.current !== null) {
    return `When it was signed, ${stepLabel(state.current)} of ${skill.title} was not signed off (it had been re-opened).`;
  }
  const held = new Set(rested.map((s) => s.id));
  const stale = STEP_ORDER.find((step) => {
    const latest = state.latestSignOff[step];
    return latest !== undefined && !held.has(latest);
  });
  if (stale) {
    return `It rests on a sign-off of ${stepLabel(stale)} that had been re-opened and signed off again before the certification.`;
  }
  // Naming the holder beside a sign-off re-opened since would claim that one too still counts:
  // a certification rests on exactly the sign-off holding each step.
  const extra = rested.find((s) => state.latestSignOff[s.step] !== s.id);
  if (extra) {
    return `It rests on entry ${extra.id}, a sign-off of ${stepLabel(extra.step)} that had been re-opened before the certification; it names the one holding the step as well, and may name only that one.`;
  }
  return undefined;
}

/**
 * Per list of a skill's sign-offs: one replay in signing order that keeps, after each entry, the
 * current step and the entry holding each step signed off. A certification then asks "as of
 * when it was signed" by binary search: linear in the entries once, logarithmic per
 * certification, whatever order the certifications come in.
 */
const timelines = new WeakMap<readonly SignoffPayload[], StepTimeline>();

interface StepTimeline {
  /** Signing times (ms), in order. */
  times: number[];
  /** After entry k: index of the first step not signed off (STEP_ORDER.length when all are). */
  current: number[];
  /** After entry k: the id of the entry holding each step signed off, or undefined. */
  holding: (string | undefined)[][];
}

function timelineOf(list: readonly SignoffPayload[]): StepTimeline {
  const known = timelines.get(list);
  if (known) return known;
  const sorted = inSigningOrder(list);
  const signed: (string | undefined)[] = STEP_ORDER.map(() => undefined);
  const timeline: StepTimeline = { times: [], current: [], holding: [] };
  for (const p of sorted) {
    const k = STEP_ORDER.indexOf(p.step);
    // The entries were verified in order, so each one is a legal move; replay its effect only.
    if (p.outcome === 'signed-off') signed[k] = p.id;
    else if (p.outcome === 're-opened') for (let j = k; j < signed.length; j++) signed[j] = undefined;
    const first = signed.findIndex((id) => id === undefined);
    timeline.times.push(Date.parse(p.signedAt));
    timeline.current.push(first === -1 ? STEP_ORDER.length : first);
    timeline.holding.push([...signed]);
  }
  timelines.set(list, timeline);
  return timeline;
}

/** Which step was current (null: all signed off) at `t`, and the latest sign-off entry of each step. */
function stepsAt(
  list: readonly SignoffPayload[],
  t: number,
): { current: Step | null; latestSignOff: Partial<Record<Step, string>> } {
  const { times, current, holding } = timelineOf(list);
  // The number of entries signed at or before t.
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return { current: STEP_ORDER[0] ?? null, latestSignOff: {} };
  const at = current[lo - 1] as number;
  const held = holding[lo - 1] as (string | undefined)[];
  return {
    current: STEP_ORDER[at] ?? null,
    latestSignOff: Object.fromEntries(STEP_ORDER.map((s, i) => [s, held[i]])),
  };
}

/** Every vouched quiz result holds under the course's rules. */
function checkVouchedQuizzes(
  p: CertificationPayload,
  manifest: CourseManifest,
): { reason: 'unknown-version' | 'quizzes-not-passed'; message: string } | undefined {
  for (const q of p.rests.quizzes) {
    const title = lessonTitle(manifest, q.lesson);
    const version = quizVersion(manifest, q.lesson, q.hash);
    if (version === 'unknown') {
      return {
        reason: 'unknown-version',
        message: `It vouches for a result on a version of the quiz of ${title} that this site never published.`,
      };
    }
    const quiz = manifest.quizzes[q.lesson] as ManifestQuiz;
    // The course's pass mark is the floor: a trainer cannot vouch for a pass at a lower one.
    const passMark = Math.max(q.passMark ?? 0, quiz.passMark);
    if (q.score * 100 < passMark * q.total) {
      return {
        reason: 'quizzes-not-passed',
        message: `It lists a quiz result for ${title} of ${q.score}/${q.total}, below the pass mark of ${passMark}%.`,
      };
    }
    if (version === 'current' && quiz.questions !== undefined && q.total !== quiz.questions) {
      return {
        reason: 'quizzes-not-passed',
        message: `It lists a quiz result for ${title} out of ${q.total}, but that quiz has ${quiz.questions} questions.`,
      };
    }
  }
  return undefined;
}

/** Every quiz of the skill's lessons (as the manifest lists them now) passed, as vouched. */
function checkQuizzes(
  p: CertificationPayload,
  skill: ManifestSkill,
  manifest: CourseManifest,
  earlierVersion: boolean,
): { reason: 'unknown-version' | 'quizzes-not-passed'; message: string } | undefined {
  const vouched = checkVouchedQuizzes(p, manifest);
  if (vouched) return vouched;
  // An earlier version's lessons may have had other quizzes then; what it vouched for is checked above.
  if (earlierVersion) return undefined;
  const listed = new Set(p.rests.quizzes.map((q) => q.lesson));
  const unlisted = skill.lessons.filter((l) => Object.hasOwn(manifest.quizzes, l) && !listed.has(l));
  if (unlisted.length > 0) {
    return {
      reason: 'quizzes-not-passed',
      message: `It lists no passed quiz for ${unlisted.map((l) => lessonTitle(manifest, l)).join(', ')}.`,
    };
  }
  return undefined;
}

/**
 * A course certification must rest on skill certifications of this trainee, each signed before
 * it and not expired when it was signed, covering every skill the course requires.
 */
function checkSkills(
  p: CertificationPayload,
  rested: readonly CertificationPayload[],
  manifest: CourseManifest,
): string | undefined {
  const certifiedAt = Date.parse(p.certifiedAt);
  for (const c of rested) {
    if (c.scope !== 'skill' || c.trainee.id !== p.trainee.id || c.course !== p.course) {
      return `It rests on entry ${c.id}, which is not a skill certification of this trainee.`;
    }
    if (Date.parse(c.certifiedAt) > certifiedAt) {
      return `It rests on the certification of ${skillTitle(manifest, c.skill as string)}, which was signed after it.`;
    }
    if (isExpiredAt(c, certifiedAt)) {
      return `It rests on the certification of ${skillTitle(manifest, c.skill as string)}, which had expired when the course was certified.`;
    }
  }
  const covered = new Set(rested.map((c) => c.skill));
  const uncovered = manifest.skills.filter((s) => s.required && !covered.has(s.id));
  if (uncovered.length > 0) {
    return `It does not rest on a certification of ${uncovered.map((s) => s.title).join(', ')}, which the course requires: a course certification needs every required skill.`;
  }
  return undefined;
}

function skillTitle(manifest: CourseManifest, skill: string): string {
  return skillById(manifest, skill)?.title ?? skill;
}

function day(dateTime: string): string {
  return dateTime.slice(0, 10);
}

function plural(n: number, noun: string): string {
  return n === 1 ? noun : `${noun}s`;
}

function list(ids: readonly string[]): string {
  return ids.length > 5 ? `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more` : ids.join(', ');
}
