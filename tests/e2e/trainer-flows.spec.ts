/**
 * The trainer’s side: no dead ends on the sign-off page. Without an unlocked key the
 * Sign button is off with the reason beside it, the key is restored or unlocked in place, and
 * nothing typed is lost, not even across a trip to the key page. Several certifications signed in
 * one sitting go back as one link, and the trainee's device counts them right.
 */
import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from './helpers/test';
import { addTrainee } from './helpers/quiz';
import { askForSignoff, receive } from './helpers/signoff';
import { builtManifest, demoSigner, skillsBundle } from './helpers/records';

const SKILL = 'active-listening';
const DEMO_BACKUP = 'demo/demo-trainer.tandem-key.json';
const PASSPHRASE = 'demo-trainer-passphrase';
const SLOW = { timeout: 20_000 };

async function typeShowEvidence(trainer: Page): Promise<void> {
  await trainer.getByRole('radio', { name: /^Visual/ }).check();
  await trainer.getByLabel('What the trainee noticed, and why, in their words').fill('She mirrored before answering.');
  await trainer.getByLabel('Notes', { exact: true }).fill('Queue B, two calls.');
}

async function expectTypedStill(trainer: Page): Promise<void> {
  await expect(trainer.getByRole('radio', { name: /^Visual/ })).toBeChecked();
  await expect(trainer.getByLabel('What the trainee noticed, and why, in their words')).toHaveValue(
    'She mirrored before answering.',
  );
  await expect(trainer.getByLabel('Notes', { exact: true })).toHaveValue('Queue B, two calls.');
}

test('without a key, Sign is off with the reason; the key is restored and unlocked in place, and nothing typed is lost', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const trainee = await (await browser.newContext({ baseURL: baseURL! })).newPage();
  const trainer = await (await browser.newContext({ baseURL: baseURL! })).newPage();
  await trainee.goto('checklist/');
  await addTrainee(trainee, 'Tess Trainee');
  const request = await askForSignoff(trainee, SKILL, 'Show');

  // No key on this device: the form can be filled in, but Sign is off and says why, right there.
  await trainer.goto(request);
  await expect(trainer.locator('[data-trainee]')).toContainText('Tess Trainee asks for a sign-off');
  const sign = trainer.getByRole('button', { name: 'Sign', exact: true });
  await expect(sign).toBeDisabled();
  await expect(trainer.locator('[data-sign-reason]')).toHaveText(
    'There is no signing key on this device: restore it in “Your signing key”.',
  );
  await expect(sign).toHaveAccessibleDescription(/There is no signing key on this device/);
  await typeShowEvidence(trainer);

  // A trip to the key page and back (the request link has left the address): all still there.
  await trainer.getByRole('link', { name: 'Manage your key' }).click();
  await expect(trainer.getByRole('heading', { name: 'Trainer: your signing key' })).toBeVisible();
  await trainer.goBack();
  await expect(trainer.locator('[data-trainee]')).toContainText('Tess Trainee asks for a sign-off');
  await expectTypedStill(trainer);
  // And after a reload.
  await trainer.reload();
  await expect(trainer.locator('[data-trainee]')).toContainText('Tess Trainee asks for a sign-off');
  await expectTypedStill(trainer);

  // The reason's link leads to the restore form in place; a wrong passphrase changes nothing.
  await trainer.locator('[data-sign-reason]').getByRole('link').click();
  await expect(trainer.getByLabel('Backup file')).toBeFocused();
  await trainer.getByLabel('Backup file').setInputFiles(DEMO_BACKUP);
  await trainer.getByLabel('Backup passphrase').fill('not the passphrase at all');
  await trainer.getByRole('button', { name: 'Restore key' }).click();
  await expect(trainer.locator('[data-key-message]')).toContainText('was not restored', SLOW);
  await expect(sign).toBeDisabled();
  await trainer.getByLabel('Backup file').setInputFiles(DEMO_BACKUP);
  await trainer.getByLabel('Backup passphrase').fill(PASSPHRASE);
  await trainer.getByRole('button', { name: 'Restore key' }).click();
  await expect(trainer.locator('[data-key-message]')).toContainText('you can sign now', SLOW);
  await expect(sign).toBeEnabled();
  await expect(trainer.locator('[data-sign-reason]')).toBeHidden();
  await expectTypedStill(trainer);

  // Locked on the key page: back here, Sign is off again, and unlocking in place brings it back.
  await trainer.getByRole('link', { name: 'Manage your key' }).click();
  await trainer.getByRole('button', { name: 'Lock the key' }).click();
  await expect(trainer.getByText(/^Locked\./)).toBeVisible();
  await trainer.goBack();
  await expect(sign).toBeDisabled();
  await expect(trainer.locator('[data-sign-reason]')).toHaveText(
    'Your key is locked: unlock it in “Your signing key”.',
  );
  await expectTypedStill(trainer);
  await trainer.locator('[data-sign-reason]').getByRole('link').click();
  await expect(trainer.locator('#unlock-passphrase')).toBeFocused();
  await trainer.keyboard.type(PASSPHRASE);
  await trainer.keyboard.press('Enter');
  await expect(sign).toBeEnabled(SLOW);
  await expectTypedStill(trainer);

  await trainer.getByRole('radio', { name: /^Signed off/ }).check();
  await sign.click();
  const result = trainer.locator('[data-result]');
  await expect(result).toContainText('Signed in this sitting: 1 sign-off for Tess Trainee.');
  await receive(trainee, await result.getByLabel('Sign-off link').inputValue());
  await expect(trainee.locator(`[data-skill="${SKILL}"] [data-step="show"] [data-state]`)).toContainText(
    'Signed off by Dana Demo',
  );

  // The draft went with the signed entry: the same request opened again starts empty.
  await trainer.goto(request);
  await expect(trainer.getByLabel('Notes', { exact: true })).toHaveValue('');
});

