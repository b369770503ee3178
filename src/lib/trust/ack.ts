/**
 * Acknowledgements: the trainee's own signature on a trainer's entry. When a bound sign-off
 * arrives on the trainee's device (one made for their key), the trainee signs, with that key, the
 * entry's payload hash and the statement the course's owner set (`acknowledgement.statement` in
 * settings.yaml: "training was given, my questions were answered, I had practice"). A record then
 * carries two signatures for the step: the trainer's, and the trainee's that it happened.
 *
 * An acknowledgement is a compact JWS (ES256, `typ` `tandem-ack+jws`) whose `kid` is the trainee
 * key's thumbprint. It is checked against the trainee key the record carries, and only for an
 * entry of that record made for that key: nothing in it is believed before that. Pure logic
 * (WebCrypto aside), used by the trainee's device and every verifier alike.
 */
import type { SignoffPayload } from './entry';
import {
  COMPACT_JWS,
  base64url,
  decodeBase64urlJson,
  decodeUtf8,
  memberNames,
  encodeBase64urlJson,
  fromBase64url,
  isRecord,
  parseJson,
  unknownKeys,
} from './encoding';
import { signEs256, verifyEs256 } from './es256';
import { HASH, UUID, checkContentId, checkText, checkTraineeId, isInstant } from './fields';
import type { PublicJwk } from './roster';
import { CLOCK_ALLOWANCE_MS, defaultBackend, type CryptoBackend } from './verify';
import { payloadHash } from './payload-hash';

export const ACK_TYP = 'tandem-ack+jws';
/** An acknowledgement is a few ids, a hash and a sentence: anything longer is not one. */
export const MAX_ACK_LENGTH = 4096;
/** The longest statement an owner may set. */
export const MAX_STATEMENT_LENGTH = 500;
export { DEFAULT_ACK_STATEMENT } from '../course/ack-rules';

/** The signed payload of an acknowledgement, format version 1. */
export interface AckPayload {
  v: 1;
  typ: 'ack';
  course: string;
  /** The trainee, and the thumbprint of the key that signed (the one the entry names). */
  trainee: { id: string; kid: string };
  /** The entry acknowledged: its id and payload hash (SHA-256 of its canonical JSON). */
  entry: { id: string; hash: string };
  /** The course's statement, word for word. */
  statement: string;
  /** When the trainee signed, by their device's clock. */
  at: string;
}

export type AckReason =
  | 'too-large'
  | 'malformed'
  | 'alg-not-allowed'
  | 'bad-payload'
  | 'wrong-course'
  | 'wrong-trainee'
  | 'ack-no-entry'
  | 'ack-unbound'
  | 'ack-other-key'
  | 'bad-signature'
  | 'ack-entry-mismatch'
  | 'ack-statement-mismatch'
  | 'signed-in-future';

export type AckVerdict =
  | { ok: true; status: 'valid' | 'duplicate'; payload: AckPayload }
  | { ok: false; status: 'invalid'; reason: AckReason; message: string; payload?: AckPayload };

/** What an acknowledgement is judged against: the record it travels in. */
export interface AckContext {
  courseId: string;
  traineeId: string;
  /** The record's trainee key (its public half), if it carries one. */
  traineeKey: PublicJwk | undefined;
  /** The record's valid sign-offs, by id, with their payload hashes. */
  entries: ReadonlyMap<string, { payload: SignoffPayload; hash: string }>;
  /** The statements the course accepts: its current one, and earlier ones its owner kept. */
  statements: readonly string[];
  /** The verifying device's clock (default: now). */
  clock?: Date | string | number;
  backend?: CryptoBackend;
}

/** The payload hash an acknowledgement names an entry by, as certifications do (./payload-hash.ts). */
export function entryHash(payload: SignoffPayload, backend: CryptoBackend = defaultBackend()): Promise<string> {
  return payloadHash(payload, backend);
}

/**
 * The trainee's device acknowledges `entry` with its unlocked key: only an entry made for this
 * very key, so a trainee never acknowledges what was signed for someone else.
 */
