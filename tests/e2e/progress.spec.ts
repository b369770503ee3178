import { expect, test, type Page } from './helpers/test';
import { readFileSync } from 'node:fs';
import { addTrainee, answer, questionBox, quizFile } from './helpers/quiz';

const COURSE = 'northwind-service-essentials';
const KEY = `tandem:${COURSE}:progress:v2`;
const LESSON = 'processing-a-return';
const quiz = quizFile(LESSON);

const stored = (page: Page, key = KEY) => page.evaluate((k) => localStorage.getItem(k), key);

test('when storage is full, the trainee is told, and what was saved before is kept', async ({ page }) => {
  await page.goto(`lessons/${LESSON}/`);
  await addTrainee(page, 'Jo');
  const before = await stored(page);
  // Fill this origin's storage to the brim, as a busy shared PC might.
  await page.evaluate(() => {
    const chunk = 'x'.repeat(256 * 1024);
    for (let i = 0; ; i++) {
      try {
        localStorage.setItem(`filler-${i}`, chunk);
      } catch {
        let small = 'x'.repeat(1024);
        for (let j = 0; j < 2000; j++) {
          try {
            localStorage.setItem(`filler-small-${j}`, small);
          } catch {
            if (small.length === 1) break;
            small = small.slice(0, small.length / 2);
          }
        }
        return;
      }
    }
  });
  for (const q of quiz.questions) await answer(page, q, true);
  await expect(page.locator('[data-summary]')).toContainText('Not saved: this browser’s storage is full or blocked.');
  await expect(page.locator('[data-storage-problem]')).toContainText('storage is full or blocked');
  expect(await stored(page)).toBe(before);

  await page.reload();
  await expect(page.locator('tandem-profile summary')).toContainText('Jo');
  await expect(page.locator('[data-summary]')).toBeHidden();
});

test('unreadable saved progress is kept aside, reported, and can be downloaded', async ({ page }) => {
  await page.goto('progress/');
  await page.evaluate((k) => localStorage.setItem(k, '{"v":2,"course":"northwind-service-ess'), KEY);
  await page.reload();
  await expect(page.locator('[data-storage-problem]')).toContainText(
    'Saved progress could not be read (not JSON); it was kept aside.',
  );
  const aside = page.locator('[data-aside]');
  await expect(aside).toBeVisible();
  const download = page.waitForEvent('download');
  await aside.getByRole('button', { name: 'Download' }).click();
  const file = await (await download).path();
  expect(readFileSync(file, 'utf8')).toBe('{"v":2,"course":"northwind-service-ess');
  // The page is usable again: a trainee can be added and is saved.
  await addTrainee(page, 'Robin');
  expect(JSON.parse((await stored(page))!).profiles).toBeTruthy();
  await page.reload();
  await expect(page.locator('[data-storage-problem]')).toBeHidden();
  await expect(page.locator('[data-aside]')).toBeVisible();
});

test('a quiz that changed since the last attempt says so and does not show the old answers as current', async ({
  page,
}) => {
  await page.goto(`lessons/${LESSON}/`);
  await addTrainee(page, 'Kim');
  const q = quiz.questions.find((x) => x.type === 'single')!;
  await page.evaluate(
    ({ key, lesson, qid, answer }) => {
      const state = JSON.parse(localStorage.getItem(key)!);
      const profile = state.profiles[state.active];
      profile.attempts[lesson] = [
        {
          at: '2026-10-01T09:00:00.000Z',
          hash: 'an-earlier-version-of-the-quiz',
          answers: { [qid]: answer },
          correct: [qid],
          score: 9,
          total: 9,
          passMark: 80,
          passed: true,
          mode: 'all',
        },
      ];
      localStorage.setItem(key, JSON.stringify(state));
    },
    { key: KEY, lesson: LESSON, qid: q.id, answer: q.type === 'single' ? q.answer : '' },
  );
  await page.reload();
  await expect(page.locator('[data-status]')).toContainText('This quiz has changed since your last attempt');
  await expect(questionBox(page, q).getByRole('radio', { checked: true })).toHaveCount(0);
  await expect(page.locator('[data-summary]')).toBeHidden();
  await page.goto('progress/');
  await expect(page.locator(`tr[data-lesson="${LESSON}"]`)).toContainText('Quiz changed since your attempt');
});

