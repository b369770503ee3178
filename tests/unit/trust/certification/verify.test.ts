/**
 * Certification entries: when a skill or the course is ready to certify, what is signed, and
 * every reason a certification is refused (or found expired) when it is checked.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { skillHashes, type CourseManifest } from '../../../../src/lib/course/manifest';
import {
  CERTIFICATION_TYP,
  addMonths,
  payloadHash,
  signCertification,
  type CertificationInput,
} from '../../../../src/lib/trust/certification/payload';
import { courseCertificationReady, skillCertificationReady } from '../../../../src/lib/trust/certification/readiness';
import {
  verifyCertification,
  verifyCertificationAlone,
  type CertificationContext,
  type CertificationVerdict,
} from '../../../../src/lib/trust/certification/verify';
import type { CertificationPayload } from '../../../../src/lib/export/types';
import { canonicalJson, sha256 } from '../../../../src/lib/hash';
import type { SignoffPayload } from '../../../../src/lib/trust/entry';
import { verifySignoff, type CryptoBackend } from '../../../../src/lib/trust/verify';
import {
  BOB_REVOKED,
  LATER,
  NOW,
  OTHER_TRAINEE,
  QUIZ_HASHES,
  TRAINEE,
  certifiedRecord,
  day,
  exportManifest,
  malleate,
  quizAttempt,
  type CertifiedRecord,
  type Trainers,
} from '../../../fixtures/export';
import { craftJws, editPayload, payloadOf, rosterKey, sign } from '../../../fixtures/trust';
import { certifiedCourse } from '../../../fixtures/setup';

let t: Trainers;
let manifest: CourseManifest;
let tess: CertifiedRecord;

beforeAll(async () => {
  ({ t, manifest, tess } = await certifiedCourse());
});

const listeningCert = () => tess.skillCertifications[0] as { jws: string; payload: CertificationPayload };
const skillPayloads = () => tess.skillCertifications.map((c) => c.payload);

function ctx(overrides: Partial<CertificationContext> = {}): CertificationContext {
  return {
    manifest,
    traineeId: TRAINEE.id,
    signoffs: tess.payloads,
    skillCertifications: skillPayloads(),
    now: NOW,
    ...overrides,
  };
}

function expectRefused(
  v: CertificationVerdict,
  reason: string,
): asserts v is Extract<CertificationVerdict, { ok: false }> {
  expect(v).toMatchObject({ ok: false, status: 'invalid', reason });
  if (!v.ok) expect(v.message).not.toBe('');
}

/** A certification for Tess signed by `who`, from the ready input with `change` applied. */
async function certify(
  change: (input: CertificationInput) => void = () => {},
  who = t.alice,
  at = day(6, 12),
): Promise<string> {
  const ready = await skillCertificationReady(
    tess.payloads.filter((p) => Date.parse(p.signedAt) <= at.getTime()),
    tess.profile.attempts,
    manifest,
    'active-listening',
  );
  if (!ready.ok) throw new Error(ready.message);
  const input = structuredClone(ready.value);
  change(input);
  const signed = await signCertification({ ...input, certifiedAt: at }, who.signer);
  if (!signed.ok) throw new Error(signed.message);
  return signed.value.jws;
}

