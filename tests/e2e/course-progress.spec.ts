/**
 * Progress where trainees look (issue 15, point 8): the course map and the module pages mark the
 * chosen trainee's lessons done and the one to do next, and say what to do next. The pages are
 * static; a small script fills them in after the page is up, in space already reserved, so
 * nothing in the page moves.
 */
import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from './helpers/test';
import { builtManifest } from './helpers/records';
import { fullMarks } from '../fixtures/sample-certified';

/** Layout shifts of elements in the page's main content, summed as CLS sums them. */
function watchShifts(): void {
  const w = window as unknown as { shifted: number };
  w.shifted = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & {
      value: number;
      hadRecentInput: boolean;
      sources?: { node?: Node | null }[];
    })[]) {
      const main = document.querySelector('main');
      if (!entry.hadRecentInput && entry.sources?.some((s) => s.node && main?.contains(s.node)))
        w.shifted += entry.value;
    }
  }).observe({ type: 'layout-shift', buffered: true });
}
const shifted = (page: Page) => page.evaluate(() => (window as unknown as { shifted: number }).shifted);

test('the course map and module pages show the chosen trainee’s lessons done and what comes next, moving nothing', async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  const manifest = builtManifest(testInfo.project.name === 'subpath' ? 'sub' : 'root');
  await page.addInitScript(watchShifts);
  await page.goto('./');
  const line = page.locator('[data-next-step]');
  await expect(line).toContainText('choose or add your name at the top of the page');
  const lessons = await page.locator('[data-lesson-id]').evaluateAll((els) =>
    els.map((el) => ({
      id: (el as HTMLElement).dataset.lessonId ?? '',
      title: el.querySelector('a')?.textContent ?? '',
    })),
  );
  const firstModule = await page
    .locator('[data-module-card]')
    .first()
    .evaluate((card) => ({
      lessons: card.querySelectorAll('[data-lesson-id]').length,
      href: card.querySelector('a')?.getAttribute('href') ?? '',
    }));

  // A trainee who passed the quizzes of the first three lessons, moved here as a progress file.
  const done = lessons.slice(0, 3).map((l) => l.id);
  const at = '2026-02-02T09:00:00.000Z';
  const profile = {
    id: 'casey-course-map',
    name: 'Casey Map',
    createdAt: '2026-02-01T09:00:00.000Z',
    lessons: Object.fromEntries(done.map((id) => [id, { readAt: at, completedAt: at }])),
    attempts: Object.fromEntries(
      done.map((id) => {
        const quiz = manifest.quizzes[id]!;
        const total = quiz.questions ?? 5;
        const attempt = { at, hash: quiz.hash, answers: {}, correct: [], score: total, total, passMark: quiz.passMark };
        return [id, [{ ...attempt, passed: true, mode: 'all' }]];
      }),
    ),
    entries: [],
  };
  const file = testInfo.outputPath('casey.json');
  writeFileSync(
    file,
    JSON.stringify({ format: 'tandem-progress', version: 1, course: manifest.course.id, exportedAt: at, profile }),
  );
  await page.goto('progress/');
  await page.getByLabel('Import a progress file or signed record').setInputFiles(file);
  await expect(page.locator('tandem-profile summary')).toContainText('Casey');

  const next = lessons[3]!;
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('./');
    await expect(line).toContainText(`Casey Map: 3 of ${lessons.length} lessons done.`);
    await expect(line).toContainText('Continue with');
    await expect(line.getByRole('link')).toHaveText(`“${next.title}”`);
    await expect(line.getByRole('link')).toHaveAttribute('href', new RegExp(`lessons/${next.id}/$`));
    await expect(page.locator('[data-lesson-id][data-state="done"]')).toHaveCount(3);
    await expect(page.locator(`[data-lesson-id="${next.id}"]`)).toHaveAttribute('data-next', '');
    // Screen readers hear the mark the ✓ shows.
    await expect(page.locator(`[data-lesson-id="${done[0]}"] [data-lesson-mark]`)).toHaveText(' · ✓ quiz passed');
    await expect(page.locator('[data-module-card]').first()).toContainText(`${Math.min(3, firstModule.lessons)} done`);
    await page.waitForTimeout(300);
    expect(await shifted(page), `layout shift in the page at ${width} px`).toBe(0);
    await page.screenshot({ path: testInfo.outputPath(`home-${width}.png`) });

    await page.goto(firstModule.href);
    await expect(line).toContainText(`Casey Map: ${Math.min(3, firstModule.lessons)} of`);
    await expect(line).toContainText('in this module');
    await expect(page.locator('.lesson-card').first()).toContainText('✓ quiz passed');
    await page.waitForTimeout(300);
    expect(await shifted(page), `layout shift on the module page at ${width} px`).toBe(0);
    await page.screenshot({ path: testInfo.outputPath(`module-${width}.png`) });
  }

  // Another trainee chosen in this tab: the marks and the line follow at once.
  await page.goto('./');
  await page.locator('tandem-profile summary').click();
  await page.getByLabel('Add a trainee').fill('Robin New');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(line).toContainText(
    `Robin New: 0 of ${lessons.length} lessons done. Start with “${lessons[0]!.title}”.`,
  );
  await expect(page.locator('[data-lesson-id][data-state="done"]')).toHaveCount(0);
});

test('a module whose lessons are all done points to the next module', async ({ page }, testInfo) => {
  const manifest = builtManifest(testInfo.project.name === 'subpath' ? 'sub' : 'root');
  await page.goto('./');
  const card = page.locator('[data-module-card]').first();
  const ids = await card
    .locator('[data-lesson-id]')
    .evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.lessonId ?? ''));
  const second = await page.locator('[data-module-card]').nth(1).locator('h3 a').innerText();
  const at = '2026-02-02T09:00:00.000Z';
  const attempts = Object.fromEntries(ids.map((id) => [id, [fullMarks(manifest.quizzes[id]!, new Date(at))]]));
  const profile = { id: 'dana-done-module', name: 'Dana Done', createdAt: at, lessons: {}, attempts, entries: [] };
  await page.evaluate(([key, state]) => localStorage.setItem(key, state), [
    `tandem:${manifest.course.id}:progress:v2`,
    JSON.stringify({ v: 2, course: manifest.course.id, active: profile.id, profiles: { [profile.id]: profile } }),
  ] as const);
  await card.locator('h3 a').click();
  const line = page.locator('[data-next-step]');
  await expect(line).toContainText(`Dana Done: ${ids.length} of ${ids.length} lessons done in this module.`);
  await expect(line).toContainText('Next module:');
  await expect(line.getByRole('link')).toContainText(second.split('\n').pop() ?? '');
});
