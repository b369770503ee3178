/**
 * Verification of a sign-off entry before it is stored, shown or counted. One function, used by
 * the browser and the `verify` command alike, that either accepts an entry or refuses it with
 * one reason code and a sentence naming the specific problem.
 *
 * The checks run cheapest and least trusting first: nothing from the token is believed (not
 * even which algorithm it claims) until the signature has been checked with a roster key.
 *
 * Over 400 lines on purpose: this is the one policy for a signed entry's envelope, signature,
 * signer and signing time, shared by sign-offs and certifications (./certification/verify.ts),
 * and it is easiest to check for safety read in the order the checks run.
 */
import { canonicalJson, nobleSha256, sha256 } from '../hash';
import { MAX_SIGNOFF_LENGTH, SIGNOFF_TYP, parsePayload, type SignoffPayload, type TrainerRef } from './entry';
import {
  COMPACT_JWS,
  decodeBase64urlJson,
  decodeUtf8,
  memberNames,
  fromAlphabetOnly,
  fromBase64url,
  isRecord,
  parseJson,
  unknownKeys,
  utf8,
} from './encoding';
import { checkStepOrder, type AcceptedEntries } from './ledger';
import { labelsFor } from './reasons';
import { maySignOff } from './qualification';
import { fail, ok, type Failure, type Result } from '../result';
import { findKey, keyStatusAt, type PublicJwk, type Roster, type RosterKey, type RosterTrainer } from './roster';

/** Refusals of the envelope every signed entry has: size, shape, algorithm, key, signature. */
export const ENVELOPE_REASONS = ['too-large', 'malformed', 'alg-not-allowed', 'unknown-key', 'bad-signature'] as const;
/** Refusals of the signer: the key's owner and name, and whether the key counted when the entry says it was signed. */
export const SIGNER_REASONS = [
  'key-trainer-mismatch',
  'trainer-name-mismatch',
  'key-not-yet-valid',
  'key-expired',
  'key-revoked',
] as const;
/** Refusals of what a sign-off and a certification both claim against the manifest. */
export const CLAIM_REASONS = [
  'bad-payload',
  'not-qualified',
  'wrong-course',
  'wrong-trainee',
  'unknown-skill',
  'unknown-version',
  'signed-in-future',
  'not-yet-signed',
] as const;

const VERIFY_REASONS = [
  ...ENVELOPE_REASONS,
  ...SIGNER_REASONS,
  ...CLAIM_REASONS,
  'wrong-trainee-key',
  'out-of-order',
  'id-conflict',
] as const;

/** Why an entry was refused. */
export type VerifyReason = (typeof VERIFY_REASONS)[number];

/** Short labels for each refusal (from the one table in ./reasons); the sentence is in `message`. */
export const VERIFY_REASON_LABELS: Readonly<Record<VerifyReason, string>> = labelsFor(VERIFY_REASONS);

/**
 * How far ahead of the verifying device's clock an entry may say it was signed: the signing
 * device's clock may run a little fast. Anything later was not signed yet, whatever it says.
 */
export const CLOCK_ALLOWANCE_MS = 5 * 60_000;

/**
 * How signatures and hashes are computed. 'webcrypto' needs `crypto.subtle`, which browsers give
 * only to secure contexts; 'noble' is pure JavaScript, so a site opened over plain http (a
 * trainee's laptop on the office network) can still verify. Tests pass it explicitly.
 */
export type CryptoBackend = 'webcrypto' | 'noble';

export function defaultBackend(): CryptoBackend {
  return globalThis.crypto?.subtle ? 'webcrypto' : 'noble';
}