describe('ready to certify a skill', () => {
  it('rests on the four sign-offs that hold the steps and on the passing quiz attempt', async () => {
    const ready = await skillCertificationReady(tess.payloads, tess.profile.attempts, manifest, 'active-listening');
    expect(ready.ok).toBe(true);
    if (!ready.ok) return;
    const holding = Object.values(tess.holding['active-listening']).map((jws) => payloadOf(jws)['id']);
    expect(ready.value.rests.entries.map((e) => e.id)).toEqual(holding);
    expect(ready.value).toMatchObject({
      course: manifest.course.id,
      trainee: TRAINEE,
      scope: 'skill',
      skill: 'active-listening',
      skillHash: manifest.skills[0]?.hash,
      expiryMonths: 12,
    });
    // The second attempt passed (5/5); the first (3/5) did not.
    expect(ready.value.rests.quizzes).toEqual([
      {
        lesson: 'listening-basics',
        hash: QUIZ_HASHES['listening-basics'],
        at: day(1, 11).toISOString(),
        score: 5,
        total: 5,
        passMark: 80,
      },
    ]);
  });

  it('is not ready while a step the course counts only once acknowledged is not, and says which', async () => {
    const holding = payloadOf(tess.holding['active-listening'].solo)['id'] as string;
    const ready = await skillCertificationReady(
      tess.payloads,
      tess.profile.attempts,
      manifest,
      'active-listening',
      undefined,
      new Set([holding]),
    );
    expect(ready).toMatchObject({ ok: false, reason: 'not-ready', missing: { steps: [], unacknowledged: ['solo'] } });
    expect(ready.ok ? '' : ready.message).toContain('steps the trainee has not acknowledged yet: Solo');
    // Another entry's acknowledgement missing (not one a step rests on) changes nothing.
    const other = await skillCertificationReady(
      tess.payloads,
      tess.profile.attempts,
      manifest,
      'active-listening',
      undefined,
      new Set(['x']),
    );
    expect(other.ok).toBe(true);
  });

  it('names an entry by the SHA-256 of its canonical payload, not of its JWS text', async () => {
    const ready = await skillCertificationReady(tess.payloads, tess.profile.attempts, manifest, 'active-listening');
    if (!ready.ok) throw new Error(ready.message);
    const show = tess.payloads[0] as SignoffPayload;
    const expected = await sha256(canonicalJson(show));
    expect(ready.value.rests.entries[0]).toEqual({ id: show.id, hash: expected });
    expect(expected).not.toBe(await sha256(tess.holding['active-listening'].show));
    expect(await payloadHash(show, 'noble')).toBe(expected);
  });

  it('says which steps are not signed off and which quizzes are not passed', async () => {
    const twoSteps = tess.payloads.filter(
      (p) => p.skill === 'active-listening' && ['show', 'copilot'].includes(p.step),
    );
    const failedOnly = { 'listening-basics': [quizAttempt('listening-basics', day(1), 2)] };
    const notReady = await skillCertificationReady(twoSteps, failedOnly, manifest, 'active-listening');
    expect(notReady).toMatchObject({
      ok: false,
      reason: 'not-ready',
      missing: {
        steps: ['solo', 'teachback'],
        quizzes: [{ lesson: 'listening-basics', title: 'Listening basics', state: 'failed' }],
      },
    });
    if (!notReady.ok) expect(notReady.message).toMatch(/Solo, Teach-back.*Listening basics \(failed\)/);

    const none = await skillCertificationReady(tess.payloads, {}, manifest, 'active-listening');
    expect(none).toMatchObject({ ok: false, missing: { steps: [], quizzes: [{ state: 'not-started' }] } });
  });

  it('does not count a pass on an earlier version of the quiz', async () => {
    const changed = { 'listening-basics': [{ ...quizAttempt('listening-basics', day(1), 5), hash: 'z'.repeat(43) }] };
    const notReady = await skillCertificationReady(tess.payloads, changed, manifest, 'active-listening');
    expect(notReady).toMatchObject({ ok: false, missing: { quizzes: [{ state: 'changed' }] } });
  });

  it('rests on the sign-off given after a step was re-opened, not the one before', async () => {
    const reopen = await sign(t.alice, { step: 'solo', outcome: 're-opened', signedAt: day(20) });
    const soloAgain = await sign(t.alice, { step: 'solo', signedAt: day(21) });
    const teachAgain = await sign(t.alice, { step: 'teachback', signedAt: day(22) });
    const payloads = [
      ...tess.payloads,
      ...[reopen, soloAgain, teachAgain].map((j) => payloadOf(j) as unknown as SignoffPayload),
    ];
    const ready = await skillCertificationReady(payloads, tess.profile.attempts, manifest, 'active-listening');
    if (!ready.ok) throw new Error(ready.message);
    expect(ready.value.rests.entries.map((e) => e.id)).toEqual([
      payloadOf(tess.holding['active-listening'].show)['id'],
      payloadOf(tess.holding['active-listening'].copilot)['id'],
      payloadOf(soloAgain)['id'],
      payloadOf(teachAgain)['id'],
    ]);
  });

  it('refuses a skill the course does not have', async () => {
    expect(await skillCertificationReady(tess.payloads, {}, manifest, 'juggling')).toMatchObject({
      ok: false,
      reason: 'unknown-skill',
    });
  });
});

