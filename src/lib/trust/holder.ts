/**
 * Proof of holder: a verifier asks the person presenting a record to prove it is theirs, face to
 * face and offline. The verifier's page makes a one-time challenge (a fresh random nonce, the
 * verifier's time, and which record and trainee key it is for); the trainee's device signs it
 * with the trainee key; the verifier's page checks the answer against the trainee key of the
 * record it verified, the nonce it issued, and a short time window.
 *
 * What it proves is narrow, and the pages say so: whoever answered holds (or can reach, right now)
 * the private trainee key that the record's bound entries were made for. A record nobody vouched
 * a key for (single-signed, or a key no valid entry names) cannot be proven: a key put into a
 * file by whoever holds it would prove only that they made a key.
 *
 * Nothing in a challenge or an answer is trusted. The trainee's device rebuilds the signed bytes
 * from the challenge's checked fields, so it never signs bytes a link chose; the verifier keeps the
 * challenge it issued and believes nothing the answer says about it but the signature.
 */
import { canonicalJson } from '../hash';
import { base64url, decodeBase64urlJson, encodeBase64urlJson, fromBase64url, isRecord, unknownKeys } from './encoding';
import { signEs256, verifyEs256 } from './es256';
import { checkContentId, checkTraineeId, DATE_TIME, HASH, instant } from './fields';
import { publicKeyThumbprint } from './key-id';
import { readPublicJwk } from './public-jwk';
import { fail, ok, type Result } from '../result';
import type { PublicJwk } from './roster';
import { defaultBackend, type CryptoBackend } from './verify';

/** Fragment prefix of a challenge link (opened on the trainee's device, on the checklist). */
export const CHALLENGE_PREFIX = 'prove=';
/** Fragment prefix of an answer link (opened on the verifier's device, on the verify page). */
export const ANSWER_PREFIX = 'proof=';
/**
 * How long after the verifier issued it an answer counts: long enough to scan a code and type a
 * passphrase, short enough that an answer relayed from elsewhere has little time to travel.
 */
export const HOLDER_WINDOW_MS = 3 * 60_000;
/** The signed bytes' protected header: a holder proof can never pass as any other signed thing. */
export const HOLDER_TYP = 'tandem-holder-proof+jws';
const NONCE_BYTES = 16;
/** The first bytes of the signer's key id, in the answer only to tell "wrong key" from "forged". */
const KID_PREFIX_BYTES = 6;
const ANSWER_VERSION = 1;
const ANSWER_BYTES = 1 + NONCE_BYTES + KID_PREFIX_BYTES + 64;
const MAX_CHALLENGE_LENGTH = 1024;

/** The one-time challenge a verifier shows: what the trainee's device signs. */
export interface HolderChallenge {
  v: 1;
  course: string;
  /** The record's trainee id. */
  trainee: string;
  /** Thumbprint of the record's trainee key: the key that must answer. */
  kid: string;
  /** 16 random bytes, base64url: fresh for every challenge. */
  nonce: string;
  /** The verifier's clock when it was made. */
  at: string;
}

/** The record a challenge is about, as the verifier's page verified it. */
export interface HolderTarget {
  courseId: string;
  traineeId: string;
  traineeName: string;
  publicJwk: PublicJwk;
  kid: string;
  /** Valid entries of the record made for this key (bound entries): at least one. */
  bound: number;
}

export type HolderReason =
  | 'holder-unbound'
  | 'holder-malformed'
  | 'holder-other-challenge'
  | 'holder-used'
  | 'holder-stale'
  | 'holder-wrong-key'
  | 'holder-forged';

/** A verified entry as the verdict lists it: only its status and the key it names are read. */
export interface VerdictEntry {
  kind: string;
  status: string;
  payload?: { trainee: { id: string } } | undefined;
}

