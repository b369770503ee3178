import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_NAME_PREFIX,
  OB_CONTEXT,
  THUMBPRINT_URI_PREFIX,
  courseBadgeCredential,
  signBadgeJwt,
  verifyBadgeJwt,
  verifyOpenBadge,
  type OpenBadgeCredential,
} from '../../../src/lib/export/badge';
import type { Roster } from '../../../src/lib/trust/roster';
import {
  COURSE_EXPIRES,
  SITE_URL,
  recordFixtures,
  withCourseCertification,
  type RecordFixtures,
} from '../../fixtures/records';
import { craftJws, day, editPayload, makeRoster, makeTrainer, payloadOf, type TestTrainer } from '../../fixtures/trust';

let f: RecordFixtures;
let mallory: TestTrainer; // not on the roster
let credential: OpenBadgeCredential;
/** Before the certification expires. */
const NOW = new Date('2026-04-01T12:00:00Z');
const SIGNED_AT = new Date('2026-03-20T09:00:00Z');

beforeAll(async () => {
  [f, mallory] = await Promise.all([recordFixtures(), makeTrainer('mallory', 'Mallory')]);
  const built = courseBadgeCredential(f.certified, { siteUrl: SITE_URL, now: NOW });
  if (!built.ok) throw new Error(built.message);
  credential = built.value;
});

const sign = (c = credential, trainer = f.alice) => signBadgeJwt(c, trainer.signer, { now: SIGNED_AT });
const verify = (jwt: unknown, roster: Roster = f.roster, now = NOW) => verifyBadgeJwt(jwt, roster, { now });
const headerOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0] as string, 'base64url').toString('utf8'));