test('several certifications in one sitting go back as one link, counted right on the trainee’s device; the form opens on the skill being worked on', async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(150_000);
  const manifest = builtManifest(testInfo.project.name === 'subpath' ? 'sub' : 'root');
  const signer = await demoSigner(manifest);
  const tess = { id: 'tess-sitting', name: 'Tess Trainee' };
  const bundle = await skillsBundle(signer, manifest, tess, [
    { skill: 'active-listening', from: '2026-01-05T10:00:00Z' },
    { skill: 'processing-a-return', from: '2026-01-12T10:00:00Z' },
    // Worked on last: two steps signed, so Solo is next.
    { skill: 'de-escalation-boundaries', steps: 2, from: '2026-01-20T10:00:00Z' },
    { skill: 'greeting-first-impression', from: '2026-01-08T10:00:00Z' },
  ]);
  const file = testInfo.outputPath('tess-record.json');
  writeFileSync(file, JSON.stringify(bundle));

  const trainee = await (await browser.newContext({ baseURL: baseURL! })).newPage();
  await trainee.goto('progress/');
  await trainee.getByLabel('Import a progress file or signed record').setInputFiles(file);
  await expect(trainee.locator('tandem-profile summary')).toContainText('Tess Trainee');

  const trainer = await (await browser.newContext({ baseURL: baseURL! })).newPage();
  await trainer.goto('trainer/sign/');
  await trainer.getByRole('region', { name: 'Your signing key' }).getByLabel('Backup file').setInputFiles(DEMO_BACKUP);
  await trainer.getByLabel('Backup passphrase').fill(PASSPHRASE);
  await trainer.getByRole('button', { name: 'Restore key' }).click();
  await expect(trainer.locator('[data-key-message]')).toContainText('you can sign now', SLOW);

  await trainer.getByLabel('Trainee’s progress file').setInputFiles(file);
  await expect(trainer.locator('[data-trainee]')).toContainText('14 valid sign-offs');
  await expect(trainer.getByLabel('Skill', { exact: true })).toHaveValue('de-escalation-boundaries');
  await expect(trainer.getByLabel('Step', { exact: true })).toHaveValue('solo');

  const certify = trainer.locator('[data-certify-list]');
  for (const title of ['Active listening', 'Processing a return', 'Greeting and first impression']) {
    await certify.getByRole('button', { name: new RegExp(`^Certify: ${title}`) }).click();
    await expect(trainer.locator('[data-result-list]')).toContainText(`certification of ${title}`, SLOW);
  }
  const result = trainer.locator('[data-result]');
  await expect(result).toContainText('Signed in this sitting: 3 certifications for Tess Trainee.');
  await expect(trainer.locator('[data-result-list] li')).toHaveCount(3);
  // Three certifications are more than one QR code holds: the code carries the latest, and says so.
  await expect(trainer.locator('[data-result-size]')).toHaveText(
    'The QR code carries only the latest entry (Tess Trainee: certification of Greeting and first impression); the link and the file carry all of them.',
  );
  await expect(
    result.getByRole('img', { name: /QR code of the signed entry: Tess Trainee: certification of Greeting/ }),
  ).toBeVisible();
  await expect(trainer.locator('[data-certify-text]')).toContainText('7 skills of Tess Trainee are not ready yet');
  const link = await result.getByLabel('Sign-off link').inputValue();

  await receive(trainee, link, '3 certifications added.');
  await expect(trainee.locator('[data-results] li')).toHaveCount(3);
  await expect(trainee.locator('[data-skill="active-listening"] [data-skill-status]')).toContainText('CERTIFIED');
  // No "(s)" anywhere on the pages of the sitting.
  for (const page of [trainer, trainee]) expect(await page.locator('main').innerText()).not.toContain('(s)');
});