export interface VerifyContext {
  /** The published roster: the only source of trusted keys. */
  roster: Roster;
  courseId: string;
  /** When given, entries about anyone else are refused. */
  traineeId?: string;
  /**
   * The thumbprint of the trainee's own key as their record carries it (null: the record has
   * none). When given, an entry bound to another key is refused: its trainer vouched for someone
   * else's key (a request whose key was swapped), so it is not this trainee's. Unbound entries
   * (single-signed, made before trainee keys) are judged as before.
   */
  traineeKid?: string | null;
  /** Current content hash of each skill of the course, by skill id. */
  skillHashes: Readonly<Record<string, string>>;
  /**
   * Hashes of the earlier versions of each skill that the site published (manifest
   * `skills[].earlier`). A hash that is neither current nor listed is refused.
   */
  earlierSkillHashes?: Readonly<Record<string, readonly string[]>>;
  /** The moment to judge at (default: now). Entries signed after it do not exist yet. */
  now?: Date | string | number;
  /** The verifying device's clock (default: now); set only in tests. */
  clock?: Date | string | number;
  /**
   * Payloads already stored for this trainee (all skills): for step order and duplicates. Pass
   * an `acceptedEntries` index when verifying many entries in a row (it keeps that linear).
   */
  accepted: readonly SignoffPayload[] | AcceptedEntries;
  /** Defaults to `defaultBackend()`. */
  backend?: CryptoBackend;
}

export interface AcceptedSignoff {
  ok: true;
  /** 'duplicate': this very entry is already stored; storing it again changes nothing. */
  status: 'valid' | 'duplicate';
  payload: SignoffPayload;
  /** Signed by the published demo trainer: show "demo" wherever it appears. */
  demo: boolean;
  /** Signed against an earlier version of the skill: kept, and shown as such. */
  earlierVersion: boolean;
}

export interface RefusedSignoff {
  ok: false;
  status: 'invalid';
  reason: VerifyReason;
  message: string;
}

export type VerifyResult = AcceptedSignoff | RefusedSignoff;

const HEADER_KEYS = ['alg', 'kid', 'typ'];

/** Why a signed entry of any kind (sign-off, certification) was refused before its payload was read. */
export type EnvelopeReason = (typeof ENVELOPE_REASONS)[number];

/** A compact JWS whose signature verified with a roster key; its payload is not checked yet. */
export interface OpenedEntry {
  kid: string;
  trainer: RosterTrainer;
  key: RosterKey;
  /** The decoded payload JSON: untrusted in shape until the caller's parser has checked it. */
  payload: unknown;
}

/**
 * The checks every signed Tandem entry goes through, cheapest and least trusting first: size,
 * compact form, header (ES256 only, the expected `typ`, a kid), a key on the roster, and the
 * signature. Shared by sign-offs and certification entries so both refuse alike. Never throws.
 */
export async function openSignedEntry(
  jws: unknown,
  expect: {
    roster: Roster;
    typ: string;
    maxLength: number;
    backend?: CryptoBackend;
    /**
     * A cheap check of the still unverified payload, run before the signature: when it fails the
     * entry is refused without paying for an ECDSA verification (a file of ten thousand entries
     * of another course costs nothing). It may only refuse, never accept.
     */
    precheck?: (payload: unknown) => Failure<string> | undefined;
  },
): Promise<Result<OpenedEntry>> {
  const backend = expect.backend ?? defaultBackend();
  if (typeof jws !== 'string') return fail('malformed', 'The entry is not text.');
  if (jws.length > expect.maxLength) {
    return fail('too-large', `The entry is ${jws.length} characters long; at most ${expect.maxLength} are accepted.`);
  }
  if (!COMPACT_JWS.test(jws)) {
    return fail('malformed', 'The entry is not a signed entry (three base64url parts separated by dots).');
  }
  const [headerPart, payloadPart, signaturePart] = jws.split('.') as [string, string, string];
  // COMPACT_JWS has checked every part's alphabet.
  const signature = fromAlphabetOnly(signaturePart);
  // Decoded once and kept: a bundle holds thousands of entries, and decoding each payload three
  // times was a good part of what verification cost besides the signature.
  const payloadBytes = fromAlphabetOnly(payloadPart);
  if (!signature || !payloadBytes) {
    return fail('malformed', 'The entry’s payload or signature is not valid base64url.');
  }

  const head = readHeader(headerPart, expect.roster, expect.typ);
  if (!head.ok) return head;
  const { kid, trainer, key } = head.value;
  const payloadText = decodeUtf8(payloadBytes);
  const payload = payloadText === undefined ? undefined : parseJson(payloadText);
  const early = expect.precheck?.(payload);
  if (early) return early;

  // A slice of the entry, not the parts joined again: an encoder reads it in place, without
  // first copying a joined string flat.
  const signingInput = jws.slice(0, headerPart.length + 1 + payloadPart.length);
  const signed =
    backend === 'webcrypto'
      ? await webCryptoVerify(signingInput, signature, key)
      : await nobleVerify(signingInput, signature, key.jwk);
  if (!signed) {
    return fail(
      'bad-signature',
      `The signature does not match the entry: it was changed after ${trainer.name} signed it, or signed with another key.`,
    );
  }
  // JSON.parse keeps the last of two members with one name, while another reader may keep the
  // first: a signed payload must mean one thing to every verifier.
  // Nor does every parser read an escaped name alike (json-members.ts): its names must be plain,
  // as every Tandem signer writes them.
  const { repeated, escaped } = payloadText === undefined ? {} : memberNames(payloadText);
  if (repeated) return fail('malformed', `The entry’s payload names "${clip(repeated)}" twice.`);
  if (escaped !== undefined) {
    return fail('malformed', `The entry’s payload writes the field name "${clip(escaped)}" with an escape.`);
  }
  return ok({ kid, trainer, key, payload });
}