export async function signAck(
  entry: SignoffPayload,
  statement: string,
  key: { privateKey: CryptoKey; kid: string },
  now: Date = new Date(),
): Promise<string> {
  if (entry.trainee.kid !== key.kid) throw new Error('this entry was not made for this key');
  const payload: AckPayload = {
    v: 1,
    typ: 'ack',
    course: entry.course,
    trainee: { id: entry.trainee.id, kid: key.kid },
    entry: { id: entry.id, hash: await entryHash(entry) },
    statement,
    at: now.toISOString(),
  };
  const input = `${encodeBase64urlJson({ alg: 'ES256', kid: key.kid, typ: ACK_TYP })}.${encodeBase64urlJson(payload)}`;
  return `${input}.${base64url(await signEs256(key.privateKey, input))}`;
}

/** The acknowledgement's entry id, unverified: to find which entry a stored one is about. */
export function ackedEntryId(jws: string): string | undefined {
  const p = decodeBase64urlJson(jws.split('.')[1] ?? '');
  const entry = isRecord(p) ? p['entry'] : undefined;
  return isRecord(entry) && typeof entry['id'] === 'string' ? entry['id'] : undefined;
}

/** Whether a JWS is an acknowledgement, by its (unverified) header. */
export function isAck(jws: string): boolean {
  const header = decodeBase64urlJson(jws.split('.')[0] ?? '');
  return isRecord(header) && header['typ'] === ACK_TYP;
}

/**
 * Verifies one acknowledgement against its record. Never throws. Cheapest and least trusting
 * first; the signature is checked with the record's trainee key only once the entry it names is
 * known to be this record's and made for that key.
 */
export async function verifyAck(jws: unknown, ctx: AckContext): Promise<AckVerdict> {
  const backend = ctx.backend ?? defaultBackend();
  if (typeof jws !== 'string') return refuse('malformed', 'The acknowledgement is not text.');
  if (jws.length > MAX_ACK_LENGTH) {
    return refuse(
      'too-large',
      `The acknowledgement is ${jws.length} characters long; at most ${MAX_ACK_LENGTH} are accepted.`,
    );
  }
  if (!COMPACT_JWS.test(jws)) return refuse('malformed', 'The acknowledgement is not a signed entry.');
  const [h, p, s] = jws.split('.') as [string, string, string];
  const header = decodeBase64urlJson(h);
  if (!isRecord(header)) return refuse('malformed', 'The acknowledgement’s header is not a JSON object.');
  if (header['alg'] !== 'ES256') return refuse('alg-not-allowed', 'Only ES256 acknowledgements are accepted.');
  if (unknownKeys(header, ['alg', 'kid', 'typ']).length > 0 || header['typ'] !== ACK_TYP) {
    return refuse('malformed', `The acknowledgement’s header is not {alg, kid, typ: ${ACK_TYP}}.`);
  }
  const kid = header['kid'];
  const signature = fromBase64url(s);
  const bytes = fromBase64url(p);
  const text = bytes && decodeUtf8(bytes);
  if (typeof kid !== 'string' || !HASH.test(kid) || !signature || text === undefined) {
    return refuse('malformed', 'The acknowledgement’s key id, payload or signature is damaged.');
  }
  const names = memberNames(text);
  if (names.repeated) return refuse('malformed', 'The acknowledgement’s payload names a field twice.');
  // As for entries (verify.ts): not every parser reads an escaped name alike.
  if (names.escaped !== undefined) {
    return refuse('malformed', 'The acknowledgement’s payload writes a field name with an escape.');
  }
  const payload = parseJson(text);
  const problem = ackProblem(payload);
  if (problem) return refuse('bad-payload', `The acknowledgement is not valid: ${problem}.`);
  const a = payload as AckPayload;
  if (a.course !== ctx.courseId)
    return refuse('wrong-course', `The acknowledgement is for the course "${a.course}".`, a);
  if (a.trainee.id !== ctx.traineeId) {
    return refuse('wrong-trainee', `The acknowledgement is by trainee ${a.trainee.id}, not this record’s.`, a);
  }
  const entry = ctx.entries.get(a.entry.id);
  if (!entry) {
    return refuse(
      'ack-no-entry',
      `The acknowledgement is of entry ${a.entry.id}, which is not among this record’s valid sign-offs.`,
      a,
    );
  }
  const bound = entry.payload.trainee.kid;
  if (bound === undefined) {
    return refuse(
      'ack-unbound',
      'The acknowledged entry names no trainee key (single-signed), so nobody’s acknowledgement can be checked against it.',
      a,
    );
  }
  if (kid !== bound || a.trainee.kid !== bound) {
    return refuse(
      'ack-other-key',
      `The acknowledgement was signed with the key ${kid.slice(0, 8)}…, not the trainee key the entry was made for (${bound.slice(0, 8)}…): another trainee’s key.`,
      a,
    );
  }
  // The record's key is the one its bound entries name (sign-off verification refused any other).
  const key = ctx.traineeKey;
  if (!key || !(await verifyEs256(key, `${h}.${p}`, signature, backend))) {
    return refuse(
      'bad-signature',
      'The acknowledgement’s signature does not match the trainee’s key: it was forged, or changed after signing.',
      a,
    );
  }
  if (a.entry.hash !== entry.hash) {
    return refuse(
      'ack-entry-mismatch',
      'The acknowledgement names another version of that entry (its hash differs): it does not acknowledge what the trainer signed.',
      a,
    );
  }
  if (!ctx.statements.includes(a.statement)) {
    return refuse(
      'ack-statement-mismatch',
      'The acknowledgement states something other than this course’s statement.',
      a,
    );
  }
  const clock = toTime(ctx.clock ?? Date.now());
  if (Date.parse(a.at) > clock + CLOCK_ALLOWANCE_MS) {
    return refuse('signed-in-future', `The acknowledgement says it was signed at ${a.at}, later than now.`, a);
  }
  return { ok: true, status: 'valid', payload: a };
}

