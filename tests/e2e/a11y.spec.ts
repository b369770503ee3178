/** axe (WCAG 2.2 AA) on every page type, in light and in dark mode. */
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

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
