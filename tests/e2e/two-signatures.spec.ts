/**
 * Both signatures where people read a record: the trainee's certificate names, for each step,
 * the trainer's sign-off and her acknowledgement (or "Single-signed", or "Awaiting the
 * trainee’s"), and the transcript counts them; the cohort desk marks acknowledged steps ✓✓ and
 * says so to a screen reader. The records are made in Node with the demo key and Tess's own key.
 */
import { writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './helpers/test';
import { devices } from './helpers/devices';
import { builtManifest } from './helpers/records';
import { twoPartyFiles } from './helpers/two-party-records';

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** WCAG 2.2 AA violations in both colour schemes (the ✓✓ and awaiting marks have colours of their own). */
async function violations(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
    for (const v of results.violations)
      found.push(`[${scheme}] ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
  return found;
}

test('the certificate and the cohort grid show the trainer’s and the trainee’s signatures', async ({
  browser,
  baseURL,
}, info) => {
  test.setTimeout(120_000);
  const root = info.project.name === 'root';
  const files = await twoPartyFiles(builtManifest(root ? 'root' : 'sub'));
  const progressPath = info.outputPath('progress.json');
  const deskPath = info.outputPath('record.json');
  writeFileSync(progressPath, files.progressFile);
  writeFileSync(deskPath, JSON.stringify(files.uncertified));
  const { trainee, trainer, close } = await devices(browser, baseURL, 'trainee', 'trainer');

  await trainee.goto('progress/');
  await trainee.getByLabel('Import a progress file or signed record').setInputFiles(progressPath);
  await expect(trainee.locator('[data-message]')).toContainText('Imported Tess Trainee');
  await trainee.goto('certificate/');
  const sheet = trainee.locator('[data-sheet]');
  const [all, awaiting, single] = files.skills;
  const rows = () => sheet.getByRole('table', { name: 'The four steps, signed off' }).locator('tbody tr');
  const shots = async (name: string) => {
    if (!root) return;
    for (const width of [390, 1280]) {
      await trainee.setViewportSize({ width, height: 1000 });
      await sheet.screenshot({ path: `test-results/two-signatures-${name}-${width}.png` });
    }
  };

  await trainee.locator('[data-which]').selectOption({ label: `Skill certificate: ${awaiting}` });
  await expect(rows()).toHaveCount(4);
  await expect(rows().nth(0)).toContainText(/Show.*Dana Demo, .*Acknowledged /);
  await expect(rows().nth(3)).toContainText(/Teach-back.*Dana Demo, .*Awaiting the trainee’s acknowledgement/);
  await shots('skill');
  await trainee.locator('[data-which]').selectOption({ label: `Skill certificate: ${all}` });
  await expect(rows().filter({ hasText: 'Acknowledged' })).toHaveCount(4);
  await trainee.locator('[data-which]').selectOption({ label: `Skill certificate: ${single}` });
  await expect(rows().filter({ hasText: 'Single-signed' })).toHaveCount(4);
  await trainee.locator('[data-which]').selectOption({ label: 'Course transcript' });
  await expect(sheet.locator('[data-signatures]')).toHaveText(
    'Signatures: 7 of 12 steps behind these certifications were also acknowledged by the trainee with their key; 4 single-signed (made for no trainee key); 1 awaiting the trainee’s acknowledgement.',
  );
  await shots('transcript');
  expect(await violations(trainee)).toEqual([]);

  // The cohort desk: the trainee's record before certification, so the grid shows the steps.
  await trainer.goto('trainer/cohort/');
  await trainer.getByLabel('Trainees’ signed progress files').setInputFiles(deskPath);
  const row = trainer.locator('[data-rows] tr', { hasText: 'Tess Trainee' });
  await expect(row.locator('.cohort-mark--two')).toHaveCount(7);
  await expect(row.locator('.cohort-mark--two').first()).toHaveText('✓✓');
  await expect(row).toContainText(
    `${awaiting}: Show signed off, acknowledged by the trainee; Co-pilot signed off, acknowledged by the trainee; Solo signed off, acknowledged by the trainee; Teach-back signed off, awaiting the trainee’s acknowledgement.`,
  );
  await expect(row).toContainText(
    `${single}: Show signed off; Co-pilot signed off; Solo signed off; Teach-back signed off.`,
  );
  expect(await violations(trainer)).toEqual([]);
  if (root) {
    for (const width of [390, 1280]) {
      await trainer.setViewportSize({ width, height: 900 });
      await trainer.locator('[data-scroll]').screenshot({ path: `test-results/two-signatures-grid-${width}.png` });
    }
  }
  await close();
});
