/**
 * The cohort desk: thirty trainees' files imported at once (three of them bad), refused ones
 * listed with their reasons, the cohort filtered to those due for recertification, a trainee's
 * history opened, the cohort CSV exported and checked, and axe on the page. The bundles are made
 * here in Node with the published demo key, against the built site's manifest.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './helpers/test';
import { readFileSync } from 'node:fs';
import type { ProgressBundle } from '../../src/lib/export/types';
import type { SignoffPayload } from '../../src/lib/trust/entry';
import { bundleFor, builtManifest, demoSigner, type Plan } from './helpers/records';
import { restoreDemoKey } from './helpers/signoff';
import { encodeRequest } from '../../src/lib/trust/links';

/** The desk's clock: certifications made before 20 January 2026 are overdue, by 20 February due. */
const NOW = new Date('2027-01-20T12:00:00.000Z');

const manifest = builtManifest();

const pad = (n: number) => String(n).padStart(2, '0');

async function cohortFiles(): Promise<{ name: string; mimeType: string; buffer: Buffer }[]> {
  const signer = await demoSigner(manifest);
  const plans: Plan[] = [];
  // Due within 30 days: certified 25 Jan – 5 Feb 2026 (expiry 12 months).
  for (let i = 0; i < 3; i++)
    plans.push({
      id: `due-${i}`,
      name: `Dora Due ${i}`,
      signedOff: 4,
      certifiedAt: new Date(`2026-02-0${i + 2}T12:00:00Z`),
    });
  // Overdue: certified before 20 January 2026.
  for (let i = 0; i < 2; i++)
    plans.push({
      id: `late-${i}`,
      name: `Olly Overdue ${i}`,
      signedOff: 4,
      certifiedAt: new Date(`2026-01-1${i + 2}T12:00:00Z`),
    });
  // Certified and current.
  for (let i = 0; i < 5; i++)
    plans.push({
      id: `cert-${i}`,
      name: `Cara Current ${i}`,
      signedOff: 4,
      certifiedAt: new Date(`2026-06-${pad(i + 1)}T12:00:00Z`),
    });
  // On their way.
  // A file with no signed entry claims no one, so each of these has at least one sign-off.
  for (let i = 0; i < 17; i++)
    plans.push({ id: `prog-${pad(i)}`, name: `Pia Progress ${pad(i)}`, signedOff: i % 4 || 1 });
  const files = [];
  for (const plan of plans) {
    files.push({
      name: `${plan.id}.json`,
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(await bundleFor(signer, manifest, plan))),
    });
  }
  const altered = JSON.parse(files[0]!.buffer.toString()) as ProgressBundle;
  const [h, p, s] = altered.entries[0]!.split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as SignoffPayload;
  payload.notes = 'Edited after signing.';
  altered.entries[0] = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
  altered.trainee = { id: 'altered-1', name: 'Alf Altered' };
  const otherCourse = {
    ...JSON.parse(files[5]!.buffer.toString()),
    course: { id: 'another-course', title: 'X', contentVersion: 'x' },
  };
  files.push(
    { name: 'altered.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(altered)) },
    { name: 'holiday-photo.json', mimeType: 'application/json', buffer: Buffer.from('not a bundle at all') },
    { name: 'other-course.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(otherCourse)) },
  );
  return files;
}

test('a trainer imports thirty files, sees the bad ones refused, finds who is due, and exports the CSV', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const files = await cohortFiles();
  await page.clock.setFixedTime(NOW);
  await page.goto('trainer/cohort/');
  await expect(page.getByRole('heading', { name: 'Cohort desk', level: 1 })).toBeVisible();
  await expect(page.getByText('No trainees yet')).toBeVisible();

  await page.getByLabel('Trainees’ signed progress files').setInputFiles(files);
  await expect(page.getByText('27 added, 0 replaced by a newer file, 0 already held, 3 refused.')).toBeVisible({
    timeout: 60_000,
  });
  const refused = page.locator('[data-refused] li');
  await expect(refused).toHaveCount(3);
  await expect(refused.filter({ hasText: 'altered.json' })).toContainText('changed after');
  await expect(refused.filter({ hasText: 'holiday-photo.json' })).toContainText('not JSON');
  await expect(refused.filter({ hasText: 'other-course.json' })).toContainText('another-course');
  await expect(page.getByText('27 of 27 trainees shown.')).toBeVisible();

  // Who is due for recertification (within 30 days, or overdue)?
  await page.getByLabel(/Due for recertification/).check();
  await expect(page.getByText('5 of 27 trainees shown.')).toBeVisible();
  const rows = page.locator('[data-rows] tr:not(.cohort-spacer)');
  await expect(rows).toHaveCount(5);
  await expect(rows.filter({ hasText: 'Dora Due' })).toHaveCount(3);
  await expect(rows.filter({ hasText: 'Olly Overdue' })).toHaveCount(2);
  await expect(
    rows.filter({ hasText: 'Dora Due 0' }).getByText(/Active listening: due for recertification within 30 days/),
  ).toBeAttached();
  await expect(
    rows.filter({ hasText: 'Olly Overdue 0' }).getByText(/Active listening: recertification overdue/),
  ).toBeAttached();

  // Search narrows further.
  await page.getByLabel('Search by name').fill('olly');
  await expect(page.getByText('2 of 27 trainees shown.')).toBeVisible();
  await page.getByLabel('Search by name').fill('');
  await page.getByLabel(/Due for recertification/).uncheck();

  // A trainee's history, with the way to sign their next step.
  await page.getByLabel('Search by name').fill('Pia Progress 02');
  await page.getByRole('button', { name: 'Pia Progress 02: details' }).click();
  const detail = page.locator('[data-detail]');
  await expect(detail.getByRole('heading', { name: 'Pia Progress 02' })).toBeFocused();
  await expect(detail.getByRole('listitem').filter({ hasText: 'Co-pilot: signed off' })).toContainText(
    'Step 2 observed on the phones.',
  );
  await expect(detail.getByRole('link', { name: 'Sign a step for Pia Progress 02' })).toHaveAttribute(
    'href',
    /trainer\/sign\/\?trainee=prog-02$/,
  );
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('Search by name').fill('');

  // The cohort CSV: one row per trainee, skill and step.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /Download CSV/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^northwind-service-essentials-cohort-2027-01-20\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(csv[0]).toMatch(/^trainee_id,trainee_name,skill_id/);
  expect(csv).toHaveLength(1 + 27 * manifest.skills.length * 4);
  const dueRows = csv.filter((r) => r.startsWith('due-0,') && r.includes(',active-listening,'));
  expect(dueRows).toHaveLength(4);
  expect(dueRows.every((r) => r.includes(',signed off,') && r.includes('2026-02-02'))).toBe(true);
  expect(
    csv.filter((r) => r.startsWith('prog-01,') && r.includes(',active-listening,')).map((r) => r.split(',')[7]),
  ).toEqual(['signed off', 'not started', 'not started', 'not started']);

  // Still there after a reload: kept in this browser.
  await page.reload();
  await expect(page.getByText('27 of 27 trainees shown.')).toBeVisible();
});