describe('ready to certify the course', () => {
  it('rests on the newest current certification of every required skill', async () => {
    const ready = await courseCertificationReady(skillPayloads(), manifest, day(13));
    if (!ready.ok) throw new Error(ready.message);
    expect(ready.value).toMatchObject({ scope: 'course', rests: { quizzes: [] } });
    expect(ready.value.rests.entries.map((e) => e.id)).toEqual(skillPayloads().map((p) => p.id));
    expect(ready.value.skill).toBeUndefined();
  });

  it('names the required skills not certified, or whose certification expired', async () => {
    const onlyListening = await courseCertificationReady([listeningCert().payload], manifest, day(13));
    expect(onlyListening).toMatchObject({
      ok: false,
      reason: 'not-ready',
      missing: { skills: [{ skill: 'de-escalation', state: 'not-certified' }] },
    });
    const later = await courseCertificationReady(skillPayloads(), manifest, LATER);
    expect(later).toMatchObject({ ok: false, missing: { skills: [{ state: 'expired' }, { state: 'expired' }] } });
  });
});

describe('signing a certification', () => {
  it('is a compact ES256 JWS with the certification media type, and returns what it signed', async () => {
    const { jws, payload } = listeningCert();
    const header = JSON.parse(Buffer.from(jws.split('.')[0] as string, 'base64url').toString()) as unknown;
    expect(header).toEqual({ alg: 'ES256', kid: t.alice.kid, typ: CERTIFICATION_TYP });
    expect(payloadOf(jws)).toEqual(payload);
    expect(payload).toMatchObject({
      v: 1,
      typ: 'certification',
      certifiedAt: day(6, 12).toISOString(),
      expiresAt: '2027-03-06T12:00:00.000Z',
      trainer: { id: 'alice-trainer', name: 'Alice Adams', kid: t.alice.kid },
    });
  });

  it('sets no expiry when the course sets none', async () => {
    const jws = await certify((input) => (input.expiryMonths = 0));
    expect(payloadOf(jws)['expiresAt']).toBeUndefined();
  });

  it('adds calendar months, keeping to the last day of a shorter month', () => {
    expect(addMonths(new Date('2026-01-31T09:30:00.000Z'), 1).toISOString()).toBe('2026-02-28T09:30:00.000Z');
    expect(addMonths(new Date('2028-01-31T00:00:00.000Z'), 1).toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(addMonths(new Date('2026-03-15T00:00:00.000Z'), 12).toISOString()).toBe('2027-03-15T00:00:00.000Z');
    expect(addMonths(new Date('2026-11-30T00:00:00.000Z'), 3).toISOString()).toBe('2027-02-28T00:00:00.000Z');
  });

  it('refuses to sign what verification would refuse', async () => {
    const ready = await skillCertificationReady(tess.payloads, tess.profile.attempts, manifest, 'active-listening');
    if (!ready.ok) throw new Error(ready.message);
    for (const bad of [
      { ...ready.value, trainee: { id: TRAINEE.id, name: ' ' } },
      { ...ready.value, rests: { entries: [], quizzes: [] } },
      { ...ready.value, scope: 'course' as const },
      { ...ready.value, expiryMonths: -1 },
    ]) {
      expect(await signCertification(bad, t.alice.signer)).toMatchObject({ ok: false, reason: 'bad-payload' });
    }
  });
});

describe('verifying a certification', () => {
  it.each<CryptoBackend>(['webcrypto', 'noble'])(
    'accepts a genuine one, with its payload hash (%s)',
    async (backend) => {
      const v = await verifyCertification(listeningCert().jws, ctx({ backend }));
      expect(v).toMatchObject({
        ok: true,
        status: 'valid',
        demo: false,
        earlierVersion: false,
        payload: listeningCert().payload,
      });
      if (v.ok) {
        expect(v.hash).toBe(await sha256(canonicalJson(listeningCert().payload)));
        expect(v.message).toBe('Active listening certified by Alice Adams on 2026-03-06, valid until 2027-03-06.');
      }
      const course = await verifyCertification(tess.courseCertification.jws, ctx({ backend }));
      expect(course).toMatchObject({ ok: true, status: 'valid', earlierVersion: false });
    },
  );

  it('finds a certification past its expiry date expired: genuine, but no longer current', async () => {
    const v = await verifyCertification(listeningCert().jws, ctx({ now: LATER }));
    expect(v).toMatchObject({ ok: true, status: 'expired' });
    if (v.ok) expect(v.message).toMatch(/expired on 2027-03-06/);
    // One millisecond before the expiry it is still current.
    const justBefore = new Date(Date.parse('2027-03-06T12:00:00.000Z') - 1);
    expect(await verifyCertification(listeningCert().jws, ctx({ now: justBefore }))).toMatchObject({ status: 'valid' });
  });

  it('marks a certification by the demo trainer as demo', async () => {
    const demoRecord = await certifiedRecord(t.dana, manifest);
    const v = await verifyCertification(demoRecord.skillCertifications[0]?.jws, ctx({ signoffs: demoRecord.payloads }));
    expect(v).toMatchObject({ ok: true, status: 'valid', demo: true });
  });

  it('refuses a sign-off entry presented as a certification, and the other way round', async () => {
    expectRefused(await verifyCertification(tess.entries[0], ctx()), 'malformed');
    const asSignoff = await verifySignoff(listeningCert().jws, {
      roster: manifest.roster,
      courseId: manifest.course.id,
      skillHashes: skillHashes(manifest),
      accepted: [],
    });
    expect(asSignoff).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('refuses an unsigned ("none") or HMAC certification before looking for a key', async () => {
    const none = await craftJws({ alg: 'none', typ: CERTIFICATION_TYP, kid: t.alice.kid }, listeningCert().payload);
    expectRefused(await verifyCertification(none, ctx()), 'alg-not-allowed');
    const hs = await craftJws({ alg: 'HS256', typ: CERTIFICATION_TYP, kid: t.alice.kid }, listeningCert().payload);
    expectRefused(await verifyCertification(`${hs}c2ln`, ctx()), 'alg-not-allowed');
  });

  it('refuses text that is not a compact JWS', async () => {
    for (const junk of ['', 'a.b', 'a.b.c.d', 'not a jws!', 42, null]) {
      expectRefused(await verifyCertification(junk, ctx()), 'malformed');
    }
    expectRefused(await verifyCertification(`${'a'.repeat(70_000)}.b.c`, ctx()), 'too-large');
  });

  it('refuses a certification signed with a key not on the roster', async () => {
    expectRefused(await verifyCertification(await certify(undefined, t.mallory), ctx()), 'unknown-key');
  });

  it('refuses an altered certification (bad signature)', async () => {
    const later = editPayload(listeningCert().jws, (p) => (p['expiresAt'] = '2099-01-01T00:00:00.000Z'));
    expectRefused(await verifyCertification(later, ctx()), 'bad-signature');
    const fewer = editPayload(listeningCert().jws, (p) => ((p['rests'] as { entries: unknown[] }).entries.length = 3));
    expectRefused(await verifyCertification(fewer, ctx()), 'bad-signature');
  });

  it('refuses a certification signed after the key was revoked, and judges key dates at certifiedAt', async () => {
    const byBob = await certifiedRecord(t.bob, manifest); // signed in March; Bob's key is revoked on 20 March
    expect(
      await verifyCertification(byBob.skillCertifications[0]?.jws, ctx({ signoffs: byBob.payloads })),
    ).toMatchObject({ ok: true });
    const afterRevocation = await certify(undefined, t.bob, day(25));
    expectRefused(await verifyCertification(afterRevocation, ctx()), 'key-revoked');

    const notYet = exportManifest({
      ...manifest.roster,
      trainers: [
        {
          id: t.alice.id,
          name: t.alice.name,
          demo: false,
          keys: [rosterKey(t.alice, { validFrom: '2026-04-01T00:00:00.000Z' })],
        },
      ],
    });
    expectRefused(await verifyCertification(listeningCert().jws, ctx({ manifest: notYet })), 'key-not-yet-valid');
    const ended = exportManifest({
      ...manifest.roster,
      trainers: [
        {
          id: t.alice.id,
          name: t.alice.name,
          demo: false,
          keys: [rosterKey(t.alice, { validUntil: '2026-03-05T00:00:00.000Z' })],
        },
      ],
    });
    expectRefused(await verifyCertification(listeningCert().jws, ctx({ manifest: ended })), 'key-expired');
    expect(BOB_REVOKED.revokedAt).toBe('2026-03-20T00:00:00.000Z');
  });

  it('refuses a certification for another course or another trainee', async () => {
    const otherCourse = exportManifest(manifest.roster, { course: { ...manifest.course, id: 'other-course' } });
    expectRefused(await verifyCertification(listeningCert().jws, ctx({ manifest: otherCourse })), 'wrong-course');
    expectRefused(
      await verifyCertification(listeningCert().jws, ctx({ traineeId: OTHER_TRAINEE.id })),
      'wrong-trainee',
    );
  });

  it('refuses a certification of a skill the course no longer has', async () => {
    const without = exportManifest(manifest.roster, { skills: manifest.skills.slice(1) });
    expectRefused(await verifyCertification(listeningCert().jws, ctx({ manifest: without })), 'unknown-skill');
  });

  it('names each entry it rests on that is missing from the record or altered', async () => {
    const [show, , , solo] = tess.payloads;
    const withoutShow = tess.payloads.filter((p) => p !== show);
    const v = await verifyCertification(listeningCert().jws, ctx({ signoffs: withoutShow }));
    expectRefused(v, 'missing-entry');
    expect(v.ok === false && v.missing).toEqual([show?.id]);
    expect(v.ok === false && v.message).toContain(show?.id);

    // Same id, different content: a stand-in for the entry that was certified.
    const standIn = tess.payloads.map((p) => (p === solo ? { ...p, notes: 'Not what was certified.' } : p));
    const altered = await verifyCertification(listeningCert().jws, ctx({ signoffs: standIn }));
    expectRefused(altered, 'missing-entry');
    expect(altered.ok === false && altered.message).toMatch(/differs from what was certified/);

    // A course certification whose skill certification is gone.
    const course = await verifyCertification(
      tess.courseCertification.jws,
      ctx({ skillCertifications: [listeningCert().payload] }),
    );
    expectRefused(course, 'missing-entry');
    expect(course.ok === false && course.missing).toEqual([tess.skillCertifications[1]?.payload.id]);
  });

  it('still finds an entry whose signature was re-spelled (ECDSA malleability)', async () => {
    const respelled = malleate(tess.holding['active-listening'].show);
    expect(respelled).not.toBe(tess.holding['active-listening'].show);
    expect(payloadOf(respelled)).toEqual(payloadOf(tess.holding['active-listening'].show));
    // Same payload, so the same payload hash: the certification still rests on it.
    expect(await verifyCertification(listeningCert().jws, ctx())).toMatchObject({ ok: true });
  });

  it('refuses a certification that does not rest on a sign-off of every step', async () => {
    const three = await certify((input) => input.rests.entries.pop());
    const v = await verifyCertification(three, ctx());
    expectRefused(v, 'steps-incomplete');
    expect(v.ok === false && v.message).toMatch(/Teach-back/);

    // Another entry's id with the hash of the one certified: the hashes disagree, named as altered.
    const practice = tess.payloads[1] as SignoffPayload; // the Co-pilot practice session
    const swapped = await certify((input) => {
      (input.rests.entries[1] as { id: string; hash: string }).id = practice.id;
    });
    expectRefused(await verifyCertification(swapped, ctx()), 'missing-entry');
  });

  it('refuses a certification resting on a practice entry instead of a sign-off', async () => {
    const practice = tess.payloads[1] as SignoffPayload;
    const hash = await sha256(canonicalJson(practice));
    const jws = await certify((input) => {
      input.rests.entries[1] = { id: practice.id, hash };
    });
    const v = await verifyCertification(jws, ctx());
    expectRefused(v, 'steps-incomplete');
    expect(v.ok === false && v.message).toMatch(/practice entry/);
  });

  it('refuses a certification signed while a step was re-opened', async () => {
    const reopen = payloadOf(
      await sign(t.alice, { step: 'solo', outcome: 're-opened', signedAt: day(5, 18) }),
    ) as unknown as SignoffPayload;
    const v = await verifyCertification(listeningCert().jws, ctx({ signoffs: [...tess.payloads, reopen] }));
    expectRefused(v, 'steps-incomplete');
    expect(v.ok === false && v.message).toMatch(/Solo of Active listening was not signed off/);
  });

  it('refuses a certification with a quiz result below the pass mark, or without a quiz of the skill', async () => {
    const low = await certify((input) => {
      (input.rests.quizzes[0] as { score: number }).score = 3;
    });
    expectRefused(await verifyCertification(low, ctx()), 'quizzes-not-passed');
    const none = await certify((input) => (input.rests.quizzes = []));
    const v = await verifyCertification(none, ctx());
    expectRefused(v, 'quizzes-not-passed');
    expect(v.ok === false && v.message).toMatch(/Listening basics/);
  });

  it('keeps a certification of an earlier published version of the skill, marked as such', async () => {
    const changed = exportManifest(manifest.roster, {
      skills: manifest.skills.map((s) =>
        s.id === 'active-listening'
          ? { ...s, hash: 'n'.repeat(43), lessons: ['returns-101'], earlier: [{ hash: s.hash, lessons: s.lessons }] }
          : s,
      ),
    });
    const v = await verifyCertification(listeningCert().jws, ctx({ manifest: changed }));
    expect(v).toMatchObject({ ok: true, status: 'valid', earlierVersion: true });
  });

  it('refuses a certification of a skill version the site never published', async () => {
    const changed = exportManifest(manifest.roster, {
      skills: manifest.skills.map((s) => (s.id === 'active-listening' ? { ...s, hash: 'n'.repeat(43) } : s)),
    });
    expectRefused(await verifyCertification(listeningCert().jws, ctx({ manifest: changed })), 'unknown-version');
  });

  it('refuses a course certification resting on a skill certification that had expired, or came later', async () => {
    const ready = await courseCertificationReady(skillPayloads(), manifest, day(13));
    if (!ready.ok) throw new Error(ready.message);
    const late = await signCertification(
      { ...ready.value, certifiedAt: new Date('2027-04-01T00:00:00.000Z') },
      t.alice.signer,
    );
    if (!late.ok) throw new Error(late.message);
    const v = await verifyCertification(
      late.value.jws,
      ctx({ now: '2027-04-02T00:00:00.000Z', clock: '2027-04-02T00:00:00.000Z' }),
    );
    expectRefused(v, 'skills-incomplete');
    expect(v.ok === false && v.message).toMatch(/had expired/);

    const early = await signCertification({ ...ready.value, certifiedAt: day(6, 13) }, t.alice.signer);
    if (!early.ok) throw new Error(early.message);
    expectRefused(await verifyCertification(early.value.jws, ctx()), 'skills-incomplete');
  });

  it('refuses a course certification that does not rest on every skill the course requires', async () => {
    const stricter = exportManifest(manifest.roster, {
      skills: manifest.skills.map((s) => (s.id === 'returns' ? { ...s, required: true } : s)),
    });
    const v = await verifyCertification(tess.courseCertification.jws, ctx({ manifest: stricter }));
    expectRefused(v, 'skills-incomplete');
    expect(v.ok === false && v.message).toMatch(/Processing a return/);
  });

  it('on its own (a certificate link): signer, signature, course and expiry, without what it rests on', async () => {
    const alone = await verifyCertificationAlone(listeningCert().jws, manifest, NOW);
    expect(alone).toMatchObject({ ok: true, status: 'valid', payload: listeningCert().payload });
    expect(await verifyCertificationAlone(tess.courseCertification.jws, manifest, LATER)).toMatchObject({
      ok: true,
      status: 'expired',
    });
    const edited = editPayload(listeningCert().jws, (p) => (p['expiresAt'] = '2099-01-01T00:00:00.000Z'));
    expect(await verifyCertificationAlone(edited, manifest, NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(
      await verifyCertificationAlone(listeningCert().jws, manifest, NOW, { traineeId: OTHER_TRAINEE.id }),
    ).toMatchObject({ ok: false, reason: 'wrong-trainee' });
    expect(await verifyCertificationAlone('cert=nonsense', manifest, NOW)).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
  });

  it('never throws on random input, and refuses it with a reason', async () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.jsonValue(),
          fc.tuple(fc.json(), fc.json(), fc.string()).map(([h, p, s]) => `${b64(h)}.${b64(p)}.${b64(s)}`),
          fc.json().map((p) => `${listeningCert().jws.split('.')[0]}.${b64(p)}.${listeningCert().jws.split('.')[2]}`),
        ),
        async (input) => {
          const v = await verifyCertification(input, ctx());
          expect(v.ok).toBe(false);
          if (!v.ok) expect(v.message.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
