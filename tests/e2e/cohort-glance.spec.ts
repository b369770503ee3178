/**
 * The cohort desk at a glance. Above the grid, per skill, where the trainees stand (a
 * bar, and the same numbers as text), the pace of each step; pressing a stage filters the grid.
 */
import { expect, test } from './helpers/test';
import { builtManifest, demoSigner, skillsBundle } from './helpers/records';

test('the glance panel counts trainees per stage, and pressing a stage lists just them', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const manifest = builtManifest(testInfo.project.name === 'subpath' ? 'sub' : 'root');
  const signer = await demoSigner(manifest);
  const plans = [
    { id: 'ann-ready', name: 'Ann Ready', steps: 4 },
    { id: 'ben-solo', name: 'Ben Solo', steps: 2 },
    { id: 'cat-solo', name: 'Cat Solo', steps: 2 },
  ];
  const files = [];
  for (const p of plans) {
    const bundle = await skillsBundle(signer, manifest, p, [
      { skill: 'active-listening', steps: p.steps, from: '2026-01-05T10:00:00Z' },
    ]);
    files.push({ name: `${p.id}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bundle)) });
  }
  await page.goto('trainer/cohort/');
  await expect(page.getByRole('region', { name: 'At a glance' })).toBeHidden();
  await page.getByLabel('Trainees’ signed progress files').setInputFiles(files);
  await expect(page.getByText('3 of 3 trainees shown.')).toBeVisible({ timeout: 30_000 });

  const glance = page.getByRole('region', { name: 'At a glance' });
  const listening = glance
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: 'Active listening' }) });
  await expect(listening.getByRole('img')).toHaveAccessibleName('Active listening: Solo 2, Ready to certify 1.');
  await expect(listening.getByRole('button')).toHaveText(['Solo 2', 'Ready to certify 1']);
  await expect(listening).toContainText('Median time to sign off: Show 0 days · Co-pilot 0 days');
  const greeting = glance
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: 'Greeting and first impression' }) });
  await expect(greeting.getByRole('button')).toHaveText(['Not started 3']);

  await listening.getByRole('button', { name: 'Solo 2' }).click();
  await expect(page.getByText('2 of 3 trainees shown.')).toBeVisible();
  await expect(page.locator('[data-stage-note]')).toContainText('Only trainees at “Solo” in Active listening.');
  await expect(page.locator('[data-rows]')).toContainText('Ben Solo');
  await expect(page.locator('[data-rows]')).not.toContainText('Ann Ready');
  // The bar itself filters too.
  await listening.locator('rect[data-stage="ready"]').click();
  await expect(page.getByText('1 of 3 trainees shown.')).toBeVisible();
  await page.getByRole('button', { name: 'Show every stage' }).click();
  await expect(page.getByText('3 of 3 trainees shown.')).toBeVisible();

  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await glance.screenshot({ path: testInfo.outputPath(`glance-${width}-${scheme}.png`) });
    }
  }
});
