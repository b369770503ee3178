/**
 * The trainee's and the trainer's journeys with the keyboard alone: Tab, Shift+Tab, Enter,
 * Space, arrow keys and typing (a link is pasted with insertText). Nothing is clicked, filled or
 * focused by the test; locators only say which control should have the focus. A file input is
 * opened with Space and the chosen file handed over through the file chooser, as a person
 * picks it in the system dialog.
 *
 * Along the way: every control needed is reachable, focus is visible and in view, and after an
 * action focus lands where the answer is (verdict, score, request link, key, signed entry).
 */
import { expect, test, type Locator, type Page } from './helpers/test';
import { questionBox, quizFile } from './helpers/quiz';
import type { Question } from '../../src/lib/quiz/schemas';

const LESSON = 'processing-a-return';
const SKILL = 'processing-a-return';
const DEMO_BACKUP = 'demo/demo-trainer.tandem-key.json';
const DEMO_PASSPHRASE = 'demo-trainer-passphrase';
/** PBKDF2 at 600,000 iterations on a busy machine. */
const SLOW = { timeout: 20_000 };

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement);

/** Focus is on `target`, drawn with a visible outline and within the window. */
async function expectFocusOn(target: Locator): Promise<void> {
  await expect(target).toBeFocused();
  const seen = await target.evaluate((el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
      focusVisible: el.matches(':focus-visible'),
      outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      inView: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
    };
  });
  expect(seen, 'a visible focus indicator, in view').toEqual({ focusVisible: true, outline: true, inView: true });
}

/**
 * Presses `key` until `target` has the focus, as a keyboard user moves through the page; fails
 * when it cannot be reached in `max` presses.
 */
async function pressUntilFocused(page: Page, target: Locator, key = 'Tab', max = 120): Promise<void> {
  for (let i = 0; i < max && !(await isFocused(target)); i++) await page.keyboard.press(key);
  await expectFocusOn(target);
}

/** In a radio group that has the focus, moves with the arrow keys to `option` and selects it. */
async function chooseRadio(page: Page, group: Locator, option: Locator): Promise<void> {
  const count = await group.getByRole('radio').count();
  for (let i = 0; i < count && !(await isFocused(option)); i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await expect(option).toBeChecked();
  await expectFocusOn(option);
}

/**
 * Answers one question with the keyboard and checks it. The focus moves to its verdict, or, for
 * the last question of an attempt, to the quiz's score.
 */
async function answerWithKeys(page: Page, q: Question, right: boolean, last = false): Promise<void> {
  const box = questionBox(page, q);
  switch (q.type) {
    case 'single':
    case 'scenario':
    case 'truefalse': {
      const options =
        q.type === 'truefalse'
          ? [
              { id: 'true', text: 'True' },
              { id: 'false', text: 'False' },
            ]
          : q.options;
      const answer = q.type === 'truefalse' ? String(q.answer) : q.answer;
      const pick = options.find((o) => (o.id === answer) === right)!;
      // Tab into the group: the focus lands on its first radio.
      await pressUntilFocused(page, box.getByRole('radio').first());
      await chooseRadio(page, box, box.getByRole('radio', { name: pick.text, exact: true }));
      break;
    }
    case 'multiple': {
      const wanted = right
        ? q.options.filter((o) => q.answer.includes(o.id))
        : [q.options.find((o) => !q.answer.includes(o.id))!];
      const boxes = box.getByRole('checkbox');
      await pressUntilFocused(page, boxes.first());
      // Through every checkbox in the order shown, ticking the wanted ones with Space.
      for (let i = 0; i < (await boxes.count()); i++) {
        const checkbox = boxes.nth(i);
        await expectFocusOn(checkbox);
        const name = (await checkbox.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? '')).trim();
        if (wanted.some((o) => o.text === name)) {
          await page.keyboard.press('Space');
          await expect(checkbox).toBeChecked();
        }
        await page.keyboard.press('Tab');
      }
      break;
    }
    case 'text': {
      const input = box.getByLabel('Your answer');
      await pressUntilFocused(page, input);
      await page.keyboard.type(right ? q.answer[0]! : 'a ticket thing');
      // Enter in the answer field checks it, like the button.
      await page.keyboard.press('Enter');
      break;
    }
    case 'ordering': {
      if (right) {
        // Each item in turn: Tab to its "Move up" button and press Enter until it is in place.
        // The focus stays on the pressed button, and the next item is always further down.
        const order = q.answer.map((id) => q.options.find((o) => o.id === id)!.text);
        const texts = () => box.locator('.ordering__text').allTextContents();
        for (const [target, text] of order.entries()) {
          const up = box.getByRole('button', { name: `Move up: ${text}`, exact: true });
          await pressUntilFocused(page, up);
          for (let at = (await texts()).indexOf(text); at > target; at--) {
            await page.keyboard.press('Enter');
            await expect(up).toBeFocused();
          }
        }
        expect(await texts()).toEqual(order);
      }
      break;
    }
  }
  if (q.type !== 'text') {
    await pressUntilFocused(page, box.getByRole('button', { name: 'Check answer' }));
    await page.keyboard.press('Enter');
  }
  const result = box.locator('[data-result]');
  await expectFocusOn(last ? page.locator('[data-summary]') : result);
  await expect(result.locator('[data-verdict]')).toHaveText(right ? /^Right\./ : /^Not quite\./);
}