/** A header's verdict: the kid and its roster key, or why the header is refused. */
type HeaderVerdict = Result<{ kid: string; trainer: RosterTrainer; key: RosterKey }, string>;

/**
 * Header verdicts remembered per roster and header text: every entry one key signs has the very
 * same header, so a bundle's thousands of entries decode and check it once. A few dozen at most,
 * so a file of made-up headers cannot fill the memory.
 */
const headerVerdicts = new WeakMap<Roster, Map<string, HeaderVerdict>>();
const MAX_HEADERS = 64;

function readHeader(headerPart: string, roster: Roster, typ: string): HeaderVerdict {
  let known = headerVerdicts.get(roster);
  if (!known) headerVerdicts.set(roster, (known = new Map<string, HeaderVerdict>()));
  const memo = `${typ}.${headerPart}`;
  const hit = known.get(memo);
  if (hit) return hit;
  const verdict = judgeHeader(headerPart, roster, typ);
  if (known.size >= MAX_HEADERS) known.clear();
  known.set(memo, verdict);
  return verdict;
}

/** The header's checks, cheapest and least trusting first: JSON, ES256 only, no other member, the expected typ, a kid on the roster. */
function judgeHeader(headerPart: string, roster: Roster, typ: string): HeaderVerdict {
  const header = decodeBase64urlJson(headerPart);
  if (!isRecord(header)) return fail('malformed', 'The entry’s header is not a JSON object.');
  // Allow-list the algorithm before anything else: "none", HMAC and RSA tokens never reach a key.
  if (header['alg'] !== 'ES256') {
    return fail(
      'alg-not-allowed',
      typeof header['alg'] === 'string'
        ? `The entry is signed with "${clip(header['alg'])}"; only ES256 signatures are accepted.`
        : 'The entry’s header names no signature algorithm; only ES256 signatures are accepted.',
    );
  }
  const extra = unknownKeys(header, HEADER_KEYS);
  if (extra.length > 0) return fail('malformed', `The entry’s header has an unexpected field "${extra[0]}".`);
  if (header['typ'] !== typ) return fail('malformed', `The entry’s header type is not ${typ}.`);
  const kid = header['kid'];
  if (typeof kid !== 'string') return fail('malformed', 'The entry’s header names no key id (kid).');

  const found = findKey(roster, kid);
  if (!found) {
    return fail('unknown-key', `The entry was signed with key ${clip(kid)}, which is not on this course’s roster.`);
  }
  return ok({ kid, trainer: found.trainer, key: found.key });
}

export type SignerReason = (typeof SIGNER_REASONS)[number];

/**
 * Whether the trainer an entry names is the owner of the key that signed it, and whether that
 * key counted at the moment the entry says it was signed.
 */
