/**
 * ES256 (ECDSA P-256, SHA-256) signing and verification over a signing input, for the trainee's
 * own signatures (proof of holder, acknowledgements). Verification runs with WebCrypto where the
 * page has it and in pure JavaScript (@noble/curves, loaded on first use) where it does not: the
 * verify page on a plain-http intranet must still check a trainee's signature.
 */
import { fromBase64url, utf8 } from './encoding';
import type { PublicJwk } from './roster';
import type { CryptoBackend } from './verify';

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ES256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** The 64-byte `r || s` signature of `signingInput`, as WebCrypto and JWS write it. */
export async function signEs256(privateKey: CryptoKey, signingInput: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign(ES256, privateKey, utf8.encode(signingInput)));
}

/**
 * Whether `signature` (64 bytes, r || s) is `jwk`'s over `signingInput`. Never throws: a key that
 * is not a point on the curve, or a signature of another length, verifies nothing.
 */
export async function verifyEs256(
  jwk: PublicJwk,
  signingInput: string,
  signature: Uint8Array,
  backend: CryptoBackend,
): Promise<boolean> {
  if (signature.length !== 64) return false;
  if (backend === 'webcrypto') {
    try {
      const key = await crypto.subtle.importKey(
        'jwk',
        { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y },
        ECDSA_P256,
        false,
        ['verify'],
      );
      return await crypto.subtle.verify(ES256, key, signature as Uint8Array<ArrayBuffer>, utf8.encode(signingInput));
    } catch {
      return false;
    }
  }
  const x = fromBase64url(jwk.x);
  const y = fromBase64url(jwk.y);
  if (x?.length !== 32 || y?.length !== 32) return false;
  const point = new Uint8Array(65);
  point[0] = 0x04; // uncompressed SEC1 point: 04 || x || y
  point.set(x, 1);
  point.set(y, 33);
  const { p256 } = await import('@noble/curves/nist.js');
  try {
    // lowS: false, because WebCrypto signers do not normalise S (see verify.ts).
    return p256.verify(signature, utf8.encode(signingInput), point, { lowS: false, prehash: true });
  } catch {
    return false;
  }
}
