/**
 * One verdict: the verify page in the browser and `npm run verify` give the same verdict on the
 * same file, entry by entry. Genuine sample-course records (signed here with the demo key against
 * the built site's manifest) and seeded random mutations of them go through both: the command
 * with --json, the page through its file picker.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import type { ProgressBundle } from '../../src/lib/export/types';
import { jsonMutation, applyJsonMutation, toJsonText } from '../fixtures/mutate';
import { bundleFor, builtManifest, demoSigner } from './helpers/records';
import { expect, test } from './helpers/test';

const NOW = new Date('2026-11-20T12:00:00.000Z');

/** Edits a person would make to a record, or that a damaged copy would show. */
type Edit = (b: ProgressBundle) => void;
const entryEdits: fc.Arbitrary<Edit> = fc.oneof(
  fc.constant<Edit>((b) => b.entries.reverse()),
  fc.nat().map<Edit>((i) => (b) => void b.entries.splice(i % Math.max(1, b.entries.length), 1)),
  fc.nat().map<Edit>((i) => (b) => void b.entries.push(b.entries[i % b.entries.length] as string)),
  fc.nat().map<Edit>((i) => (b) => {
    // A payload character changed: the signature no longer matches.
    const k = i % b.entries.length;
    const [h, p, s] = (b.entries[k] as string).split('.') as [string, string, string];
    const at = (i >> 3) % p.length;
    b.entries[k] = `${h}.${p.slice(0, at)}${p[at] === 'A' ? 'B' : 'A'}${p.slice(at + 1)}.${s}`;
  }),
  fc.constant<Edit>((b) => (b.trainee.name = 'Someone Else')),
  fc.constant<Edit>((b) => (b.certifications = [])),
  fc.constant<Edit>((b) => b.certifications.reverse()),
);

test('the verify page and npm run verify agree on genuine records and their mutations', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const site = testInfo.project.name === 'subpath' ? 'sub' : 'root';
  const manifest = builtManifest(site);
  const signer = await demoSigner(manifest);
  const genuine = [
    await bundleFor(signer, manifest, {
      id: 'agree-a',
      name: 'Ada Agree',
      signedOff: 4,
      certifiedAt: new Date('2026-10-01T12:00:00Z'),
    }),
    await bundleFor(signer, manifest, { id: 'agree-b', name: 'Ben Agree', signedOff: 2 }),
  ];
  const texts = genuine.map((b) => JSON.stringify(b));
  const mutated = fc.sample(
    fc.tuple(
      fc.constantFrom(...genuine),
      fc.oneof(
        entryEdits.map((e) => ({ e })),
        jsonMutation.map((m) => ({ m })),
      ),
    ),
    { numRuns: 14, seed: 20261201 },
  );
  for (const [seed, change] of mutated) {
    const copy = structuredClone(seed);
    if ('e' in change) {
      change.e(copy);
      texts.push(JSON.stringify(copy));
    } else texts.push(toJsonText(applyJsonMutation(copy, change.m, ['entries', 'certifications', 'trainee'])));
  }
  const files = texts.map((text, i) => {
    const path = testInfo.outputPath(`record-${i}.json`);
    writeFileSync(path, text);
    return path;
  });

  const dist = process.env.TANDEM_E2E_DIST ?? 'dist-test';
  let out: string;
  try {
    out = execFileSync(
      process.execPath,
      [
        'scripts/verify.ts',
        ...files,
        '--json',
        '--manifest',
        `${dist}/${site}/tandem/manifest.json`,
        '--now',
        NOW.toISOString(),
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
  } catch (error) {
    out = (error as { stdout: string }).stdout; // exit 1 or 2: some files are invalid
  }
  const cli = (JSON.parse(out) as { files: { readable: boolean; valid?: boolean; entries?: { status: string }[] }[] })
    .files;
  expect(cli).toHaveLength(files.length);
  expect(cli.filter((f) => f.readable && f.valid).length).toBeGreaterThanOrEqual(2);
  expect(cli.some((f) => f.readable && !f.valid)).toBe(true);

  await page.clock.setFixedTime(NOW);
  await page.goto('verify/');
  for (const [i, path] of files.entries()) {
    const expected = cli[i] as (typeof cli)[number];
    const summary = page.locator('[data-summary]');
    // Clear the last verdict first, so each check below waits for this file's.
    await summary.evaluate((el) => (el.textContent = ''));
    await page.locator('[data-file]').setInputFiles(path);
    await expect(summary).not.toHaveText('');
    if (!expected.readable) {
      await expect(summary, `file ${i}`).toContainText('could not be read');
      continue;
    }
    await expect(summary, `file ${i}`).toHaveClass(expected.valid ? /verdict--valid/ : /verdict--invalid/);
    await expect(page.locator('[data-entries] li'), `file ${i}`).toHaveCount(expected.entries?.length ?? 0);
    const statuses = await page.locator('[data-entries] li').evaluateAll((lis) => lis.map((li) => li.dataset.status));
    expect(statuses, `file ${i}: entry by entry`).toEqual(expected.entries?.map((e) => e.status));
  }
});

test('a renamed record shows the signed name, and says what is not signed', async ({ page }, testInfo) => {
  const manifest = builtManifest(testInfo.project.name === 'subpath' ? 'sub' : 'root');
  const genuine = await bundleFor(await demoSigner(manifest), manifest, {
    id: 'ren-1',
    name: 'Rita Real',
    signedOff: 2,
  });
  const renamed = testInfo.outputPath('renamed.json');
  writeFileSync(renamed, JSON.stringify({ ...genuine, trainee: { ...genuine.trainee, name: 'Mallory Impostor' } }));
  await page.clock.setFixedTime(NOW);
  await page.goto('verify/');
  await page.locator('[data-file]').setInputFiles(renamed);
  const facts = page.locator('[data-facts]');
  await expect(facts).toContainText('Rita Real (id ren-1), as signed in the entries');
  await expect(page.locator('[data-verdict]')).not.toContainText('Mallory Impostor');
  await expect(facts).toContainText('Not signed (the trainee’s own account)');

  // A damaged verify link clears that verdict and says why.
  await page.goto('verify/#cert=%E0%A4%A');
  await expect(page.locator('[data-summary]')).toHaveText(/This certificate link is not valid: it is damaged/);
  await expect(page.locator('[data-facts]')).toBeEmpty();
});
