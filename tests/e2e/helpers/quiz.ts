/**
 * Taking a quiz the way a trainee does: choosing by label, typing, and ordering with the
 * Up/Down buttons from the keyboard. The right answers come from the quiz file itself, not
 * from the page.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import type { Question } from '../../../src/lib/quiz/schemas';

export function quizFile(lesson: string): { questions: Question[] } {
  return load(readFileSync(`src/content/quizzes/${lesson}.yaml`, 'utf8')) as { questions: Question[] };
}

export async function addTrainee(page: Page, name: string): Promise<void> {
  const menu = page.locator('tandem-profile');
  await menu.locator('summary').click();
  await menu.getByLabel('Add a trainee').fill(name);
  await menu.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(menu.locator('summary')).toContainText(name);
}

export async function switchTrainee(page: Page, name: string): Promise<void> {
  const menu = page.locator('tandem-profile');
  await menu.locator('summary').click();
  await menu.getByRole('button', { name, exact: true }).click();
  await expect(menu.locator('summary')).toContainText(name);
}

export function questionBox(page: Page, q: Question): Locator {
  return page.locator(`[data-question="${q.id}"]`);
}

/** Answers one question rightly or wrongly, then presses "Check answer". */
export async function answer(page: Page, q: Question, right: boolean): Promise<void> {
  const box = questionBox(page, q);
  switch (q.type) {
    case 'single':
    case 'scenario': {
      const option = right ? q.options.find((o) => o.id === q.answer)! : q.options.find((o) => o.id !== q.answer)!;
      await box.getByRole('radio', { name: option.text, exact: true }).check();
      break;
    }
    case 'multiple': {
      const picks = right
        ? q.options.filter((o) => q.answer.includes(o.id))
        : [q.options.find((o) => !q.answer.includes(o.id))!];
      for (const o of picks) await box.getByRole('checkbox', { name: o.text, exact: true }).check();
      break;
    }
    case 'truefalse':
      await box.getByRole('radio', { name: q.answer === right ? 'True' : 'False', exact: true }).check();
      break;
    case 'text':
      await box.getByLabel('Your answer').fill(right ? `  ${q.answer[0]!.toUpperCase()} ` : 'something else entirely');
      break;
    case 'ordering':
      // It starts shuffled and never solved, so leaving it as it is gives a wrong answer.
      if (right)
        await putInOrder(
          box,
          q.answer.map((id) => q.options.find((o) => o.id === id)!.text),
        );
      break;
  }
  await box.getByRole('button', { name: 'Check answer' }).click();
  await expect(box.locator('[data-verdict]')).toHaveText(right ? /^Right\./ : /^Not quite\./);
}

/** Moves each item up with the keyboard until the list reads in `order`. */
async function putInOrder(box: Locator, order: string[]): Promise<void> {
  const current = () => box.locator('.ordering__text').allTextContents();
  for (let target = 0; target < order.length; target++) {
    let position = (await current()).indexOf(order[target]!);
    const up = box.getByRole('button', { name: `Move up: ${order[target]}`, exact: true });
    while (position > target) {
      await up.focus();
      await up.press('Enter');
      position--;
    }
  }
  expect(await current()).toEqual(order);
}
