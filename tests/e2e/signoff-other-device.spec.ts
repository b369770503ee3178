/**
 * The trainer's link opened on a device where that trainee is not chosen, or
 * not there at all (the trainee asked from the training-room PC, then opens the answer on their
 * phone). The page says whose entry it is, offers to add that trainee, and keeps the entry.
 */
import { expect, test } from './helpers/test';
import { addTrainee } from './helpers/quiz';
import { askForSignoff, restoreDemoKey, signRequest } from './helpers/signoff';

const SKILL = 'active-listening';

test('a sign-off opened on a phone where another trainee is chosen: add the trainee it is for and keep it', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const pc = await (await browser.newContext({ baseURL: baseURL! })).newPage();
  const trainer = await (await browser.newContext({ baseURL: baseURL! })).newPage();
  const phone = await (
    await browser.newContext({ baseURL: baseURL!, viewport: { width: 390, height: 844 } })
  ).newPage();

  await pc.goto('checklist/');
  await addTrainee(pc, 'Tess Trainee');
  const request = await askForSignoff(pc, SKILL, 'Show');
  await restoreDemoKey(trainer);
  const response = await signRequest(
    trainer,
    request,
    async (p) => {
      await p.getByRole('radio', { name: /^Visual/ }).check();
      await p.getByLabel('What the trainee noticed, and why, in their words').fill('She slowed down.');
    },
    'Signed off',
  );

  await phone.goto('checklist/');
  await addTrainee(phone, 'Maria Other');
  await phone.goto(response);
  const offer = phone.getByRole('region', { name: 'This sign-off is for Tess Trainee' });
  await expect(offer).toBeVisible();
  await expect(offer).toContainText('the trainee chosen here is Maria Other');
  await phone.screenshot({ path: test.info().outputPath('named-trainee-offer-390.png'), fullPage: false });
  // Nothing is kept before the trainee agrees: Maria's checklist is untouched.
  await expect(phone.locator('[data-who]')).toHaveText('Checklist of Maria Other.');
  await expect(phone.locator(`[data-skill="${SKILL}"] [data-step="show"] [data-state]`)).toHaveText('Not started.');
  await offer.getByRole('button', { name: 'Add Tess Trainee and keep it' }).click();
  await expect(offer).toBeHidden();
  await expect(phone.locator('[data-message]')).toHaveText(
    'Tess Trainee was added to this browser and chosen: 1 sign-off kept.',
  );
  await expect(phone.locator('[data-who]')).toHaveText('Checklist of Tess Trainee.');
  await expect(phone.locator(`[data-skill="${SKILL}"] [data-step="show"] [data-state]`)).toContainText(
    'Signed off by Dana Demo',
  );
  // Kept: a reload still shows it, and Maria is still there.
  await phone.reload();
  await expect(phone.locator(`[data-skill="${SKILL}"] [data-step="show"] [data-state]`)).toContainText(
    'Signed off by Dana Demo',
  );
  await expect(phone.locator('tandem-profile')).toContainText('Maria Other');

  // Opened again on the PC, where Tess is, it is simply already there: no offer.
  await pc.goto(response);
  await expect(pc.locator('[data-message]')).toContainText('Tess Trainee');
  await expect(pc.getByRole('region', { name: /This sign-off is for/ })).toHaveCount(0);
});

test('a forged sign-off link on a device without that trainee offers nothing and changes nothing', async ({ page }) => {
  await page.goto('checklist/');
  await addTrainee(page, 'Maria Other');
  const payload = Buffer.from(
    JSON.stringify({ trainee: { id: 'Mallory0000000000', name: 'Mallory' }, skill: SKILL, step: 'show' }),
  ).toString('base64url');
  const header = Buffer.from(JSON.stringify({ alg: 'ES256', kid: 'x' })).toString('base64url');
  await page.goto(`checklist/#response=${header}.${payload}.${'A'.repeat(86)}`);
  await expect(page.locator('[data-results]')).toContainText('Refused');
  await expect(page.getByRole('region', { name: /This sign-off is for/ })).toHaveCount(0);
  await expect(page.locator('[data-who]')).toHaveText('Checklist of Maria Other.');
});
