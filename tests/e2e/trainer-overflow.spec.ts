/**
 * No trainer page scrolls sideways, on a 390 px phone or a 1,280 px laptop. Each page
 * type is checked in its main states (empty, and holding a trainee's record); a wide table may
 * scroll inside its own region, never the page. Screenshots of each, light and dark, are kept as
 * test artifacts for a reviewer.
 */
import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from './helpers/test';
import { builtManifest, demoSigner, skillsBundle } from './helpers/records';

const WIDTHS = [390, 1280];

/** How far the page reaches past the viewport, and the widest element that does it. */
async function sideways(page: Page): Promise<{ over: number; culprit: string }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    let culprit = '';
    let widest = width;
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const right = el.getBoundingClientRect().right;
      if (right > widest + 1 && el.offsetParent !== null) {
        widest = right;
        // The element and its ancestors with their widths: where the width comes from.
        const chain: string[] = [];
        for (let at: HTMLElement | null = el; at && chain.length < 6; at = at.parentElement) {
          chain.push(
            `${at.localName}${at.className ? `.${String(at.className).split(' ').join('.')}` : ''}(${Math.round(at.getBoundingClientRect().width)})`,
          );
        }
        culprit = chain.join(' < ');
      }
    }
    return { over: document.documentElement.scrollWidth - width, culprit };
  });
}

async function check(page: Page, name: string, testInfo: { outputPath(n: string): string }): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    const { over, culprit } = await sideways(page);
    expect(over, `${name} at ${width} px scrolls sideways by ${over} px (widest: ${culprit})`).toBeLessThanOrEqual(0);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: testInfo.outputPath(`${name}-${width}-${scheme}.png`), fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('trainer pages and the pages they hand out fit a phone and a laptop without scrolling sideways', async ({
  page,
}, testInfo) => {
  test.setTimeout(150_000);
  const manifest = builtManifest(testInfo.project.name === 'subpath' ? 'sub' : 'root');
  const signer = await demoSigner(manifest);
  const record = testInfo.outputPath('record.json');
  const bundle = await skillsBundle(signer, manifest, { id: 'tess-wide', name: 'Tess Trainee-With-A-Long-Name' }, [
    { skill: 'active-listening', from: '2026-01-05T10:00:00Z' },
    { skill: 'processing-a-return', steps: 2, from: '2026-01-12T10:00:00Z' },
  ]);
  writeFileSync(record, JSON.stringify(bundle));

  await page.goto('trainer/');
  await expect(page.getByRole('heading', { name: 'Trainer: your signing key' })).toBeVisible();
  await check(page, 'key-page', testInfo);

  await page.goto('trainer/sign/');
  await check(page, 'sign-empty', testInfo);
  await page.getByLabel('Trainee’s progress file').setInputFiles(record);
  await expect(page.locator('[data-certify-list] li').first()).toBeVisible();
  await check(page, 'sign-imported', testInfo);

  await page.goto('trainer/cohort/');
  await check(page, 'cohort-empty', testInfo);
  await page.getByLabel('Trainees’ signed progress files').setInputFiles(record);
  await expect(page.getByText('1 of 1 trainee shown.')).toBeVisible({ timeout: 30_000 });
  await check(page, 'cohort-one-trainee', testInfo);

  await page.goto('verify/');
  await check(page, 'verify-empty', testInfo);
  await page.getByLabel('Progress file', { exact: true }).setInputFiles(record);
  await expect(page.locator('[data-summary]')).not.toBeEmpty({ timeout: 20_000 });
  await check(page, 'verify-record', testInfo);

  await page.goto('progress/');
  await page.getByLabel('Import a progress file or signed record').setInputFiles(record);
  await expect(page.locator('tandem-profile summary')).toContainText('Tess');
  await page.goto('checklist/');
  await expect(page.locator('[data-who]')).toContainText('Checklist of');
  await check(page, 'checklist', testInfo);
  await page.goto('certificate/');
  await expect(page.locator('[data-sheet]')).toContainText('Tess');
  await check(page, 'certificate', testInfo);
});
