/**
 * Every file a person may hold, named the same way by the verify page and `npm run verify`:
 * the command verifies a certificate code, a verify link and a
 * certification entry on their own, and says what anything else is and what to use instead.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import { manifestFromFiles } from '../../../src/lib/course/manifest-from-files';
import { certificateDigits } from '../../../src/lib/export/certificate-code';
import { classifyFile } from '../../../src/lib/export/classify';
import { demoSigner } from '../../e2e/helpers/records';
import { certifiedTrainee, type CertifiedTrainee } from '../../fixtures/sample-certified';

const run = promisify(execFile);
const NOW = '2026-03-01T12:00:00.000Z';
let manifest: CourseManifest;
let tess: CertifiedTrainee;

beforeAll(async () => {
  const built = await manifestFromFiles('src/content');
  if (!built.ok) throw new Error(built.message);
  manifest = built.value;
  tess = await certifiedTrainee(await demoSigner(manifest), manifest, { id: 'tess-1', name: 'Tess Trainee' });
}, 60_000);

describe('classifyFile', () => {
  test('names every Tandem file and certificate form', () => {
    const digits = certificateDigits(tess.skills.get('active-listening')!.jws, manifest);
    if (!digits.ok) throw new Error(digits.message);
    expect(classifyFile(JSON.stringify(tess.bundle)).kind).toBe('bundle');
    expect(classifyFile(JSON.stringify({ format: 'tandem-progress', version: 1 })).kind).toBe('progress-file');
    expect(classifyFile(JSON.stringify({ format: 'tandem-signoffs', version: 1 })).kind).toBe('signoff-file');
    expect(classifyFile(JSON.stringify({ format: 'tandem-trainer-log', version: 1 })).kind).toBe('signing-log');
    expect(classifyFile(`https://x.example/verify/#c=${digits.value}`).kind).toBe('certificate-code');
    expect(classifyFile(digits.value).kind).toBe('certificate-code');
    expect(classifyFile(`https://x.example/verify/#cert=${tess.course.jws}`).kind).toBe('certificate-link');
    expect(classifyFile(tess.course.jws).kind).toBe('certification');
    const jwt = `${Buffer.from('{"alg":"ES256","kid":"urn:x","typ":"JWT"}').toString('base64url')}.e30.AA`;
    expect(classifyFile(jwt).kind).toBe('badge');
  });

  test('anything else gets a sentence naming what it seems to be and what to use instead', () => {
    const cases: [string, RegExp][] = [
      ['%PDF-1.7 …', /PDF.*scan its QR code/],
      ['skill,step,trainee\nx,y,z\n', /CSV.*signed record/],
      [JSON.stringify([{ actor: {}, verb: {}, object: {} }]), /xAPI statements/],
      [JSON.stringify({ format: 'tandem-trainer-key-backup' }), /signing key backup: keep it private/],
      [JSON.stringify({ format: 'tandem-course-manifest' }), /course manifest/],
      [JSON.stringify({ type: ['VerifiableCredential', 'OpenBadgeCredential'] }), /without its signature/],
      ['https://x.example/sign/#request=abc', /sign-off link/],
      [tess.bundle.entries[0] as string, /single sign-off entry/],
      ['hello', /not a Tandem file/],
      ['', /empty/],
    ];
    for (const [text, message] of cases) {
      const c = classifyFile(text);
      expect(c.kind, text.slice(0, 30)).toBe('other');
      expect(c.message, text.slice(0, 30)).toMatch(message);
    }
  });
});

test('npm run verify checks a certificate code and a certification on their own, and names other files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-classify-'));
  const digits = certificateDigits(tess.skills.get('complaint-handling')!.jws, manifest);
  if (!digits.ok) throw new Error(digits.message);
  const files = {
    code: `https://x.example/verify/#c=${digits.value}\n`,
    cut: `https://x.example/verify/#c=${digits.value.slice(0, 400)}\n`,
    cert: tess.course.jws,
    pdf: '%PDF-1.7\n',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  const args = [
    'scripts/verify.ts',
    ...Object.keys(files).map((f) => join(dir, f)),
    '--manifest',
    join(dir, 'manifest.json'),
    '--now',
    NOW,
    '--json',
  ];
  let stdout = '';
  let code = 0;
  try {
    stdout = (await run(process.execPath, args)).stdout;
  } catch (error) {
    ({ stdout, code } = error as { stdout: string; code: number });
  }
  expect(code).toBe(2); // the PDF is not a record
  const out = JSON.parse(stdout) as { files: Record<string, unknown>[] };
  expect(out.files[0]).toMatchObject({ readable: true, kind: 'certificate', valid: true, demo: true });
  expect(out.files[0]?.['number']).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  expect(out.files[1]).toMatchObject({ readable: true, kind: 'certificate', valid: false, reason: 'malformed' });
  expect(out.files[2]).toMatchObject({ readable: true, kind: 'certificate', valid: true, status: 'valid' });
  expect(out.files[3]).toMatchObject({ readable: false, reason: 'not-json' });
  expect(String(out.files[3]?.['message'])).toMatch(/PDF/);
}, 60_000);

test('the classifier’s names for formats are the modules’ own', async () => {
  const [bundle, file, signoffs, keys, cert, entry, code] = await Promise.all([
    import('../../../src/lib/bundle/read'),
    import('../../../src/lib/progress/file'),
    import('../../../src/lib/trust/signoff-file'),
    import('../../../src/lib/trust/keys'),
    import('../../../src/lib/trust/certification/payload'),
    import('../../../src/lib/trust/entry'),
    import('../../../src/lib/export/certificate-code'),
  ]);
  expect(classifyFile(JSON.stringify({ format: bundle.BUNDLE_FORMAT })).kind).toBe('bundle');
  expect(classifyFile(JSON.stringify({ format: file.PROGRESS_FILE_FORMAT })).kind).toBe('progress-file');
  expect(classifyFile(JSON.stringify({ format: signoffs.SIGNOFF_FILE_FORMAT })).kind).toBe('signoff-file');
  expect(classifyFile(JSON.stringify({ format: keys.BACKUP_FORMAT })).message).toMatch(/key backup/);
  expect(cert.CERTIFICATION_TYP).toBe('tandem-certification+jws');
  const course = await import('../../../src/lib/trust/certification/course-certificate');
  expect(course.COURSE_CERTIFICATE_TYP).toBe('tandem-course-certificate+jws');
  expect(entry.SIGNOFF_TYP).toBe('tandem-signoff+jws');
  expect(code.CODE_PREFIX).toBe('c=');
});