/**
 * The record a verifier may challenge its presenter about: the trainee key the file carries,
 * provided at least one valid entry of the record was made for it (the trainer vouched for that
 * key). `file` is the parsed bundle; `entries` the verdict on its entries, from `verifyBundle`.
 */
export async function holderTarget(
  file: unknown,
  entries: readonly VerdictEntry[],
  course: { id: string; traineeId: string; traineeName: string },
  backend: CryptoBackend = defaultBackend(),
): Promise<Result<HolderTarget, 'holder-unbound'>> {
  const trainee = isRecord(file) ? file['trainee'] : undefined;
  const jwk = isRecord(trainee) ? readPublicJwk(trainee['key']) : undefined;
  if (!jwk) {
    return fail(
      'holder-unbound',
      'This record carries no trainee key: it is single-signed, so whoever presents it cannot prove it is theirs.',
    );
  }
  const kid = await publicKeyThumbprint(jwk, backend);
  const bound = entries.filter(
    (e) => e.kind === 'signoff' && (e.status === 'valid' || e.status === 'duplicate') && kidOf(e.payload) === kid,
  ).length;
  if (bound === 0) {
    return fail(
      'holder-unbound',
      'This record carries a trainee key, but no valid entry was made for it: no trainer vouched for that key, so proving it would prove nothing.',
    );
  }
  return ok({
    courseId: course.id,
    traineeId: course.traineeId,
    traineeName: course.traineeName,
    publicJwk: jwk,
    kid,
    bound,
  });
}

function kidOf(payload: VerdictEntry['payload']): unknown {
  return payload && 'kid' in payload.trainee ? payload.trainee.kid : undefined;
}

/** A fresh challenge for `target`, with 16 random bytes and the verifier's time. */
export function makeChallenge(target: HolderTarget, now: Date = new Date()): HolderChallenge {
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  return {
    v: 1,
    course: target.courseId,
    trainee: target.traineeId,
    kid: target.kid,
    nonce: base64url(nonce),
    at: now.toISOString(),
  };
}

/** The fragment (without `#`) of a challenge link; also the text to paste. */
export function encodeChallenge(challenge: HolderChallenge): string {
  return CHALLENGE_PREFIX + encodeBase64urlJson(challenge);
}

/** Reads a challenge from a link, its fragment or its text. Never throws. */
export function decodeChallenge(text: unknown): Result<HolderChallenge, 'holder-malformed'> {
  const body = afterPrefix(text, CHALLENGE_PREFIX, MAX_CHALLENGE_LENGTH);
  const damaged = (why: string) =>
    fail(
      'holder-malformed',
      `This is not a whole proof-of-holder challenge (${why}). Ask the verifier to show it again.`,
    );
  if (body === undefined) return damaged('no challenge in it');
  const c = decodeBase64urlJson(body);
  if (!isRecord(c)) return damaged('it is cut short or changed');
  if (c['v'] !== 1) return damaged('made by another version of the site');
  const extra = unknownKeys(c, ['v', 'course', 'trainee', 'kid', 'nonce', 'at']);
  if (extra.length > 0) return damaged(`unknown field "${extra[0]?.slice(0, 40)}"`);
  const problem =
    checkContentId(c['course'], 'course') ??
    checkTraineeId(c['trainee'], 'trainee') ??
    (typeof c['kid'] === 'string' && HASH.test(c['kid']) ? undefined : 'kid') ??
    (typeof c['nonce'] === 'string' && fromBase64url(c['nonce'])?.length === NONCE_BYTES ? undefined : 'nonce') ??
    (typeof c['at'] === 'string' && DATE_TIME.test(c['at']) && !Number.isNaN(instant(c['at'])) ? undefined : 'at');
  if (problem) return damaged(problem);
  const { course, trainee, kid, nonce, at } = c as unknown as HolderChallenge;
  return ok({ v: 1, course, trainee, kid, nonce, at });
}

