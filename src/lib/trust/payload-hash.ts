/**
 * The hash an entry is named by, wherever one entry names another: a certification names the
 * sign-offs (and skill certifications) it rests on, an acknowledgement the sign-off it
 * acknowledges. SHA-256 of the payload's canonical JSON, base64url: not of the JWS text, which
 * can be rewritten into another valid signature of the same payload (certification/payload.ts).
 *
 * Remembered per payload object: a record's payloads are parsed once and never changed, and a
 * large bundle names thousands of them, some twice (by a certification and by an
 * acknowledgement). The verification pool's workers hash the entries they accept and the pool
 * hands those hashes over (`rememberPayloadHash`), so the calling thread does not hash them again
 * after every signature is in: that was most of what it did alone at the end of a large bundle.
 */
import { canonicalJson } from '../hash';
import type { CertificationPayload } from '../export/types';
import type { SignoffPayload } from './entry';
import { defaultBackend, hashText, type CryptoBackend } from './verify';

type Named = SignoffPayload | CertificationPayload;

const known = new WeakMap<object, Promise<string>>();

/** The payload hash of `payload` (the same from either backend: SHA-256 both). */
export function payloadHash(payload: Named, backend?: CryptoBackend): Promise<string> {
  let hash = known.get(payload);
  if (!hash) {
    hash = hashText(canonicalJson(payload), backend ?? defaultBackend());
    known.set(payload, hash);
  }
  return hash;
}

/**
 * Records `hash` as `payload`'s payload hash. Only for a hash this program computed of this very
 * payload (a pool worker's, of the payload it sent back): it is trusted as if computed here.
 */
export function rememberPayloadHash(payload: Named, hash: string): void {
  if (!known.has(payload)) known.set(payload, Promise.resolve(hash));
}

/**
 * Whether another entry may name this accepted sign-off by hash: a certification rests only on
 * signed-off steps, and an acknowledgement names only an entry made for the trainee's key. What
 * a pool worker hashes before handing the sign-off back.
 */
export function mayBeNamed(payload: SignoffPayload): boolean {
  return payload.outcome === 'signed-off' || payload.trainee.kid !== undefined;
}
