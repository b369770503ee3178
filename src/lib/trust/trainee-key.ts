/**
 * The trainee's key: each trainee profile gets its own ECDSA P-256 key, so a record can carry a
 * second signature (the trainee's) and a trainer's entry can name whose key it was made for.
 *
 * Like the trainer's key it is made in the browser and kept non-extractable in IndexedDB. It
 * moves with the trainee's progress only wrapped with a passphrase the trainee chooses
 * (PBKDF2-SHA256 600,000 iterations, AES-256-GCM: the same scheme as the trainer's backup,
 * ./keys.ts), and the same wrapped copy unlocks the profile again on a shared training-room PC
 * after it was locked. What others see of it is only the public key and its thumbprint.
 *
 * Needs WebCrypto (`crypto.subtle`), so a secure context in the browser.
 */
import { fromBase64url } from './encoding';
import {
  MIN_PASSPHRASE_LENGTH,
  PBKDF2_ITERATIONS,
  generateTrainerKey,
  keyMatches,
  thumbprint,
  readKeyFormat,
  readWrapped,
  unwrapWithPassphrase,
  wrapWithPassphrase,
  type PassphraseWrapped,
} from './keys';
import { fail, ok, type Result } from '../result';
import type { PublicJwk } from './roster';

export const TRAINEE_KEY_FORMAT = 'tandem-trainee-key';
export const TRAINEE_KEY_VERSION = 1;
export { MIN_PASSPHRASE_LENGTH };

const KID = /^[A-Za-z0-9_-]{43}$/;

/** The trainee's key as it travels in a progress file: public key readable, private key wrapped. */
export interface WrappedTraineeKey extends PassphraseWrapped {
  format: typeof TRAINEE_KEY_FORMAT;
  version: typeof TRAINEE_KEY_VERSION;
  /** RFC 7638 thumbprint of `publicJwk`: what a trainer's entry names. */
  kid: string;
  publicJwk: PublicJwk;
  createdAt: string;
}

/** A trainee key ready to sign with: the private key is non-extractable. */
export interface TraineeKey {
  privateKey: CryptoKey;
  publicJwk: PublicJwk;
  kid: string;
}

export type TraineeKeyReason =
  | 'weak-passphrase'
  | 'not-a-key'
  | 'unsupported-version'
  | 'damaged'
  | 'weak-kdf'
  | 'wrong-passphrase'
  | 'key-mismatch';

/**
 * Makes a trainee key and its passphrase-wrapped copy. The extractable original exists only
 * inside this function, long enough to be wrapped once.
 */
export async function createTraineeKey(
  passphrase: string,
  now: Date = new Date(),
): Promise<Result<{ key: TraineeKey; wrapped: WrappedTraineeKey }, 'weak-passphrase'>> {
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    return fail('weak-passphrase', `Choose a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  }
  const made = await generateTrainerKey();
  const wrapping = await wrapWithPassphrase(made.backupKey, passphrase);
  return ok({
    key: { privateKey: made.privateKey, publicJwk: made.publicJwk, kid: made.kid },
    wrapped: {
      format: TRAINEE_KEY_FORMAT,
      version: TRAINEE_KEY_VERSION,
      kid: made.kid,
      publicJwk: made.publicJwk,
      createdAt: now.toISOString(),
      ...wrapping,
    },
  });
}

/**
 * Checks a wrapped key's shape without any cryptography (a progress file is untrusted), naming
 * the first damaged field. A kid that is not its public key's thumbprint is `key-mismatch`.
 */
export async function readWrappedTraineeKey(file: unknown): Promise<Result<WrappedTraineeKey, TraineeKeyReason>> {
  const read = readKeyFormat(file, TRAINEE_KEY_FORMAT, TRAINEE_KEY_VERSION, 'This trainee key', () =>
    fail('not-a-key', 'This is not a Tandem trainee key.'),
  );
  if (!read.ok) return read;
  const value = read.value;
  const damaged = (field: string) =>
    fail('damaged' as const, `The trainee key is damaged: ${field} is missing or invalid.`);
  const { kid, publicJwk, createdAt, kdf, cipher, wrappedKey } = value;
  if (typeof kid !== 'string' || !KID.test(kid)) return damaged('kid');
  const wrapped = readWrapped({ publicJwk, createdAt, kdf, cipher, wrappedKey }, damaged, (iterations) =>
    fail(
      'weak-kdf',
      `This trainee key is protected by only ${iterations} PBKDF2 iterations; Tandem needs ${PBKDF2_ITERATIONS}.`,
    ),
  );
  if (!wrapped.ok) return wrapped;
  const jwk = wrapped.value.publicJwk;
  if ((await thumbprint(jwk)) !== kid) {
    return fail('key-mismatch', 'This trainee key has been changed: its key id does not match its public key.');
  }
  return ok({
    format: TRAINEE_KEY_FORMAT,
    version: TRAINEE_KEY_VERSION,
    kid,
    publicJwk: jwk,
    createdAt: wrapped.value.createdAt,
    ...wrapped.value.fields,
  });
}

/** Opens the wrapped key with the trainee's passphrase, non-extractable, proven to match its public key. */
export async function openTraineeKey(
  value: unknown,
  passphrase: string,
): Promise<Result<TraineeKey, TraineeKeyReason>> {
  const read = await readWrappedTraineeKey(value);
  if (!read.ok) return read;
  const w = read.value;
  const opened = await unwrapWithPassphrase(
    {
      salt: new Uint8Array(fromBase64url(w.kdf.salt) as Uint8Array),
      iterations: w.kdf.iterations,
      iv: new Uint8Array(fromBase64url(w.cipher.iv) as Uint8Array),
      wrappedKey: new Uint8Array(fromBase64url(w.wrappedKey) as Uint8Array),
    },
    passphrase,
  );
  if (!opened.ok && opened.reason === 'wrong-passphrase') {
    return fail('wrong-passphrase', 'That passphrase does not open this trainee’s key. Check it and try again.');
  }
  if (!opened.ok) return fail('damaged', 'The trainee key is damaged: the wrapped key is not a P-256 signing key.');
  const privateKey = opened.value;
  if (!(await keyMatches(privateKey, w.publicJwk))) {
    return fail('key-mismatch', 'This trainee key has been changed: its private key does not match its public key.');
  }
  return ok({ privateKey, publicJwk: w.publicJwk, kid: w.kid });
}
