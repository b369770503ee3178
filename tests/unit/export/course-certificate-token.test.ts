/**
 * The course certificate's code: the small second signature made with the course
 * certification fits a QR code a phone reads for the sample course, opens to exactly what the
 * trainer signed, and says who, which course, when, until when and signed by whom; forged,
 * edited, another course's, an unlisted key's or a trainer's who may not certify is refused;
 * with the full record it must match the certification carrying it.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import { manifestFromFiles } from '../../../src/lib/course/manifest-from-files';
import { certificateDigits, certificateNumber, verifyCertificateCode } from '../../../src/lib/export/certificate-code';
import { certificateQr, MAX_CERTIFICATE_QR_VERSION } from '../../../src/lib/export/certificate-qr';
import { openCertificateToken } from '../../../src/lib/export/certificate-token';
import { digitsToBytes } from '../../../src/lib/export/certificate-code';
import {
  restsDigest,
  signCourseCertificate,
  verifyCourseCertificateAlone,
} from '../../../src/lib/trust/certification/course-certificate';
import { signCertification } from '../../../src/lib/trust/certification/payload';
import { verifyCertification } from '../../../src/lib/trust/certification/verify';
import { demoSigner } from '../../e2e/helpers/records';
import { certifiedTrainee, type CertifiedTrainee } from '../../fixtures/sample-certified';
import { editPayload, makeTrainer } from '../../fixtures/trust';
import type { Signer } from '../../../src/lib/trust/entry';

const ADDRESS = 'https://learn.northwind-home.example.com/training/verify/#c=';
const NOW = new Date('2026-03-01T12:00:00.000Z');

let manifest: CourseManifest;
let tess: CertifiedTrainee;
let signer: Signer;
/** The course certificate inside the course certification. */
const certificate = () => tess.course.payload.certificate as string;

beforeAll(async () => {
  const built = await manifestFromFiles('src/content');
  if (!built.ok) throw new Error(built.message);
  manifest = built.value;
  signer = await demoSigner(manifest);
  tess = await certifiedTrainee(signer, manifest, {
    id: 'Zq3kP9xT2mB7wL4nR8vYcA',
    name: 'Maria-Fernanda Oyelaran-Castellanos',
  });
}, 60_000);

function digitsOf(jws: string, m = manifest): string {
  const d = certificateDigits(jws, m, 'course-certificate');
  if (!d.ok) throw new Error(d.message);
  return d.value;
}

const earliestSkillExpiry = () =>
  new Date(Math.min(...[...tess.skills.values()].map((c) => Date.parse(c.payload.expiresAt as string)))).toISOString();

describe('the course certificate', () => {
  test('is signed with every course certification and fits a version-20 QR code at level M after a long address', () => {
    expect(typeof certificate()).toBe('string');
    const digits = digitsOf(certificate());
    const qr = certificateQr(ADDRESS, digits);
    expect(qr.ok).toBe(true);
    if (qr.ok) expect(qr.value.version).toBeLessThanOrEqual(MAX_CERTIFICATE_QR_VERSION);
    // The whole course certification does not fit: that is why the second signature exists.
    const whole = certificateDigits(tess.course.jws, manifest);
    expect(whole.ok && certificateQr(ADDRESS, whole.value).ok).toBe(false);
  });

  test('opens to exactly the JWS the trainer signed, as a course certificate', () => {
    const bytes = digitsToBytes(digitsOf(certificate()));
    expect(openCertificateToken(bytes!, manifest)).toEqual({
      ok: true,
      value: { kind: 'course-certificate', jws: certificate() },
    });
  });

  test('verifies on its own: who, which course, when, until when (the earliest skill expiry), signed by whom, the digest', async () => {
    const verdict = await verifyCertificateCode(`${ADDRESS}${digitsOf(certificate())}`, manifest, NOW);
    const c = tess.course.payload;
    expect(verdict).toMatchObject({
      ok: true,
      status: 'valid',
      demo: true,
      payload: {
        typ: 'course-certificate',
        certification: c.id,
        course: manifest.course.id,
        trainee: { name: 'Maria-Fernanda Oyelaran-Castellanos' },
        certifiedAt: c.certifiedAt,
        expiresAt: earliestSkillExpiry(),
        trainer: { name: 'Dana Demo' },
        rests: await restsDigest(c.rests),
      },
    });
    expect(earliestSkillExpiry() < (c.expiresAt as string)).toBe(true);
    if (verdict.ok) expect(verdict.message).toContain('every required skill');
    const later = await verifyCertificateCode(digitsOf(certificate()), manifest, earliestSkillExpiry());
    expect(later).toMatchObject({ ok: true, status: 'expired' });
  });

  test('the full record verifies it with the certification, and the transcript’s number is the scanned one', async () => {
    const verdict = await verifyCertification(tess.course.jws, {
      manifest,
      signoffs: [],
      skillCertifications: [...tess.skills.values()].map((c) => c.payload),
      now: NOW,
    });
    expect(verdict).toMatchObject({ ok: true, status: 'valid', effectiveExpiresAt: earliestSkillExpiry() });
    const scanned = await verifyCertificateCode(digitsOf(certificate()), manifest, NOW);
    if (!verdict.ok || !scanned.ok) throw new Error('not valid');
    expect(verdict.certificate?.hash).toBe(scanned.hash);
    expect(certificateNumber(verdict.certificate?.hash ?? '')).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  });
});

