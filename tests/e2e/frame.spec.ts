/**
 * The frame every page shares, and every trainee page at a phone's and a
 * laptop's width: one header row on a laptop, at most 64 px on
 * a phone with a Menu button that opens the links over the page, Verify from every page, no
 * trainee switcher on trainer pages, and no page that scrolls sideways. Screenshots of every
 * page type, light and dark, at both widths are kept in the test output folder for review.
 */
import { expect, test, type Page } from './helpers/test';
import { addTrainee } from './helpers/quiz';

const TRAINEE_PAGES = {
  home: './',
  module: 'modules/being-heard/',
  lesson: 'lessons/continued-practice/',
  'lesson-quiz': 'lessons/processing-a-return/',
  skills: 'skills/',
  skill: 'skills/active-listening/',
  search: 'search/?q=refund',
  progress: 'progress/',
  checklist: 'checklist/',
  certificate: 'certificate/',
  verify: 'verify/',
  'not-found': 'no-such-page/',
} as const;
const TRAINER_PAGES = {
  trainer: 'trainer/',
  'sign-off': 'trainer/sign/',
  cohort: 'trainer/cohort/',
  'trainer-guide': 'guides/trainer/',
  'owner-guide': 'guides/owner/',
} as const;
const ALL_PAGES = { ...TRAINEE_PAGES, ...TRAINER_PAGES };

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const headerHeight = async (page: Page) => (await page.locator('.site-header').boundingBox())!.height;

test('on a laptop the header is one row: title, the three groups, Verify, search and the trainee', async ({ page }) => {
  await page.setViewportSize(LAPTOP);
  for (const path of ['lessons/continued-practice/', 'trainer/cohort/']) {
    await page.goto(path);
    await expect(page.locator('tandem-profile, .site-menu').first()).toBeVisible();
    const boxes = await page
      .locator('.site-title, .site-nav__list > li, .site-search, tandem-profile:not([hidden])')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom })));
    expect(boxes.length).toBeGreaterThanOrEqual(8);
    const centre = (b: { top: number; bottom: number }) => (b.top + b.bottom) / 2;
    for (const b of boxes) expect(Math.abs(centre(b) - centre(boxes[0]!)), path).toBeLessThan(6);
    expect(await headerHeight(page), path).toBeLessThanOrEqual(64);
    await expect(page.getByRole('button', { name: 'Menu', exact: true })).toBeHidden();
  }
});

test('the Trainers and Guides groups open over the page, close with Escape and on a click elsewhere', async ({
  page,
}) => {
  await page.setViewportSize(LAPTOP);
  await page.goto('modules/being-heard/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  const trainers = nav.getByRole('button', { name: 'Trainers', exact: true });
  const mainTop = (await page.locator('main').boundingBox())!.y;
  await expect(nav.getByRole('link', { name: 'Cohort desk' })).toBeHidden();
  await trainers.click();
  await expect(trainers).toHaveAttribute('aria-expanded', 'true');
  await expect(nav.getByRole('link', { name: 'Cohort desk' })).toBeVisible();
  expect((await page.locator('main').boundingBox())!.y).toBe(mainTop);
  await page.keyboard.press('Tab');
  await expect(nav.getByRole('link', { name: 'Key and sign-off' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(trainers).toHaveAttribute('aria-expanded', 'false');
  await expect(trainers).toBeFocused();
  await nav.getByRole('button', { name: 'Guides' }).click();
  await expect(nav.getByRole('link', { name: 'Owner’s guide' })).toBeVisible();
  await page.locator('main h1').click();
  await expect(nav.getByRole('link', { name: 'Owner’s guide' })).toBeHidden();
});

test('on a phone the header is one row of at most 64 px; Menu opens every link over the page, by keyboard too', async ({
  page,
}) => {
  await page.setViewportSize(PHONE);
  await page.goto('lessons/continued-practice/');
  await addTrainee(page, 'Priya Phone');
  await page.keyboard.press('Escape');
  expect(await headerHeight(page)).toBeLessThanOrEqual(64);
  const menu = page.getByRole('button', { name: 'Menu', exact: true });
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Checklist' })).toBeHidden();
  const mainTop = (await page.locator('main').boundingBox())!.y;
  await menu.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  for (const name of [
    'Course',
    'Checklist',
    'My progress',
    'Key and sign-off',
    'Cohort desk',
    'Owner’s guide',
    'Verify',
  ])
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Search the course' })).toBeVisible();
  // Opening the menu moves nothing below it.
  expect((await page.locator('main').boundingBox())!.y).toBe(mainTop);
  expect(await sideways(page)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: test.info().outputPath('menu-open-390.png') });
  await page.keyboard.press('Escape');
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(menu).toBeFocused();
  await expect(nav.getByRole('link', { name: 'Checklist' })).toBeHidden();
  await menu.click();
  await nav.getByRole('link', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/Verify/);
});

test('a trainee reaches the Certificate from the header, on a laptop and in the phone menu', async ({ page }) => {
  await page.setViewportSize(LAPTOP);
  await page.goto('checklist/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Certificate', exact: true }).click();
  await expect(page.getByRole('link', { name: 'Certificate', exact: true })).toHaveAttribute('aria-current', 'page');
  await page.setViewportSize(PHONE);
  await page.goto('./');
  await page.getByRole('button', { name: 'Menu', exact: true }).click();
  await expect(nav.getByRole('link', { name: 'Certificate', exact: true })).toBeVisible();
});

test('on a phone the header reads whole: the title wraps instead of being cut, the trainee button shows a first name or “Trainee”', async ({
  page,
}) => {
  await page.setViewportSize(PHONE);
  const cut = (selector: string) =>
    page.locator(selector).evaluate((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1);
  await page.goto('lessons/continued-practice/');
  const button = page.locator('tandem-profile summary');
  await expect(button).toBeVisible();
  await expect(button.locator('[data-short]')).toHaveText('Trainee');
  await expect(button.locator('[data-short]')).toBeVisible();
  await addTrainee(page, 'Chloe Tan-Whitaker');
  await page.keyboard.press('Escape');
  await expect(button.locator('[data-short]')).toHaveText('Chloe');
  // Screen readers still hear the whole name.
  await expect(button).toHaveAccessibleName('Trainee: Chloe Tan-Whitaker');
  expect(await cut('.site-title__text'), 'course title cut').toBe(false);
  expect(await cut('tandem-profile [data-short]'), 'trainee button cut').toBe(false);
  expect(await headerHeight(page)).toBeLessThanOrEqual(64);
  await page.screenshot({
    path: test.info().outputPath('header-390.png'),
    clip: { x: 0, y: 0, width: 390, height: 120 },
  });
  await page.setViewportSize(LAPTOP);
  expect(await cut('.site-title__text'), 'course title cut at 1280 px').toBe(false);
  await page.screenshot({
    path: test.info().outputPath('header-1280.png'),
    clip: { x: 0, y: 0, width: 1280, height: 120 },
  });
});

test('first paint runs only the header’s small script: the menu and the trainee switcher load on use, and nothing in the header moves', async ({
  page,
}) => {
  await page.setViewportSize(PHONE);
  // A page that keeps no progress of its own (a lesson or the checklist load the switcher when idle).
  await page.goto('skills/');
  await addTrainee(page, 'Lena Lazy');
  const loaded: string[] = [];
  page.on('request', (request) => loaded.push(request.url()));
  await page.addInitScript(() => {
    const w = window as unknown as { shifts: number };
    w.shifts = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { value: number })[]) w.shifts += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.reload();
  await expect(page.locator('tandem-profile summary')).toContainText('Lena Lazy');
  await page.waitForLoadState('networkidle');
  expect(
    loaded.filter((u) => /site-menu|progress-ui/.test(u)),
    'loaded before use',
  ).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { shifts: number }).shifts)).toBeLessThan(0.01);
  // The first press opens the menu, although its script arrives only then.
  const menu = page.getByRole('button', { name: 'Menu', exact: true });
  await menu.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Escape');
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  // The switcher comes alive on use: its list shows the trainee.
  await page.locator('tandem-profile summary').click();
  await expect(page.locator('tandem-profile').getByRole('button', { name: 'Lena Lazy' })).toBeVisible();
  expect(loaded.some((u) => /progress-ui/.test(u))).toBe(true);
});