export function checkSigner(
  named: TrainerRef,
  opened: Pick<OpenedEntry, 'kid' | 'trainer' | 'key'>,
  signedAt: string,
): Result<void, SignerReason> {
  const { kid, trainer, key } = opened;
  if (named.kid !== kid) {
    return fail('key-trainer-mismatch', 'The entry names a different key id from the key that signed it.');
  }
  if (named.id !== trainer.id) {
    return fail(
      'key-trainer-mismatch',
      `The entry says it was signed by trainer "${named.id}", but the key that signed it belongs to ${trainer.name} (${trainer.id}).`,
    );
  }
  // The signed name is shown to people; it must be the roster's name for the key, or any roster
  // key (the public demo key included) could sign as anyone.
  if (named.name !== trainer.name) {
    return fail(
      'trainer-name-mismatch',
      `The entry says it was signed by “${clip(named.name)}”, but the key that signed it is ${trainer.name}’s (${trainer.id}).`,
    );
  }
  const keyStatus = keyStatusAt(key, signedAt);
  if (keyStatus === 'revoked') {
    const when = key.revokedAt ? ` on ${key.revokedAt}` : '';
    const why = key.revokedReason ? ` (${key.revokedReason})` : '';
    return fail(
      'key-revoked',
      `The entry was signed at ${signedAt}, after ${trainer.name}’s key was revoked${when}${why}.`,
    );
  }
  if (keyStatus === 'not-yet-valid') {
    return fail(
      'key-not-yet-valid',
      `The entry was signed at ${signedAt}, before ${trainer.name}’s key became valid (${key.validFrom}).`,
    );
  }
  if (keyStatus === 'expired') {
    return fail(
      'key-expired',
      `The entry was signed at ${signedAt}, after ${trainer.name}’s key stopped being valid (${key.validUntil}).`,
    );
  }
  return ok(undefined);
}

/** Verifies a sign-off entry. Never throws, whatever `jws` holds. */
export async function verifySignoff(jws: unknown, ctx: VerifyContext): Promise<VerifyResult> {
  const alone = await verifySignoffAlone(jws, ctx);
  return alone.ok ? checkAgainstAccepted(alone, ctx.accepted) : alone;
}

/**
 * Everything `verifySignoff` checks except what depends on the entries already accepted (step
 * order, duplicates): so a long list can have its signatures checked in parallel first, and its
 * order in sequence after (`checkAgainstAccepted`). The status is always 'valid' here.
 */
export async function verifySignoffAlone(jws: unknown, ctx: Omit<VerifyContext, 'accepted'>): Promise<VerifyResult> {
  const backend = ctx.backend ?? defaultBackend();
  const trusted = await openTrustedEntry(jws, {
    roster: ctx.roster,
    courseId: ctx.courseId,
    typ: SIGNOFF_TYP,
    maxLength: MAX_SIGNOFF_LENGTH,
    backend,
    parse: parsePayload,
    signedAt: (p) => p.signedAt,
    now: ctx.now,
    clock: ctx.clock,
    traineeId: ctx.traineeId,
  });
  if (!trusted.ok) return refuse(trusted.reason, trusted.message);
  const { payload: p, opened } = trusted.value;

  const bound = p.trainee.kid;
  if (ctx.traineeKid !== undefined && bound !== undefined && bound !== ctx.traineeKid) {
    return refuse(
      'wrong-trainee-key',
      ctx.traineeKid === null
        ? `The entry was made for the trainee key ${bound.slice(0, 8)}…, but this record carries no trainee key to check it against.`
        : `The entry was made for the trainee key ${bound.slice(0, 8)}…, not this trainee’s key (${ctx.traineeKid.slice(0, 8)}…): the trainer vouched for someone else’s key.`,
    );
  }
  if (!Object.hasOwn(ctx.skillHashes, p.skill)) {
    return refuse('unknown-skill', `The entry is about the skill "${p.skill}", which this course does not have.`);
  }
  const earlierVersion = ctx.skillHashes[p.skill] !== p.skillHash;
  const earlier =
    ctx.earlierSkillHashes && Object.hasOwn(ctx.earlierSkillHashes, p.skill)
      ? ctx.earlierSkillHashes[p.skill]
      : undefined;
  if (earlierVersion && !earlier?.includes(p.skillHash)) {
    return refuse(
      'unknown-version',
      `The entry names a version of the skill "${p.skill}" that this site never published (neither the current one nor an earlier one).`,
    );
  }
  // The roster may limit which skills a trainer signs off; judged at the signing time, like the key.
  const qualified = maySignOff(opened.trainer, p.skill, p.signedAt);
  if (!qualified.ok) return refuse(qualified.reason, qualified.message);

  return {
    ok: true,
    status: 'valid',
    payload: p,
    demo: opened.trainer.demo,
    earlierVersion,
  };
}

