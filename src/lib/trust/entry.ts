/**
 * The sign-off entry: a compact JWS (ES256) made by a trainer about one step of one skill of
 * one trainee. The payload is validated by hand (no zod in the browser bundle), strictly:
 * unknown members are refused, because everything signed is something a verifier should show.
 */
import { CompactSign } from 'jose';
import type { Step } from '../content/schema';
import { utf8, isRecord, unknownKeys } from './encoding';
import {
  HASH,
  TEXT_LIMITS,
  checkContentId,
  checkEnum,
  checkHead,
  checkName,
  checkStep,
  checkText,
  checkTraineeId,
  checkTrainerRef,
  isInstant,
} from './fields';
import { fail, ok, type Result } from '../result';

/** Media type in the protected header, so a sign-off cannot be mistaken for another JWS. */
export const SIGNOFF_TYP = 'tandem-signoff+jws';
/** Longest compact JWS accepted anywhere (characters); `signSignoff` never makes a longer one. */
export const MAX_SIGNOFF_LENGTH = 16 * 1024;

export const OUTCOMES = ['signed-off', 'practice', 're-opened'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const LEARNING_STYLES = ['auditory', 'visual', 'read-write', 'kinesthetic'] as const;
export type LearningStyle = (typeof LEARNING_STYLES)[number];

/** What the trainer records for the step (the evidence each step asks for); every member is optional. */
export interface Evidence {
  /** Show: the trainee's learning style, which the trainer leaned on. */
  learningStyle?: LearningStyle;
  /** Show: what the trainee noticed and why, in their words. */
  explanation?: string;
  /** Co-pilot and Solo: the debrief after the session. */
  debrief?: string;
  /** Teach-back: who the trainee taught. */
  taught?: { name: string; role: string };
}

/** Who signed: the trainer's roster id, the name they signed as, and their key id. */
export interface TrainerRef {
  id: string;
  name: string;
  kid: string;
}

/** The signed payload of a sign-off entry, format version 1. */
export interface SignoffPayload {
  v: 1;
  typ: 'signoff';
  /** Unique entry id (UUID): duplicates are recognised by it. */
  id: string;
  course: string;
  skill: string;
  /** Content hash of the skill as the trainer saw it. */
  skillHash: string;
  /**
   * Who was signed off. `kid`: the RFC 7638 thumbprint of the trainee's own key, from their
   * request (a bound entry: the trainer vouches for the key of the person in front of them).
   * Absent in entries made before trainee keys, and for trainees without one: single-signed.
   */
  trainee: { id: string; name: string; kid?: string };
  step: Step;
  outcome: Outcome;
  /** Day the session took place, YYYY-MM-DD (the trainer's local date). */
  observedAt: string;
  /** When the entry was signed, ISO date-time in UTC (by the signing device's clock). */
  signedAt: string;
  trainer: TrainerRef;
  evidence: Evidence;
  notes: string;
}

/** What the trainer's page fills in; `signSignoff` adds the entry id, times and trainer. */
export interface SignoffInput {
  course: string;
  skill: string;
  skillHash: string;
  trainee: { id: string; name: string; kid?: string | undefined };
  step: Step;
  outcome: Outcome;
  observedAt: string;
  /** Members left undefined (an empty form field) are simply not signed. */
  evidence?: { [K in keyof Evidence]?: Evidence[K] | undefined };
  notes?: string;
  /** Defaults to `crypto.randomUUID()`; set only in tests. */
  id?: string;
  /** Defaults to now; set only in tests. */
  signedAt?: Date;
}

/** The trainer's key and identity, from their device's key store. */
export interface Signer {
  privateKey: CryptoKey;
  kid: string;
  trainerId: string;
  trainerName: string;
}

export interface SignedSignoff {
  jws: string;
  payload: SignoffPayload;
}

/**
 * Signs a sign-off entry. Refuses (rather than signs) anything `verifySignoff` would refuse as
 * a bad payload or too large, so a trainer never hands out an entry that cannot be stored.
 */
export async function signSignoff(
  input: SignoffInput,
  signer: Signer,
): Promise<Result<SignedSignoff, 'bad-payload' | 'too-large'>> {
  const candidate = {
    v: 1,
    typ: 'signoff',
    id: input.id ?? crypto.randomUUID(),
    course: input.course,
    skill: input.skill,
    skillHash: input.skillHash,
    trainee: {
      id: input.trainee.id,
      name: input.trainee.name,
      ...(input.trainee.kid !== undefined && { kid: input.trainee.kid }),
    },
    step: input.step,
    outcome: input.outcome,
    observedAt: input.observedAt,
    signedAt: (input.signedAt ?? new Date()).toISOString(),
    trainer: { id: signer.trainerId, name: signer.trainerName, kid: signer.kid },
    evidence: input.evidence ?? {},
    notes: input.notes ?? '',
  };
  return signChecked(candidate, signer, {
    parse: parsePayload,
    typ: SIGNOFF_TYP,
    maxLength: MAX_SIGNOFF_LENGTH,
    tooLarge: 'This entry is too long to sign: shorten the notes or the evidence.',
  });
}

/**
 * Signs `candidate` as a compact ES256 JWS, checking and returning exactly what is signed: the
 * JSON round trip drops undefined members and detaches the payload from the caller's objects.
 * Refuses a payload its verifier would refuse (`parse`) and a JWS longer than it accepts.
 * Shared by sign-offs and certifications (src/lib/trust/certification/).
 */
export async function signChecked<P>(
  candidate: unknown,
  signer: Signer,
  o: { parse: (value: unknown) => Result<P, 'bad-payload'>; typ: string; maxLength: number; tooLarge: string },
): Promise<Result<{ jws: string; payload: P }, 'bad-payload' | 'too-large'>> {
  const json = JSON.stringify(candidate);
  const parsed = o.parse(JSON.parse(json));
  if (!parsed.ok) return parsed;
  const jws = await new CompactSign(utf8.encode(json))
    .setProtectedHeader({ alg: 'ES256', kid: signer.kid, typ: o.typ })
    .sign(signer.privateKey);
  if (jws.length > o.maxLength) return fail('too-large', o.tooLarge);
  return ok({ jws, payload: parsed.value });
}

const PAYLOAD_KEYS = [
  'v',
  'typ',
  'id',
  'course',
  'skill',
  'skillHash',
  'trainee',
  'step',
  'outcome',
  'observedAt',
  'signedAt',
  'trainer',
  'evidence',
  'notes',
] as const;
const EVIDENCE_KEYS = ['learningStyle', 'explanation', 'debrief', 'taught'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/**
 * Checks that `value` is a version-1 sign-off payload and returns it typed, or names the first
 * field that is wrong. Never throws.
 *
 * Certification entries have their own header `typ`, payload `typ` and parser
 * (src/lib/trust/certification/); here any other `typ` is refused.
 */
export function parsePayload(value: unknown): Result<SignoffPayload, 'bad-payload'> {
  const problem = payloadProblem(value);
  return problem ? fail('bad-payload', `The entry is not a valid sign-off: ${problem}.`) : ok(value as SignoffPayload);
}

function payloadProblem(p: unknown): string | undefined {
  if (!isRecord(p)) return 'the payload is not an object';
  const head = checkHead(p, PAYLOAD_KEYS, 'signoff');
  if (head) return head;
  const skill = checkContentId(p['skill'], 'skill');
  if (skill) return skill;
  if (typeof p['skillHash'] !== 'string' || !HASH.test(p['skillHash'])) return 'skillHash is not a SHA-256 hash';

  const trainee = p['trainee'];
  if (!isRecord(trainee) || unknownKeys(trainee, ['id', 'name', 'kid']).length > 0) {
    return 'trainee is not {id, name, kid?}';
  }
  const traineeProblem = checkTraineeId(trainee['id'], 'trainee.id') ?? checkName(trainee['name'], 'trainee.name');
  if (traineeProblem) return traineeProblem;
  if (trainee['kid'] !== undefined && (typeof trainee['kid'] !== 'string' || !HASH.test(trainee['kid']))) {
    return 'trainee.kid is not a key id';
  }

  const stepProblem = checkStep(p['step'], 'step') ?? checkEnum(p['outcome'], 'outcome', OUTCOMES);
  if (stepProblem) return stepProblem;

  const observedAt = p['observedAt'];
  if (typeof observedAt !== 'string' || !isCalendarDate(observedAt)) return 'observedAt is not a date (YYYY-MM-DD)';
  const signedAt = p['signedAt'];
  if (!isInstant(signedAt)) {
    return 'signedAt is not a UTC date-time';
  }
  // observedAt is the trainer's local date; a day's slack covers every time zone.
  if (Date.parse(observedAt) > Date.parse(signedAt) + DAY_MS) return 'observedAt is after signedAt';

  const trainerProblem = checkTrainerRef(p['trainer']);
  if (trainerProblem) return trainerProblem;

  const evidenceProblem = checkEvidence(p['evidence']);
  if (evidenceProblem) return evidenceProblem;
  return checkText(p['notes'], 'notes', TEXT_LIMITS.notes);
}

function checkEvidence(e: unknown): string | undefined {
  if (!isRecord(e)) return 'evidence is not an object';
  const extra = unknownKeys(e, EVIDENCE_KEYS);
  if (extra.length > 0) return `unknown field "evidence.${extra[0]}"`;
  if (e['learningStyle'] !== undefined) {
    const problem = checkEnum(e['learningStyle'], 'evidence.learningStyle', LEARNING_STYLES);
    if (problem) return problem;
  }
  if (e['explanation'] !== undefined) {
    const problem = checkText(e['explanation'], 'evidence.explanation', TEXT_LIMITS.explanation);
    if (problem) return problem;
  }
  if (e['debrief'] !== undefined) {
    const problem = checkText(e['debrief'], 'evidence.debrief', TEXT_LIMITS.debrief);
    if (problem) return problem;
  }
  const taught = e['taught'];
  if (taught !== undefined) {
    if (!isRecord(taught) || unknownKeys(taught, ['name', 'role']).length > 0) {
      return 'evidence.taught is not {name, role}';
    }
    return checkName(taught['name'], 'evidence.taught.name') ?? checkName(taught['role'], 'evidence.taught.role');
  }
  return undefined;
}

/** YYYY-MM-DD naming a day that exists (not 2026-02-30). */
function isCalendarDate(text: string): boolean {
  // Only what can be a date is remembered: a long string is no date, and must not fill the memory.
  if (text.length !== 10) return false;
  let known = calendarDatesSeen.get(text);
  if (known === undefined) {
    const t = DATE.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
    known = !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === text;
    // Entries of a file fall on a few dozen days: each is worked out once (bounded, as below).
    if (calendarDatesSeen.size >= 1024) calendarDatesSeen.clear();
    calendarDatesSeen.set(text, known);
  }
  return known;
}

const calendarDatesSeen = new Map<string, boolean>();
