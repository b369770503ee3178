/** axe (WCAG 2.2 AA) on every page type, in light and in dark mode. */
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { addTrainee, answer, quizFile } from './helpers/quiz';

const LESSON = 'processing-a-return';

const pageTypes = {
  home: './',
  module: 'modules/being-heard/',
  lesson: 'lessons/mirroring-labeling-auditing/',
  'lesson with a table': 'lessons/learning-styles-debriefs-patience/',
  skills: 'skills/',
  skill: 'skills/active-listening/',
  search: 'search/?q=refund',
  'trainer guide': 'guides/trainer/',
  'owner guide': 'guides/owner/',
  'not found': 'no-such-page/',
  'my progress (no trainee yet)': 'progress/',
  'checklist (no trainee yet)': 'checklist/',
  'sign-off (no request)': 'trainer/sign/',
  verify: 'verify/',
  'certificate (no trainee yet)': 'certificate/',
};

for (const scheme of ['light', 'dark'] as const) {
  for (const [name, path] of Object.entries(pageTypes)) {
    test(`${name} page has no WCAG 2.2 AA violations (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(path);
      if (name === 'search') await expect(page.locator('.search-result').first()).toBeVisible();
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
        .analyze();
      const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(summary).toEqual([]);
    });
  }
}

/** Interactive pages in the states people see them in: filled in by a trainee first. */
const interactive: Record<string, (page: Page) => Promise<void>> = {
  'lesson with a checked quiz and open trainee menu': async (page) => {
    await page.goto(`lessons/${LESSON}/`);
    await addTrainee(page, 'Axe Tester');
    const questions = quizFile(LESSON).questions;
    for (const [i, q] of questions.entries()) await answer(page, q, i % 3 !== 0);
    await expect(page.locator('[data-summary]')).toBeVisible();
    await page.locator('tandem-profile summary').click();
  },
  'my progress with a trainee': async (page) => {
    await page.goto('progress/');
    await addTrainee(page, 'Axe Tester');
    await expect(page.locator('[data-count="completed"]')).toHaveText(/of/);
  },
  'checklist with a sign-off request': async (page) => {
    await page.goto('checklist/');
    await addTrainee(page, 'Axe Tester');
    await page
      .locator('[data-skill="active-listening"]')
      .getByRole('button', { name: 'Ask for sign-off: Show' })
      .click();
    await expect(page.locator('[data-skill="active-listening"] [data-qr] svg')).toBeVisible();
  },
  'verify page with a verdict': async (page) => {
    await page.goto('verify/');
    await page.getByLabel('Or paste its contents, or a verify link').fill('{"format":"tandem-progress-bundle"}');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.locator('[data-summary]')).toContainText('could not be read');
  },
  'sign-off page opened from a request': async (page) => {
    await page.goto('checklist/');
    await addTrainee(page, 'Axe Tester');
    const skill = page.locator('[data-skill="active-listening"]');
    await skill.getByRole('button', { name: 'Ask for sign-off: Show' }).click();
    await page.goto(await skill.getByLabel('Sign-off request link').inputValue());
    await expect(page.locator('[data-sign]')).toBeVisible();
  },
};

for (const scheme of ['light', 'dark'] as const) {
  for (const [name, setUp] of Object.entries(interactive)) {
    test(`${name} has no WCAG 2.2 AA violations (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await setUp(page);
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
        .analyze();
      const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(summary).toEqual([]);
    });
  }
}
