import { expect, test } from './helpers/test';

test('the search box on a lesson page finds another lesson by a phrase from its body', async ({ page, baseURL }) => {
  await page.goto('lessons/everyone-wants-to-be-heard/');
  const box = page.getByRole('search').getByRole('searchbox', { name: 'Search the course' });
  await box.fill('warehouse checks');
  await box.press('Enter');
  await expect(page.getByRole('main').getByRole('status')).toContainText(/\d+ lessons? found/);
  const hit = page.locator('.search-result a', { hasText: 'Processing a return' });
  await expect(hit).toBeVisible();
  await expect(page.locator('.search-result mark').first()).toBeVisible();
  // Result links stay inside the site, under its sub-path when there is one.
  expect(await hit.getAttribute('href')).toBe(`${new URL(baseURL!).pathname}lessons/processing-a-return/`);
  await hit.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Processing a return' })).toBeVisible();
  await expect(page.locator('.prose').getByText('warehouse checks')).toBeVisible();
});

test('search updates as you type and says so when nothing matches', async ({ page }) => {
  await page.goto('search/');
  const input = page.getByLabel('Words or a phrase from a lesson');
  await input.fill('speed cost quality');
  await expect(page.locator('.search-result a', { hasText: 'Speed, cost and quality: pick two' })).toBeVisible();
  await input.fill('qzxvjkw');
  await expect(page.getByRole('main').getByRole('status')).toContainText(
    'Nothing in the lessons or guides mentions “qzxvjkw”',
  );
  await expect(page.locator('.search-result')).toHaveCount(0);
});

test('only lesson and guide text is indexed, not the header and footer of every page', async ({ page }) => {
  // "Essentials" is in the course title in every page's header, and in no lesson or guide.
  await page.goto('search/?q=Essentials');
  await expect(page.getByRole('main').getByRole('status')).toContainText(
    'Nothing in the lessons or guides mentions “Essentials”',
  );
});

test('a guide found by a search is counted as a guide page, not as a lesson', async ({ page }) => {
  await page.goto('search/?q=passphrase');
  await expect(page.locator('.search-result a', { hasText: 'Trainer’s guide' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('status')).toHaveText(/^2 guide pages found for “passphrase”\.$/);
});