test('a trainee takes a lesson’s quiz and asks for a sign-off; a trainer on another device restores the demo key and signs; the trainee receives it — all with the keyboard', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const traineeDevice = await browser.newContext({ baseURL: baseURL! });
  const trainerDevice = await browser.newContext({ baseURL: baseURL! });
  const trainee = await traineeDevice.newPage();
  const trainer = await trainerDevice.newPage();

  const skill = trainee.locator(`[data-skill="${SKILL}"]`);
  const skipLink = (page: Page) => page.getByRole('link', { name: 'Skip to content' });

  await test.step('trainee: adds their name with the trainee menu in the header', async () => {
    await trainee.goto('./');
    await trainee.keyboard.press('Tab');
    await expectFocusOn(skipLink(trainee));
    const menu = trainee.locator('tandem-profile');
    const menuButton = menu.locator('summary');
    await pressUntilFocused(trainee, menuButton);
    await trainee.keyboard.press('Enter');
    await pressUntilFocused(trainee, menu.getByLabel('Add a trainee'));
    await trainee.keyboard.type('Tess Trainee');
    await trainee.keyboard.press('Enter');
    await expect(menuButton).toContainText('Tess Trainee');
    // The menu closes and gives the focus back to its button: the trainee has not lost their place.
    await expectFocusOn(menuButton);
  });

  await test.step('trainee: reaches the lesson through the course map and its module page', async () => {
    await pressUntilFocused(trainee, trainee.getByRole('heading', { name: /Setting expectations/ }).getByRole('link'));
    await trainee.keyboard.press('Enter');
    await expect(trainee.getByRole('heading', { level: 1, name: 'Setting expectations' })).toBeVisible();
    await pressUntilFocused(
      trainee,
      trainee.getByRole('main').getByRole('link', { name: 'Processing a return', exact: true }),
    );
    await trainee.keyboard.press('Enter');
    await expect(trainee.getByRole('heading', { level: 1, name: 'Processing a return' })).toBeVisible();
  });

  await test.step('trainee: takes the quiz, sees the score, retries the wrong questions and passes', async () => {
    await trainee.keyboard.press('Tab');
    await expectFocusOn(skipLink(trainee));
    await trainee.keyboard.press('Enter');
    await expect(trainee.getByRole('main')).toBeFocused();
    // Two wrong (the ordering left as shuffled, and one single choice) is below the pass mark.
    const questions = quizFile(LESSON).questions;
    const wrong = new Set(['return-flow-order', 'window-start']);
    for (const [i, q] of questions.entries()) {
      await answerWithKeys(trainee, q, !wrong.has(q.id), i === questions.length - 1);
    }
    const summary = trainee.locator('[data-summary]');
    await expectFocusOn(summary);
    await expect(summary).toContainText(`Score: ${questions.length - 2} of ${questions.length}`);
    await expect(summary).toContainText('Not passed yet');

    // Retry the wrong ones: the focus goes to the first of them; the locked right ones are skipped.
    await pressUntilFocused(trainee, summary.getByRole('button', { name: 'Retry the wrong questions' }));
    await trainee.keyboard.press('Enter');
    const retried = questions.filter((q) => wrong.has(q.id));
    await expect(questionBox(trainee, retried[0]!).locator(':focus')).toHaveCount(1);
    for (const [i, q] of retried.entries()) await answerWithKeys(trainee, q, true, i === retried.length - 1);
    await expectFocusOn(summary);
    await expect(summary).toContainText(`Score: ${questions.length} of ${questions.length}`);
    await expect(summary).toContainText('Passed');
  });

  const request =
    await test.step('trainee: goes back up to the main navigation, opens the checklist and asks for a sign-off', async () => {
      await pressUntilFocused(
        trainee,
        trainee.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Checklist' }),
        'Shift+Tab',
        200,
      );
      await trainee.keyboard.press('Enter');
      await expect(trainee.locator('[data-who]')).toHaveText('Checklist of Tess Trainee.');
      await expect(skill.locator(`[data-lesson="${LESSON}"]`)).toContainText('quiz passed');
      await pressUntilFocused(trainee, skill.getByRole('button', { name: 'Ask for sign-off: Show' }), 'Tab', 200);
      await trainee.keyboard.press('Enter');
      // The request appears, with the focus on its link, ready to copy.
      const requestLink = skill.getByLabel('Sign-off request link');
      await expectFocusOn(requestLink);
      await expect(skill.getByRole('img', { name: /QR code of the sign-off request for Show/ })).toBeVisible();
      return requestLink.inputValue();
    });

  await test.step('trainer (another device): opens the request, restores the demo key, comes back to the request', async () => {
    await trainer.goto(request);
    await expect(trainer.locator('[data-trainee]')).toContainText('Tess Trainee asks for a sign-off');
    await expect(trainer.locator('[data-key-status]')).toContainText('There is no signing key on this device');
    await pressUntilFocused(trainer, trainer.getByRole('link', { name: 'Manage your key' }));
    await trainer.keyboard.press('Enter');

    // Space on the file field opens the file chooser; a wrong passphrase first.
    const restore = trainer.getByRole('region', { name: 'Restore from a backup file' });
    await pressUntilFocused(trainer, restore.getByLabel('Backup file'));
    const chooser = trainer.waitForEvent('filechooser');
    await trainer.keyboard.press('Space');
    await (await chooser).setFiles(DEMO_BACKUP);
    const passphrase = restore.getByLabel('Backup passphrase');
    await trainer.keyboard.press('Tab');
    await expectFocusOn(passphrase);
    await trainer.keyboard.type('not the passphrase at all');
    await trainer.keyboard.press('Enter');
    await expect(restore.getByRole('status')).toContainText('passphrase does not open this backup', SLOW);
    // The focus is back on the passphrase, its text selected: typing replaces it.
    await expectFocusOn(passphrase);
    await expect(passphrase).toHaveAttribute('aria-invalid', 'true');
    await trainer.keyboard.type(DEMO_PASSPHRASE);
    await trainer.keyboard.press('Enter');
    const keyHeading = trainer.getByRole('heading', { name: 'Your key on this device' });
    await expect(keyHeading).toBeFocused(SLOW);
    await expectFocusOn(keyHeading);
    await expect(trainer.getByRole('region', { name: 'Your key on this device' })).toContainText('Unlocked');

    // The request opened earlier in this tab is still there.
    await pressUntilFocused(trainer, trainer.getByRole('link', { name: 'Sign off a trainee’s step' }));
    await trainer.keyboard.press('Enter');
    await expect(trainer.locator('[data-trainee]')).toContainText('Tess Trainee asks for a sign-off');
    await expect(trainer.locator('[data-key-status]')).toContainText('Signing as Dana Demo');
    await expect(trainer.locator('[data-criteria]')).toContainText('What you check at Show');
  });

  const response = await test.step('trainer: records the evidence, signs, and has the link to send', async () => {
    // Learning style with the arrow keys, the trainee's words, notes, the outcome.
    const styles = trainer.getByRole('group', { name: 'The trainee’s learning style' });
    await pressUntilFocused(trainer, styles.getByRole('radio').first());
    await chooseRadio(trainer, styles, styles.getByRole('radio', { name: /^Visual/ }));
    await trainer.keyboard.press('Tab');
    await expectFocusOn(trainer.getByLabel('What the trainee noticed, and why, in their words'));
    await trainer.keyboard.type('The read-back caught a wrong email.');
    await pressUntilFocused(trainer, trainer.getByLabel('Notes', { exact: true }));
    await trainer.keyboard.type('Observed at the counter desk.');
    const outcome = trainer.getByRole('group', { name: 'Outcome' });
    await pressUntilFocused(trainer, outcome.getByRole('radio').first());
    await chooseRadio(trainer, outcome, outcome.getByRole('radio', { name: /^Signed off/ }));
    await pressUntilFocused(trainer, trainer.getByRole('button', { name: 'Sign', exact: true }));
    await trainer.keyboard.press('Enter');

    // Signed: the focus moves to the result, and the link is the next stop.
    const result = trainer.locator('[data-result]');
    await expectFocusOn(result);
    await expect(result).toContainText('Signed in this sitting: 1 sign-off for Tess Trainee.');
    await expect(result).toContainText('Tess Trainee: Processing a return in the order system, Show (signed off)');
    await expect(result).toContainText('DEMO');
    const responseLink = result.getByLabel('Sign-off link');
    await trainer.keyboard.press('Tab');
    await expectFocusOn(responseLink);
    const link = await responseLink.inputValue();
    // Nothing traps the focus: Tab goes on past the last control and out of the page.
    const pastTheEnd = () => trainer.evaluate(() => document.activeElement === document.body);
    for (let i = 0; i < 20 && !(await pastTheEnd()); i++) await trainer.keyboard.press('Tab');
    expect(await pastTheEnd(), 'Tab leaves the page after its last control').toBe(true);
    return link;
  });

  await test.step('trainee: pastes the trainer’s link into the checklist and sees the step signed off', async () => {
    const paste = trainee.getByLabel('Sign-off link', { exact: true });
    await pressUntilFocused(trainee, paste, 'Shift+Tab', 200);
    await trainee.keyboard.insertText(response);
    await trainee.keyboard.press('Enter');
    await expect(trainee.getByRole('status').filter({ hasText: 'sign-off added' })).toHaveText(
      'Tess Trainee: 1 sign-off added.',
    );
    await expectFocusOn(paste);
    const show = skill.locator('[data-step="show"] [data-state]');
    await expect(show).toContainText('Signed off by Dana Demo');
    await expect(show).toContainText('DEMO');
    // The next step is the one to ask for now, and it can be reached.
    await pressUntilFocused(trainee, skill.getByRole('button', { name: 'Ask for sign-off: Co-pilot' }), 'Tab', 200);
  });

  await traineeDevice.close();
  await trainerDevice.close();
});

test('Escape closes the trainee menu and leaves the focus on its button', async ({ page }) => {
  await page.goto('');
  const menu = page.locator('tandem-profile details');
  const button = menu.locator('summary');
  await pressUntilFocused(page, button);
  await page.keyboard.press('Enter');
  await expect(menu).toHaveAttribute('open', '');
  const nameField = menu.getByLabel('Add a trainee');
  await pressUntilFocused(page, nameField);
  await page.keyboard.press('Escape');
  await expect(menu).not.toHaveAttribute('open');
  await expect(nameField).toBeHidden();
  await expectFocusOn(button);
});