test('Verify is reachable from every page; trainer and guide pages show no trainee switcher', async ({ page }) => {
  await page.setViewportSize(LAPTOP);
  for (const [name, path] of Object.entries(ALL_PAGES)) {
    await page.goto(path);
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Verify' }),
      name,
    ).toBeVisible();
    const trainerPage = name in TRAINER_PAGES;
    await expect(page.locator('tandem-profile'), name).toHaveCount(trainerPage ? 0 : 1);
    if (trainerPage) await expect(page.getByText('Choose trainee'), name).toHaveCount(0);
  }
});

for (const [label, viewport] of [
  ['390', PHONE],
  ['1280', LAPTOP],
] as const) {
  test(`no trainee page scrolls sideways at ${label} px, with and without a trainee chosen`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize(viewport);
    for (const chosen of [false, true]) {
      if (chosen) {
        await page.goto('progress/');
        await addTrainee(page, 'Wide Enough Trainee-Name Lengthy');
      }
      for (const [name, path] of Object.entries(TRAINEE_PAGES)) {
        await page.goto(path);
        await expect(page.locator('main')).toBeVisible();
        expect(await sideways(page), `${name}${chosen ? ' (trainee chosen)' : ''}`).toBeLessThanOrEqual(0);
      }
    }
  });
}

test('screenshots of every page type, light and dark, at 390 and 1280 px', async ({ page }, info) => {
  test.skip(info.project.name !== 'root', 'one set is enough: the pages look the same under /training/');
  test.setTimeout(240_000);
  await page.goto('progress/');
  await addTrainee(page, 'Sam Screenshot');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [label, viewport] of [
      ['390', PHONE],
      ['1280', LAPTOP],
    ] as const) {
      await page.setViewportSize(viewport);
      for (const [name, path] of Object.entries(ALL_PAGES)) {
        await page.goto(path);
        await expect(page.locator('main')).toBeVisible();
        await page.screenshot({ path: info.outputPath(`pages/${name}-${label}-${scheme}.png`), fullPage: true });
      }
    }
  }
});

test('My progress: every module’s table has the same columns at the same widths', async ({ page }) => {
  await page.setViewportSize(LAPTOP);
  await page.goto('progress/');
  await addTrainee(page, 'Colm Columns');
  const edges = await page
    .locator('.progress-table')
    .evaluateAll((tables) =>
      tables.map((t) =>
        [...t.querySelectorAll('thead th')]
          .map((th) => `${th.textContent}@${Math.round(th.getBoundingClientRect().left)}`)
          .join(' '),
      ),
    );
  expect(edges.length).toBeGreaterThan(5);
  expect(new Set(edges).size, edges.join('\n')).toBe(1);
});
