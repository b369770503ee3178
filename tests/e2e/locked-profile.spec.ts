/**
 * A trainee profile locked on a shared training-room PC, with three devices (the trainee's, the
 * trainer's, a verifier's): asked to acknowledge a sign-off and to answer a proof-of-holder
 * challenge, the locked profile asks for its passphrase; a wrong one is refused with a clear
 * message and changes nothing (still locked, nothing acknowledged, no answer); the right one
 * unlocks, and the answer verifies on the verifier's device.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from './helpers/test';
import { devices } from './helpers/devices';
import {
  askForSignoff,
  exportSignedRecord,
  receive,
  restoreDemoKey,
  signRequest,
  traineeWithKey,
} from './helpers/signoff';

const PASSPHRASE = 'tess keeps this one safe';

test('a locked profile asks for its passphrase to acknowledge and to prove holding; a wrong one changes nothing', async ({
  browser,
  baseURL,
}, info) => {
  test.setTimeout(150_000);
  const { trainee, trainer, verifier, close } = await devices(browser, baseURL, 'trainee', 'trainer', 'verifier');
  await traineeWithKey(trainee, PASSPHRASE);
  await restoreDemoKey(trainer);
  const request = await askForSignoff(trainee, 'active-listening', 'Show');
  await receive(
    trainee,
    await signRequest(trainer, request, (p) => p.getByRole('radio', { name: /^Visual/ }).check(), 'Signed off'),
  );

  // Tess leaves the shared PC: she locks her profile.
  const keyPanel = trainee.getByRole('region', { name: 'Your key' });
  await keyPanel.getByRole('button', { name: 'Lock my profile' }).click();
  await expect(keyPanel).toContainText('Tess Trainee’s profile is locked on this device');

  // Acknowledging while locked asks for the passphrase, and signs nothing.
  const step = trainee.locator('[data-skill="active-listening"] li[data-step="show"]');
  const ack = step.locator('[data-ack]');
  await ack.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(ack).toContainText('Your profile is locked on this device: unlock it with your passphrase');
  await expect(ack).toHaveAttribute('data-ack', 'pending');

  // Someone else at the PC guesses: refused, and the profile stays locked with nothing acknowledged.
  await keyPanel.getByLabel('Passphrase', { exact: true }).fill('someone else guessing');
  await keyPanel.getByRole('button', { name: 'Unlock' }).click();
  await expect(keyPanel).toContainText('does not open this trainee’s key', { timeout: 20_000 });
  await expect(keyPanel).toContainText('is locked on this device');
  await ack.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(ack).toContainText('Your profile is locked on this device');
  await expect(ack).toHaveAttribute('data-ack', 'pending');
  // The stored profile holds no acknowledgement.
  const acks = await trainee.evaluate(() =>
    Object.values({ ...localStorage }).flatMap((raw) => {
      try {
        const profiles = (JSON.parse(raw) as { profiles?: Record<string, { acks?: string[] }> }).profiles ?? {};
        return Object.values(profiles).flatMap((p) => p.acks ?? []);
      } catch {
        return [];
      }
    }),
  );
  expect(acks).toEqual([]);

  // Tess's passphrase unlocks it, and she acknowledges.
  await keyPanel.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await keyPanel.getByRole('button', { name: 'Unlock' }).click();
  await expect(keyPanel).toContainText('is unlocked on this device', { timeout: 20_000 });
  await ack.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(ack).toHaveAttribute('data-ack', 'acknowledged');
  const record = await exportSignedRecord(trainee);
  expect(JSON.parse(readFileSync(record, 'utf8')).acknowledgements).toHaveLength(1);

  // Locked again, then a verifier asks whoever presents the record to prove it is theirs.
  await trainee.goto('checklist/');
  await keyPanel.getByRole('button', { name: 'Lock my profile' }).click();
  await expect(keyPanel).toContainText('is locked on this device');
  await verifier.goto('verify/');
  await verifier.getByLabel('Progress file', { exact: true }).setInputFiles(record);
  await expect(verifier.locator('[data-signatures]')).toContainText('1 of 1 sign-offs also signed by the trainee');
  const panel = verifier.getByRole('region', { name: 'Is it theirs?' });
  await panel.getByRole('button', { name: 'Ask them to prove it' }).click();
  const challenge = await panel.getByLabel('Challenge link').inputValue();

  // The locked profile asks for the passphrase before it can answer.
  await trainee.goto(challenge);
  const prove = trainee.getByRole('region', { name: 'Prove this record is yours' });
  await expect(prove).toContainText('Tess Trainee’s profile is locked on this device: unlock it to answer.');
  await expect(prove.getByRole('button', { name: 'Sign the answer' })).toHaveCount(0);
  await prove.getByLabel('Tess Trainee’s passphrase').fill('not her passphrase');
  await prove.getByRole('button', { name: 'Unlock and answer' }).click();
  await expect(prove.locator('[role="status"]').first()).toContainText('does not open this trainee’s key', {
    timeout: 20_000,
  });
  // Nothing changed: still locked, no answer signed.
  await expect(prove.getByRole('button', { name: 'Sign the answer' })).toHaveCount(0);
  await expect(prove.getByLabel('Your answer', { exact: true })).toHaveCount(0);
  await expect(keyPanel).toContainText('is locked on this device');
  if (info.project.name === 'root') {
    for (const width of [390, 1280]) {
      await trainee.setViewportSize({ width, height: 900 });
      await prove.screenshot({ path: `test-results/locked-holder-${width}.png` });
    }
  }

  await prove.getByLabel('Tess Trainee’s passphrase').fill(PASSPHRASE);
  await prove.getByRole('button', { name: 'Unlock and answer' }).click();
  await prove.getByRole('button', { name: 'Sign the answer' }).click({ timeout: 20_000 });
  const answer = await prove.getByLabel('Your answer', { exact: true }).inputValue();
  await panel.getByLabel(/Their answer/).fill(answer);
  await panel.getByRole('button', { name: 'Check the answer' }).click();
  await expect(panel.locator('[data-holder-result]')).toContainText('Presented by its owner');
  await expect(panel).toHaveAttribute('data-state', 'owner');
  await close();
});