/**
 * The bytes the trainee key signs: a detached JWS signing input whose header names the holder
 * proof's own type, over the challenge's canonical JSON. Rebuilt from the checked fields, so the
 * trainee's device never signs what a link spelled, and the same challenge always gives the same
 * bytes on both devices.
 */
export function holderSigningInput(challenge: HolderChallenge): string {
  const { v, course, trainee, kid, nonce, at } = challenge;
  const header = encodeBase64urlJson({ alg: 'ES256', typ: HOLDER_TYP });
  return `${header}.${base64url(new TextEncoder().encode(canonicalJson({ v, course, trainee, kid, nonce, at })))}`;
}

/**
 * The trainee's device answers a challenge: the answer text (`proof=…`), short enough for a QR
 * code or a link. The caller has checked the challenge is for this course and this profile's key.
 */
export async function answerChallenge(
  challenge: HolderChallenge,
  key: { privateKey: CryptoKey; kid: string },
): Promise<string> {
  if (key.kid !== challenge.kid) throw new Error('this key is not the one the challenge is for');
  const signature = await signEs256(key.privateKey, holderSigningInput(challenge));
  const bytes = new Uint8Array(ANSWER_BYTES);
  bytes[0] = ANSWER_VERSION;
  bytes.set(fromBase64url(challenge.nonce) ?? new Uint8Array(NONCE_BYTES), 1);
  bytes.set((fromBase64url(key.kid) ?? new Uint8Array(32)).subarray(0, KID_PREFIX_BYTES), 1 + NONCE_BYTES);
  bytes.set(signature, 1 + NONCE_BYTES + KID_PREFIX_BYTES);
  return ANSWER_PREFIX + base64url(bytes);
}

interface HolderAnswer {
  nonce: string;
  kidPrefix: string;
  signature: Uint8Array;
}

function decodeAnswer(text: unknown): HolderAnswer | undefined {
  const body = afterPrefix(text, ANSWER_PREFIX, 200);
  const bytes = body === undefined ? undefined : fromBase64url(body);
  if (bytes?.length !== ANSWER_BYTES || bytes[0] !== ANSWER_VERSION) return undefined;
  return {
    nonce: base64url(bytes.subarray(1, 1 + NONCE_BYTES)),
    kidPrefix: base64url(bytes.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + KID_PREFIX_BYTES)),
    signature: bytes.slice(1 + NONCE_BYTES + KID_PREFIX_BYTES),
  };
}

/** Whether an answer is one this site makes (to route a pasted text), without checking it. */
export function looksLikeAnswer(text: string): boolean {
  return decodeAnswer(text) !== undefined;
}

/**
 * The verifier's side: the challenges this page issued, each answerable once, within
 * `HOLDER_WINDOW_MS` of being issued by this page's own clock. Issuing a new challenge retires
 * the one before it, so an answer to it is "another challenge"; an answer that was accepted
 * cannot be accepted again.
 */
export class HolderDesk {
  private current: { challenge: HolderChallenge; target: HolderTarget; issuedAt: number; used: boolean } | undefined;
  private readonly retired = new Set<string>();

  /** A new challenge for `target`, replacing any earlier one. */
  issue(target: HolderTarget, now: Date = new Date()): HolderChallenge {
    if (this.current) this.retired.add(this.current.challenge.nonce);
    const challenge = makeChallenge(target, now);
    this.current = { challenge, target, issuedAt: now.getTime(), used: false };
    return challenge;
  }

  /** The challenge waiting for an answer, if any. */
  pending(): HolderChallenge | undefined {
    return this.current && !this.current.used ? this.current.challenge : undefined;
  }

  /** Forgets the current challenge (another record was opened). */
  clear(): void {
    if (this.current) this.retired.add(this.current.challenge.nonce);
    this.current = undefined;
  }

