/**
 * Offline use (src/integrations/offline.ts, src/components/offline/). Each test serves its own
 * copy of the built site, so "the network is off" means the server is really gone as well as
 * the browser being offline, and "a new version is deployed" means files really change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { writeServiceWorker } from '../../src/integrations/offline';
import { expect, test, type BrowserContext, type Page } from './helpers/test';
import { addTrainee, answer, quizFile } from './helpers/quiz';
import { askForSignoff, receive, restoreDemoKey, signRequest } from './helpers/signoff';
import { siteCopy } from './helpers/site-copy';

const LESSON = 'processing-a-return';

/** Waits until this page's service worker is active, i.e. the whole site is in its cache. */
async function offlineCopyReady(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state), { timeout: 30_000 })
    .toBe('activated');
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
}

async function device(browser: import('@playwright/test').Browser, url: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL: url, serviceWorkers: 'allow' });
}

test('after one visit, lessons, quizzes, search, the checklist, sign-off and verify all work offline', async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const site = siteCopy(testInfo, 0);
  await site.start();
  try {
    const traineeDevice = await device(browser, site.url);
    const trainerDevice = await device(browser, site.url);
    const trainee = await traineeDevice.newPage();
    const trainer = await trainerDevice.newPage();
    // One visit each: the trainee opens the course, the trainer their page.
    await trainee.goto('');
    await offlineCopyReady(trainee);
    await trainer.goto('trainer/');
    await offlineCopyReady(trainer);

    // The training room's network goes down.
    await site.stop();
    await expect(fetch(site.url)).rejects.toThrow();
    await traineeDevice.setOffline(true);
    await trainerDevice.setOffline(true);

    // A lesson never opened before, and its quiz, passed.
    await trainee.goto(`lessons/${LESSON}/`);
    await expect(trainee.getByRole('heading', { level: 1, name: 'Processing a return' })).toBeVisible();
    await addTrainee(trainee, 'Tess Trainee');
    const quiz = quizFile(LESSON);
    for (const q of quiz.questions) await answer(trainee, q, true);
    await expect(trainee.locator('[data-summary]')).toContainText('Passed');

    // Search runs from the cached index.
    await trainee.goto('search/?q=warehouse%20checks');
    await expect(trainee.locator('.search-result a', { hasText: 'Processing a return' })).toBeVisible();

    // A sign-off, from request to signed entry and back, with no network at all.
    await trainee.goto('checklist/');
    const request = await askForSignoff(trainee, 'active-listening', 'Show');
    await restoreDemoKey(trainer);
    const response = await signRequest(
      trainer,
      request,
      async (p) => {
        await p.getByRole('radio', { name: /^Visual/ }).check();
        await p.getByLabel('What the trainee noticed, and why, in their words').fill('Slowed down to listen.');
      },
      'Signed off',
    );
    await receive(trainee, response);
    await expect(trainee.locator('[data-skill="active-listening"] [data-step="show"] [data-state]')).toContainText(
      'Signed off by Dana Demo',
    );

    // The signed record verifies on the trainer's device, still offline.
    await trainee.goto('progress/');
    const download = trainee.waitForEvent('download');
    await trainee.getByRole('button', { name: 'Export signed record' }).click();
    const record = await (await download).path();
    await trainer.goto('verify/');
    await trainer.getByLabel('Progress file', { exact: true }).setInputFiles(record);
    await expect(trainer.locator('[data-summary]')).toContainText(
      'Valid: every entry in this record is genuine and unaltered',
    );
    await traineeDevice.close();
    await trainerDevice.close();
  } finally {
    await site.remove();
  }
});

test('a new version of the course is announced; the trainee reloads when ready, other tabs wait', async ({
  browser,
}, testInfo) => {
  test.setTimeout(90_000);
  const site = siteCopy(testInfo, 1);
  await site.start();
  try {
    const context = await device(browser, site.url);
    const page = await context.newPage();
    await page.goto(`lessons/${LESSON}/`);
    await offlineCopyReady(page);
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading).toHaveText('Processing a return');
    const notice = page.locator('#update-notice');
    await expect(notice.getByText('A new version of this course is available.')).toBeHidden();

    // A second tab, with something typed that a surprise reload would lose.
    const other = await context.newPage();
    await other.goto('skills/');
    await other.getByRole('searchbox', { name: 'Search the course' }).fill('half typed');

    // The owner deploys a revised lesson (and, as every build does, a new service worker).
    const lessonFile = path.join(site.dir, 'lessons', LESSON, 'index.html');
    writeFileSync(
      lessonFile,
      readFileSync(lessonFile, 'utf8').replace(/>Processing a return<\/h1>/, '>Processing a return, revised</h1>'),
    );
    await writeServiceWorker(site.dir);
    // (The static server reads file sizes once at start, as servers that cache do: restart it.)
    await site.stop();
    await site.start();

    // The page checks for a new version (as it does when the network comes back).
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    await expect(notice.getByText('A new version of this course is available.')).toBeVisible({ timeout: 30_000 });
    await expect(heading).toHaveText('Processing a return');
    // The notice is announced (a status region), and meets WCAG 2.2 AA in both colour schemes.
    await expect(notice).toHaveRole('status');
    await expect(notice).toContainText('A new version of this course is available.');
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const axe = await new AxeBuilder({ page })
        .include('#update-notice')
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
        .analyze();
      expect(axe.violations.map((v) => `${colorScheme}: ${v.id}`)).toEqual([]);
    }
    await notice.getByRole('button', { name: 'Reload' }).click();
    await expect(heading).toHaveText('Processing a return, revised');
    await expect(notice.getByText('A new version of this course is available.')).toBeHidden();

    // The other tab was not reloaded under its trainee: it says so and keeps what was typed.
    await expect(other.locator('#update-notice').getByText('A new version of this course is available.')).toBeVisible();
    await expect(other.getByRole('searchbox', { name: 'Search the course' })).toHaveValue('half typed');
    await context.close();
  } finally {
    await site.remove();
  }
});
