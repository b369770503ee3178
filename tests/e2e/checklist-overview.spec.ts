/**
 * The checklist page: an overview of every skill × the four steps on top, with the next thing to
 * do and jump links; a signed step looks done; none of the lesson checklist's empty boxes or
 * dashed borders.
 */
import { writeFileSync } from 'node:fs';
import { expect, test } from './helpers/test';
import { builtManifest, demoSigner, skillsBundle } from './helpers/records';

test('the checklist opens with an overview of every skill and step, and signed steps look done', async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  const manifest = builtManifest(testInfo.project.name === 'subpath' ? 'sub' : 'root');
  const signer = await demoSigner(manifest);
  const bundle = await skillsBundle(signer, manifest, { id: 'tess-overview', name: 'Tess Trainee' }, [
    { skill: 'active-listening', from: '2026-01-05T10:00:00Z' },
    { skill: 'processing-a-return', steps: 2, from: '2026-01-12T10:00:00Z' },
  ]);
  const file = testInfo.outputPath('record.json');
  writeFileSync(file, JSON.stringify(bundle));
  await page.goto('progress/');
  await page.getByLabel('Import a progress file or signed record').setInputFiles(file);
  await expect(page.locator('tandem-profile summary')).toContainText('Tess');
  await page.goto('checklist/');

  const overview = page.getByRole('region', { name: 'Overview' }).first();
  const row = (title: string) => overview.getByRole('row').filter({ has: page.getByRole('link', { name: title }) });
  await expect(row('Active listening').getByRole('cell')).toHaveText(
    ['signed off', 'signed off', 'signed off', 'signed off', 'Ask for certification'].map((t) => new RegExp(t)),
  );
  await expect(row('Processing a return in the order system').getByRole('cell').last()).toHaveText('Ask for Solo');
  await expect(row('Greeting and first impression').getByRole('cell').last()).toHaveText('Ask for Show');

  // The skill's name jumps to its section.
  await row('Processing a return in the order system').getByRole('link').click();
  await expect(page).toHaveURL(/#skill-processing-a-return$/);

  // A signed step looks done; nothing borrows the lesson checklist's empty boxes or dashed border.
  const done = page.locator('[data-skill="active-listening"] [data-step="show"]');
  await expect(done).toHaveClass(/checklist-step--done/);
  const looks = await page.evaluate(() => ({
    boxes: [...document.querySelectorAll('main li')].filter((li) =>
      getComputedStyle(li, '::before').content.includes('☐'),
    ).length,
    dashed: [...document.querySelectorAll('main *')].filter((el) => getComputedStyle(el).borderTopStyle === 'dashed')
      .length,
    doneBackground: getComputedStyle(document.querySelector('.checklist-step--done')!).backgroundColor,
    openBackground: getComputedStyle(
      document.querySelector('[data-skill="greeting-first-impression"] [data-step="show"]')!,
    ).backgroundColor,
  }));
  expect(looks.boxes).toBe(0);
  expect(looks.dashed).toBe(0);
  expect(looks.doneBackground).not.toBe(looks.openBackground);

  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await overview.screenshot({ path: testInfo.outputPath(`overview-${width}.png`) });
  }
});