/**
 * An entry of another course, told from its payload before the signature is checked: refused
 * either way, so a file of thousands of another course's entries costs no ECDSA verification.
 * Only the course: it is never this record's, genuine or not. (An entry naming another trainee
 * goes on to the signature check, so one edited to do so is reported as altered, which it is.)
 */
export function belongsElsewhere(payload: unknown, courseId: string): Failure<'wrong-course'> | undefined {
  if (!isRecord(payload)) return undefined;
  const course = payload['course'];
  if (typeof course === 'string' && course !== courseId) {
    return fail('wrong-course', `The entry is for the course "${clip(course)}", not this course ("${courseId}").`);
  }
  return undefined;
}

/**
 * The first half of every entry's verification, in the order it must run: the envelope and
 * signature (`openSignedEntry`, refusing another course's entry before the signature is paid
 * for), the payload's shape (`parse`), the signer against the roster at the signing time the
 * payload states, that time against the clock and the moment judged, then the course and the
 * trainee it is about. Sign-offs, certifications and course certificates differ only in what
 * comes after.
 */
export async function openTrustedEntry<
  P extends { trainer: TrainerRef; course: string; trainee: { id: string; name: string } },
>(
  jws: unknown,
  expect: {
    roster: Roster;
    courseId: string;
    /** When given, entries about anyone else are refused. */
    traineeId?: string | undefined;
    typ: string;
    maxLength: number;
    backend?: CryptoBackend;
    parse: (payload: unknown) => Result<P, 'bad-payload'>;
    /** The signing time the payload states. */
    signedAt: (p: P) => string;
    now?: Date | string | number | undefined;
    clock?: Date | string | number | undefined;
  },
): Promise<
  Result<
    { payload: P; opened: OpenedEntry },
    EnvelopeReason | 'wrong-course' | 'wrong-trainee' | 'bad-payload' | SignerReason | TimeReason
  >
> {
  const opened = await openSignedEntry(jws, {
    roster: expect.roster,
    typ: expect.typ,
    maxLength: expect.maxLength,
    ...(expect.backend && { backend: expect.backend }),
    precheck: (payload) => belongsElsewhere(payload, expect.courseId),
  });
  if (!opened.ok) return fail(opened.reason as EnvelopeReason | 'wrong-course', opened.message);
  const parsed = expect.parse(opened.value.payload);
  if (!parsed.ok) return parsed;
  const at = expect.signedAt(parsed.value);
  const signer = checkSigner(parsed.value.trainer, opened.value, at);
  if (!signer.ok) return signer;
  const when = checkSigningTime(at, {
    ...(expect.now !== undefined && { now: expect.now }),
    ...(expect.clock !== undefined && { clock: expect.clock }),
  });
  if (!when.ok) return when;
  const p = parsed.value;
  if (p.course !== expect.courseId) {
    return fail('wrong-course', `The entry is for the course "${p.course}", not this course ("${expect.courseId}").`);
  }
  if (expect.traineeId !== undefined && p.trainee.id !== expect.traineeId) {
    return fail('wrong-trainee', `The entry is about ${p.trainee.name} (${p.trainee.id}), not this trainee.`);
  }
  return ok({ payload: p, opened: opened.value });
}

type TimeReason = 'signed-in-future' | 'not-yet-signed';

/**
 * Whether an entry signed at `signedAt` exists at the moment judged: not signed after the
 * verifying device's clock (plus `CLOCK_ALLOWANCE_MS`), which no genuine entry can be, and not
 * after the moment asked about (`now`), when it did not exist yet. Compared as instants.
 */
export function checkSigningTime(
  signedAt: string,
  when: { now?: Date | string | number; clock?: Date | string | number },
): Result<void, 'signed-in-future' | 'not-yet-signed'> {
  const t = Date.parse(signedAt);
  const clock = toTime(when.clock ?? Date.now());
  const now = when.now === undefined ? clock : toTime(when.now);
  if (t > clock + CLOCK_ALLOWANCE_MS) {
    return fail(
      'signed-in-future',
      `The entry says it was signed at ${signedAt}, later than now (${new Date(clock).toISOString()}): no genuine entry is signed in the future.`,
    );
  }
  if (t > now + CLOCK_ALLOWANCE_MS) {
    return fail(
      'not-yet-signed',
      `The entry was signed at ${signedAt}, after the moment being judged (${new Date(now).toISOString()}): it did not exist yet then.`,
    );
  }
  return ok(undefined);
}

