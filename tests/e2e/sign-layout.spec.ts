/**
 * The sign-off page does not move under the trainer's eyes (issue 17): Lighthouse's mobile run
 * measured a layout shift of 0.23 on it, as the restore form (a device without a key) or a
 * request and its session form appeared above what was already drawn. On a phone, with a phone's
 * CPU (the page is painted before its script has run), opened as Lighthouse opens it and from a
 * request link on a trainer's device, nothing shifts, and what the page is for is shown.
 */
import { expect, test, type Page } from './helpers/test';
import { devices } from './helpers/devices';
import { addTrainee } from './helpers/quiz';
import { askForSignoff, restoreDemoKey } from './helpers/signoff';

const PHONE = { width: 390, height: 844 };

/** Every layout shift not caused by input, summed as CLS sums them, with what moved. */
function watchShifts(): void {
  const w = window as unknown as { shifted: number; moved: string[] };
  w.shifted = 0;
  w.moved = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & {
      value: number;
      hadRecentInput: boolean;
      sources?: { node?: Node | null }[];
    })[]) {
      if (entry.hadRecentInput) continue;
      w.shifted += entry.value;
      for (const s of entry.sources ?? []) {
        const el = s.node instanceof Element ? s.node : s.node?.parentElement;
        w.moved.push(el ? `${el.tagName.toLowerCase()}.${el.className}` : 'text');
      }
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

async function openWatched(page: Page, url: string): Promise<void> {
  await page.setViewportSize(PHONE);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.addInitScript(watchShifts);
  await page.goto(url);
}

async function expectNothingMoved(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  // Whatever the page does after its first state (the request's proof is judged later) counts too.
  await page.waitForTimeout(1000);
  const { shifted, moved } = await page.evaluate(() => {
    const w = window as unknown as { shifted: number; moved: string[] };
    return { shifted: w.shifted, moved: w.moved };
  });
  expect(shifted, `layout shift; moved: ${moved.join(', ')}`).toBeLessThan(0.01);
}

test('opened on a device without a key, as Lighthouse opens it, the page offers the restore form and moves nothing', async ({
  page,
}) => {
  await openWatched(page, 'trainer/sign/');
  await expect(page.locator('[data-key-status]')).toContainText('There is no signing key on this device');
  await expect(page.getByLabel('Backup file')).toBeVisible();
  await expect(page.getByText('Open the trainee’s sign-off request link')).toBeVisible();
  await expectNothingMoved(page);
});

test('opened from a request link on the trainer’s device, the request and the session form appear in place', async ({
  browser,
  baseURL,
}) => {
  const { trainee, trainer, close } = await devices(browser, baseURL, 'trainee', 'trainer');
  await trainee.goto('checklist/');
  await addTrainee(trainee, 'Tess Trainee');
  const request = await askForSignoff(trainee, 'active-listening', 'Show');
  await restoreDemoKey(trainer);

  await openWatched(trainer, request);
  await expect(trainer.locator('[data-trainee]')).toContainText('Tess Trainee asks for a sign-off');
  await expect(trainer.locator('[data-key-status]')).toContainText('Signing as Dana Demo');
  await expect(trainer.getByRole('button', { name: 'Sign', exact: true })).toBeVisible();
  await expectNothingMoved(trainer);
  await close();
});
