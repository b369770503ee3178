/**
 * Verification on every core: a long record on the verify page and many files on the
 * cohort desk are checked by the page's worker pool, with a progress bar and a Cancel button;
 * cancelling keeps nothing, and verifying again gives the verdict. The records are made here in
 * Node with the published demo key, against the built site's manifest.
 */
import { expect, test } from './helpers/test';
import type { Page } from '@playwright/test';
import type { CourseManifest } from '../../src/lib/course/manifest';
import { buildBundle } from '../../src/lib/bundle/build';
import { signSignoff, type Signer } from '../../src/lib/trust/entry';
import { builtManifest, demoSigner } from './helpers/records';

const manifests = { root: builtManifest('root'), sub: builtManifest('sub') };

/** `n` practice sessions of Show on Active listening, a minute apart: a long, valid record. */
async function practiceRecord(signer: Signer, manifest: CourseManifest, id: string, n: number): Promise<Buffer> {
  const skill = manifest.skills.find((s) => s.id === 'active-listening')!;
  const start = Date.parse('2026-01-03T10:00:00.000Z');
  const trainee = { id, name: `Pat Practice ${id}` };
  const entries = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const signedAt = new Date(start + i * 60_000);
      const signed = await signSignoff(
        {
          course: manifest.course.id,
          skill: skill.id,
          skillHash: skill.hash,
          trainee,
          step: 'show',
          outcome: 'practice',
          observedAt: signedAt.toISOString().slice(0, 10),
          notes: 'Needs more time on the greeting.',
          signedAt,
        },
        signer,
      );
      if (!signed.ok) throw new Error(signed.message);
      return signed.value.jws;
    }),
  );
  const bundle = await buildBundle(
    { ...trainee, createdAt: new Date(start).toISOString(), lessons: {}, attempts: {}, entries },
    manifest,
    { exportedFrom: 'trainee', now: new Date('2026-11-01T10:00:00.000Z'), certifications: [] },
  );
  return Buffer.from(JSON.stringify(bundle));
}

/** The page's main thread slowed down, as on a modest phone, so the bar is there to be seen. */
async function slowDown(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
}

/**
 * The workers' script held back for a moment, as on a slow connection: a check is then still
 * under way when the Cancel button is pressed, however fast this machine verifies (a few
 * thousand entries take it a fifth of a second, less than a click can be sure to catch). A page
 * fetches the script once per worker it starts, so only a pool's start waits.
 */
const WORKER_SCRIPT = /verify-worker-[\w-]+\.js$/;
async function holdWorkerScript(page: Page): Promise<void> {
  await page.route(WORKER_SCRIPT, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await route.continue();
  });
}

const siteOf = (name: string) => (name === 'subpath' ? 'sub' : 'root');

test('the verify page checks a long record on worker threads, with a bar that can cancel', async ({ page }, info) => {
  test.setTimeout(180_000);
  const manifest = manifests[siteOf(info.project.name)];
  const file = {
    name: 'long-record.json',
    mimeType: 'application/json',
    buffer: await practiceRecord(await demoSigner(manifest), manifest, 'long-record', 4000),
  };
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto('verify/');
  await slowDown(page);
  await holdWorkerScript(page);

  // Cancelled: no verdict is shown, and the page says so.
  await page.getByLabel('Progress file', { exact: true }).setInputFiles(file);
  const bar = page.getByRole('progressbar', { name: /Verifying the record/ });
  await expect(bar).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('[data-summary]')).toHaveText(/long-record\.json was cancelled: no verdict/, {
    timeout: 60_000,
  });
  // A cancelled check is no news, good or bad: not shown as a forged record.
  await expect(page.locator('[data-summary]')).toHaveAttribute('data-look', 'none');
  await expect(bar).toHaveCount(0);
  await expect(page.locator('[data-entries] li')).toHaveCount(0);

  // Verified to the end: the verdict of every entry, checked by the page's workers.
  await page.getByLabel('Progress file', { exact: true }).setInputFiles([]);
  await page.getByLabel('Progress file', { exact: true }).setInputFiles(file);
  await expect(bar).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('[data-summary]')).toHaveText(/Valid: every entry in this record is genuine/, {
    timeout: 120_000,
  });
  await expect(bar).toHaveCount(0);
  await expect(page.locator('[data-entries] li[data-status="valid"]')).toHaveCount(4000);
  expect(workers.some((url) => /\/_astro\/verify-worker-[\w-]+\.js$/.test(url))).toBe(true);
});

test('the cohort desk imports many files on worker threads; a cancelled import keeps nothing', async ({
  page,
}, info) => {
  test.setTimeout(180_000);
  const manifest = manifests[siteOf(info.project.name)];
  const signer = await demoSigner(manifest);
  const files = [];
  for (let i = 0; i < 150; i++) {
    const id = `pool-${String(i).padStart(3, '0')}`;
    files.push({
      name: `${id}.json`,
      mimeType: 'application/json',
      buffer: await practiceRecord(signer, manifest, id, 16),
    });
  }
  await page.goto('trainer/cohort/');
  await expect(page.getByText('No trainees yet')).toBeVisible();
  await slowDown(page);
  await holdWorkerScript(page);

  await page.getByLabel('Trainees’ signed progress files').setInputFiles(files);
  const bar = page.getByRole('progressbar', { name: /Checking the files/ });
  await expect(bar).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Import cancelled: nothing was imported, the desk is as it was.')).toBeVisible({
    timeout: 60_000,
  });
  await expect(bar).toHaveCount(0);
  await expect(page.getByText('No trainees yet')).toBeVisible();
  // Nothing was stored either: the desk after a reload is still empty.
  await page.reload();
  await expect(page.getByText('No trainees yet')).toBeVisible();

  await page.getByLabel('Trainees’ signed progress files').setInputFiles(files);
  await expect(page.getByText('150 added, 0 replaced by a newer file, 0 already held, 0 refused.')).toBeVisible({
    timeout: 120_000,
  });
  await expect(page.getByText('150 of 150 trainees shown.')).toBeVisible();
});

test('the cohort desk starts its workers when a trainer reaches for the import, not when the desk is only read', async ({
  page,
}) => {
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto('trainer/cohort/');
  await expect(page.getByText('No trainees yet')).toBeVisible();
  // Reading the desk (the list, its filters) starts no worker.
  await page.getByLabel('Search by name').hover();
  await page.getByLabel('Search by name').fill('Pat');
  await page.waitForTimeout(500);
  expect(workers).toEqual([]);
  // Pointing at the file input: the workers start while the trainer picks files.
  const started = page.waitForEvent('worker');
  await page.getByLabel('Trainees’ signed progress files').hover();
  expect((await started).url()).toMatch(/\/_astro\/verify-worker-[\w-]+\.js$/);

  // By keyboard too: the focus reaching the import link starts them on a fresh desk.
  await page.reload();
  await expect(page.getByText('No trainees yet')).toBeVisible();
  const again = page.waitForEvent('worker');
  await page.getByLabel('Or a link to a file (for example on your intranet)').focus();
  expect((await again).url()).toMatch(/\/_astro\/verify-worker-[\w-]+\.js$/);
});
