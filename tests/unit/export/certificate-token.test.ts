/**
 * The certificate token and code: every certificate of the sample course fits a QR
 * code a phone reads, the code opens to the very entry the trainer signed, and whatever was
 * forged, edited, cut short, made for another course or signed with a revoked key is refused
 * by the one certification policy.
 */
import { deflateSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import { manifestFromFiles } from '../../../src/lib/course/manifest-from-files';
import {
  bytesToDigits,
  certificateDigits,
  certificateNumber,
  digitsToBytes,
  verifyCertificateCode,
} from '../../../src/lib/export/certificate-code';
import { certificateQr, MAX_CERTIFICATE_QR_VERSION } from '../../../src/lib/export/certificate-qr';
import { certificateToken, openCertificateToken } from '../../../src/lib/export/certificate-token';
import { payloadHash } from '../../../src/lib/trust/certification/payload';
import { demoSigner } from '../../e2e/helpers/records';
import { certifiedTrainee, type CertifiedTrainee } from '../../fixtures/sample-certified';

/** A long but ordinary address for the verify page, as an owner might host it. */
const ADDRESS = 'https://learn.northwind-home.example.com/training/verify/#c=';
const NOW = new Date('2026-03-01T12:00:00.000Z');

let manifest: CourseManifest;
let tess: CertifiedTrainee;
const all = () => [...tess.skills.values(), tess.course];

beforeAll(async () => {
  const built = await manifestFromFiles('src/content');
  if (!built.ok) throw new Error(built.message);
  manifest = built.value;
  tess = await certifiedTrainee(await demoSigner(manifest), manifest, {
    id: 'Zq3kP9xT2mB7wL4nR8vYcA',
    name: 'Maria-Fernanda Oyelaran-Castellanos',
  });
}, 60_000);

/** The token's JWS with its payload replaced, the trainer's signature kept. */
function withPayload(jws: string, edit: (p: Record<string, unknown>) => void): string {
  const [h, p, s] = jws.split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  edit(payload);
  return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
}

function digitsOf(jws: string, m = manifest): string {
  const d = certificateDigits(jws, m);
  if (!d.ok) throw new Error(d.message);
  return d.value;
}

describe('size', () => {
  test('every skill certificate of the sample course fits a version-20 QR code at level M, after a long address', () => {
    expect(tess.skills.size).toBe(manifest.skills.length);
    for (const [skill, cert] of tess.skills) {
      const qr = certificateQr(ADDRESS, digitsOf(cert.jws));
      expect(qr.ok, skill).toBe(true);
      if (qr.ok) expect(qr.value.version, skill).toBeLessThanOrEqual(MAX_CERTIFICATE_QR_VERSION);
      // Against the certification itself in the link, as the certificate carried it before.
      expect(digitsOf(cert.jws).length, skill).toBeLessThan(cert.jws.length * 0.6);
    }
  });

  test('the course certification rests on every skill certification by id and hash: too much for such a code, and it says so', () => {
    // Ten 48-byte references and the signature are more than version 20 at M holds after the
    // address; the certificate page prints the number and the address instead (see the e2e test).
    const qr = certificateQr(ADDRESS, digitsOf(tess.course.jws));
    expect(qr).toMatchObject({ ok: false, reason: 'too-large' });
    if (!qr.ok) expect(qr.message).toContain('version 20');
  });
});

describe('round trip', () => {
  test('a code opens to exactly the JWS the trainer signed, for every certificate', () => {
    for (const cert of all()) {
      const bytes = digitsToBytes(digitsOf(cert.jws));
      expect(bytes).toBeDefined();
      expect(openCertificateToken(bytes!, manifest)).toEqual({
        ok: true,
        value: { kind: 'certification', jws: cert.jws },
      });
    }
  });

  test('digits have one spelling: a group too large for its bytes, a stray character or a cut group is refused', () => {
    const bytes = Uint8Array.from({ length: 23 }, (_, i) => (i * 37 + 255) % 256);
    const digits = bytesToDigits(bytes);
    expect(digitsToBytes(digits)).toEqual(bytes);
    expect(digits).toHaveLength(3 * 17 + 5);
    expect(digitsToBytes('999')).toBeUndefined(); // 999 > 255
    expect(digitsToBytes(`${digits.slice(0, 10)}x${digits.slice(11)}`)).toBeUndefined();
    expect(digitsToBytes(digits.slice(0, -1))).toBeUndefined();
  });

  test('a genuine code verifies on its own: who, what, when, until when, signed by whom, demo', async () => {
    const cert = tess.skills.get('complaint-handling')!;
    const verdict = await verifyCertificateCode(`${ADDRESS}${digitsOf(cert.jws)}`, manifest, NOW);
    expect(verdict).toMatchObject({
      ok: true,
      status: 'valid',
      demo: true,
      payload: {
        trainee: { name: 'Maria-Fernanda Oyelaran-Castellanos' },
        skill: 'complaint-handling',
        certifiedAt: cert.payload.certifiedAt,
        expiresAt: cert.payload.expiresAt,
        trainer: { name: 'Dana Demo' },
      },
    });
    if (verdict.ok) expect(verdict.hash).toBe(await payloadHash(cert.payload));
    // Past its expiry it is genuine but expired.
    const later = await verifyCertificateCode(digitsOf(cert.jws), manifest, '2027-06-01T00:00:00.000Z');
    expect(later).toMatchObject({ ok: true, status: 'expired' });
  });

  test('the certificate number is the start of the payload hash the signed record names it by', async () => {
    const cert = tess.skills.get('active-listening')!;
    const number = certificateNumber(await payloadHash(cert.payload));
    expect(number).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(certificateNumber(await payloadHash(tess.course.payload))).not.toBe(number);
  });
});

describe('refused', () => {
  const skillCert = () => tess.skills.get('active-listening')!;

  test('an edited payload (a later expiry, another name) under the trainer’s signature', async () => {
    for (const edit of [
      (p: Record<string, unknown>) => (p['expiresAt'] = '2027-01-31T10:00:00.000Z'),
      (p: Record<string, unknown>) => ((p['trainee'] as { name: string }).name = 'Someone Else'),
    ]) {
      const forged = withPayload(skillCert().jws, edit);
      const verdict = await verifyCertificateCode(digitsOf(forged), manifest, NOW);
      expect(verdict).toMatchObject({ ok: false, reason: 'bad-signature' });
    }
  });

  test('a changed digit anywhere is refused, never read as another valid certificate', async () => {
    const digits = digitsOf(skillCert().jws);
    for (const at of [0, 5, 40, 200, 600, digits.length - 3]) {
      const changed = `${digits.slice(0, at)}${digits[at] === '1' ? '2' : '1'}${digits.slice(at + 1)}`;
      const verdict = await verifyCertificateCode(changed, manifest, NOW);
      expect(verdict.ok, `digit ${at}`).toBe(false);
    }
  });

  test('a code cut short, or with digits added', async () => {
    const digits = digitsOf(skillCert().jws);
    for (const text of [digits.slice(0, 300), digits.slice(0, -17), `${digits}12345`, '', 'c=', 'hello']) {
      const verdict = await verifyCertificateCode(text, manifest, NOW);
      expect(verdict, text.slice(0, 20)).toMatchObject({ ok: false, reason: 'malformed' });
      if (!verdict.ok) expect(verdict.message).toMatch(/cut short|mistyped/);
    }
  });

  test('a code of another course (its names and hashes are not this site’s)', async () => {
    const other: CourseManifest = structuredClone(manifest);
    other.course.id = 'another-course';
    other.roster.courseId = 'another-course';
    const verdict = await verifyCertificateCode(digitsOf(skillCert().jws), other, NOW);
    expect(verdict).toMatchObject({ ok: false, reason: 'wrong-course' });
    // Packed against that course, it opens, and the certification policy names the course.
    const packed = await verifyCertificateCode(digitsOf(skillCert().jws, other), other, NOW);
    expect(packed).toMatchObject({ ok: false, reason: 'wrong-course' });
  });

  test('a certificate signed after its key was revoked; one signed before stays good', async () => {
    const revoked: CourseManifest = structuredClone(manifest);
    const key = revoked.roster.trainers.find((t) => t.demo)!.keys[0]!;
    key.status = 'revoked';
    key.revokedAt = '2026-01-10T00:00:00.000Z';
    const verdict = await verifyCertificateCode(digitsOf(skillCert().jws), revoked, NOW);
    expect(verdict).toMatchObject({ ok: false, reason: 'key-revoked' });
    key.revokedAt = '2026-12-01T00:00:00.000Z';
    expect(await verifyCertificateCode(digitsOf(skillCert().jws), revoked, NOW)).toMatchObject({ ok: true });
  });

  test('a token of another format version, and one that inflates far beyond any certification', () => {
    const token = certificateToken(skillCert().jws, manifest);
    if (!token.ok) throw new Error(token.message);
    const v9 = Uint8Array.from(token.value);
    v9[0] = 9;
    expect(openCertificateToken(v9, manifest)).toMatchObject({ ok: false, reason: 'malformed' });
    // Read as a course certificate (format 2), a certification's bytes do not unpack.
    const v2 = Uint8Array.from(token.value);
    v2[0] = 2;
    expect(openCertificateToken(v2, manifest).ok).toBe(false);
    const bomb = Uint8Array.of(1, ...new Uint8Array(64), 0, 0, ...deflateSync(new Uint8Array(200_000)));
    expect(openCertificateToken(bomb, manifest)).toMatchObject({ ok: false, reason: 'too-large' });
  });
});