describe('courseBadgeCredential', () => {
  it('builds an OpenBadgeCredential from the course certification', () => {
    const course = f.certified.certifications.find((c) => c.payload.scope === 'course')?.payload;
    expect(credential).toMatchObject({
      '@context': [...OB_CONTEXT],
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: 'Support desk onboarding',
      issuer: { id: SITE_URL, type: ['Profile'], name: 'Example Support Ltd', url: SITE_URL },
      validFrom: course?.certifiedAt,
      validUntil: COURSE_EXPIRES,
      credentialSubject: {
        type: ['AchievementSubject'],
        identifier: [
          { type: 'IdentityObject', hashed: false, identityHash: 'trainee-tess', identityType: 'identifier' },
          { type: 'IdentityObject', hashed: false, identityHash: 'Tess Trainee', identityType: 'name' },
        ],
        achievement: {
          id: `${SITE_URL}#course-certification`,
          type: ['Achievement'],
          achievementType: 'Certification',
          name: 'Support desk onboarding',
          criteria: { id: `${SITE_URL}skills/` },
        },
      },
    });
    expect(credential.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(credential.credentialSubject.id).toMatch(/^urn:uuid:/);
    expect(credential.description).toContain('Tess Trainee');
    expect(credential.description).not.toContain('DEMO');
  });

  it('states the four-step method and the required skills as criteria', () => {
    const narrative = credential.credentialSubject.achievement.criteria.narrative as string;
    for (const step of ['Show', 'Co-pilot', 'Solo', 'Teach-back']) expect(narrative).toContain(`**${step}.**`);
    expect(narrative).toContain('- Active listening\n- De-escalation');
    expect(narrative).not.toContain('Warm handover'); // optional
  });

  it('lists the certified skills as evidence', () => {
    expect(credential.evidence).toEqual([
      expect.objectContaining({ type: ['Evidence'], name: 'Active listening' }),
      expect.objectContaining({ type: ['Evidence'], name: 'De-escalation' }),
    ]);
    expect(credential.evidence[1]?.description).toMatch(/Show, Co-pilot, Solo, Teach-back signed off; .*2026-03-12/);
  });

  it('is the same credential, id included, every time it is built', () => {
    expect(courseBadgeCredential(f.certified, { siteUrl: SITE_URL.slice(0, -1), now: NOW })).toEqual({
      ok: true,
      value: credential,
    });
  });

  it('takes the issuer given', () => {
    const built = courseBadgeCredential(f.certified, {
      siteUrl: SITE_URL,
      now: NOW,
      issuer: { id: 'https://example.org/issuer', name: 'Example Group', email: 'training@example.org' },
    });
    expect(built.ok && built.value.issuer).toEqual({
      id: 'https://example.org/issuer',
      type: ['Profile'],
      name: 'Example Group',
      url: SITE_URL,
      email: 'training@example.org',
    });
  });

  it('leaves out validUntil, and calls it a certificate, when the certification does not expire', () => {
    const record = withCourseCertification(f.certified, (c) => {
      const { expiresAt: _, ...payload } = c.payload;
      return { ...c, payload };
    });
    const built = courseBadgeCredential(record, { siteUrl: SITE_URL, now: NOW });
    expect(built.ok && built.value).not.toHaveProperty('validUntil');
    expect(built.ok && built.value.credentialSubject.achievement.achievementType).toBe('Certificate');
  });

  it('marks a badge made from a demo certification', () => {
    const record = withCourseCertification(f.certified, (c) => ({ ...c, demo: true }));
    const built = courseBadgeCredential(record, { siteUrl: SITE_URL, now: NOW });
    expect(built.ok && built.value.name).toBe(`${DEMO_NAME_PREFIX}Support desk onboarding`);
    expect(built.ok && built.value.description).toContain('DEMO: signed with the published demo trainer key');
  });

  it('refuses a trainee without a course certification', () => {
    expect(courseBadgeCredential(f.inProgress, { siteUrl: SITE_URL, now: NOW })).toEqual({
      ok: false,
      reason: 'not-certified',
      message: 'Omar Other has no course certification yet, so there is no badge to make.',
    });
  });

  it('refuses an expired certification, whether verification said so or the date has passed', () => {
    const flagged = withCourseCertification(f.certified, (c) => ({ ...c, expired: true }));
    expect(courseBadgeCredential(flagged, { siteUrl: SITE_URL, now: NOW })).toMatchObject({
      ok: false,
      reason: 'expired',
    });
    expect(courseBadgeCredential(f.certified, { siteUrl: SITE_URL, now: new Date(COURSE_EXPIRES) })).toMatchObject({
      ok: false,
      reason: 'expired',
    });
  });
});

describe('signBadgeJwt and verifyBadgeJwt', () => {
  it('signs a VC-JWT whose payload is the credential plus the OB 3.0 claims', async () => {
    const jwt = await sign();
    // No DID given: the key is named by the site's JWK Set, where the build publishes it.
    expect(headerOf(jwt)).toEqual({ alg: 'ES256', kid: `${SITE_URL}.well-known/jwks.json#${f.alice.kid}`, typ: 'JWT' });
    const claims = payloadOf(jwt);
    expect(claims).toMatchObject({
      ...credential,
      iss: SITE_URL,
      jti: credential.id,
      sub: credential.credentialSubject.id,
      nbf: Date.parse(credential.validFrom) / 1000,
      exp: Date.parse(COURSE_EXPIRES) / 1000,
      iat: SIGNED_AT.getTime() / 1000,
    });
    expect(claims).not.toHaveProperty('vc');
  });

  it('verifies its own badge and gives back the credential and who signed it', async () => {
    expect(await verify(await sign())).toEqual({
      ok: true,
      value: {
        credential,
        signedBy: { id: 'alice-trainer', name: 'Alice Adams' },
        demo: false,
        kid: `${SITE_URL}.well-known/jwks.json#${f.alice.kid}`,
        signedAt: SIGNED_AT.toISOString(),
      },
    });
  });

  it('marks a badge signed with the demo trainer’s key as demo', async () => {
    const result = await verify(await sign(credential, f.demo));
    expect(result).toMatchObject({ ok: true, value: { demo: true, signedBy: { id: 'demo-trainer' } } });
  });

  it('refuses a badge changed after signing', async () => {
    const jwt = editPayload(await sign(), (p) => {
      p['name'] = 'Advanced support desk';
    });
    expect(await verify(jwt)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a badge whose signature was swapped for another key’s', async () => {
    const [header, payload] = (await sign()).split('.');
    const other = (await sign(credential, f.demo)).split('.')[2];
    expect(await verify(`${header}.${payload}.${other}`)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a key that is not on the roster', async () => {
    expect(await verify(await sign(credential, mallory))).toMatchObject({ ok: false, reason: 'unknown-key' });
  });

  it('refuses every algorithm but ES256, before looking at the key', async () => {
    const kid = `${THUMBPRINT_URI_PREFIX}${f.alice.kid}`;
    const claims = payloadOf(await sign());
    for (const alg of ['none', 'HS256', 'RS256', 'ES384']) {
      const jwt = await craftJws({ alg, kid, typ: 'JWT' }, claims, alg === 'none' ? undefined : f.alice.privateKey);
      expect(await verify(jwt)).toMatchObject({ ok: false, reason: 'alg-not-allowed' });
    }
  });

  it('still reads a badge made before the keys were published (thumbprint URN)', async () => {
    const kid = `${THUMBPRINT_URI_PREFIX}${f.alice.kid}`;
    const jwt = await craftJws({ alg: 'ES256', kid, typ: 'JWT' }, payloadOf(await sign()), f.alice.privateKey);
    expect(await verify(jwt)).toMatchObject({ ok: true, value: { kid } });
  });

  it('refuses extra header fields and a kid that is not a thumbprint URI', async () => {
    const claims = payloadOf(await sign());
    const kid = `${THUMBPRINT_URI_PREFIX}${f.alice.kid}`;
    const withJwk = await craftJws(
      { alg: 'ES256', kid, typ: 'JWT', jwk: f.alice.publicJwk },
      claims,
      f.alice.privateKey,
    );
    expect(await verify(withJwk)).toMatchObject({ ok: false, reason: 'malformed' });
    for (const bad of [f.alice.kid, `did:web:x#${f.alice.kid}#x`, `ftp://x/#${f.alice.kid}`, `did:web:x#short`]) {
      const jwt = await craftJws({ alg: 'ES256', kid: bad, typ: 'JWT' }, claims, f.alice.privateKey);
      expect(await verify(jwt), bad).toMatchObject({ ok: false, reason: 'malformed' });
    }
  });

  it('refuses claims that do not match the credential, even when properly signed', async () => {
    const kid = `${THUMBPRINT_URI_PREFIX}${f.alice.kid}`;
    const claims = payloadOf(await sign());
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...claims, jti: 'urn:uuid:00000000-0000-5000-8000-000000000000' }, /jti/],
      [{ ...claims, iss: 'https://elsewhere.example/' }, /iss/],
      [{ ...claims, sub: 'urn:uuid:00000000-0000-5000-8000-000000000000' }, /sub/],
      [{ ...claims, nbf: (claims['nbf'] as number) - 86_400 }, /nbf/],
      [{ ...claims, exp: (claims['exp'] as number) + 86_400 }, /exp/],
      [{ iss: claims['iss'], jti: claims['jti'], sub: claims['sub'], nbf: claims['nbf'], vc: credential }, /"vc"/],
      [{ ...claims, type: ['VerifiableCredential'] }, /type/],
    ];
    for (const [payload, message] of cases) {
      const result = await verify(await craftJws({ alg: 'ES256', kid, typ: 'JWT' }, payload, f.alice.privateKey));
      expect(result).toMatchObject({ ok: false, reason: 'bad-credential' });
      expect(!result.ok && result.message).toMatch(message);
    }
  });

  it('refuses an expired badge and one not valid yet', async () => {
    const jwt = await sign();
    expect(await verify(jwt, f.roster, new Date(COURSE_EXPIRES))).toMatchObject({ ok: false, reason: 'expired' });
    expect(await verify(jwt, f.roster, day(1))).toMatchObject({ ok: false, reason: 'not-yet-valid' });
  });

  it('refuses a badge signed after the key was revoked, and keeps one signed before', async () => {
    const jwt = await sign();
    const revokedBefore = makeRoster([
      { trainer: f.alice, key: { revokedAt: day(15).toISOString(), status: 'revoked' } },
    ]);
    expect(await verify(jwt, revokedBefore)).toMatchObject({ ok: false, reason: 'key-not-valid' });
    const revokedAfter = makeRoster([
      { trainer: f.alice, key: { revokedAt: day(25).toISOString(), status: 'revoked' } },
    ]);
    expect(await verify(jwt, revokedAfter)).toMatchObject({ ok: true });
  });

  it('refuses what is not a badge at all', async () => {
    for (const input of [undefined, 42, '', 'not.a.jwt!', 'a.b', `${'a'.repeat(70_000)}.b.c`]) {
      const result = await verify(input);
      expect(result.ok).toBe(false);
    }
    expect(await verify(`${'a'.repeat(70_000)}.b.c`)).toMatchObject({ reason: 'too-large' });
  });
});

