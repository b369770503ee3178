import { expect, test } from './helpers/test';

test('the home page maps every module and lesson with its time', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1, name: 'Customer Service Essentials' })).toBeVisible();
  const modules = page.locator('.module-card');
  await expect(modules).toHaveCount(12);
  const lessons = page.locator('.lesson-list__item');
  expect(await lessons.count()).toBeGreaterThanOrEqual(24);
  for (const time of await page.locator('.lesson-list__time').allTextContents()) {
    expect(time).toMatch(/^\d+ min$|^\d+ h/);
  }
});

test('a trainee can read the whole course with "Next lesson", in course-map order', async ({ page }) => {
  await page.goto('./');
  const mapTitles = await page.locator('.lesson-list__item a').allTextContents();
  await page.getByRole('link', { name: /^Start with/ }).click();

  const visited: string[] = [];
  for (;;) {
    const title = await page.getByRole('heading', { level: 1 }).textContent();
    visited.push(title!.trim());
    // Every lesson page has a table of contents that works and names the skills it feeds or none.
    const toc = page.getByRole('navigation', { name: 'On this page' });
    await expect(toc.getByRole('link')).not.toHaveCount(0);
    const next = page.getByRole('navigation', { name: 'Lessons' }).locator('a[rel="next"]');
    if ((await next.count()) === 0) break;
    await next.click();
    expect(visited.length).toBeLessThan(mapTitles.length + 1);
  }
  expect(visited).toEqual(mapTitles);
  // The last lesson leads back to the course map.
  await page.getByRole('link', { name: /Back to the course map/ }).click();
  await expect(page.locator('.module-card')).toHaveCount(12);
});

test('a lesson shows where it sits, its contents, the skills it feeds, and previous / next', async ({ page }) => {
  await page.goto('lessons/mirroring-labeling-auditing/');
  await expect(
    page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: /Being heard/ }),
  ).toBeVisible();
  await expect(page.getByText('Module 1 · Lesson 2 of 2')).toBeVisible();
  const toc = page.getByRole('navigation', { name: 'On this page' });
  await toc.getByRole('link', { name: 'Key points' }).click();
  await expect(page).toHaveURL(/#key-points$/);
  await expect(page.getByRole('heading', { name: 'Key points' })).toBeInViewport();
  await page
    .getByRole('complementary', { name: 'About this lesson' })
    .getByRole('link', { name: 'Active listening' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Active listening' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Step 4: Teach-back/ })).toBeVisible();
});

test('module pages list their lessons and link to the neighbouring modules', async ({ page }) => {
  await page.goto('modules/handling-complaints/');
  await expect(page.getByRole('heading', { level: 1, name: 'Handling a complaint' })).toBeVisible();
  await expect(page.locator('.lesson-card')).toHaveCount(3);
  await page.getByRole('link', { name: /Next module/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'First impressions and rapport' })).toBeVisible();
});

test('the skills overview lists every certifiable skill with its lessons', async ({ page }) => {
  await page.goto('skills/');
  const cards = page.locator('.skill-card');
  expect(await cards.count()).toBeGreaterThanOrEqual(9);
  await page.getByRole('link', { name: 'Processing a return in the order system' }).click();
  await expect(page.getByRole('link', { name: 'Processing a return', exact: true })).toBeVisible();
  await expect(page.locator('.step')).toHaveCount(4);
});

test('the guides are reachable from every page', async ({ page }) => {
  await page.goto('lessons/speed-cost-quality/');
  const main = page.getByRole('navigation', { name: 'Main' });
  await main.getByRole('button', { name: 'Guides' }).click();
  await main.getByRole('link', { name: 'Owner’s guide' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Owner’s guide' })).toBeVisible();
  await main.getByRole('button', { name: 'Trainers' }).click();
  await main.getByRole('link', { name: 'Trainer’s guide' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Trainer’s guide' })).toBeVisible();
});

test('an unknown address shows the 404 page with a way back', async ({ page }) => {
  const response = await page.goto('lessons/no-such-lesson/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'course map' }).click();
  await expect(page.locator('.module-card')).toHaveCount(12);
});
