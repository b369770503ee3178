import { expect, test } from './helpers/test';
import { addTrainee, answer, questionBox, quizFile, switchTrainee } from './helpers/quiz';

const LESSON = 'processing-a-return';
const quiz = quizFile(LESSON);
const total = quiz.questions.length;

test('a trainee reads a lesson, fails the quiz, retries the wrong questions, passes, and it is kept', async ({
  page,
}) => {
  await page.goto(`lessons/${LESSON}/`);
  await addTrainee(page, 'Alex Morgan');
  const status = page.locator('tandem-lesson-status');
  await expect(status).toContainText('Alex Morgan: pass the quiz above to complete this lesson.');

  // Two wrong answers out of nine is below the 80% pass mark.
  const wrong = new Set([quiz.questions[0]!.id, quiz.questions[2]!.id]);
  for (const q of quiz.questions) await answer(page, q, !wrong.has(q.id));
  const summary = page.locator('[data-summary]');
  await expect(summary).toContainText(`Score: ${total - 2} of ${total}`);
  await expect(summary).toContainText('Not passed yet — the pass mark is 80%.');
  await expect(summary).toBeFocused();
  // Feedback and explanation are shown for a checked question, and scenario replies all explain themselves.
  const scenario = quiz.questions.find((q) => q.type === 'scenario')!;
  await expect(questionBox(page, scenario).locator('.question__explanation')).toBeVisible();
  if (scenario.type === 'scenario') {
    for (const o of scenario.options) await expect(questionBox(page, scenario).getByText(o.feedback)).toBeVisible();
  }

  await summary.getByRole('button', { name: 'Retry the wrong questions' }).click();
  // Only the wrong ones open again; the right ones stay answered and locked.
  for (const q of quiz.questions) {
    const check = questionBox(page, q).getByRole('button', { name: 'Check answer' });
    if (wrong.has(q.id)) await expect(check).toBeVisible();
    else await expect(check).toBeHidden();
  }
  for (const q of quiz.questions.filter((q) => wrong.has(q.id))) await answer(page, q, true);
  await expect(summary).toContainText(`Score: ${total} of ${total}`);
  await expect(summary).toContainText('Passed');
  await expect(status).toContainText('Alex Morgan: lesson completed on');

  await page.reload();
  await expect(page.locator('[data-status]')).toContainText(`${total} of ${total} — passed. Attempts so far: 2.`);
  await expect(page.locator('[data-summary]')).toContainText('Passed');
  await expect(status).toContainText('lesson completed on');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My progress' }).click();
  const row = page.locator(`tr[data-lesson="${LESSON}"]`);
  await expect(row).toContainText(`Passed · best ${total} of ${total} · 2 attempts`);
  await expect(page.locator('[data-count="passed"]')).toHaveText(/^1 of \d+$/);
});

test('two trainees on one browser keep separate progress', async ({ page }) => {
  await page.goto(`lessons/${LESSON}/`);
  await addTrainee(page, 'Sam');
  for (const q of quiz.questions) await answer(page, q, true);
  await expect(page.locator('[data-summary]')).toContainText('Passed');

  await addTrainee(page, 'Priya');
  // Priya starts with a fresh quiz: nothing of Sam's is shown.
  await expect(page.locator('[data-summary]')).toBeHidden();
  await expect(page.locator('[data-status]')).toBeHidden();
  await expect(questionBox(page, quiz.questions[0]!).getByRole('button', { name: 'Check answer' })).toBeVisible();
  await answer(page, quiz.questions[1]!, false);

  await page.goto('progress/');
  await expect(page.locator('[data-who]')).toContainText('Progress of Priya');
  await expect(page.locator('[data-count="passed"]')).toHaveText(/^0 of /);
  await expect(page.locator(`tr[data-lesson="${LESSON}"]`)).toContainText('Not taken');

  await switchTrainee(page, 'Sam');
  await expect(page.locator('[data-who]')).toContainText('Progress of Sam');
  await expect(page.locator('[data-count="passed"]')).toHaveText(/^1 of /);
});

test('without a chosen trainee the quiz still works and says the attempt is not saved', async ({ page }) => {
  await page.goto(`lessons/${LESSON}/`);
  await expect(page.locator('[data-status]')).toContainText('Choose or add a trainee');
  for (const q of quiz.questions) await answer(page, q, true);
  await expect(page.locator('[data-summary]')).toContainText('Not saved: no trainee is chosen');
});

test('the quiz works with the keyboard alone', async ({ page }) => {
  await page.goto(`lessons/${LESSON}/`);
  const tf = quiz.questions.find((q) => q.type === 'truefalse')!;
  const box = questionBox(page, tf);
  // Tab into the radio group, pick with the arrow keys, then Tab to "Check answer" and press Enter.
  await box.getByRole('radio', { name: 'True' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(box.getByRole('radio', { name: 'False' })).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(box.getByRole('button', { name: 'Check answer' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(box.locator('[data-result]')).toBeFocused();
  await expect(box.locator('[data-verdict]')).toContainText(
    tf.type === 'truefalse' && !tf.answer ? 'Right.' : 'Not quite.',
  );
  // The verdict is also announced in the quiz's live region.
  await expect(page.locator('tandem-quiz [data-live]')).toHaveText(/Question \d+: (right|not quite)\./);
});

test('checking without an answer asks for one and changes nothing', async ({ page }) => {
  await page.goto(`lessons/${LESSON}/`);
  const box = questionBox(page, quiz.questions[1]!);
  await box.getByRole('button', { name: 'Check answer' }).click();
  await expect(box.getByRole('alert')).toHaveText('Choose an answer first.');
  await expect(box.locator('[data-result]')).toBeHidden();
});