describe('verifyOpenBadge: the badge against this course’s site, as the verify page and npm run verify judge it', () => {
  const DID = 'did:web:training.example.org:onboarding';
  const course = { id: 'c', title: 't', organisation: 'o', passMark: 80, certificationExpiryMonths: 12 };
  const manifest = (overrides: Partial<Parameters<typeof verifyOpenBadge>[1]> = {}) => ({
    roster: f.roster,
    site: SITE_URL,
    course,
    ...overrides,
  });
  const check = (jwt: string, m: Parameters<typeof verifyOpenBadge>[1] = manifest(), now = NOW) =>
    verifyOpenBadge(jwt, m, { now });
  let didCredential: OpenBadgeCredential;
  beforeAll(() => {
    const built = courseBadgeCredential(f.certified, { siteUrl: SITE_URL, issuerDid: DID, now: NOW });
    if (!built.ok) throw new Error(built.message);
    didCredential = built.value;
  });
  /** Alice signs whatever claims are given, under a kid of her choosing: a trainer (or the demo key) gone rogue. */
  const forge = async (edit: (claims: Record<string, unknown>) => void, kid = `${DID}#${f.alice.kid}`) => {
    const claims = payloadOf(await sign(didCredential));
    edit(claims);
    return craftJws({ alg: 'ES256', kid, typ: 'JWT' }, claims, f.alice.privateKey);
  };

  it('issues as the site’s DID, names the key in its DID document, and verifies', async () => {
    expect(didCredential.issuer).toMatchObject({ id: DID, url: SITE_URL });
    const jwt = await sign(didCredential);
    expect(headerOf(jwt).kid).toBe(`${DID}#${f.alice.kid}`);
    expect(payloadOf(jwt)['iss']).toBe(DID);
    expect(await check(jwt)).toMatchObject({ ok: true, value: { issuerChecked: true, demo: false } });
    // A badge issued by the site's address (JWK Set kid) is this site's too.
    expect(await check(await sign())).toMatchObject({ ok: true, value: { issuerChecked: true } });
  });

  it('refuses a badge issued as another site, even when signed by a roster key', async () => {
    const elsewhere = await forge((c) => {
      c['issuer'] = { ...(c['issuer'] as object), id: 'did:web:evil.example' };
      c['iss'] = 'did:web:evil.example';
    }, `did:web:evil.example#${f.alice.kid}`);
    expect(await check(elsewhere)).toMatchObject({ ok: false, reason: 'wrong-issuer' });
  });

  it('refuses a kid that is not a key of the badge’s own issuer', async () => {
    const mismatch = await forge(() => {}, `did:web:evil.example#${f.alice.kid}`);
    expect(await check(mismatch)).toMatchObject({ ok: false, reason: 'wrong-issuer' });
    const otherJwks = await forge(() => {}, `https://evil.example/.well-known/jwks.json#${f.alice.kid}`);
    expect(await check(otherJwks)).toMatchObject({ ok: false, reason: 'wrong-issuer' });
    // The issuer is this site, but its url (where a third party would look for the key) is not.
    const pointedAway = await forge((c) => {
      c['issuer'] = { ...(c['issuer'] as object), id: SITE_URL, url: 'https://evil.example/' };
      c['iss'] = SITE_URL;
    }, `https://evil.example/.well-known/jwks.json#${f.alice.kid}`);
    expect(await check(pointedAway)).toMatchObject({ ok: false, reason: 'wrong-issuer' });
  });

  it('refuses a badge for another achievement', async () => {
    const other = await forge((c) => {
      const subject = c['credentialSubject'] as { achievement: { id: string } };
      subject.achievement.id = 'https://elsewhere.example/#course-certification';
    });
    expect(await check(other)).toMatchObject({ ok: false, reason: 'wrong-achievement' });
  });

  it('refuses a validity longer than the course certifies for, or none when it must end', async () => {
    const long = await forge((c) => {
      c['validUntil'] = '2030-01-01T00:00:00.000Z';
      c['exp'] = Date.parse('2030-01-01T00:00:00.000Z') / 1000;
    });
    expect(await check(long)).toMatchObject({ ok: false, reason: 'expiry-not-allowed' });
    const endless = await forge((c) => {
      delete c['validUntil'];
      delete c['exp'];
    });
    expect(await check(endless)).toMatchObject({ ok: false, reason: 'expiry-not-allowed' });
  });

  it('refuses a badge signed by a trainer who may not certify', async () => {
    const roster = { ...f.roster, trainers: f.roster.trainers.map((t) => ({ ...t, certify: false as const })) };
    expect(await check(await sign(didCredential), manifest({ roster }))).toMatchObject({
      ok: false,
      reason: 'may-not-certify',
    });
  });

  it('refuses a foreign key, edited claims and an expired badge, each with its reason', async () => {
    const foreign = await signBadgeJwt(didCredential, mallory.signer, { now: SIGNED_AT });
    expect(await check(foreign)).toMatchObject({ ok: false, reason: 'unknown-key' });
    const edited = editPayload(await sign(didCredential), (c) => {
      (c['credentialSubject'] as { identifier: { identityHash: string }[] }).identifier[1]!.identityHash = 'Mallory';
    });
    expect(await check(edited)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(await check(await sign(didCredential), manifest(), new Date(COURSE_EXPIRES))).toMatchObject({
      ok: false,
      reason: 'expired',
    });
  });

  it('without a canonical address, verifies the signature and says the issuer was not checked', async () => {
    const { site: _site, ...noSite } = manifest();
    expect(await check(await sign(didCredential), noSite)).toMatchObject({
      ok: true,
      value: { issuerChecked: false },
    });
  });
});
