/**
 * `npm run verify` on a scanned course certificate (the transcript's QR code, as a link or its
 * digits): the real command judges it with the same policy as the verify page, naming the
 * trainee, the course, the signer and the validity; a forged digit and an edited certificate
 * are refused with exit 1.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestFromFiles } from '../../../src/lib/course/manifest-from-files';
import { certificateDigits, certificateNumber } from '../../../src/lib/export/certificate-code';
import { verifyCourseCertificateAlone } from '../../../src/lib/trust/certification/course-certificate';
import { demoSigner } from '../../e2e/helpers/records';
import { certifiedTrainee } from '../../fixtures/sample-certified';
import { editPayload } from '../../fixtures/trust';

const run = promisify(execFile);
const temp = mkdtempSync(join(tmpdir(), 'tandem-verify-course-code-'));
const manifestPath = join(temp, 'manifest.json');
const NOW = '2026-03-01T12:00:00.000Z';
const files: Record<string, string> = {};
let number = '';

async function verify(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ['scripts/verify.ts', ...args], { maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code?: number; stdout?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '' };
  }
}

beforeAll(async () => {
  const built = await manifestFromFiles('src/content');
  if (!built.ok) throw new Error(built.message);
  const manifest = built.value;
  writeFileSync(manifestPath, JSON.stringify(manifest));
  const tess = await certifiedTrainee(await demoSigner(manifest), manifest, {
    id: 'Zq3kP9xT2mB7wL4nR8vYcA',
    name: 'Maria-Fernanda Oyelaran',
  });
  const certificate = tess.course.payload.certificate as string;
  const verdict = await verifyCourseCertificateAlone(certificate, manifest, NOW);
  if (!verdict.ok) throw new Error(verdict.message);
  number = certificateNumber(verdict.hash);
  const digits = (jws: string) => {
    const d = certificateDigits(jws, manifest, 'course-certificate');
    if (!d.ok) throw new Error(d.message);
    return d.value;
  };
  const good = digits(certificate);
  const write = (name: string, text: string) => {
    files[name] = join(temp, name);
    writeFileSync(files[name], text);
  };
  write('link.txt', `https://training.example.org/verify/#c=${good}\n`);
  write('course-certificate.jws', `${certificate}\n`);
  write('smudged.txt', `${good.slice(0, 60)}${good[60] === '3' ? '4' : '3'}${good.slice(61)}`);
  write('edited.txt', digits(editPayload(certificate, (p) => (p['expiresAt'] = '2027-01-20T00:00:00.000Z'))));
}, 120_000);

afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('npm run verify on a course certificate code', () => {
  it('names the trainee, course, signer and validity of a genuine one', async () => {
    const { code, stdout } = await verify(files['link.txt'] ?? '', '--manifest', manifestPath, '--now', NOW);
    expect(stdout).toContain('certificate: VALID, BUT DEMO');
    expect(stdout).toContain('Maria-Fernanda Oyelaran was certified in every required skill of the course');
    expect(stdout).toContain('by Dana Demo');
    expect(stdout).toMatch(/valid until \d{4}-\d{2}-\d{2}/);
    expect(stdout).toContain(`Certificate number: ${number}`);
    expect(code).toBe(0);
  }, 120_000);

  it('judges a course certificate pasted as it is (the signed entry, not a code) the same way', async () => {
    const { code, stdout } = await verify(
      files['course-certificate.jws'] ?? '',
      '--manifest',
      manifestPath,
      '--now',
      NOW,
    );
    expect(stdout).toContain('certificate: VALID, BUT DEMO');
    expect(stdout).toContain('was certified in every required skill of the course');
    expect(stdout).toContain(`Certificate number: ${number}`);
    expect(code).toBe(0);
  }, 120_000);

  it('refuses a smudged digit and an edited certificate, exit 1', async () => {
    const { code, stdout } = await verify(
      files['smudged.txt'] ?? '',
      files['edited.txt'] ?? '',
      '--manifest',
      manifestPath,
      '--now',
      NOW,
      '--json',
    );
    const out = JSON.parse(stdout) as { files: { valid: boolean; status: string; reason?: string }[] };
    expect(out.files.map((f) => f.status)).toEqual(['invalid', 'invalid']);
    expect(out.files[1]?.reason).toBe('bad-signature');
    expect(code).toBe(1);
  }, 120_000);
});
