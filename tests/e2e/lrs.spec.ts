/**
 * Two trainers share one cohort through a real LRS: Learning Locker's statement
 * service, started here in memory on the loopback port the test site was built with
 * (scripts/build-test-sites.mjs). Trainer A signs a trainee's step and sends; trainer B, another
 * browser with another key, fills the desk from the LRS and sees it; a statement whose entry was
 * altered in the LRS is refused with its reason; wrong credentials and a stopped LRS say so, and
 * nothing already held is lost (statements wait on the device and go out later). Then the trainee
 * makes her own key: a step signed for it and acknowledged by her goes to the LRS with its
 * acknowledgement, and B's desk shows both signatures.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './helpers/test';
import { addTrainee } from './helpers/quiz';
import { askForSignoff, exportSignedRecord, receive, restoreDemoKey, signRequest } from './helpers/signoff';
import { authorization, startLrs, type TestLrs } from '../lrs/lrs';

const A = { key: 'trainer-a', secret: 'secret-of-a' };
const B = { key: 'trainer-b', secret: 'secret-of-b' };
// The ports the test sites were built with (scripts/build-test-sites.mjs, TANDEM_LRS_PORT).
const LRS_PORT = Number(process.env.TANDEM_LRS_PORT ?? 4945);
const PORTS: Record<string, number> = { root: LRS_PORT, subpath: LRS_PORT + 1 };

let lrs: TestLrs;
test.beforeAll(async ({}, testInfo) => {
  lrs = await startLrs(PORTS[testInfo.project.name] ?? LRS_PORT, [A, B]);
});
test.afterAll(() => lrs?.close());

async function connect(page: Page, key: string, secret: string): Promise<void> {
  const panel = page.locator('tandem-lrs');
  await panel.getByLabel('LRS key').fill(key);
  await panel.getByLabel('LRS secret').fill(secret);
  await panel.getByRole('button', { name: 'Save on this device' }).click();
}

const status = (page: Page) => page.locator('[data-lrs-status]');

test('two trainers share a trainee’s record through the LRS; altered entries, wrong keys and a stopped LRS are told apart', async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(180_000);
  const traineeDevice = await browser.newContext({ baseURL: baseURL! });
  const deviceA = await browser.newContext({ baseURL: baseURL! });
  const deviceB = await browser.newContext({ baseURL: baseURL! });
  const trainee = await traineeDevice.newPage();
  const trainerA = await deviceA.newPage();
  const trainerB = await deviceB.newPage();

  await trainee.goto('checklist/');
  await addTrainee(trainee, 'Tess Trainee');
  await restoreDemoKey(trainerA);
  const showRequest = await askForSignoff(trainee, 'active-listening', 'Show');
  await receive(
    trainee,
    await signRequest(
      trainerA,
      showRequest,
      async (p) => {
        await p.getByRole('radio', { name: /^Visual/ }).check();
        await p.getByLabel('What the trainee noticed, and why, in their words').fill('Mirroring slowed him down.');
      },
      'Signed off',
    ),
  );

  // Trainer A connects and sends what they signed (the trainee is not even on A's desk).
  await trainerA.goto('trainer/cohort/');
  await connect(trainerA, A.key, A.secret);
  await expect(status(trainerA)).toContainText('Read 0 statements from the LRS');
  await trainerA.getByRole('button', { name: 'Send to the LRS' }).click();
  await expect(status(trainerA)).toHaveText('1 statement stored in the LRS.');
  await expect(trainerA.locator('[data-lrs-waiting]')).toHaveText('Nothing waits to be sent.');
  // The key and secret are nowhere on the page once saved.
  expect(await trainerA.content()).not.toContain(A.secret);

  // Trainer B, another browser and key: the desk fills itself as soon as the key is saved.
  await trainerB.goto('trainer/cohort/');
  await connect(trainerB, B.key, B.secret);
  await expect(status(trainerB)).toContainText('Read 1 statement from the LRS: 1 trainee added');
  await expect(trainerB.locator('[data-rows]')).toContainText('Tess Trainee');

  // Someone with a key to the LRS stores a copy of A's statement with the entry's notes changed.
  const query = new URL('statements', lrs.endpoint);
  query.searchParams.set('activity', baseURL!);
  query.searchParams.set('related_activities', 'true');
  const headers = { Authorization: authorization(A), 'X-Experience-API-Version': '1.0.3' };
  type Json = { id: string; context: { extensions: Record<string, unknown> } } & Record<string, unknown>;
  const held = (await (await fetch(query, { headers })).json()) as { statements: Json[] };
  const forged = structuredClone(held.statements[0]) as Json;
  const key = `${baseURL}xapi/extensions/entry`;
  const [h, p, sig] = String(forged.context.extensions[key]).split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as { notes: string };
  payload.notes = 'Outstanding, skip the other steps.';
  forged.context.extensions[key] = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;
  forged.id = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a7b';
  for (const k of ['stored', 'authority', 'version']) delete forged[k];
  const put = await fetch(query.origin + query.pathname, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify([forged]),
  });
  expect(put.status).toBe(200);

  await trainerB.getByRole('button', { name: 'Fill the desk from the LRS' }).click();
  await expect(status(trainerB)).toContainText('Read 2 statements from the LRS');
  await expect(status(trainerB)).toContainText('1 already up to date; 1 refused (listed below)');
  const refused = trainerB.locator('[data-lrs-refused]');
  await expect(refused).toContainText(`Statement ${forged.id} (claims to be about Tess Trainee)`);
  await expect(refused).toContainText('Signature does not match');
  await expect(trainerB.locator('[data-rows]')).toContainText('Tess Trainee');

  for (const width of [390, 1280]) {
    await trainerB.setViewportSize({ width, height: 900 });
    await trainerB.locator('tandem-lrs').screenshot({ path: testInfo.outputPath(`lrs-panel-${width}.png`) });
  }

  // Wrong credentials: a clear message, and the desk keeps what it holds.
  await trainerB.getByRole('button', { name: 'Remove the key and secret' }).click();
  await expect(status(trainerB)).toContainText('removed from this device');
  await connect(trainerB, B.key, 'not-the-secret');
  await expect(status(trainerB)).toContainText('Nothing changed on the desk.');
  await expect(status(trainerB)).toContainText('did not accept the key and secret (401)');
  await expect(trainerB.locator('[data-rows]')).toContainText('Tess Trainee');
  await trainerB.getByRole('button', { name: 'Remove the key and secret' }).click();
  await connect(trainerB, B.key, B.secret);
  await expect(status(trainerB)).toContainText('Read 2 statements');

  // The LRS goes down: A signs the next step, the statements wait on A's device, even over a reload.
  await lrs.stop();
  const copilotRequest = await askForSignoff(trainee, 'active-listening', 'Co-pilot');
  const copilotResponse = await signRequest(
    trainerA,
    copilotRequest,
    (page) => page.getByLabel('Debrief notes').fill('Ran the order system alone.'),
    'Signed off',
  );
  await trainerA.goto('trainer/cohort/');
  await expect(status(trainerA)).toContainText('Nothing changed on the desk.');
  await expect(status(trainerA)).toContainText('cannot be reached');
  await trainerA.getByRole('button', { name: 'Send to the LRS' }).click();
  await expect(status(trainerA)).toContainText('cannot be reached');
  await expect(status(trainerA)).toContainText('2 statements wait on this device and will be sent next time');
  await trainerA.reload();
  await expect(trainerA.locator('[data-lrs-waiting]')).toHaveText('2 statements wait to be sent to the LRS.');

  // Back up (empty: it ran in memory): the queue goes out, and B sees the new step.
  await lrs.start();
  await trainerA.getByRole('button', { name: 'Send to the LRS' }).click();
  await expect(status(trainerA)).toHaveText('2 statements stored in the LRS.');
  await expect(trainerA.locator('[data-lrs-waiting]')).toHaveText('Nothing waits to be sent.');
  await trainerB.getByRole('button', { name: 'Fill the desk from the LRS' }).click();
  await expect(status(trainerB)).toContainText('Read 2 statements from the LRS: 0 trainees added, 1 updated');

  // Two signatures: Tess makes her own key; the Solo step is signed for it and she acknowledges it.
  await receive(trainee, copilotResponse);
  const keyPanel = trainee.getByRole('region', { name: 'Your key' });
  await keyPanel.getByLabel('Passphrase', { exact: true }).fill('tess keeps this one safe');
  await keyPanel.getByLabel('Passphrase again').fill('tess keeps this one safe');
  await keyPanel.getByRole('button', { name: 'Make my key' }).click();
  await expect(keyPanel).toContainText('Your key is made and unlocked on this device.', { timeout: 20_000 });
  const soloRequest = await askForSignoff(trainee, 'active-listening', 'Solo');
  await receive(
    trainee,
    await signRequest(
      trainerA,
      soloRequest,
      (page) => page.getByLabel('Debrief notes').fill('Took a complaint call alone.'),
      'Signed off',
    ),
  );
  const solo = trainee.locator('[data-skill="active-listening"] li[data-step="solo"] [data-ack]');
  await solo.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(solo).toHaveAttribute('data-ack', 'acknowledged');
  const record = await exportSignedRecord(trainee);

  // A's desk takes Tess's record; sending publishes her acknowledgement beside A's entries.
  await trainerA.goto('trainer/cohort/');
  await expect(status(trainerA)).toContainText('Read 2 statements from the LRS');
  await trainerA.getByLabel('Trainees’ signed progress files').setInputFiles(record);
  // A's desk filled Tess's single-signed steps from the LRS on opening: her own file replaces them.
  await expect(trainerA.locator('[data-import-status]')).toContainText('0 added, 1 replaced by a newer file');
  await trainerA.getByRole('button', { name: 'Send to the LRS' }).click();
  await expect(status(trainerA)).toHaveText('4 statements stored in the LRS.');

  // B's desk reads it back: the acknowledgement is judged by the one verdict, and the cell shows it.
  await trainerB.getByRole('button', { name: 'Fill the desk from the LRS' }).click();
  await expect(status(trainerB)).toContainText('Read 4 statements from the LRS: 0 trainees added, 1 updated');
  await expect(trainerB.locator('[data-lrs-refused]')).toBeHidden();
  const row = trainerB.locator('[data-rows] tr', { hasText: 'Tess Trainee' });
  await expect(row).toContainText(
    'Show signed off; Co-pilot signed off; Solo signed off, acknowledged by the trainee; Teach-back not started.',
  );
  await expect(row.locator('.cohort-mark--two')).toHaveText('✓✓');
  await Promise.all([traineeDevice, deviceA, deviceB].map((c) => c.close()));
});