  /**
   * Judges an answer. Accepted once: the challenge is then used up. A refusal leaves the
   * challenge waiting (until its window ends), so a mistyped answer can be corrected.
   */
  async check(
    text: unknown,
    now: Date = new Date(),
    backend: CryptoBackend = defaultBackend(),
  ): Promise<Result<HolderTarget, HolderReason>> {
    const answer = decodeAnswer(text);
    if (!answer) {
      return fail('holder-malformed', 'This is not a whole proof-of-holder answer: it may be cut short or mistyped.');
    }
    const current = this.current;
    if (!current || answer.nonce !== current.challenge.nonce) {
      return fail(
        'holder-other-challenge',
        this.retired.has(answer.nonce)
          ? 'This answers an earlier challenge of this page, not the one shown now: ask for an answer to the current challenge.'
          : 'This answers a challenge this page did not issue: an old answer, or one made for another verifier.',
      );
    }
    if (current.used) {
      return fail(
        'holder-used',
        'This challenge was already answered: a challenge counts once. Make a new one to ask again.',
      );
    }
    const age = now.getTime() - current.issuedAt;
    if (age > HOLDER_WINDOW_MS || age < -60_000) {
      return fail(
        'holder-stale',
        `This answer came ${Math.round(age / 1000)} seconds after the challenge; it counts only within ${HOLDER_WINDOW_MS / 60_000} minutes. Make a new challenge.`,
      );
    }
    const expected = base64url((fromBase64url(current.target.kid) ?? new Uint8Array(32)).subarray(0, KID_PREFIX_BYTES));
    if (answer.kidPrefix !== expected) {
      return fail(
        'holder-wrong-key',
        `This answer was signed with another key (${answer.kidPrefix}…), not this record’s trainee key (${current.target.kid.slice(0, 8)}…): whoever answered does not hold this record.`,
      );
    }
    if (
      !(await verifyEs256(current.target.publicJwk, holderSigningInput(current.challenge), answer.signature, backend))
    ) {
      return fail(
        'holder-forged',
        'The answer’s signature does not match this challenge and this record’s trainee key: it is forged or changed.',
      );
    }
    current.used = true;
    return ok(current.target);
  }
}

/** The text after `prefix` in a link, a fragment or the bare text. */
function afterPrefix(text: unknown, prefix: string, max: number): string | undefined {
  if (typeof text !== 'string' || text.length > max * 3) return undefined;
  let t = text.trim();
  const at = t.indexOf(prefix);
  if (at < 0) return undefined;
  t = t.slice(at + prefix.length);
  if (t.includes('%')) {
    try {
      t = decodeURIComponent(t);
    } catch {
      return undefined;
    }
  }
  return t.length > 0 && t.length <= max ? t : undefined;
}

/** A profile on the trainee's device, as far as answering a challenge needs it. */
export interface AnsweringProfile {
  id: string;
  name: string;
  /** Thumbprint of the profile's trainee key; undefined when it has none. */
  kid: string | undefined;
}

/**
 * Which profile on the trainee's device a challenge is for: this course, a profile with the
 * challenge's trainee id and that very key. Anything else is refused before anything is signed.
 * `clockSkewMs` is how far the challenge's time is from this device's clock, for a warning.
 */
export function profileForChallenge(
  challenge: HolderChallenge,
  courseId: string,
  profiles: readonly AnsweringProfile[],
  now: Date = new Date(),
): Result<{ profile: AnsweringProfile; clockSkewMs: number }, 'wrong-course' | 'no-such-key'> {
  if (challenge.course !== courseId) {
    return fail('wrong-course', `This challenge is for another course (“${challenge.course}”), not this one.`);
  }
  const profile = profiles.find((p) => p.kid === challenge.kid && p.id === challenge.trainee);
  if (!profile) {
    return fail(
      'no-such-key',
      `This challenge is for the trainee key ${challenge.kid.slice(0, 8)}…, which no trainee on this browser holds: the record is not yours, or your key is on another device.`,
    );
  }
  return ok({ profile, clockSkewMs: instant(challenge.at) - now.getTime() });
}