describe('refused', () => {
  test('edited (a later expiry, another name, another certification) under the trainer’s signature', async () => {
    for (const edit of [
      (p: Record<string, unknown>) => (p['expiresAt'] = '2027-01-31T10:00:00.000Z'),
      (p: Record<string, unknown>) => ((p['trainee'] as { name: string }).name = 'Someone Else'),
      (p: Record<string, unknown>) => (p['certification'] = '00000000-0000-4000-8000-000000000000'),
    ]) {
      const verdict = await verifyCertificateCode(digitsOf(editPayload(certificate(), edit)), manifest, NOW);
      expect(verdict).toMatchObject({ ok: false, reason: 'bad-signature' });
    }
  });

  test('forged: a changed digit anywhere', async () => {
    const digits = digitsOf(certificate());
    for (const at of [0, 5, 40, 150, 300, digits.length - 3]) {
      const changed = `${digits.slice(0, at)}${digits[at] === '1' ? '2' : '1'}${digits.slice(at + 1)}`;
      expect((await verifyCertificateCode(changed, manifest, NOW)).ok, `digit ${at}`).toBe(false);
    }
  });

  test('for another course', async () => {
    const other: CourseManifest = structuredClone(manifest);
    other.course.id = 'another-course';
    other.roster.courseId = 'another-course';
    expect(await verifyCertificateCode(digitsOf(certificate()), other, NOW)).toMatchObject({
      ok: false,
      reason: 'wrong-course',
    });
    expect(await verifyCertificateCode(digitsOf(certificate(), other), other, NOW)).toMatchObject({
      ok: false,
      reason: 'wrong-course',
    });
  });

  test('signed with a key that is not on the roster, under the demo trainer’s name', async () => {
    const stranger = await makeTrainer('demo-trainer', 'Dana Demo');
    const { certificate: _, ...course } = tess.course.payload;
    const forged = await signCourseCertificate(course, earliestSkillExpiry(), stranger.signer);
    if (!forged.ok) throw new Error(forged.message);
    expect(await verifyCertificateCode(digitsOf(forged.value.jws), manifest, NOW)).toMatchObject({
      ok: false,
      reason: 'unknown-key',
    });
  });

  test('by a trainer the roster does not let certify', async () => {
    const strict: CourseManifest = structuredClone(manifest);
    const demo = strict.roster.trainers.find((t) => t.demo)!;
    demo.certify = false;
    expect(await verifyCourseCertificateAlone(certificate(), strict, NOW)).toMatchObject({
      ok: false,
      reason: 'may-not-certify',
    });
  });

  test('valid longer than the course certifies for', async () => {
    const { certificate: _, ...course } = tess.course.payload;
    const long = await signCourseCertificate({ ...course, expiresAt: '2030-01-01T00:00:00.000Z' }, undefined, signer);
    if (!long.ok) throw new Error(long.message);
    expect(await verifyCourseCertificateAlone(long.value.jws, manifest, NOW)).toMatchObject({
      ok: false,
      reason: 'expiry-not-allowed',
    });
  });

  test('with the full record, a course certificate that does not match the certification carrying it', async () => {
    const ctx = {
      manifest,
      signoffs: [],
      skillCertifications: [...tess.skills.values()].map((c) => c.payload),
      now: NOW,
    };
    const { certificate: _, ...course } = tess.course.payload;
    // Signed by the same trainer, but claiming the course's own (later) expiry, not the skills'.
    const longer = await signCourseCertificate(course, undefined, signer);
    // Signed for another trainee's certification.
    const otherTrainee = await signCourseCertificate(
      { ...course, trainee: { id: 'Another000000000000000', name: 'Someone Else' } },
      earliestSkillExpiry(),
      signer,
    );
    for (const [name, made] of [
      ['longer', longer],
      ['other trainee', otherTrainee],
    ] as const) {
      if (!made.ok) throw new Error(made.message);
      // The trainer's device signing a course certification carrying it (a device that would lie).
      const carrying = await signCertification(
        {
          course: course.course,
          trainee: course.trainee,
          scope: 'course',
          rests: course.rests,
          expiryMonths: manifest.course.certificationExpiryMonths,
          id: course.id,
          certifiedAt: new Date(course.certifiedAt),
          restsExpireAt: earliestSkillExpiry(),
        },
        signer,
      );
      if (!carrying.ok) throw new Error(carrying.message);
      const swapped = await resign(carrying.value.jws, made.value.jws);
      expect(await verifyCertification(swapped, ctx), name).toMatchObject({
        ok: false,
        reason: 'certificate-mismatch',
      });
    }
  });
});

describe('a course certification signed before course certificates', () => {
  test('still verifies with the record, and carries no course certificate (so no course code)', async () => {
    const old = await resign(tess.course.jws, undefined);
    const verdict = await verifyCertification(old, {
      manifest,
      signoffs: [],
      skillCertifications: [...tess.skills.values()].map((c) => c.payload),
      now: NOW,
    });
    expect(verdict).toMatchObject({ ok: true, status: 'valid' });
    expect(verdict.ok && verdict.certificate).toBeUndefined();
  });

  test('a skill certification carrying a course certificate is refused as a bad payload', async () => {
    const skill = [...tess.skills.values()][0]!;
    const carrying = await resign(skill.jws, certificate());
    const verdict = await verifyCertification(carrying, {
      manifest,
      signoffs: [],
      now: NOW,
    });
    expect(verdict).toMatchObject({ ok: false, reason: 'bad-payload' });
  });
});

/**
 * The entry re-signed by the demo key with `certificateJws` as its course certificate (none:
 * without one, as a course certification signed before them).
 */
async function resign(jws: string, certificateJws: string | undefined): Promise<string> {
  const { CompactSign } = await import('jose');
  const [h, p] = jws.split('.') as [string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  if (certificateJws === undefined) delete payload['certificate'];
  else payload['certificate'] = certificateJws;
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { kid: string; typ: string };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ES256', kid: header.kid, typ: header.typ })
    .sign(signer.privateKey);
}
