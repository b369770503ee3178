/**
 * The sign-off flow across two devices: a trainee's browser and a trainer's browser, as two
 * separate browser contexts that share nothing but the links passed between them.
 */
import { expect, test, type Page } from './helpers/test';
import { addTrainee } from './helpers/quiz';
import { askForSignoff, receive, restoreDemoKey, signRequest } from './helpers/signoff';

const SKILL = 'active-listening';
const askFor = (trainee: Page, step: string) => askForSignoff(trainee, SKILL, step);
const stepState = (trainee: Page, step: string) =>
  trainee.locator(`[data-skill="${SKILL}"] [data-step="${step}"] [data-state]`);

test('a trainee and a trainer take one skill through all four steps, with a practice session before solo', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const traineeDevice = await browser.newContext({ baseURL: baseURL! });
  const trainerDevice = await browser.newContext({ baseURL: baseURL! });
  const trainee = await traineeDevice.newPage();
  const trainer = await trainerDevice.newPage();

  await trainee.goto('checklist/');
  await addTrainee(trainee, 'Tess Trainee');
  await expect(stepState(trainee, 'show')).toHaveText('Not started.');
  await restoreDemoKey(trainer);

  // Show: the learning style and the trainee's own explanation.
  let link = await askFor(trainee, 'Show');
  link = await signRequest(
    trainer,
    link,
    async (p) => {
      await expect(p.locator('[data-criteria]')).toContainText('What you check at Show');
      await p.getByRole('radio', { name: /^Visual/ }).check();
      await p.getByLabel('What the trainee noticed, and why, in their words').fill('The mirror made her slow down.');
    },
    'Signed off',
  );
  await receive(trainee, link);
  await expect(stepState(trainee, 'show')).toContainText('Signed off by Dana Demo');
  await expect(stepState(trainee, 'show')).toContainText('DEMO');

  // Co-pilot: debrief notes.
  link = await askFor(trainee, 'Co-pilot');
  link = await signRequest(
    trainer,
    link,
    (p) => p.getByLabel('Debrief notes').fill('Ran the system cleanly.'),
    'Signed off',
  );
  await receive(trainee, link);
  await expect(stepState(trainee, 'copilot')).toContainText('Signed off by Dana Demo');

  // Solo: first a practice session (not yet), then the sign-off.
  link = await askFor(trainee, 'Solo');
  link = await signRequest(
    trainer,
    link,
    (p) => p.getByLabel('Debrief notes').fill('Lost the thread once.'),
    'Practice session',
  );
  await receive(trainee, link);
  await expect(stepState(trainee, 'solo')).toContainText('Practising: 1 session since');
  link = await askFor(trainee, 'Solo');
  link = await signRequest(
    trainer,
    link,
    (p) => p.getByLabel('Debrief notes').fill('Led the whole call.'),
    'Signed off',
  );
  await receive(trainee, link);
  await expect(stepState(trainee, 'solo')).toContainText('after 1 practice session.');

  // Teach-back: who was taught.
  link = await askFor(trainee, 'Teach-back');
  link = await signRequest(
    trainer,
    link,
    async (p) => {
      await p.getByLabel('Name', { exact: true }).fill('Ravi Patel');
      await p.getByLabel('Role', { exact: true }).fill('New hire, week one');
    },
    'Signed off',
  );
  await receive(trainee, link);
  await expect(trainee.locator(`[data-skill="${SKILL}"] [data-skill-status]`)).toContainText('4 of 4 steps signed off');
  await expect(trainee.locator(`[data-skill="${SKILL}"] [data-ask]:visible`)).toHaveCount(0);

  // The record survives a reload and is verified again from storage.
  await trainee.reload();
  await expect(stepState(trainee, 'teachback')).toContainText('Signed off by Dana Demo');
  await traineeDevice.close();
  await trainerDevice.close();
});

test('a forged or edited sign-off link is refused with a reason and changes nothing', async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const traineeDevice = await browser.newContext({ baseURL: baseURL! });
  const trainerDevice = await browser.newContext({ baseURL: baseURL! });
  const trainee = await traineeDevice.newPage();
  const trainer = await trainerDevice.newPage();
  await trainee.goto('checklist/');
  await addTrainee(trainee, 'Tess Trainee');
  await restoreDemoKey(trainer);
  const request = await askFor(trainee, 'Show');
  const response = await signRequest(
    trainer,
    request,
    (p) => p.getByRole('radio', { name: /^Auditory/ }).check(),
    'Signed off',
  );
  // Edit the signed payload (change the outcome to something else) without re-signing.
  const [before, fragment] = response.split('#response=') as [string, string];
  const [header, payload, signature] = fragment.split('.') as [string, string, string];
  const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  data.notes = 'Signed off everything, no need to watch.';
  const forged = `${before}#response=${header}.${Buffer.from(JSON.stringify(data)).toString('base64url')}.${signature}`;

  const stored = () => trainee.evaluate(() => JSON.stringify(localStorage));
  const was = await stored();
  await trainee.goto(forged);
  await expect(trainee.locator('[data-message]')).toContainText('nothing new added, 1 entry refused');
  await expect(trainee.locator('[data-results]')).toContainText('Refused:');
  await expect(stepState(trainee, 'show')).toHaveText('Not started.');
  expect(await stored()).toBe(was);

  // A link cut short by a chat app is refused too.
  await trainee.goto(`${before}#response=${header}.${payload.slice(0, 20)}`);
  await expect(trainee.locator('[data-message]')).toContainText('not accepted');
  expect(await stored()).toBe(was);

  // The genuine link still works afterwards.
  await receive(trainee, response);
  await expect(stepState(trainee, 'show')).toContainText('Signed off by Dana Demo');
  await traineeDevice.close();
  await trainerDevice.close();
});

