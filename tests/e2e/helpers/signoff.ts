/** The trainee's and the trainer's side of a sign-off, as each would do it in the browser. */
import { expect, type Page } from '@playwright/test';

const DEMO_BACKUP = 'demo/demo-trainer.tandem-key.json';

export async function restoreDemoKey(trainer: Page): Promise<void> {
  await trainer.goto('trainer/');
  const form = trainer.getByRole('region', { name: 'Restore from a backup file' });
  await form.getByRole('button', { name: 'Backup file' }).setInputFiles(DEMO_BACKUP);
  await form.getByLabel('Backup passphrase').fill('not the passphrase at all');
  await form.getByRole('button', { name: 'Restore key' }).click();
  await expect(trainer.getByText(/passphrase does not open this backup/).first()).toBeVisible({ timeout: 20_000 });
  await form.getByLabel('Backup passphrase').fill('demo-trainer-passphrase');
  await form.getByRole('button', { name: 'Restore key' }).click();
  await expect(trainer.getByRole('heading', { name: 'Your key on this device' })).toBeVisible({ timeout: 20_000 });
}

/** The trainee asks for a sign-off of the current step and returns the request link. */
export async function askForSignoff(trainee: Page, skillId: string, step: string): Promise<string> {
  const skill = trainee.locator(`[data-skill="${skillId}"]`);
  await skill.getByRole('button', { name: `Ask for sign-off: ${step}` }).click();
  await expect(
    skill.getByRole('img', { name: new RegExp(`QR code of the sign-off request for ${step}`) }),
  ).toBeVisible();
  return skill.getByLabel('Sign-off request link').inputValue();
}

/** The trainer opens the request, records the session and signs; returns the response link. */
export async function signRequest(
  trainer: Page,
  requestLink: string,
  fill: (page: Page) => Promise<void>,
  outcome: 'Signed off' | 'Practice session',
): Promise<string> {
  await trainer.goto(requestLink);
  await expect(trainer.locator('[data-trainee]')).toContainText('Tess Trainee asks for a sign-off');
  await fill(trainer);
  await trainer.getByLabel('Notes', { exact: true }).fill('Observed on the phones, queue B.');
  await trainer.getByRole('radio', { name: new RegExp(`^${outcome}`) }).check();
  // What was signed earlier in this sitting stays on show: wait for this entry to join it.
  const before = await trainer.locator('[data-result]:not([hidden]) [data-result-list] li').count();
  await trainer.getByRole('button', { name: 'Sign', exact: true }).click();
  const result = trainer.locator('[data-result]');
  await expect(result.locator('[data-result-list] li')).toHaveCount(before + 1);
  await expect(result).toBeVisible();
  await expect(result).toContainText('DEMO');
  await expect(result.getByRole('img', { name: /QR code of the signed entr/ })).toBeVisible();
  return result.getByLabel('Sign-off link').inputValue();
}

/** The trainee opens the response link; `added` is what their device says arrived. */
export async function receive(trainee: Page, responseLink: string, added = '1 sign-off added.'): Promise<void> {
  await trainee.goto(responseLink);
  await expect(trainee.locator('[data-message]')).toContainText(`Tess Trainee: ${added}`);
}

/** A trainee's device with Tess on the checklist and her own key made with `passphrase`. */
export async function traineeWithKey(trainee: Page, passphrase: string): Promise<void> {
  await trainee.goto('checklist/');
  const menu = trainee.locator('tandem-profile');
  await menu.locator('summary').click();
  await menu.getByLabel('Add a trainee').fill('Tess Trainee');
  await menu.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(menu.locator('summary')).toContainText('Tess Trainee');
  const panel = trainee.getByRole('region', { name: 'Your key' });
  await panel.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await panel.getByLabel('Passphrase again').fill(passphrase);
  await panel.getByRole('button', { name: 'Make my key' }).click();
  await expect(panel).toContainText('Your key is made and unlocked on this device.', { timeout: 20_000 });
}

/** The trainee exports their signed record from My progress; returns the file's path. */
export async function exportSignedRecord(trainee: Page): Promise<string> {
  await trainee.goto('progress/');
  const download = trainee.waitForEvent('download');
  await trainee.getByRole('button', { name: 'Export signed record' }).click();
  return (await download).path();
}