/**
 * Verifies a record's acknowledgements, in the order given: the first valid one of an entry
 * counts, a later one of the same entry is a duplicate. Returns the verdicts and, by entry id,
 * the acknowledgement that counts.
 */
export async function verifyAcks(
  acks: readonly string[],
  ctx: AckContext,
): Promise<{ verdicts: AckVerdict[]; byEntry: Map<string, AckPayload> }> {
  const verdicts = await Promise.all(acks.map((jws) => verifyAck(jws, ctx)));
  const byEntry = new Map<string, AckPayload>();
  const out = verdicts.map((v): AckVerdict => {
    if (!v.ok) return v;
    if (byEntry.has(v.payload.entry.id)) return { ...v, status: 'duplicate' };
    byEntry.set(v.payload.entry.id, v.payload);
    return v;
  });
  return { verdicts: out, byEntry };
}

/** The valid sign-offs of a record, by id, with payload hashes: what `AckContext.entries` wants. */
export async function entriesById(
  payloads: readonly SignoffPayload[],
  backend: CryptoBackend = defaultBackend(),
): Promise<Map<string, { payload: SignoffPayload; hash: string }>> {
  const hashed = await Promise.all(
    payloads.map(async (p) => [p.id, { payload: p, hash: await entryHash(p, backend) }] as const),
  );
  return new Map(hashed);
}

function ackProblem(p: unknown): string | undefined {
  if (!isRecord(p)) return 'the payload is not an object';
  const extra = unknownKeys(p, ['v', 'typ', 'course', 'trainee', 'entry', 'statement', 'at']);
  if (extra.length > 0) return `unknown field "${extra[0]?.slice(0, 40)}"`;
  if (p['v'] !== 1) return 'v is not 1';
  if (p['typ'] !== 'ack') return 'typ is not "ack"';
  const trainee = p['trainee'];
  if (!isRecord(trainee) || unknownKeys(trainee, ['id', 'kid']).length > 0) return 'trainee is not {id, kid}';
  const entry = p['entry'];
  if (!isRecord(entry) || unknownKeys(entry, ['id', 'hash']).length > 0) return 'entry is not {id, hash}';
  return (
    checkContentId(p['course'], 'course') ??
    checkTraineeId(trainee['id'], 'trainee.id') ??
    (typeof trainee['kid'] === 'string' && HASH.test(trainee['kid']) ? undefined : 'trainee.kid is not a key id') ??
    (typeof entry['id'] === 'string' && UUID.test(entry['id']) ? undefined : 'entry.id is not a UUID') ??
    (typeof entry['hash'] === 'string' && HASH.test(entry['hash']) ? undefined : 'entry.hash is not a hash') ??
    checkText(p['statement'], 'statement', MAX_STATEMENT_LENGTH) ??
    (isInstant(p['at']) ? undefined : 'at is not a UTC date-time')
  );
}

function refuse(reason: AckReason, message: string, payload?: AckPayload): AckVerdict {
  return { ok: false, status: 'invalid', reason, message, ...(payload && { payload }) };
}

function toTime(value: Date | string | number): number {
  return typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : value.getTime();
}
