/**
 * A quiz that teaches and still tests. A wrong answer says why it is wrong
 * (the feedback on the reply chosen) but not which answer is right, until the quiz is passed;
 * a retry puts the options in a new order; after a pass every answer and explanation shows.
 */
import { expect, test } from './helpers/test';
import { addTrainee, answer, questionBox, quizFile } from './helpers/quiz';

const LESSON = 'processing-a-return';
const quiz = quizFile(LESSON);
const total = quiz.questions.length;
const single = quiz.questions.find((q) => q.id === 'window-start')!;
const scenario = quiz.questions.find((q) => q.id === 'refund-timing')!;

test('a wrong answer shows why it is wrong, not the right one, until the quiz is passed', async ({ page }) => {
  if (scenario.type !== 'scenario' || single.type !== 'single') throw new Error('the sample quiz changed');
  await page.goto(`lessons/${LESSON}/`);
  await addTrainee(page, 'Robin Retry');
  await expect(page.locator('.quiz__intro')).toContainText('the right answers show once you pass');

  for (const q of quiz.questions) await answer(page, q, q !== single && q !== scenario);
  const summary = page.locator('[data-summary]');
  await expect(summary).toContainText(`Score: ${total - 2} of ${total}`);
  await expect(summary).toContainText('Not passed yet');

  const box = questionBox(page, scenario);
  const chosen = scenario.options.find((o) => o.id !== scenario.answer)!;
  const right = scenario.options.find((o) => o.id === scenario.answer)!;
  await expect(box.locator('[data-verdict]')).toHaveText(
    'Not quite. The right answer and the explanation show once you pass the quiz.',
  );
  await expect(box.getByText(chosen.feedback)).toBeVisible();
  await expect(box.getByText(right.feedback)).toBeHidden();
  await expect(box.locator('.question__explanation')).toBeHidden();
  await expect(box.locator('.option__mark')).toHaveText(['Your answer']);
  await expect(page.getByText('Right answer', { exact: true })).toHaveCount(0);

  // Retrying the wrong ones: the options come back in another order, so a position proves nothing.
  const order = () =>
    questionBox(page, single)
      .locator('[data-option]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-option')));
  const before = await order();
  await summary.getByRole('button', { name: 'Retry the wrong questions' }).click();
  expect(await order()).not.toEqual(before);
  await expect(box.locator('.option__mark')).toHaveCount(0);

  // Right on the first, wrong again on the scenario: 8 of 9 passes, and now everything shows.
  await answer(page, single, true);
  await answer(page, scenario, false);
  await expect(summary).toContainText(`Score: ${total - 1} of ${total}`);
  await expect(summary).toContainText('Passed');
  await expect(summary).toContainText('The right answers and explanations are shown above.');
  await expect(box.locator('[data-verdict]')).toHaveText(/^Not quite\./);
  await expect(box.locator('[data-verdict]')).not.toContainText('once you pass');
  await expect(box.locator('.question__explanation')).toBeVisible();
  for (const o of scenario.options) await expect(box.getByText(o.feedback)).toBeVisible();
  await expect(box.locator(`[data-option="${right.id}"] .option__mark`)).toHaveText('Right answer');

  // Passed is kept: on the next visit the answers show at once.
  await page.reload();
  await expect(box.locator('.question__explanation')).toBeVisible();
  await expect(box.locator(`[data-option="${right.id}"] .option__mark`)).toHaveText('Right answer');
});
