/**
 * Two signatures and proof of holder, face to face, with three devices: the trainee's (her key),
 * the trainer's (the demo key) and a verifier's. The trainer signs a step for Tess's key, her
 * device acknowledges it with that key, and the verifier sees both signatures. The verifier verifies Tess's record, challenges whoever presents it,
 * Tess's device answers with her key, and the verifier sees "Presented by its owner"; the same
 * answer again is refused, and so is a record nobody vouched a trainee key for.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from './helpers/test';
import {
  askForSignoff,
  exportSignedRecord,
  receive,
  restoreDemoKey,
  signRequest,
  traineeWithKey,
} from './helpers/signoff';

test('the trainee acknowledges a sign-off with her key, and proves holding to a verifier: the answer counts once', async ({
  browser,
  baseURL,
}, info) => {
  test.setTimeout(150_000);
  const [traineeDevice, trainerDevice, verifierDevice] = await Promise.all([
    browser.newContext({ baseURL: baseURL! }),
    browser.newContext({ baseURL: baseURL! }),
    browser.newContext({ baseURL: baseURL! }),
  ]);
  const trainee = await traineeDevice.newPage();
  const trainer = await trainerDevice.newPage();
  const verifier = await verifierDevice.newPage();
  await traineeWithKey(trainee, 'tess keeps this one safe');
  await restoreDemoKey(trainer);
  const request = await askForSignoff(trainee, 'active-listening', 'Show');
  const response = await signRequest(
    trainer,
    request,
    (p) => p.getByRole('radio', { name: /^Visual/ }).check(),
    'Signed off',
  );
  await receive(trainee, response);

  // The second signature: Tess acknowledges the sign-off with her key, on the checklist.
  const step = trainee.locator('[data-skill="active-listening"] li[data-step="show"]');
  await expect(step.locator('[data-ack]')).toContainText('Acknowledge this sign-off with your key');
  await step.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(step.locator('[data-ack]')).toContainText('Acknowledged by you on');
  await expect(step.locator('[data-ack]')).toHaveAttribute('data-ack', 'acknowledged');
  if (info.project.name === 'root') await step.screenshot({ path: 'test-results/holder-ack-step-1280.png' });
  const record = await exportSignedRecord(trainee);
  expect(JSON.parse(readFileSync(record, 'utf8')).acknowledgements).toHaveLength(1);

  await verifier.goto('verify/');
  await verifier.getByLabel('Progress file', { exact: true }).setInputFiles(record);
  await expect(verifier.locator('[data-summary]')).toContainText('Valid: every entry in this record is genuine');
  await expect(verifier.locator('[data-signatures]')).toContainText('1 of 1 sign-offs also signed by the trainee');
  await expect(verifier.locator('[data-kind="acknowledgement"]')).toContainText('Acknowledgement 1 — valid');
  const panel = verifier.getByRole('region', { name: 'Is it theirs?' });
  await expect(panel).toContainText('one entry of the record was made for');
  await panel.getByRole('button', { name: 'Ask them to prove it' }).click();
  await expect(panel.getByRole('img', { name: /QR code of the challenge for Tess Trainee/ })).toBeVisible();
  const challenge = await panel.getByLabel('Challenge link').inputValue();
  if (info.project.name === 'root') {
    for (const width of [390, 1280]) {
      await verifier.setViewportSize({ width, height: 900 });
      await panel.screenshot({ path: `test-results/holder-challenge-${width}.png` });
    }
  }

  // Tess's device: the challenge opens her checklist, she signs, and shows the answer.
  await trainee.goto(challenge);
  const prove = trainee.getByRole('region', { name: 'Prove this record is yours' });
  await expect(prove).toContainText('A verifier asks you to prove that Tess Trainee’s record is yours');
  await prove.getByRole('button', { name: 'Sign the answer' }).click();
  await expect(prove.getByRole('img', { name: 'QR code of your answer' })).toBeVisible();
  const answer = await prove.getByLabel('Your answer', { exact: true }).inputValue();
  expect(answer.length).toBeLessThan(130);
  if (info.project.name === 'root') {
    for (const width of [390, 1280]) {
      await trainee.setViewportSize({ width, height: 900 });
      await prove.screenshot({ path: `test-results/holder-answer-${width}.png` });
    }
  }

  await panel.getByLabel(/Their answer/).fill(answer);
  await panel.getByRole('button', { name: 'Check the answer' }).click();
  await expect(panel.locator('[data-holder-result]')).toContainText('Presented by its owner');
  await expect(panel).toHaveAttribute('data-state', 'owner');

  // The same answer again (a replay) is refused: the challenge counted once.
  await panel.getByRole('button', { name: 'Ask again' }).click();
  await panel.getByLabel(/Their answer/).fill(answer);
  await panel.getByRole('button', { name: 'Check the answer' }).click();
  await expect(panel.locator('[data-holder-result]')).toContainText('Not proven — Answers another challenge');

  // An answer link opened in another tab of the verifier's browser reaches the waiting page.
  await trainee.goto(await panel.getByLabel('Challenge link').inputValue());
  const second = trainee.getByRole('region', { name: 'Prove this record is yours' });
  await second.getByRole('button', { name: 'Sign the answer' }).click();
  const link = await second.getByRole('link', { name: 'The answer as a link' }).getAttribute('href');
  const tab = await verifierDevice.newPage();
  await tab.goto(link!);
  await expect(tab.locator('[data-holder-delivered]')).toContainText('Presented by its owner');
  await expect(panel.locator('[data-holder-result]')).toContainText('Presented by its owner');

  // A record with the key taken out is single-signed: nothing to prove.
  const bare = JSON.parse(readFileSync(record, 'utf8'));
  delete bare.trainee.key;
  const barePath = info.outputPath('bare.json');
  writeFileSync(barePath, JSON.stringify(bare));
  await verifier.getByLabel('Progress file', { exact: true }).setInputFiles(barePath);
  await expect(verifier.getByRole('region', { name: 'Is it theirs?' })).toContainText('no trainee key');
  // …and its acknowledgement no longer has a key to be checked against: refused, with its reason.
  await expect(verifier.locator('[data-kind="acknowledgement"]')).toContainText('NOT VALID');
  for (const ctx of [traineeDevice, trainerDevice, verifierDevice]) await ctx.close();
});
