/**
 * The did:web document as other software reads it. It is JSON-LD, but no offline copy of the
 * DID v1 context (https://www.w3.org/ns/did/v1) or of the JWS 2020 suite context is installed
 * (node_modules has the VC 2.0 and Open Badges contexts only, and tests never use the network),
 * so it cannot be expanded in JSON-LD safe mode here. Instead its structure is held to the DID
 * Core 1.0 rules a resolver applies: the DID syntax and the did:web method's spelling, the
 * context first, the core properties only, one verification material per method and no private
 * key members, unique method ids, relative references that resolve in the document, and the
 * address a did:web resolver fetches it from.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import { manifestFromFiles } from '../../../src/lib/course/manifest-from-files';
import { didDocument, didDocumentPath, didWeb } from '../../../src/lib/course/published-keys';

/** DID Core §3.1: did = "did:" method-name ":" method-specific-id. */
const DID = /^did:[a-z0-9]+:((?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})*:)*(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})+$/;
/** The DID Core properties a DID document may have at its top (§5), as this one uses them. */
const CORE = new Set([
  '@context',
  'id',
  'alsoKnownAs',
  'controller',
  'verificationMethod',
  'authentication',
  'assertionMethod',
  'keyAgreement',
  'capabilityInvocation',
  'capabilityDelegation',
  'service',
]);
/** Private members of an EC JWK (RFC 7518 §6.2.2): never in a published key (DID Core §5.2.1). */
const PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

let manifest: CourseManifest;
const BUILT = new Date('2026-06-01T00:00:00Z');
const SITES = ['https://training.example.org/', 'https://learn.example.com:8443/north/training/'];

beforeAll(async () => {
  const built = await manifestFromFiles('src/content');
  if (!built.ok) throw new Error(built.message);
  manifest = built.value;
});

/** Where a did:web resolver fetches a DID's document (did:web method spec §3.2, Read). */
function resolverUrl(did: string): string {
  const [, , host = '', ...path] = did.split(':');
  const base = `https://${decodeURIComponent(host)}/`;
  return path.length === 0
    ? `${base}.well-known/did.json`
    : `${base}${path.map(decodeURIComponent).join('/')}/did.json`;
}

describe.each(SITES)('the DID document of %s, under the DID Core rules', (site) => {
  const doc = () => didDocument(manifest, site, BUILT);

  it('is a did:web DID in the DID syntax, fetched from where the site publishes it', () => {
    const d = doc();
    expect(d.id).toMatch(DID);
    expect(d.id.startsWith('did:web:')).toBe(true);
    expect(d.id).toBe(didWeb(site));
    expect(resolverUrl(d.id)).toBe(new URL(didDocumentPath(site), site).href);
  });

  it('names the DID v1 context first (JSON-LD representation, §6.3.1) and only core properties', () => {
    const d = doc() as unknown as Record<string, unknown>;
    expect((d['@context'] as string[])[0]).toBe('https://www.w3.org/ns/did/v1');
    for (const key of Object.keys(d)) expect(CORE.has(key), key).toBe(true);
    // JSON, as a resolver reads it: nothing lost in a round trip (no undefined, no functions).
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });

  it('has one method per roster key: a DID URL in this document, controlled by it, a public JWK and nothing more', () => {
    const d = doc();
    const keys = manifest.roster.trainers.flatMap((t) => t.keys);
    expect(d.verificationMethod).toHaveLength(keys.length);
    const ids = d.verificationMethod.map((m) => m.id);
    expect(new Set(ids).size, 'method ids are unique (§5.2)').toBe(ids.length);
    for (const m of d.verificationMethod) {
      expect(m.id.startsWith(`${d.id}#`), m.id).toBe(true);
      expect(m.id.slice(d.id.length + 1)).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(m.controller).toMatch(DID);
      expect(m.controller).toBe(d.id);
      expect(typeof m.type).toBe('string');
      // Exactly one verification material (§5.2.1): publicKeyJwk, no publicKeyMultibase beside it.
      expect(Object.keys(m).sort()).toEqual(['controller', 'id', 'publicKeyJwk', 'type']);
      for (const member of PRIVATE) expect(m.publicKeyJwk, member).not.toHaveProperty(member);
      expect(m.publicKeyJwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    }
  });

  it('refers to its own methods in assertionMethod, each once, never to one it does not hold', () => {
    const d = doc();
    const ids = new Set(d.verificationMethod.map((m) => m.id));
    expect(new Set(d.assertionMethod).size).toBe(d.assertionMethod.length);
    for (const ref of d.assertionMethod) expect(ids.has(ref), ref).toBe(true);
    // The published demo key proves nothing: no wallet may take it as an issuer's.
    const demo = manifest.roster.trainers.filter((t) => t.demo).flatMap((t) => t.keys.map((k) => `${d.id}#${k.kid}`));
    expect(demo.length).toBeGreaterThan(0);
    for (const ref of demo) expect(d.assertionMethod).not.toContain(ref);
  });
});