test('names and notes with markup are shown as text on both devices', async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const traineeDevice = await browser.newContext({ baseURL: baseURL! });
  const trainerDevice = await browser.newContext({ baseURL: baseURL! });
  const trainee = await traineeDevice.newPage();
  const trainer = await trainerDevice.newPage();
  const evil = '<img src=x onerror="document.title=`pwned`">Tess';
  await trainee.goto('checklist/');
  await addTrainee(trainee, evil);
  await restoreDemoKey(trainer);
  const request = await askFor(trainee, 'Show');
  await trainer.goto(request);
  await expect(trainer.locator('[data-trainee]')).toContainText(evil);
  await expect(trainer.locator('main img')).toHaveCount(0);
  expect(await trainer.title()).not.toBe('pwned');
});

test('without a request: the trainer imports the trainee’s progress file, signs, and the trainee imports the sign-off file', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const traineeDevice = await browser.newContext({ baseURL: baseURL! });
  const trainerDevice = await browser.newContext({ baseURL: baseURL! });
  const trainee = await traineeDevice.newPage();
  const trainer = await trainerDevice.newPage();
  await trainee.goto('progress/');
  await addTrainee(trainee, 'Tess Trainee');
  const exported = trainee.waitForEvent('download');
  await trainee.getByRole('button', { name: 'Export my progress' }).click();
  const progressFile = await (await exported).path();

  await restoreDemoKey(trainer);
  await trainer.goto('trainer/sign/');
  await trainer.getByLabel('Trainee’s progress file').setInputFiles(progressFile);
  await expect(trainer.locator('[data-trainee]')).toContainText('Tess Trainee');
  await trainer.getByLabel('Skill', { exact: true }).selectOption(SKILL);
  await expect(trainer.getByLabel('Step', { exact: true })).toHaveValue('show');
  await expect(trainer.locator('[data-step-state]')).toContainText('current step');
  await trainer.getByRole('radio', { name: /^Kinesthetic/ }).check();
  await trainer.getByRole('radio', { name: /^Signed off/ }).check();
  await trainer.getByRole('button', { name: 'Sign', exact: true }).click();
  const saved = trainer.waitForEvent('download');
  await trainer.getByRole('button', { name: 'Download file' }).click();
  const signoffFile = await (await saved).path();

  await trainee.goto('checklist/');
  await trainee.getByLabel('Sign-off file').setInputFiles(signoffFile);
  await expect(trainee.locator('[data-message]')).toContainText('Tess Trainee: 1 sign-off added.');
  await expect(stepState(trainee, 'show')).toContainText('Signed off by Dana Demo');
  // A file that is not a sign-off file changes nothing.
  await trainee.getByLabel('Sign-off file').setInputFiles(progressFile);
  await expect(trainee.locator('[data-message]')).toContainText(
    'was not imported: The file is not a Tandem sign-off file.',
  );
  await traineeDevice.close();
  await trainerDevice.close();
});

test('the sign-off page refuses a request for another course or a damaged request', async ({ page }) => {
  await page.goto('trainer/sign/#request=bm90LWpzb24');
  await expect(page.locator('[data-source-message]')).toContainText('was not accepted');
  await expect(page.locator('[data-sign]')).toBeHidden();
});

test('the trainer’s device refuses an out-of-order step before signing, and names are checked where they are typed', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const traineeDevice = await browser.newContext({ baseURL: baseURL! });
  const trainerDevice = await browser.newContext({ baseURL: baseURL! });
  const trainee = await traineeDevice.newPage();
  const trainer = await trainerDevice.newPage();
  await trainee.goto('progress/');

  // A name that would display as something else is refused in the trainee menu, and nothing is added.
  const menu = trainee.locator('tandem-profile');
  await menu.locator('summary').click();
  await menu.getByLabel('Add a trainee').fill('Tess \u202eeenairT');
  await menu.getByRole('button', { name: 'Add', exact: true }).click();
  const problem = await menu.getByLabel('Add a trainee').evaluate((input: HTMLInputElement) => input.validationMessage);
  expect(problem).toMatch(/invisible or direction-changing characters/);
  await expect(menu.locator('summary')).not.toContainText('Tess');
  // The menu stays open with the refusal; the name typed as it is written is taken.
  await menu.getByLabel('Add a trainee').fill('Tess Trainee');
  await menu.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(menu.locator('summary')).toContainText('Tess Trainee');
  const exported = trainee.waitForEvent('download');
  await trainee.getByRole('button', { name: 'Export my progress' }).click();
  const progressFile = await (await exported).path();

  await restoreDemoKey(trainer);
  await trainer.goto('trainer/sign/');
  await trainer.getByLabel('Trainee’s progress file').setInputFiles(progressFile);
  await expect(trainer.locator('[data-trainee]')).toContainText('Tess Trainee');
  await trainer.getByLabel('Skill', { exact: true }).selectOption(SKILL);
  await trainer.getByLabel('Step', { exact: true }).selectOption('solo');
  await expect(trainer.locator('[data-sign-off-rule]')).toContainText('When to sign off:');
  await trainer.getByLabel('Debrief notes').fill('Jumped ahead.');
  await trainer.getByRole('radio', { name: /^Signed off/ }).check();
  await trainer.getByRole('button', { name: 'Sign', exact: true }).click();
  await expect(trainer.locator('[data-sign-error]')).toContainText(
    'Not signed: Solo cannot be signed off before Co-pilot is.',
  );
  await expect(trainer.locator('[data-result]')).toBeHidden();
  await traineeDevice.close();
  await trainerDevice.close();
});
