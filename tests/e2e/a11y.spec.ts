/**
 * axe (WCAG 2.2 AA) on every page type, in the states people see them in, in light and in dark
 * mode. Three tables: pages as they load; pages after a trainee has used them; and the stops of
 * one sign-off as it travels between a trainee's, a trainer's and an HR colleague's browser
 * (sign-off page, checklist, certificate, verify page, cohort desk, key page).
 *
 * Elsewhere: the cohort desk with thirty trainees (cohort.spec.ts) and the key page over plain
 * HTTP (trainer-key.spec.ts) are checked where those states are made.
 */
import { expect, test, type Page } from './helpers/test';
import AxeBuilder from '@axe-core/playwright';
import { addTrainee, answer, quizFile } from './helpers/quiz';
import { askForSignoff, receive, restoreDemoKey, signRequest } from './helpers/signoff';

const LESSON = 'processing-a-return';
const SKILL = 'processing-a-return';
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Every violation in both colour schemes, one line each: `[dark] color-contrast: .selector`. */
async function violations(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
    for (const v of results.violations) {
      found.push(`[${scheme}] ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }
  }
  return found;
}

/**
 * The header's trainee menu is hidden until its script has read storage: the page is ready.
 * Trainer pages and the guides have no trainee menu; they are ready once nothing loads.
 */
async function settled(page: Page): Promise<void> {
  const menu = page.locator('tandem-profile');
  if ((await menu.count()) > 0) await expect(menu).toBeVisible();
  else await page.waitForLoadState('networkidle');
}

/** Pages as they load, with what their script fills in once it has run. */
const pageTypes: Record<string, { path: string; ready?: (page: Page) => Promise<void> }> = {
  home: { path: './' },
  module: { path: 'modules/being-heard/' },
  lesson: { path: `lessons/${LESSON}/` },
  'lesson with a table': { path: 'lessons/learning-styles-debriefs-patience/' },
  'skills index': { path: 'skills/' },
  skill: { path: 'skills/active-listening/' },
  'search with results': {
    path: 'search/?q=refund',
    ready: (page) => expect(page.locator('.search-result').first()).toBeVisible(),
  },
  'trainer’s guide': { path: 'guides/trainer/' },
  'owner’s guide': { path: 'guides/owner/' },
  'not found (404)': { path: 'no-such-page/' },
  'my progress (no trainee yet)': {
    path: 'progress/',
    ready: (page) => expect(page.locator('[data-who]')).toContainText('No trainee'),
  },
  'checklist (no trainee yet)': {
    path: 'checklist/',
    ready: (page) => expect(page.locator('[data-who]')).toContainText('No trainee yet'),
  },
  'certificate (no trainee yet)': {
    path: 'certificate/',
    ready: (page) => expect(page.locator('[data-who]')).toContainText('Choose your name'),
  },
  'verify (nothing checked yet)': { path: 'verify/' },
  'trainer key page (no key)': {
    path: 'trainer/',
    ready: (page) => expect(page.getByRole('heading', { name: 'Create your signing key' })).toBeVisible(),
  },
  'sign-off page (no request, no key)': {
    path: 'trainer/sign/',
    ready: (page) => expect(page.locator('[data-key-status]')).toContainText('no signing key on this device'),
  },
  'cohort desk (no trainees yet)': {
    path: 'trainer/cohort/',
    ready: (page) => expect(page.locator('[data-count]')).toContainText('No trainees yet'),
  },
};

for (const [name, { path, ready }] of Object.entries(pageTypes)) {
  test(`${name}: no WCAG 2.2 AA violations`, async ({ page }) => {
    await page.goto(path);
    await settled(page);
    await ready?.(page);
    expect(await violations(page)).toEqual([]);
  });
}

/** Interactive pages after a trainee has used them. */
const usedPages: Record<string, (page: Page) => Promise<void>> = {
  'lesson with the trainee menu open': async (page) => {
    await page.goto(`lessons/${LESSON}/`);
    await addTrainee(page, 'Axe Tester');
    await page.locator('tandem-profile summary').click();
    await expect(page.locator('tandem-profile').getByRole('button', { name: /^Axe Tester/ })).toBeVisible();
  },
  'lesson with a checked quiz (some answers wrong)': async (page) => {
    await page.goto(`lessons/${LESSON}/`);
    await addTrainee(page, 'Axe Tester');
    for (const [i, q] of quizFile(LESSON).questions.entries()) await answer(page, q, i % 3 !== 0);
    await expect(page.locator('[data-summary]')).toContainText('Not passed yet');
  },
  'lesson with a quiz question asking for an answer': async (page) => {
    await page.goto(`lessons/${LESSON}/`);
    const box = page.locator('[data-question]').nth(1);
    await box.getByRole('button', { name: 'Check answer' }).click();
    await expect(box.getByRole('alert')).toHaveText('Choose an answer first.');
  },
  'my progress with a trainee': async (page) => {
    await page.goto('progress/');
    await addTrainee(page, 'Axe Tester');
    await expect(page.locator('[data-count="completed"]')).toHaveText(/of/);
  },
  'checklist with a sign-off request and its QR code': async (page) => {
    await page.goto('checklist/');
    await addTrainee(page, 'Axe Tester');
    await askForSignoff(page, 'active-listening', 'Show');
  },
  'checklist with a refused sign-off link': async (page) => {
    await page.goto('checklist/');
    await addTrainee(page, 'Axe Tester');
    await page.getByLabel('Sign-off link', { exact: true }).fill('#response=not-a-real-entry');
    await page.locator('[data-paste]').getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.locator('[data-message]')).toContainText('not accepted');
  },
  'certificate of a trainee with nothing certified yet': async (page) => {
    await page.goto('certificate/');
    await addTrainee(page, 'Axe Tester');
    await expect(page.locator('[data-sheet]')).toContainText('Axe Tester');
  },
  'verify with a verdict on an unreadable file': async (page) => {
    await page.goto('verify/');
    await page.getByLabel('Or paste its contents, or a verify link').fill('{"format":"tandem-progress-bundle"}');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.locator('[data-summary]')).toContainText('could not be read');
  },
  'sign-off page with a refused request': async (page) => {
    await page.goto('trainer/sign/#request=bm90LWpzb24');
    await expect(page.locator('[data-source-message]')).toContainText('was not accepted');
  },
};

for (const [name, setUp] of Object.entries(usedPages)) {
  test(`${name}: no WCAG 2.2 AA violations`, async ({ page }) => {
    await setUp(page);
    await settled(page);
    expect(await violations(page)).toEqual([]);
  });
}

test('a signed record at every stop (sign-off page, checklist, certificate, verify, cohort desk): no WCAG 2.2 AA violations', async ({
  browser,
  baseURL,
}) => {
  // One sign-off made across three devices, checked at each stop; slow machines need the time.
  test.setTimeout(300_000);
  const devices = await Promise.all([0, 1, 2].map(() => browser.newContext({ baseURL: baseURL! })));
  const [trainee, trainer, hr] = (await Promise.all(devices.map((d) => d.newPage()))) as [Page, Page, Page];
  /** Each stop is a step; a violation is reported and the journey goes on to the next stop. */
  const stop = (state: string, page: Page, reach: () => Promise<void>) =>
    test.step(state, async () => {
      await reach();
      await settled(page);
      expect.soft(await violations(page), state).toEqual([]);
    });

  await stop('trainer key page (demo key unlocked)', trainer, async () => {
    await restoreDemoKey(trainer);
    await expect(trainer.getByRole('region', { name: 'Your key on this device' })).toContainText('Unlocked');
  });

  await trainee.goto('checklist/');
  await addTrainee(trainee, 'Tess Trainee');
  const request = await askForSignoff(trainee, SKILL, 'Show');
  await stop('sign-off page with a request loaded', trainer, async () => {
    await trainer.goto(request);
    await expect(trainer.locator('[data-trainee]')).toContainText('Tess Trainee asks for a sign-off');
    await expect(trainer.locator('[data-key-status]')).toContainText('Signing as Dana Demo');
  });

  await stop('sign-off page refusing an incomplete form', trainer, async () => {
    await trainer.getByRole('radio', { name: /^Signed off/ }).check();
    await trainer.getByRole('button', { name: 'Sign', exact: true }).click();
    await expect(trainer.locator('[data-sign-error]')).toContainText('Record the trainee’s learning style');
  });

  let response = '';
  await stop('sign-off page after signing (link and QR code)', trainer, async () => {
    response = await signRequest(
      trainer,
      request,
      (p) => p.getByRole('radio', { name: /^Visual/ }).check(),
      'Signed off',
    );
  });

  await stop('checklist with a step signed off', trainee, async () => {
    await receive(trainee, response);
    await expect(trainee.locator(`[data-skill="${SKILL}"] [data-step="show"] [data-state]`)).toContainText(
      'Signed off by Dana Demo',
    );
  });

  await stop('certificate with a signed step', trainee, async () => {
    await trainee.goto('certificate/');
    await expect(trainee.locator('[data-sheet] [data-demo]')).toBeVisible();
  });

  await trainee.goto('progress/');
  const exported = trainee.waitForEvent('download');
  await trainee.getByRole('button', { name: 'Export signed record' }).click();
  const record = (await (await exported).path())!;

  await stop('verify with a verdict on a genuine record', hr, async () => {
    await hr.goto('verify/');
    await hr.getByLabel('Progress file', { exact: true }).setInputFiles(record);
    await expect(hr.locator('[data-summary]')).toContainText('Valid');
  });

  await stop('sign-off page with a trainee’s record imported', trainer, async () => {
    await trainer.goto('trainer/sign/');
    await trainer.getByLabel('Trainee’s progress file').setInputFiles(record);
    await expect(trainer.locator('[data-certify]')).toContainText('not ready yet');
  });

  await stop('cohort desk with a trainee imported and their details open', trainer, async () => {
    await trainer.goto('trainer/cohort/');
    await trainer.getByLabel('Trainees’ signed progress files').setInputFiles(record);
    await expect(trainer.getByText('1 of 1 trainee shown.')).toBeVisible();
    await trainer.getByRole('button', { name: 'Tess Trainee: details' }).click();
    await expect(trainer.locator('[data-detail]').getByRole('heading', { name: 'Tess Trainee' })).toBeFocused();
  });

  await stop('trainer key page (key locked)', trainer, async () => {
    await trainer.goto('trainer/');
    await trainer.getByRole('button', { name: 'Lock the key' }).click();
    await expect(trainer.getByRole('button', { name: 'Unlock' })).toBeVisible();
  });

  await stop('sign-off page with the key locked', trainer, async () => {
    await trainer.goto('trainer/sign/');
    await expect(trainer.locator('[data-key-status]')).toContainText('Your key is locked');
  });

  for (const device of devices) await device.close();
});
