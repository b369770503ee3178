/**
 * The RFC 7638 thumbprint of a P-256 public key, computed with the verifier's backend: the
 * verify page on a plain-http intranet has no WebCrypto, and must still tell which trainee key
 * an entry was bound to. (keys.ts `thumbprint` uses jose, which needs WebCrypto.)
 */
import { hashText, defaultBackend, type CryptoBackend } from './verify';
import type { PublicJwk } from './roster';
import { readPublicJwk } from './public-jwk';

export function publicKeyThumbprint(jwk: PublicJwk, backend: CryptoBackend = defaultBackend()): Promise<string> {
  // The required members in sorted order, no whitespace: exactly RFC 7638's input for EC keys.
  return hashText(`{"crv":"P-256","kty":"EC","x":${JSON.stringify(jwk.x)},"y":${JSON.stringify(jwk.y)}}`, backend);
}

/**
 * The thumbprint of a trainee profile's own key, from its public half; null when it has none. The
 * stored profile is only shape-checked for its other members, so a damaged key counts as none.
 */
export async function traineeKidOf(profile: { key?: unknown }): Promise<string | null> {
  const key = profile.key;
  const jwk =
    typeof key === 'object' && key !== null ? readPublicJwk((key as { publicJwk?: unknown }).publicJwk) : undefined;
  return jwk ? publicKeyThumbprint(jwk) : null;
}