test('a trainer signs a step from the desk: the desk’s copy and the signing log gain it', async ({ page }) => {
  test.setTimeout(120_000);
  await restoreDemoKey(page);
  await page.goto('trainer/cohort/');
  await page.getByLabel('Trainees’ signed progress files').setInputFiles(await cohortFiles());
  await expect(page.getByText(/27 added/)).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('[data-log-status]')).toHaveText(
    "0 entries signed on this device; the log's chain is intact.",
  );

  // Pia asks for her solo sign-off with a request link; the desk lists her as asking.
  const request = encodeRequest({
    v: 1,
    course: manifest.course.id,
    trainee: { id: 'prog-02', name: 'Pia Progress 02' },
    skill: 'active-listening',
    step: 'solo',
  });
  if (!request.ok) throw new Error(request.message);
  await page.goto(`trainer/sign/#${request.value}`);
  await expect(page.locator('[data-trainee]')).toContainText('Pia Progress 02 asks for a sign-off');
  // The sign page notes the request on the desk as it opens, a moment after it shows it: back
  // on the desk at once, the trainer may need to look again (the note must come, though).
  await expect(async () => {
    await page.goto('trainer/cohort/');
    await page.getByLabel('Asked for a sign-off').check();
    await expect(page.getByText('1 of 27 trainees shown.')).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.locator('[data-requests]')).toContainText('Open sign-off requests (1)');
  await page.getByLabel('Asked for a sign-off').uncheck();

  await page.getByLabel('Search by name').fill('Pia Progress 02');
  await page.getByRole('button', { name: 'Pia Progress 02: details' }).click();
  await page.getByRole('link', { name: 'Sign a step for Pia Progress 02' }).click();
  await expect(page.locator('[data-trainee]')).toContainText(
    'Pia Progress 02 (trainee id prog-02), from your cohort desk',
  );
  await page.getByLabel('Skill', { exact: true }).selectOption('active-listening');
  await expect(page.getByLabel('Step', { exact: true })).toHaveValue('solo');
  await page.getByLabel('Debrief notes').fill('Led the call; signed from the desk.');
  await page.getByRole('radio', { name: /^Signed off/ }).check();
  await page.getByRole('button', { name: 'Sign', exact: true }).click();
  await expect(page.locator('[data-result]')).toContainText('Added to your signing log.');

  await page.goto('trainer/cohort/');
  await expect(page.locator('[data-log-status]')).toHaveText(
    "1 entry signed on this device; the log's chain is intact.",
  );
  // Her request is answered: no one is left asking.
  await page.getByLabel('Asked for a sign-off').check();
  await expect(page.getByText('0 of 27 trainees shown.')).toBeVisible();
  await page.getByLabel('Asked for a sign-off').uncheck();
  await page.getByLabel('Search by name').fill('Pia Progress 02');
  await page.getByRole('button', { name: 'Pia Progress 02: details' }).click();
  await expect(
    page.locator('[data-detail]').getByRole('listitem').filter({ hasText: 'Solo: signed off' }),
  ).toContainText('signed from the desk');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download the log for an audit' }).click(),
  ]);
  const audit = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  // Removing a trainee from the desk takes two presses.
  await page.getByRole('button', { name: 'Remove from the desk…' }).click();
  await page.getByRole('button', { name: /^Yes, remove Pia Progress 02/ }).click();
  await page.getByLabel('Search by name').fill('');
  await expect(page.getByText('26 of 26 trainees shown.')).toBeVisible();
  expect(audit.format).toBe('tandem-trainer-log');
  expect(audit.records).toHaveLength(1);
  expect(audit.records[0].traineeId).toBe('prog-02');
  expect(audit.head).toBe(audit.records[0].hash);
});

test('a trainee’s file is imported by link, and a broken link changes nothing', async ({ page }) => {
  test.setTimeout(90_000);
  const [good] = await cohortFiles();
  // The "intranet" holding the file: a route answered by the test, on the site's own origin.
  await page.route('**/shared/trainee-file.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: good!.buffer }),
  );
  await page.route('**/shared/missing.json', (route) => route.fulfill({ status: 404, body: 'not here' }));
  await page.goto('trainer/cohort/');
  const link = page.getByLabel('Or a link to a file (for example on your intranet)');
  await link.fill(new URL('shared/missing.json', page.url()).href);
  await page.getByRole('button', { name: 'Import from the link' }).click();
  await expect(page.locator('[data-import-status]')).toContainText(
    'Nothing was imported from the link: the server answered 404',
  );
  await expect(page.getByText('No trainees yet')).toBeVisible();
  await link.fill(new URL('shared/trainee-file.json', page.url()).href);
  await page.getByRole('button', { name: 'Import from the link' }).click();
  await expect(page.locator('[data-import-status]')).toContainText('1 added');
  await expect(page.getByText('1 of 1 trainee shown.')).toBeVisible();
});

async function axeViolations(page: import('@playwright/test').Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