test('progress saved by the previous version of the site is migrated, and the old data left as it was', async ({
  page,
}) => {
  await page.goto('progress/');
  const v1 = JSON.stringify({
    v: 1,
    course: COURSE,
    active: 'AAAAAAAAAAAAAAAAAAAAAA',
    profiles: {
      AAAAAAAAAAAAAAAAAAAAAA: {
        id: 'AAAAAAAAAAAAAAAAAAAAAA',
        name: 'Taylor (from v1)',
        createdAt: '2026-09-01T08:00:00.000Z',
        lessons: { [LESSON]: { readAt: '2026-09-01T08:05:00.000Z', completedAt: '2026-09-01T08:30:00.000Z' } },
        attempts: {
          [LESSON]: [
            {
              at: '2026-09-01T08:30:00.000Z',
              hash: 'h',
              answers: {},
              correct: [],
              score: 9,
              total: 9,
              passMark: 80,
              passed: true,
            },
          ],
        },
      },
    },
  });
  await page.evaluate(({ k, v }) => localStorage.setItem(k, v), { k: `tandem:${COURSE}:progress:v1`, v: v1 });
  await page.reload();
  await expect(page.locator('[data-who]')).toContainText('Progress of Taylor (from v1)');
  await expect(page.locator('[data-count="completed"]')).toHaveText(/^1 of /);
  expect(await stored(page, `tandem:${COURSE}:progress:v1`)).toBe(v1);
});

test('two tabs stay in sync', async ({ context }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await first.goto('progress/');
  await second.goto(`lessons/${LESSON}/`);
  await addTrainee(first, 'Dee');
  await expect(second.locator('tandem-profile summary')).toContainText('Dee');
  await expect(second.locator('tandem-lesson-status')).toContainText('Dee: pass the quiz above');
});

test('names are shown as text, never as HTML', async ({ page }) => {
  await page.goto('progress/');
  const name = '<img src=x onerror="document.title=`hacked`"><b>Bold</b>';
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await addTrainee(page, name);
  await expect(page.locator('[data-who]')).toContainText(name);
  await expect(page.locator('main img, header img, main b')).toHaveCount(0);
  expect(await page.title()).not.toBe('hacked');
  expect(dialogs).toBe(0);
});

test('a trainee exports progress on one browser and imports it on another; a bad file changes nothing', async ({
  browser,
  baseURL,
}) => {
  const laptop = await browser.newContext({ baseURL: baseURL! });
  const page = await laptop.newPage();
  await page.goto(`lessons/${LESSON}/`);
  await addTrainee(page, 'Morgan Lee');
  for (const q of quiz.questions) await answer(page, q, true);
  await page.goto('progress/');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export my progress' }).click();
  const exported = await (await download).path();
  expect((await download).suggestedFilename()).toMatch(
    /^northwind-service-essentials-morgan-lee-progress-\d{4}-\d\d-\d\d\.json$/,
  );

  const trainingPc = await browser.newContext({ baseURL: baseURL! });
  const other = await trainingPc.newPage();
  await other.goto('progress/');
  await addTrainee(other, 'Someone Else');
  const before = await stored(other);
  await other.getByLabel('Import a progress file or signed record').setInputFiles({
    name: 'notes.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format":"something-else"}'),
  });
  await expect(other.locator('[data-message]')).toHaveText(
    'notes.json was not imported: The file is not a Tandem progress file. Nothing was changed.',
  );
  expect(await stored(other)).toBe(before);

  await other.getByLabel('Import a progress file or signed record').setInputFiles(exported);
  await expect(other.locator('[data-message]')).toContainText('Imported Morgan Lee: added as a new trainee');
  await expect(other.locator('[data-who]')).toContainText('Progress of Morgan Lee');
  await expect(other.locator(`tr[data-lesson="${LESSON}"]`)).toContainText('Passed');
  // Importing the same file again adds nothing.
  await other.getByLabel('Import a progress file or signed record').setInputFiles(exported);
  await expect(other.locator('[data-message]')).toContainText('0 new quiz attempts, 0 lesson updates');
  await laptop.close();
  await trainingPc.close();
});

test('no flash of wrong progress: a returning trainee never sees "no trainee" or an empty state first', async ({
  page,
}) => {
  await page.goto(`lessons/${LESSON}/`);
  await addTrainee(page, 'Returning Rae');
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    new MutationObserver(() => {
      const menu = document.querySelector<HTMLElement>('tandem-profile');
      if (menu && !menu.hidden) seen.push(`menu:${menu.querySelector('[data-name]')?.textContent}`);
      const status = document.querySelector('tandem-lesson-status [data-text]')?.textContent;
      if (status) seen.push(`status:${status}`);
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.reload();
  await expect(page.locator('tandem-lesson-status')).toContainText('Returning Rae');
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  expect(seen.length).toBeGreaterThan(0);
  for (const text of seen) {
    expect(text).not.toContain('Choose trainee');
    expect(text).not.toContain('Choose or add a trainee');
  }
});
