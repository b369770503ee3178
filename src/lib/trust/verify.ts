/**
 * Verification of a sign-off entry before it is stored, shown or counted. One function, used by
 * the browser and the `verify` command alike, that either accepts an entry or refuses it with
 * one reason code and a sentence naming the specific problem.
 *
 * The checks run cheapest and least trusting first: nothing from the token is believed (not
 * even which algorithm it claims) until the signature has been checked with a roster key.
 */
import { compactVerify } from 'jose';
import { canonicalJson, sha256 } from '../hash';
import { MAX_SIGNOFF_LENGTH, SIGNOFF_TYP, parsePayload, type SignoffPayload } from './entry';
import { COMPACT_JWS, base64url, decodeBase64urlJson, fromBase64url, isRecord, unknownKeys, utf8 } from './encoding';
import { checkStepOrder } from './ledger';
import { findKey, keyStatusAt, type PublicJwk, type Roster } from './roster';

/** Why an entry was refused. */
export type VerifyReason =
  | 'too-large'
  | 'malformed'
  | 'alg-not-allowed'
  | 'unknown-key'
  | 'bad-signature'
  | 'bad-payload'
  | 'key-trainer-mismatch'
  | 'key-not-yet-valid'
  | 'key-expired'
  | 'key-revoked'
  | 'wrong-course'
  | 'wrong-trainee'
  | 'unknown-skill'
  | 'out-of-order'
  | 'id-conflict';

/** Short labels for each refusal, for lists and badges; the full sentence is in `message`. */
export const VERIFY_REASON_LABELS: Readonly<Record<VerifyReason, string>> = {
  'too-large': 'Too large',
  malformed: 'Not a sign-off entry',
  'alg-not-allowed': 'Signature type not allowed',
  'unknown-key': 'Trainer key not on the roster',
  'bad-signature': 'Signature does not match',
  'bad-payload': 'Entry content invalid',
  'key-trainer-mismatch': 'Key belongs to another trainer',
  'key-not-yet-valid': 'Key not valid yet',
  'key-expired': 'Key expired',
  'key-revoked': 'Key revoked',
  'wrong-course': 'Another course',
  'wrong-trainee': 'Another trainee',
  'unknown-skill': 'Unknown skill',
  'out-of-order': 'Steps out of order',
  'id-conflict': 'Conflicting entry id',
};

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
  /** Current content hash of each skill of the course, by skill id. */
  skillHashes: Readonly<Record<string, string>>;
  /** Payloads already stored for this trainee (all skills): for step order and duplicates. */
  accepted: readonly SignoffPayload[];
  /** Defaults to `defaultBackend()`. */
  backend?: CryptoBackend;
}

