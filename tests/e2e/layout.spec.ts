import { expect, test } from './helpers/test';

test('lesson and home pages fit a phone screen without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ['./', 'lessons/learning-styles-debriefs-patience/', 'skills/complaint-handling/']) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
});

test('a printed lesson is a clean handout: no header, navigation or contents sidebar', async ({ page }) => {
  await page.goto('lessons/delivering-bad-news/');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'On this page' })).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Lessons' })).toBeHidden();
  await expect(page.locator('.checklist').first()).toBeVisible();
});

test('the site follows the reader’s dark-mode preference', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('lessons/delivering-bad-news/');
  const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(bg).toBe('rgb(17, 20, 24)');
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(
    'rgb(255, 255, 255)',
  );
});

test('a lesson page loads only the progress, quiz, header menu and offline-notice scripts, all from the site itself', async ({
  page,
  baseURL,
}) => {
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  await page.goto('lessons/delivering-bad-news/');
  await page.waitForLoadState('networkidle');
  for (const url of scripts) expect(url.startsWith(`${baseURL}_astro/`)).toBe(true);
  const names = scripts.map((s) => s.split('/').pop()!.split('.')[0]).sort();
  // Once the page is idle: the header and switcher's first-paint scripts, the quiz, and what loads
  // after them (the switcher and its stores to record "read", the offline worker's registration).
  expect(names).toEqual([
    'ProfileSwitcher',
    'Quiz',
    'SiteHeader',
    'UpdateNotice',
    'date-format',
    'offline',
    'preload-helper',
    'progress',
    'progress-ui',
    'score',
  ]);
});