function toTime(value: Date | string | number): number {
  return typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : value.getTime();
}

/** The order and duplicate checks of `verifySignoff`, for an entry that verified on its own. */
export function checkAgainstAccepted(
  verdict: AcceptedSignoff,
  accepted: readonly SignoffPayload[] | AcceptedEntries,
): VerifyResult {
  const p = verdict.payload;
  const index = isIndex(accepted) ? accepted : undefined;
  const list = isIndex(accepted) ? undefined : accepted;
  // An entry already stored has already passed the order check; checking it again against a
  // set that contains itself would only muddle the answer.
  const existing = index ? index.get(p.id) : list?.find((a) => a.id === p.id);
  if (!existing) {
    const order = index ? index.checkOrder(p) : checkStepOrder(list ?? [], p);
    if (!order.ok) return refuse('out-of-order', order.message);
  } else if (canonicalJson(existing) !== canonicalJson(p)) {
    return refuse('id-conflict', `A different entry with the same id (${p.id}) is already stored.`);
  }
  return { ...verdict, status: existing ? 'duplicate' : 'valid' };
}

function isIndex(accepted: readonly SignoffPayload[] | AcceptedEntries): accepted is AcceptedEntries {
  return !Array.isArray(accepted);
}

/** SHA-256 of a string (base64url) with the chosen backend. */
export function hashText(text: string, backend: CryptoBackend = defaultBackend()): Promise<string> {
  return backend === 'webcrypto' ? sha256(text) : nobleSha256(text);
}

function refuse(reason: VerifyReason, message: string): RefusedSignoff {
  return { ok: false, status: 'invalid', reason, message };
}

/** Long or odd values from a token are shortened before they go into a message. */
function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ES256 = { name: 'ECDSA', hash: 'SHA-256' } as const;
/** Imported once per roster key: importing the JWK again for every entry was most of the cost. */
const importedKeys = new WeakMap<RosterKey, Promise<CryptoKey | undefined>>();

/**
 * ES256 with WebCrypto, on the bytes `openSignedEntry` already decoded and checked (the header
 * allows ES256 alone, with no other member): what jose's compactVerify would do after decoding
 * and parsing the token a second time, which cost as much as a third of a verification.
 */
async function webCryptoVerify(signingInput: string, signature: Uint8Array, key: RosterKey): Promise<boolean> {
  let imported = importedKeys.get(key);
  if (!imported) {
    const { kty, crv, x, y } = key.jwk;
    imported = crypto.subtle.importKey('jwk', { kty, crv, x, y }, ECDSA_P256, false, ['verify']).then(
      (k) => k,
      () => undefined, // not a point on the curve: nothing verifies with it
    );
    importedKeys.set(key, imported);
  }
  const publicKey = await imported;
  if (!publicKey || signature.length !== 64) return false;
  try {
    return await crypto.subtle.verify(
      ES256,
      publicKey,
      signature as Uint8Array<ArrayBuffer>,
      utf8.encode(signingInput),
    );
  } catch {
    return false;
  }
}

/**
 * ES256 in pure JavaScript. `lowS: false` because WebCrypto signers do not normalise S, so half
 * of all genuine signatures have a high S; noble would refuse those by default.
 *
 * noble is imported on first use only: it is needed on insecure origins alone, so browsers with
 * WebCrypto never download it.
 */
async function nobleVerify(signingInput: string, signature: Uint8Array, jwk: PublicJwk): Promise<boolean> {
  const x = fromBase64url(jwk.x);
  const y = fromBase64url(jwk.y);
  if (signature.length !== 64 || x?.length !== 32 || y?.length !== 32) return false;
  const publicKey = new Uint8Array(65);
  publicKey[0] = 0x04; // uncompressed SEC1 point: 04 || x || y
  publicKey.set(x, 1);
  publicKey.set(y, 33);
  const { p256 } = await import('@noble/curves/nist.js');
  try {
    return p256.verify(signature, utf8.encode(signingInput), publicKey, { lowS: false, prehash: true });
  } catch {
    return false;
  }
}
