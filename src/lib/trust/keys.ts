/**
 * Trainer keys: made in the trainer's browser, kept there non-extractable, and saved once as a
 * passphrase-wrapped backup file. The private key never leaves the device in the clear.
 *
 * Needs WebCrypto (`crypto.subtle`), so a secure context (https or localhost) in the browser.
 */
import { calculateJwkThumbprint } from 'jose';
import { describeValue } from '../describe';
import { base64url, fromBase64url, isRecord, parseJson, utf8 } from './encoding';
import { fail, ok, type Failure, type Result } from '../result';
import type { PublicJwk } from './roster';
import { readPublicJwk } from './public-jwk';

export { readPublicJwk };

/** PBKDF2-SHA256 iterations for new backups; backups with fewer are refused (OWASP 2023 figure). */
export const PBKDF2_ITERATIONS = 600_000;
/** A hostile file must not keep the page busy for minutes deriving a key. */
const MAX_PBKDF2_ITERATIONS = 10_000_000;
/** Shortest passphrase `createBackup` accepts: the file can be attacked offline, forever. */
export const MIN_PASSPHRASE_LENGTH = 12;
export const BACKUP_FORMAT = 'tandem-trainer-key-backup';
export const BACKUP_VERSION = 1;

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const COORDINATE = /^[A-Za-z0-9_-]{43}$/;

/** A freshly made key pair, before anything is stored. */
export interface NewTrainerKey {
  /** Non-extractable: store this one (IndexedDB can hold a CryptoKey) and sign with it. */
  privateKey: CryptoKey;
  publicJwk: PublicJwk;
  /** RFC 7638 thumbprint of `publicJwk`: the key id the owner puts on the roster. */
  kid: string;
  /**
   * The same private key, extractable, only so that `createBackup` can wrap it once. Pass it to
   * `createBackup` and drop it; never store it.
   */
  backupKey: CryptoKey;
}

/** The backup file (`*.tandem-key.json`): everything but `wrappedKey` is readable without the passphrase. */
export interface KeyBackup extends PassphraseWrapped {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  trainerId: string;
  name: string;
  kid: string;
  publicJwk: PublicJwk;
  createdAt: string;
}

/** A key opened from a backup, ready to store and sign with. */
export interface RestoredKey {
  /** Non-extractable, usable only to sign. */
  privateKey: CryptoKey;
  publicJwk: PublicJwk;
  kid: string;
  trainerId: string;
  name: string;
  createdAt: string;
}

export type BackupReason =
  'not-a-backup' | 'unsupported-version' | 'damaged' | 'weak-kdf' | 'wrong-passphrase' | 'key-mismatch';

/**
 * Makes a new ECDSA P-256 signing key.
 *
 * WebCrypto cannot make a key that is both non-extractable (safe to store) and wrappable (for
 * the backup), so the pair is generated extractable, the private key is exported once as
 * PKCS #8 and re-imported non-extractable for storage, and the extractable original is handed
 * back only for `createBackup`.
 */
export async function generateTrainerKey(): Promise<NewTrainerKey> {
  const pair = await crypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify']);
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, ECDSA_P256, false, ['sign']);
  pkcs8.fill(0); // best effort: do not leave the raw key lying in memory
  const publicJwk = toPublicJwk(await crypto.subtle.exportKey('jwk', pair.publicKey));
  return { privateKey, publicJwk, kid: await thumbprint(publicJwk), backupKey: pair.privateKey };
}

/** RFC 7638 SHA-256 thumbprint of a public key, base64url (43 characters). */
export function thumbprint(jwk: PublicJwk): Promise<string> {
  return calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, 'sha256');
}

/**
 * Wraps the private key with a key derived from the passphrase (PBKDF2-SHA256, 600,000
 * iterations, random 16-byte salt; AES-256-GCM, random 12-byte IV) into a backup file.
 * Refuses a passphrase shorter than `MIN_PASSPHRASE_LENGTH`.
 */
