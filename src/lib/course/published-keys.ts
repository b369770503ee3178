/**
 * The roster's public keys as other software looks them up: a JWK Set (RFC 7517) at
 * `<site>.well-known/jwks.json`, and a did:web DID document for wallets that resolve DIDs. The
 * build writes both from the manifest (src/integrations/well-known.ts); an Open Badge's `kid`
 * names a key in one of them (src/lib/export/badge.ts), so a verifier that is not Tandem can
 * find the key that signed it.
 *
 * Where the DID document lives follows the did:web method: `did:web:host` resolves to
 * `https://host/.well-known/did.json`, `did:web:host:training` (a site under a sub-path) to
 * `https://host/training/did.json`. The JWK Set stays under the base path in both cases, since
 * the site cannot write to the host's root.
 *
 * Revoked and expired keys stay in both: a badge signed before the revocation still has to
 * resolve. The JWK Set carries each key's dates (validFrom, validUntil, revokedAt) as extra
 * members, which RFC 7517 §4 lets a reader ignore; the DID document, which has no standard way
 * to date a key, lists such keys as verification methods only, never as assertion methods, so a
 * wallet that only asks "may this key issue?" says no. The demo trainer's key (its private key is
 * published) is never an assertion method either.
 */
import type { CourseManifest } from './manifest';
import type { PublicJwk, RosterKey, RosterTrainer } from '../trust/roster';
import { keyStatusAt } from '../trust/roster';

/** Where the JWK Set is, relative to the site's base path. */
export const JWKS_PATH = '.well-known/jwks.json';

/** One key of the JWK Set: the public JWK, what it is for, and the roster's facts about it. */
export interface PublishedJwk extends PublicJwk {
  /** RFC 7638 thumbprint, as the roster and every Tandem entry name it. */
  kid: string;
  alg: 'ES256';
  use: 'sig';
  /** The roster trainer the key belongs to. */
  trainer: string;
  /** The published demo trainer's key: anyone can sign with it, so nothing it signs proves anything. */
  demo?: true;
  validFrom: string;
  validUntil?: string;
  status: RosterKey['status'];
  revokedAt?: string;
  revokedReason?: string;
}

export interface JwkSet {
  keys: PublishedJwk[];
}

/** The roster's keys, every one of them (revoked ones too, with their dates), as a JWK Set. */
export function rosterJwks(manifest: Pick<CourseManifest, 'roster'>): JwkSet {
  return {
    keys: manifest.roster.trainers.flatMap((trainer) =>
      trainer.keys.map((k): PublishedJwk => ({
        kty: k.jwk.kty,
        crv: k.jwk.crv,
        x: k.jwk.x,
        y: k.jwk.y,
        kid: k.kid,
        alg: 'ES256',
        use: 'sig',
        trainer: trainer.id,
        ...(trainer.demo && { demo: true as const }),
        validFrom: k.validFrom,
        ...(k.validUntil !== undefined && { validUntil: k.validUntil }),
        status: k.status,
        ...(k.revokedAt !== undefined && { revokedAt: k.revokedAt }),
        ...(k.revokedReason !== undefined && { revokedReason: k.revokedReason }),
      })),
    ),
  };
}

/**
 * The did:web DID of a site address (`https://host:8443/training/` → `did:web:host%3A8443:training`):
 * the port's colon percent-encoded, each path segment a further `:`-separated part.
 */
export function didWeb(site: string): string {
  const url = new URL(site);
  const segments = url.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', encodeURIComponent(url.host), ...segments].join(':');
}

/** Where the DID document of `site` must be, relative to the site's base path. */
export function didDocumentPath(site: string): string {
  return new URL(site).pathname === '/' ? '.well-known/did.json' : 'did.json';
}

/** The id of a roster key in the site's DID document: `did:web:…#<thumbprint>`. */
export function didKeyId(site: string, kid: string): string {
  return `${didWeb(site)}#${kid}`;
}

/** The URL a non-DID verifier finds a key at: the JWK Set, with the key's thumbprint as fragment. */
export function jwksKeyId(site: string, kid: string): string {
  return `${new URL(JWKS_PATH, site).href}#${kid}`;
}

export interface VerificationMethod {
  id: string;
  type: 'JsonWebKey2020';
  controller: string;
  publicKeyJwk: PublicJwk;
}

export interface DidDocument {
  '@context': string[];
  id: string;
  verificationMethod: VerificationMethod[];
  assertionMethod: string[];
}

/**
 * May a wallet take this key as able to issue? Only when it counts at the build (not revoked, not
 * before or past its dates), is not the demo key, and its trainer may certify. Tandem's own
 * verifier judges each badge at its signing time against the roster; this is for verifiers that
 * cannot, so it errs on the side of no.
 */
function issuesNow(trainer: RosterTrainer, key: RosterKey, at: Date): boolean {
  return !trainer.demo && trainer.certify !== false && keyStatusAt(key, at) === 'valid';
}

/** The site's DID document: every roster key as a verification method, current ones as assertion methods. */
export function didDocument(manifest: Pick<CourseManifest, 'roster'>, site: string, at: Date): DidDocument {
  const id = didWeb(site);
  const methods = manifest.roster.trainers.flatMap((trainer) =>
    trainer.keys.map((key) => ({ trainer, key, method: didKeyId(site, key.kid) })),
  );
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
    id,
    verificationMethod: methods.map(({ key, method }) => ({
      id: method,
      type: 'JsonWebKey2020',
      controller: id,
      publicKeyJwk: { kty: key.jwk.kty, crv: key.jwk.crv, x: key.jwk.x, y: key.jwk.y },
    })),
    assertionMethod: methods.filter(({ trainer, key }) => issuesNow(trainer, key, at)).map(({ method }) => method),
  };
}
