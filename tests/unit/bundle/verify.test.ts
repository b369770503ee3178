/**
 * The signed progress bundle: what it holds, and `verifyBundle`'s verdict on clean, altered,
 * incomplete and hostile files (the same verdict the verify page and `npm run verify` give).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import { BUNDLE_FORMAT, MAX_BUNDLE_LENGTH } from '../../../src/lib/bundle/read';
import { buildBundle, bundleFileName, contentVersion } from '../../../src/lib/bundle/build';
import { verifyBundle, type BundleVerdict, type ReadBundle } from '../../../src/lib/bundle/verify';
import { courseCertificationReady } from '../../../src/lib/trust/certification/readiness';
import { signCertification } from '../../../src/lib/trust/certification/payload';
import { DEMO_NAME_PREFIX, courseBadgeCredential } from '../../../src/lib/export/badge';
import { benchVerify } from '../../../scripts/bench/bundle-bench';
import type { ProgressBundle } from '../../../src/lib/export/types';
import { contentHash } from '../../../src/lib/hash';
import {
  LATER,
  NOW,
  OTHER_TRAINEE,
  TRAINEE,
  bundleText,
  certifiedRecord,
  day,
  exportManifest,
  type CertifiedRecord,
  type Trainers,
  halfCourseCertification,
} from '../../fixtures/export';
import { editPayload, payloadOf, sign } from '../../fixtures/trust';
import { certifiedCourse } from '../../fixtures/setup';

let t: Trainers;
let manifest: CourseManifest;
let tess: CertifiedRecord;

beforeAll(async () => {
  ({ t, manifest, tess } = await certifiedCourse());
});

async function verify(text: string, now: string = NOW, m = manifest): Promise<ReadBundle> {
  // The device's clock reads the moment judged, as it would for a verifier at that moment.
  const v = await verifyBundle(text, m, { now, clock: now });
  if (!v.readable) throw new Error(`unreadable: ${v.reason}: ${v.message}`);
  return v;
}

const edited = (edit: (b: ProgressBundle) => void) => bundleText(tess.bundle, edit);
const signoff = (v: ReadBundle, i: number) => v.entries.find((e) => e.kind === 'signoff' && e.index === i);
const certification = (v: ReadBundle, i: number) => v.entries.find((e) => e.kind === 'certification' && e.index === i);

describe('building a bundle', () => {
  it('holds the trainee, the course and its content version, progress, and every signed entry', async () => {
    const b = tess.bundle;
    expect(b).toMatchObject({
      format: BUNDLE_FORMAT,
      version: 1,
      exportedAt: day(14).toISOString(),
      exportedFrom: 'trainee',
      course: { id: manifest.course.id, title: manifest.course.title },
      trainee: TRAINEE,
      lessons: tess.profile.lessons,
      quizAttempts: tess.profile.attempts,
      entries: tess.entries,
    });
    expect(b.course.contentVersion).toBe(
      await contentHash({
        skills: Object.fromEntries(manifest.skills.map((s) => [s.id, s.hash])),
        quizzes: Object.fromEntries(Object.entries(manifest.quizzes).map(([id, q]) => [id, q.hash])),
      }),
    );
    // Given course first, skill ones are put before it.
    expect(b.certifications).toEqual([...tess.skillCertifications.map((c) => c.jws), tess.courseCertification.jws]);
  });

  it('is detached from the profile it was made from', async () => {
    const b = await buildBundle(tess.profile, manifest, { exportedFrom: 'trainer', now: NOW, certifications: [] });
    b.entries.pop();
    (b.lessons['listening-basics'] as { readAt?: string }).readAt = 'x';
    expect(tess.profile.entries).toHaveLength(10);
    expect(tess.profile.lessons['listening-basics']?.readAt).toBe(day(1, 8).toISOString());
  });

  it('suggests a file name with course, trainee and date', () => {
    expect(bundleFileName({ ...tess.bundle, trainee: { id: 'x', name: 'Zoë  O’Brien' } })).toBe(
      'demo-course-zoe-o-brien-record-2026-03-14.json',
    );
  });
});

describe('verifying a clean bundle', () => {
  it('finds every entry valid and the course certified', async () => {
    const v = await verify(bundleText(tess.bundle));
    expect(v.valid).toBe(true);
    expect(v.entries.map((e) => `${e.kind}:${e.status}`)).toEqual([
      ...Array(10).fill('signoff:valid'),
      ...Array(3).fill('certification:valid'),
    ]);
    expect(signoff(v, 0)?.message).toBe(
      'Show of Active listening: signed off by Alice Adams (session 2026-03-02, signed 2026-03-02). Single-signed: made for no trainee key.',
    );
    expect(signoff(v, 0)).toMatchObject({ signatures: 'single' });
    expect(v.summary).toMatchObject({
      trainee: { ...TRAINEE, nameSigned: true, fileName: TRAINEE.name },
      course: { id: manifest.course.id, title: manifest.course.title, current: true },
      courseCertified: true,
      courseCertifiedAt: day(13, 12).toISOString(),
      // Current while every skill certification it rests on is: Active listening's ends first.
      courseExpiresAt: '2027-03-06T12:00:00.000Z',
      demoKeysUsed: false,
      counts: {
        signoffs: { total: 10, valid: 10, duplicate: 0, invalid: 0 },
        certifications: { total: 3, valid: 3, duplicate: 0, invalid: 0, expired: 0 },
      },
    });
    expect(v.summary.certifiedSkills).toEqual([
      {
        skill: 'active-listening',
        title: 'Active listening',
        certifiedAt: day(6, 12).toISOString(),
        expiresAt: '2027-03-06T12:00:00.000Z',
        trainer: { id: t.alice.id, name: t.alice.name, kid: t.alice.kid },
        demo: false,
        earlierVersion: false,
      },
      expect.objectContaining({ skill: 'de-escalation', certifiedAt: day(12, 12).toISOString() }),
    ]);
  });

  it('yields a record of only what verified, for the formatters', async () => {
    const v = await verifyBundle(bundleText(tess.bundle), manifest, { now: NOW, siteUrl: 'https://t.example/' });
    if (!v.readable) throw new Error(v.message);
    expect(v.record.course).toEqual({
      id: manifest.course.id,
      title: manifest.course.title,
      organisation: manifest.course.organisation,
      url: 'https://t.example/',
    });
    expect(v.record.trainee).toEqual({ ...TRAINEE, nameSigned: true });
    expect(v.record.skills.map((s) => [s.id, s.required])).toEqual([
      ['active-listening', true],
      ['de-escalation', true],
      ['returns', false],
    ]);
    expect(v.record.lessons['listening-basics']).toEqual({
      ...tess.profile.lessons['listening-basics'],
      title: 'Listening basics',
    });
    expect(v.record.quizAttempts['listening-basics']).toHaveLength(2);
    expect(v.record.signoffs).toHaveLength(10);
    expect(v.record.signoffs[0]).toEqual({
      payload: tess.payloads[0],
      demo: false,
      earlierVersion: false,
      jws: tess.profile.entries[0],
    });
    expect(v.record.certifications.map((c) => [c.payload.scope, c.expired])).toEqual([
      ['skill', false],
      ['skill', false],
      ['course', false],
    ]);
  });

  it('notices a bundle exported against another version of the course content', async () => {
    const v = await verify(edited((b) => (b.course.contentVersion = 'x'.repeat(43))));
    expect(v.valid).toBe(true);
    expect(v.summary.course.current).toBe(false);
    expect(await contentVersion(manifest)).toBe(tess.bundle.course.contentVersion);
  });
});

describe('what makes a bundle invalid', () => {
  it('an altered sign-off: its signature no longer matches', async () => {
    const v = await verify(
      edited((b) => (b.entries[3] = editPayload(b.entries[3] as string, (p) => (p['notes'] = 'Flawless.')))),
    );
    expect(v.valid).toBe(false);
    expect(signoff(v, 3)).toMatchObject({ status: 'invalid', reason: 'bad-signature' });
    // The certification resting on it rests on an invalid entry, and so does the course one:
    // named as such, not as missing an entry that is in the file.
    expect(certification(v, 0)).toMatchObject({ status: 'invalid', reason: 'rests-on-invalid' });
    expect(certification(v, 2)).toMatchObject({ status: 'invalid', reason: 'rests-on-invalid' });
    expect(v.summary.certifiedSkills.map((c) => c.skill)).toEqual(['de-escalation']);
    expect(v.summary.courseCertified).toBe(false);
  });

  it('a sign-off removed from a certified skill: the certification names it', async () => {
    const teachback = payloadOf(tess.holding['active-listening'].teachback)['id'] as string;
    const v = await verify(edited((b) => (b.entries = b.entries.filter((e) => payloadOf(e)['id'] !== teachback))));
    expect(v.valid).toBe(false);
    expect(v.entries.filter((e) => e.kind === 'signoff').every((e) => e.status === 'valid')).toBe(true);
    const cert = certification(v, 0);
    expect(cert).toMatchObject({ status: 'invalid', reason: 'missing-entry', missing: [teachback] });
    expect(cert?.message).toContain(teachback);
  });

  it('a certification removed while the course certification rests on it', async () => {
    const v = await verify(edited((b) => b.certifications.splice(1, 1)));
    expect(certification(v, 1)).toMatchObject({
      status: 'invalid',
      reason: 'missing-entry',
      missing: [tess.skillCertifications[1]?.payload.id],
    });
    expect(v.summary.courseCertified).toBe(false);
  });

  it('entries of another trainee, copied in or claimed by changing the bundle’s trainee', async () => {
    const omars = await sign(t.alice, { trainee: OTHER_TRAINEE, skill: 'returns', skillHash: 'R'.repeat(43) });
    const copied = await verify(edited((b) => b.entries.push(omars)));
    expect(signoff(copied, 10)).toMatchObject({ status: 'invalid', reason: 'wrong-trainee' });
    expect(copied.valid).toBe(false);

    const claimed = await verify(edited((b) => (b.trainee = OTHER_TRAINEE)));
    expect(claimed.valid).toBe(false);
    expect(claimed.entries.every((e) => e.status === 'invalid' && e.reason === 'wrong-trainee')).toBe(true);
    expect(claimed.summary.certifiedSkills).toEqual([]);
  });

  it('entries signed with a key not on the published roster (a roster in the file is not even read)', async () => {
    const forged = await sign(t.mallory, { skill: 'returns', skillHash: 'R'.repeat(43) });
    const v = await verify(edited((b) => b.entries.push(forged)));
    expect(signoff(v, 10)).toMatchObject({ status: 'invalid', reason: 'unknown-key' });
    const withRoster = await verifyBundle(
      edited((b) => Object.assign(b, { roster: { trainers: [{ id: t.mallory.id }] } })),
      manifest,
      { now: NOW },
    );
    expect(withRoster).toMatchObject({ readable: false, reason: 'damaged' });
  });

  it('an entry signed after its key was revoked', async () => {
    const late = await sign(t.bob, { skill: 'returns', skillHash: 'R'.repeat(43), signedAt: day(21) });
    const v = await verify(edited((b) => b.entries.push(late)));
    expect(signoff(v, 10)).toMatchObject({ status: 'invalid', reason: 'key-revoked' });
    expect(signoff(v, 10)?.message).toMatch(/laptop lost/);
  });

  it('an expired certification, unless a newer one of the same skill replaces it', async () => {
    const v = await verify(bundleText(tess.bundle), LATER);
    expect(v.valid).toBe(false);
    expect(v.entries.filter((e) => e.kind === 'certification').map((e) => [e.status, e.reason])).toEqual([
      ['expired', 'expired'],
      ['expired', 'expired'],
      ['expired', 'expired'],
    ]);
    expect(v.summary).toMatchObject({ certifiedSkills: [], courseCertified: false });
    expect(v.summary.counts.certifications.expired).toBe(3);
    expect(v.record.certifications.every((c) => c.expired)).toBe(true);

    // Recertified a year on: the old certifications are history, the bundle is valid again.
    const renew = async (i: number, at: Date) => {
      const old = tess.skillCertifications[i]?.payload as NonNullable<
        (typeof tess.skillCertifications)[number]
      >['payload'];
      const signed = await signCertification(
        {
          course: old.course,
          trainee: old.trainee,
          scope: 'skill',
          skill: old.skill as string,
          skillHash: old.skillHash as string,
          rests: old.rests,
          expiryMonths: 12,
          certifiedAt: at,
        },
        t.alice.signer,
      );
      if (!signed.ok) throw new Error(signed.message);
      return signed.value;
    };
    const a = await renew(0, new Date('2027-05-01T00:00:00.000Z'));
    const b = await renew(1, new Date('2027-05-01T00:00:00.000Z'));
    const course = await courseCertificationReady([a.payload, b.payload], manifest, '2027-05-02T00:00:00.000Z');
    if (!course.ok) throw new Error(course.message);
    const c = await signCertification(
      { ...course.value, certifiedAt: new Date('2027-05-02T00:00:00.000Z') },
      t.alice.signer,
    );
    if (!c.ok) throw new Error(c.message);
    const renewed = await verify(
      edited((bundle) => bundle.certifications.push(a.jws, b.jws, c.value.jws)),
      LATER,
    );
    expect(renewed.valid).toBe(true);
    expect(certification(renewed, 0)).toMatchObject({ status: 'expired', superseded: true });
    // Current while the skill certifications it rests on are: the earlier of them ends it.
    expect(renewed.summary).toMatchObject({ courseCertified: true, courseExpiresAt: '2028-05-01T00:00:00.000Z' });
  });

  it('a different entry reusing an id already in the file', async () => {
    const reuse = await sign(t.alice, {
      id: tess.payloads[0]?.id as string,
      skill: 'returns',
      skillHash: 'R'.repeat(43),
      signedAt: day(15),
    });
    const v = await verify(edited((b) => b.entries.push(reuse)));
    expect(signoff(v, 10)).toMatchObject({ status: 'invalid', reason: 'id-conflict' });
  });
});

describe('what does not make a bundle invalid', () => {
  it('the same entries twice: reported as duplicates, counted once', async () => {
    const v = await verify(
      edited((b) => {
        b.entries.push(b.entries[0] as string);
        b.certifications.push(b.certifications[0] as string);
      }),
    );
    expect(v.valid).toBe(true);
    expect(signoff(v, 10)).toMatchObject({ status: 'duplicate' });
    expect(certification(v, 3)).toMatchObject({ status: 'duplicate' });
    expect(v.summary.counts.signoffs).toMatchObject({ valid: 10, duplicate: 1 });
    expect(v.record.signoffs).toHaveLength(10);
    expect(v.record.certifications).toHaveLength(3);
  });

  it('signatures re-spelled by a third party (same payload): still valid, still what was certified', async () => {
    const { malleate } = await import('../../fixtures/export');
    const v = await verify(edited((b) => (b.entries = b.entries.map(malleate))));
    expect(v.valid).toBe(true);
    expect(v.summary.courseCertified).toBe(true);
  });

  it('demo-signed entries: valid, and marked demo everywhere', async () => {
    const demo = await certifiedRecord(t.dana, manifest);
    const v = await verify(bundleText(demo.bundle));
    expect(v.valid).toBe(true);
    expect(v.summary.demoKeysUsed).toBe(true);
    expect(v.summary.certifiedSkills.every((c) => c.demo)).toBe(true);
    expect(v.entries.every((e) => e.demo === true)).toBe(true);
    expect(v.record.signoffs.every((s) => s.demo)).toBe(true);
  });

  it('a step re-opened after the certification: still certified, with the re-opening shown', async () => {
    const reopen = await sign(t.alice, { step: 'solo', outcome: 're-opened', signedAt: day(20) });
    const v = await verify(edited((b) => b.entries.push(reopen)));
    expect(v.valid).toBe(true);
    expect(v.summary.certifiedSkills[0]).toMatchObject({
      skill: 'active-listening',
      reopenedAt: day(20).toISOString(),
    });
  });

  it('a course that requires a skill more than when it was certified: its course certification no longer holds', async () => {
    const stricter = exportManifest(manifest.roster, {
      skills: manifest.skills.map((s) => (s.id === 'returns' ? { ...s, required: true } : s)),
    });
    const v = await verify(bundleText(tess.bundle), NOW, stricter);
    expect(v.valid).toBe(false);
    expect(certification(v, 2)).toMatchObject({ status: 'invalid', reason: 'skills-incomplete' });
    expect(v.summary.courseCertified).toBe(false);
  });
});

describe('files that cannot be read as a bundle', () => {
  const cases: [string, unknown, string][] = [
    ['not text', 42, 'not-json'],
    ['not JSON', 'PK\u0003\u0004 a zip file', 'not-json'],
    ['JSON, not a bundle', '{"format":"tandem-progress","version":1}', 'not-a-bundle'],
    ['an array', '[]', 'not-a-bundle'],
    ['another format version', JSON.stringify({ format: BUNDLE_FORMAT, version: 2 }), 'unsupported-version'],
  ];
  it.each(cases)('%s', async (_, text, reason) => {
    const v = await verifyBundle(text, manifest, { now: NOW });
    expect(v).toMatchObject({ readable: false, reason });
    if (!v.readable) expect(v.message).not.toBe('');
  });

  it('a bundle of another course', async () => {
    const v = await verifyBundle(
      edited((b) => (b.course.id = 'other-course')),
      manifest,
      { now: NOW },
    );
    expect(v).toMatchObject({ readable: false, reason: 'wrong-course' });
  });

  it('a file too large to be a bundle, refused before it is parsed', async () => {
    const v = await verifyBundle(' '.repeat(MAX_BUNDLE_LENGTH + 1), manifest, { now: NOW });
    expect(v).toMatchObject({ readable: false, reason: 'too-large' });
  });

  it.each<[string, (b: ProgressBundle) => void, RegExp]>([
    ['no trainee', (b) => delete (b as Partial<ProgressBundle>).trainee, /trainee/],
    ['a trainee id with spaces', (b) => (b.trainee.id = 'tess trainee'), /trainee\.id/],
    ['entries not text', (b) => ((b.entries as unknown[])[0] = { jws: 'x' }), /entries/],
    ['certifications missing', (b) => delete (b as Partial<ProgressBundle>).certifications, /certifications/],
    [
      'a damaged quiz attempt',
      (b) => ((b.quizAttempts['listening-basics'] as unknown[])[0] = 'passed'),
      /quizAttempts/,
    ],
    [
      'a lesson date that is not a date',
      (b) => ((b.lessons['listening-basics'] as { readAt: string }).readAt = 'soon'),
      /readAt/,
    ],
    ['exportedFrom unknown', (b) => ((b as { exportedFrom: string }).exportedFrom = 'server'), /exportedFrom/],
  ])('a damaged bundle: %s', async (_, edit, field) => {
    const v = await verifyBundle(edited(edit), manifest, { now: NOW });
    expect(v).toMatchObject({ readable: false, reason: 'damaged' });
    if (!v.readable) expect(v.message).toMatch(field);
  });
});

describe('hostile input never throws and is refused with a reason', () => {
  const isRefusal = (v: BundleVerdict) =>
    v.readable
      ? v.entries.every((e) => e.status === 'valid' || e.status === 'duplicate' || (e.reason && e.message))
      : typeof v.reason === 'string' && v.message.length > 0;

  it('random text, bytes and JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary' }),
          fc.uint8Array().map((u) => Buffer.from(u).toString('latin1')),
          fc.json(),
          fc.jsonValue().map((j) =>
            JSON.stringify({
              format: BUNDLE_FORMAT,
              version: 1,
              course: { id: manifest.course.id },
              ...(typeof j === 'object' && j),
            }),
          ),
        ),
        async (text) => {
          const v = await verifyBundle(text, manifest, { now: NOW });
          expect(v.readable).toBe(false);
          expect(isRefusal(v)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a real bundle with random changes: never valid with a changed entry, never a throw', async () => {
    const base = tess.bundle;
    const mutation = fc.oneof(
      // One character of one entry changed.
      fc.record({
        kind: fc.constant('char' as const),
        list: fc.constantFrom('entries' as const, 'certifications' as const),
        at: fc.nat(),
        pos: fc.nat(),
        char: fc.constantFrom(...'AZaz09-_.=+/ é'.split('')),
      }),
      // One top-level field replaced with random JSON.
      fc.record({
        kind: fc.constant('field' as const),
        field: fc.constantFrom<keyof ProgressBundle>(
          'exportedAt',
          'exportedFrom',
          'course',
          'trainee',
          'lessons',
          'quizAttempts',
          'entries',
          'certifications',
        ),
        value: fc.jsonValue(),
      }),
      // Entries dropped, repeated or swapped around.
      fc.record({ kind: fc.constant('shuffle' as const), order: fc.array(fc.nat({ max: 12 }), { maxLength: 16 }) }),
    );
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const copy = structuredClone(base);
        let changed: { list: 'entries' | 'certifications'; index: number } | undefined;
        if (m.kind === 'char') {
          const list = copy[m.list];
          const index = m.at % list.length;
          const jws = list[index] as string;
          const pos = m.pos % jws.length;
          if (jws[pos] === m.char) return;
          list[index] = jws.slice(0, pos) + m.char + jws.slice(pos + 1);
          changed = { list: m.list, index };
        } else if (m.kind === 'field') {
          (copy as unknown as Record<string, unknown>)[m.field] = m.value;
        } else {
          const all = [...base.entries, ...base.certifications];
          copy.entries = m.order.filter((i) => i < 10).map((i) => all[i] as string);
          copy.certifications = m.order.filter((i) => i >= 10).map((i) => all[i] as string);
        }
        const v = await verifyBundle(JSON.stringify(copy), manifest, { now: NOW });
        expect(isRefusal(v)).toBe(true);
        if (changed && v.readable) {
          const kind = changed.list === 'entries' ? 'signoff' : 'certification';
          const verdict = v.entries.find((e) => e.kind === kind && e.index === changed.index);
          expect(verdict?.status).toBe('invalid');
          expect(v.valid).toBe(false);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('a large bundle', () => {
  it('verifies a thousand entries over a hundred skills, with their certifications', async () => {
    const result = await benchVerify(1000);
    expect(result).toMatchObject({ entries: 1000, skills: 100, certifications: 100, valid: true });
  });
});

describe('demo goes all the way up', () => {
  it('a real trainer’s course certification resting on demo-signed skills is demo, and so is its badge', async () => {
    const dana = await certifiedRecord(t.dana, manifest);
    const ready = await courseCertificationReady(
      dana.skillCertifications.map((s) => s.payload),
      manifest,
      day(13),
      undefined,
      new Set(dana.skillCertifications.map((s) => s.payload.id)),
    );
    if (!ready.ok) throw new Error(ready.message);
    // The certify panel is told before anything is signed.
    expect(ready.value.demo).toBe(true);
    const signed = await signCertification({ ...ready.value, certifiedAt: day(13, 14) }, t.alice.signer);
    if (!signed.ok) throw new Error(signed.message);
    const v = await verify(
      bundleText(dana.bundle, (b) => (b.certifications = [...b.certifications.slice(0, 2), signed.value.jws])),
    );
    expect(v.valid).toBe(true);
    expect(v.entries.find((e) => e.kind === 'certification' && e.payload?.scope === 'course')).toMatchObject({
      status: 'valid',
      demo: true,
    });
    expect(v.summary).toMatchObject({ courseCertified: true, courseDemo: true, demoKeysUsed: true });
    const badge = courseBadgeCredential(v.record, { siteUrl: 'https://training.example.org/', now: new Date(NOW) });
    expect(badge.ok && badge.value.name.startsWith(DEMO_NAME_PREFIX)).toBe(true);
  });

  it('no badge for a course certification that rests on one of two required skills', async () => {
    const half = await halfCourseCertification(tess, t.alice);
    const v = await verify(
      bundleText(tess.bundle, (b) => (b.certifications = [...b.certifications.slice(0, 2), half])),
    );
    expect(v.summary.courseCertified).toBe(false);
    expect(courseBadgeCredential(v.record, { siteUrl: 'https://training.example.org/', now: new Date(NOW) }).ok).toBe(
      false,
    );
  });
});