export async function createBackup(
  key: { trainerId: string; name: string; kid: string; publicJwk: PublicJwk; backupKey: CryptoKey; createdAt?: Date },
  passphrase: string,
): Promise<Result<KeyBackup, 'weak-passphrase'>> {
  if (!key.backupKey.extractable) throw new TypeError('createBackup needs the extractable backupKey');
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    return fail('weak-passphrase', `Use a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  }
  return ok({
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    trainerId: key.trainerId,
    name: key.name,
    kid: key.kid,
    publicJwk: key.publicJwk,
    createdAt: (key.createdAt ?? new Date()).toISOString(),
    ...(await wrapWithPassphrase(key.backupKey, passphrase)),
  });
}

/** A private key wrapped with a passphrase, as a backup and a trainee key both store it. */
export interface PassphraseWrapped {
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  cipher: { name: 'AES-GCM'; iv: string };
  /** WebCrypto `wrapKey('pkcs8', …)` with AES-256-GCM, base64url. */
  wrappedKey: string;
}

/**
 * Wraps an extractable private key with a key derived from the passphrase (PBKDF2-SHA256,
 * `PBKDF2_ITERATIONS`, random 16-byte salt; AES-256-GCM, random 12-byte IV). The one scheme of the
 * trainer's backup and the trainee's key.
 */
export async function wrapWithPassphrase(key: CryptoKey, passphrase: string): Promise<PassphraseWrapped> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const wrappingKey = await deriveWrappingKey(passphrase, salt, PBKDF2_ITERATIONS, 'wrapKey');
  const wrapped = await crypto.subtle.wrapKey('pkcs8', key, wrappingKey, { name: 'AES-GCM', iv });
  return {
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: PBKDF2_ITERATIONS, salt: base64url(salt) },
    cipher: { name: 'AES-GCM', iv: base64url(iv) },
    wrappedKey: base64url(new Uint8Array(wrapped)),
  };
}

/**
 * Unwraps what `wrapWithPassphrase` made, non-extractable and usable only to sign. The backup and
 * the trainee key each say a refusal in their own words; the sentences here are the plain ones.
 */
export async function unwrapWithPassphrase(
  wrapped: {
    salt: Uint8Array<ArrayBuffer>;
    iterations: number;
    iv: Uint8Array<ArrayBuffer>;
    wrappedKey: Uint8Array<ArrayBuffer>;
  },
  passphrase: string,
): Promise<Result<CryptoKey, 'wrong-passphrase' | 'damaged'>> {
  try {
    const wrappingKey = await deriveWrappingKey(passphrase, wrapped.salt, wrapped.iterations, 'unwrapKey');
    return ok(
      await crypto.subtle.unwrapKey(
        'pkcs8',
        wrapped.wrappedKey,
        wrappingKey,
        { name: 'AES-GCM', iv: wrapped.iv },
        ECDSA_P256,
        false,
        ['sign'],
      ),
    );
  } catch (error) {
    // AES-GCM cannot tell a wrong passphrase from edited ciphertext: both fail authentication.
    return error instanceof Error && error.name === 'OperationError'
      ? fail('wrong-passphrase', 'The passphrase does not open this key.')
      : fail('damaged', 'The wrapped key is not a P-256 signing key.');
  }
}

/**
 * Opens a backup file with its passphrase. `file` is the file's text or its parsed JSON.
 * Everything that can be checked without the passphrase is checked first (cheaply), then the
 * key is unwrapped non-extractable and proven to match the public key and kid the file names,
 * by signing and verifying a test message.
 */
export async function restoreBackup(file: unknown, passphrase: string): Promise<Result<RestoredKey, BackupReason>> {
  const parsed = readBackup(typeof file === 'string' ? parseJson(file) : file);
  if (!parsed.ok) return parsed;
  const b = parsed.value;

  if ((await thumbprint(b.publicJwk)) !== b.kid) {
    return fail('key-mismatch', 'This key backup has been changed: its key id (kid) does not match its public key.');
  }

  const opened = await unwrapWithPassphrase(b, passphrase);
  if (!opened.ok && opened.reason === 'wrong-passphrase') {
    return fail(
      'wrong-passphrase',
      'The passphrase does not open this backup. Check it and try again; if it is right, the file has been changed or damaged.',
    );
  }
  if (!opened.ok) {
    return fail('damaged', 'This key backup is damaged: the wrapped key is not a P-256 signing key.');
  }
  const privateKey = opened.value;

  if (!(await keyMatches(privateKey, b.publicJwk))) {
    return fail('key-mismatch', 'This key backup has been changed: its private key does not match its public key.');
  }
  return ok({
    privateKey,
    publicJwk: b.publicJwk,
    kid: b.kid,
    trainerId: b.trainerId,
    name: b.name,
    createdAt: b.createdAt,
  });
}

/** A backup read without its passphrase: who it is for, and the fields every key file shares. */
interface ReadBackup extends Omit<ReadWrapped, 'fields'> {
  trainerId: string;
  name: string;
  kid: string;
}

/** Checks the file's shape without any cryptography, naming the first damaged field. */
function readBackup(file: unknown): Result<ReadBackup, BackupReason> {
  const read = readKeyFormat(file, BACKUP_FORMAT, BACKUP_VERSION, 'This key backup', () =>
    fail('not-a-backup', 'This file is not a Tandem trainer key backup.'),
  );
  if (!read.ok) return read;
  const data = read.value;
  const damaged = (field: string) =>
    fail('damaged' as const, `This key backup is damaged: ${field} is missing or invalid.`);
  const { trainerId, name, kid, publicJwk, createdAt, kdf, cipher, wrappedKey } = data;

  if (typeof trainerId !== 'string' || !ID.test(trainerId)) return damaged('trainerId');
  if (typeof name !== 'string' || name.trim() === '' || name.length > 200) return damaged('name');
  if (typeof kid !== 'string' || !COORDINATE.test(kid)) return damaged('kid');
  const wrapped = readWrapped({ publicJwk, createdAt, kdf, cipher, wrappedKey }, damaged, (iterations) =>
    fail(
      'weak-kdf',
      `This key backup protects its key with only ${iterations.toLocaleString('en')} PBKDF2 iterations; ` +
        `Tandem makes and accepts only backups with at least ${PBKDF2_ITERATIONS.toLocaleString('en')}.`,
    ),
  );
  if (!wrapped.ok) return wrapped;
  const { fields: _fields, ...key } = wrapped.value;
  return ok({ trainerId, name, kid, ...key });
}

/**
 * A key file's `format` and `version` (a backup's, a trainee key's): the object, or `notIt()`
 * when it is not this kind of file, or `unsupported-version` naming the version it has.
 */
export function readKeyFormat<N extends string>(
  value: unknown,
  format: string,
  version: number,
  what: string,
  notIt: () => Failure<N>,
): Result<Record<string, unknown>, N | 'unsupported-version'> {
  if (!isRecord(value) || value['format'] !== format) return notIt();
  if (value['version'] !== version) {
    return fail(
      'unsupported-version',
      `${what} is format version ${describeValue(value['version'])}; this site reads version ${version}.`,
    );
  }
  return ok(value);
}

/** The fields read from a key file: its public key and date, the bytes `unwrapWithPassphrase` takes, and the wrapping fields as they were. */
export interface ReadWrapped {
  publicJwk: PublicJwk;
  createdAt: string;
  iterations: number;
  salt: Uint8Array<ArrayBuffer>;
  iv: Uint8Array<ArrayBuffer>;
  wrappedKey: Uint8Array<ArrayBuffer>;
  fields: PassphraseWrapped;
}

/**
 * Checks the fields a backup and a trainee key share: the public key, the creation date, and
 * what the private key is wrapped in (`kdf`, `cipher`, `wrappedKey`), in that order, naming the
 * first damaged one; too few iterations are refused as `weak-kdf`. Each caller checks its own
 * fields first and says both refusals in its own words.
 */
export function readWrapped(
  data: { publicJwk: unknown; createdAt: unknown; kdf: unknown; cipher: unknown; wrappedKey: unknown },
  damaged: (field: string) => Failure<'damaged'>,
  weak: (iterations: number) => Failure<'weak-kdf'>,
): Result<ReadWrapped, 'damaged' | 'weak-kdf'> {
  const { kdf, cipher, wrappedKey, createdAt } = data;
  const publicJwk = readPublicJwk(data.publicJwk);
  if (!publicJwk) return damaged('publicJwk');
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) return damaged('createdAt');
  if (!isRecord(kdf) || kdf['name'] !== 'PBKDF2' || kdf['hash'] !== 'SHA-256') return damaged('kdf');
  const iterations = kdf['iterations'];
  if (typeof iterations !== 'number' || !Number.isSafeInteger(iterations) || iterations > MAX_PBKDF2_ITERATIONS) {
    return damaged('kdf.iterations');
  }
  if (iterations < PBKDF2_ITERATIONS) return weak(iterations);
  const saltText = kdf['salt'];
  const salt = typeof saltText === 'string' ? fromBase64url(saltText) : undefined;
  if (!salt || salt.length < SALT_BYTES) return damaged('kdf.salt');

  if (!isRecord(cipher) || cipher['name'] !== 'AES-GCM') return damaged('cipher');
  const ivText = cipher['iv'];
  const iv = typeof ivText === 'string' ? fromBase64url(ivText) : undefined;
  if (!iv || iv.length !== IV_BYTES) return damaged('cipher.iv');

  // A P-256 PKCS #8 key is 67-138 bytes, plus the 16-byte GCM tag; 1 KB is plenty.
  const wrapped = typeof wrappedKey === 'string' && wrappedKey.length < 1400 ? fromBase64url(wrappedKey) : undefined;
  if (!wrapped || wrapped.length <= 16) return damaged('wrappedKey');

  return ok({
    publicJwk,
    createdAt,
    iterations,
    salt: copy(salt),
    iv: copy(iv),
    wrappedKey: copy(wrapped),
    fields: {
      kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: saltText as string },
      cipher: { name: 'AES-GCM', iv: ivText as string },
      wrappedKey: wrappedKey as string,
    },
  });
}

function toPublicJwk(jwk: JsonWebKey): PublicJwk {
  const key = readPublicJwk({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });
  if (!key) throw new TypeError('WebCrypto returned an unexpected public key');
  return key;
}

export async function deriveWrappingKey(
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
  usage: 'wrapKey' | 'unwrapKey',
): Promise<CryptoKey> {
  // NFC so the same passphrase typed on different systems gives the same bytes.
  const material = await crypto.subtle.importKey('raw', utf8.encode(passphrase.normalize('NFC')), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    [usage],
  );
}

/** Whether `privateKey` is the private half of `publicJwk`: sign a test message and verify it. */
export async function keyMatches(privateKey: CryptoKey, publicJwk: PublicJwk): Promise<boolean> {
  const alg = { name: 'ECDSA', hash: 'SHA-256' };
  const message = utf8.encode('tandem key backup check');
  try {
    const publicKey = await crypto.subtle.importKey('jwk', { ...publicJwk }, ECDSA_P256, false, ['verify']);
    const signature = await crypto.subtle.sign(alg, privateKey, message);
    return await crypto.subtle.verify(alg, publicKey, signature, message);
  } catch {
    return false; // e.g. the public coordinates are not a point on the curve
  }
}

/** WebCrypto's types want ArrayBuffer-backed views; this also detaches us from the caller's buffer. */
function copy(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}