export interface AcceptedSignoff {
  ok: true;
  /** 'duplicate': this very entry is already stored; storing it again changes nothing. */
  status: 'valid' | 'duplicate';
  payload: SignoffPayload;
  /** SHA-256 of the JWS text, base64url. */
  hash: string;
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

/** Verifies a sign-off entry. Never throws, whatever `jws` holds. */
export async function verifySignoff(jws: unknown, ctx: VerifyContext): Promise<VerifyResult> {
  const backend = ctx.backend ?? defaultBackend();

  if (typeof jws !== 'string') return refuse('malformed', 'The entry is not text.');
  if (jws.length > MAX_SIGNOFF_LENGTH) {
    return refuse(
      'too-large',
      `The entry is ${jws.length} characters long; at most ${MAX_SIGNOFF_LENGTH} are accepted.`,
    );
  }
  if (!COMPACT_JWS.test(jws)) {
    return refuse('malformed', 'The entry is not a signed entry (three base64url parts separated by dots).');
  }
  const [headerPart, payloadPart, signaturePart] = jws.split('.') as [string, string, string];
  const signature = fromBase64url(signaturePart);
  if (!signature || !fromBase64url(payloadPart)) {
    return refuse('malformed', 'The entry’s payload or signature is not valid base64url.');
  }

  const header = decodeBase64urlJson(headerPart);
  if (!isRecord(header)) return refuse('malformed', 'The entry’s header is not a JSON object.');
  // Allow-list the algorithm before anything else: "none", HMAC and RSA tokens never reach a key.
  if (header['alg'] !== 'ES256') {
    return refuse(
      'alg-not-allowed',
      typeof header['alg'] === 'string'
        ? `The entry is signed with "${clip(header['alg'])}"; only ES256 signatures are accepted.`
        : 'The entry’s header names no signature algorithm; only ES256 signatures are accepted.',
    );
  }
  const extra = unknownKeys(header, HEADER_KEYS);
  if (extra.length > 0) return refuse('malformed', `The entry’s header has an unexpected field "${extra[0]}".`);
  if (header['typ'] !== SIGNOFF_TYP) return refuse('malformed', `The entry’s header type is not ${SIGNOFF_TYP}.`);
  const kid = header['kid'];
  if (typeof kid !== 'string') return refuse('malformed', 'The entry’s header names no key id (kid).');

  const found = findKey(ctx.roster, kid);
  if (!found) {
    return refuse('unknown-key', `The entry was signed with key ${clip(kid)}, which is not on this course’s roster.`);
  }
  const { trainer, key } = found;

  const signed =
    backend === 'webcrypto'
      ? await webCryptoVerify(jws, key.jwk)
      : await nobleVerify(`${headerPart}.${payloadPart}`, signature, key.jwk);
  if (!signed) {
    return refuse(
      'bad-signature',
      `The signature does not match the entry: it was changed after ${trainer.name} signed it, or signed with another key.`,
    );
  }

  const parsed = parsePayload(decodeBase64urlJson(payloadPart));
  if (!parsed.ok) return refuse('bad-payload', parsed.message);
  const p = parsed.value;

  if (p.trainer.kid !== kid) {
    return refuse('key-trainer-mismatch', 'The entry names a different key id from the key that signed it.');
  }
  if (p.trainer.id !== trainer.id) {
    return refuse(
      'key-trainer-mismatch',
      `The entry says it was signed by trainer "${p.trainer.id}", but the key that signed it belongs to ${trainer.name} (${trainer.id}).`,
    );
  }

  const keyStatus = keyStatusAt(key, p.signedAt);
  if (keyStatus === 'revoked') {
    const when = key.revokedAt ? ` on ${key.revokedAt}` : '';
    const why = key.revokedReason ? ` (${key.revokedReason})` : '';
    return refuse(
      'key-revoked',
      `The entry was signed at ${p.signedAt}, after ${trainer.name}’s key was revoked${when}${why}.`,
    );
  }
  if (keyStatus === 'not-yet-valid') {
    return refuse(
      'key-not-yet-valid',
      `The entry was signed at ${p.signedAt}, before ${trainer.name}’s key became valid (${key.validFrom}).`,
    );
  }
  if (keyStatus === 'expired') {
    return refuse(
      'key-expired',
      `The entry was signed at ${p.signedAt}, after ${trainer.name}’s key stopped being valid (${key.validUntil}).`,
    );
  }

  if (p.course !== ctx.courseId) {
    return refuse('wrong-course', `The entry is for the course "${p.course}", not this course ("${ctx.courseId}").`);
  }
  if (ctx.traineeId !== undefined && p.trainee.id !== ctx.traineeId) {
    return refuse('wrong-trainee', `The entry is about ${p.trainee.name} (${p.trainee.id}), not this trainee.`);
  }
  if (!Object.hasOwn(ctx.skillHashes, p.skill)) {
    return refuse('unknown-skill', `The entry is about the skill "${p.skill}", which this course does not have.`);
  }

  // An entry already stored has already passed the order check; checking it again against a
  // set that contains itself would only muddle the answer.
  const existing = ctx.accepted.find((a) => a.id === p.id);
  if (!existing) {
    const order = checkStepOrder(ctx.accepted, p);
    if (!order.ok) return refuse('out-of-order', order.message);
  } else if (canonicalJson(existing) !== canonicalJson(p)) {
    return refuse('id-conflict', `A different entry with the same id (${p.id}) is already stored.`);
  }

  return {
    ok: true,
    status: existing ? 'duplicate' : 'valid',
    payload: p,
    hash: backend === 'webcrypto' ? await sha256(jws) : await nobleSha256(jws),
    demo: trainer.demo,
    earlierVersion: ctx.skillHashes[p.skill] !== p.skillHash,
  };
}

function refuse(reason: VerifyReason, message: string): RefusedSignoff {
  return { ok: false, status: 'invalid', reason, message };
}

/** Long or odd values from a token are shortened before they go into a message. */
function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

async function webCryptoVerify(jws: string, jwk: PublicJwk): Promise<boolean> {
  try {
    await compactVerify(jws, { ...jwk }, { algorithms: ['ES256'] });
    return true;
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

/** SHA-256 of the JWS text without WebCrypto, base64url like `hash.ts`'s `sha256`. */
async function nobleSha256(text: string): Promise<string> {
  // @noble/hashes comes with @noble/curves (same version, listed in its dependencies).
  const { sha256: digest } = await import('@noble/hashes/sha2.js');
  return base64url(digest(utf8.encode(text)));
}
