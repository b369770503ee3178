/**
 * The trainee's own key across devices: made on the checklist with a passphrase, carried by a
 * sign-off request so the trainer's entry names it, locking and unlocking a profile on a shared
 * PC, moving to a new device inside the progress file (arriving locked), and a request whose key
 * was swapped: the entry the trainer signs for it is refused by the trainee's device.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './helpers/test';
import { addTrainee } from './helpers/quiz';
import { devices } from './helpers/devices';
import { askForSignoff, receive, restoreDemoKey, signRequest } from './helpers/signoff';

const PASSPHRASE = 'tess keeps this one safe';
const SKILL = 'active-listening';

async function makeKey(trainee: Page): Promise<string> {
  const panel = trainee.getByRole('region', { name: 'Your key' });
  await panel.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await panel.getByLabel('Passphrase again').fill(PASSPHRASE);
  await panel.getByRole('button', { name: 'Make my key' }).click();
  await expect(panel).toContainText('Your key is made and unlocked on this device.', { timeout: 20_000 });
  const kid = /Your key \(([A-Za-z0-9_-]{8})…\) is unlocked/.exec((await panel.textContent()) ?? '')?.[1];
  expect(kid).toBeTruthy();
  return kid as string;
}

test('a bound sign-off: the request carries the trainee’s key, the entry names it, and a locked profile cannot ask', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const { trainee, trainer, close } = await devices(browser, baseURL, 'trainee', 'trainer');
  await trainee.goto('checklist/');
  await addTrainee(trainee, 'Tess Trainee');
  await expect(trainee.getByRole('region', { name: 'Your key' })).toContainText('Make your own key');
  await trainee.screenshot({ path: 'test-results/trainee-key-none-1280.png' });
  const kid = await makeKey(trainee);
  await trainee.setViewportSize({ width: 390, height: 800 });
  await trainee.getByRole('region', { name: 'Your key' }).screenshot({ path: 'test-results/trainee-key-390.png' });
  await trainee.setViewportSize({ width: 1280, height: 800 });

  await restoreDemoKey(trainer);
  const request = await askForSignoff(trainee, SKILL, 'Show');
  await trainer.goto(request);
  await expect(trainer.locator('[data-trainee]')).toContainText('Your entry will name the key their request carries.');
  const response = await signRequest(
    trainer,
    request,
    (p) => p.getByRole('radio', { name: /^Visual/ }).check(),
    'Signed off',
  );
  const payload = JSON.parse(Buffer.from(response.split('#response=')[1]!.split('.')[1]!, 'base64url').toString());
  expect(payload.trainee.kid.slice(0, 8)).toBe(kid);
  await receive(trainee, response);

  // The signed record carries the trainee's public key, and verifies.
  await trainee.goto('progress/');
  const download = trainee.waitForEvent('download');
  await trainee.getByRole('button', { name: 'Export signed record' }).click();
  const bundlePath = await (await download).path();
  const bundle = JSON.parse(readFileSync(bundlePath, 'utf8'));
  expect(Object.keys(bundle.trainee.key).sort()).toEqual(['crv', 'kty', 'x', 'y']);
  await trainer.goto('verify/');
  await trainer.getByLabel('Progress file', { exact: true }).setInputFiles(bundlePath);
  await expect(trainer.locator('[data-summary]')).toContainText(
    'Valid: every entry in this record is genuine and unaltered',
  );

  // Locked on a shared PC: no request in Tess's name until her passphrase unlocks it.
  await trainee.goto('checklist/');
  const panel = trainee.getByRole('region', { name: 'Your key' });
  await panel.getByRole('button', { name: 'Lock my profile' }).click();
  await expect(panel).toContainText('is locked on this device');
  const skill = trainee.locator(`[data-skill="${SKILL}"]`);
  await skill.getByRole('button', { name: 'Ask for sign-off: Co-pilot' }).click();
  await expect(skill.locator('[data-request-text]')).toContainText('This profile is locked on this device');
  await expect(skill.getByLabel('Sign-off request link')).toHaveValue('');
  const passphrase = panel.getByLabel('Passphrase', { exact: true });
  await passphrase.fill('someone else guessing');
  await panel.getByRole('button', { name: 'Unlock' }).click();
  // Tess types the right one while the wrong one is still being tried: the panel's answer
  // does not wipe it away.
  await passphrase.fill(PASSPHRASE);
  await expect(panel).toContainText('does not open this trainee’s key', { timeout: 20_000 });
  await expect(passphrase).toHaveValue(PASSPHRASE);
  await panel.getByRole('button', { name: 'Unlock' }).click();
  await expect(panel).toContainText('is unlocked on this device', { timeout: 20_000 });
  await askForSignoff(trainee, SKILL, 'Co-pilot');
  await close();
});

test('the key moves with the progress file and arrives locked; an entry for a swapped key is refused', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const { old, trainer, fresh, close } = await devices(browser, baseURL, 'old', 'trainer', 'fresh');
  await old.goto('checklist/');
  await addTrainee(old, 'Tess Trainee');
  const kid = await makeKey(old);
  await old.goto('progress/');
  const exported = old.waitForEvent('download');
  await old.getByRole('button', { name: 'Export my progress' }).click();
  const progressPath = await (await exported).path();
  const file = readFileSync(progressPath, 'utf8');
  expect(JSON.parse(file).profile.key.kid.slice(0, 8)).toBe(kid);
  expect(file).not.toMatch(/"d":/);

  await fresh.goto('progress/');
  await fresh.getByLabel('Import a progress file or signed record').setInputFiles(progressPath);
  await fresh.goto('checklist/');
  const panel = fresh.getByRole('region', { name: 'Your key' });
  await expect(panel).toContainText(`Tess Trainee’s profile is locked on this device (key ${kid}…)`);
  await panel.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await panel.getByRole('button', { name: 'Unlock' }).click();
  await expect(panel).toContainText('is unlocked on this device', { timeout: 20_000 });

  // Someone swaps their own key into Tess's request; the trainer signs what they were shown.
  const request = await askForSignoff(fresh, SKILL, 'Show');
  const [before, fragment] = request.split('#request=') as [string, string];
  const data = JSON.parse(Buffer.from(fragment, 'base64url').toString('utf8'));
  data.trainee.key = { kty: 'EC', crv: 'P-256', ...otherKey };
  const swapped = `${before}#request=${Buffer.from(JSON.stringify(data)).toString('base64url')}`;
  await restoreDemoKey(trainer);
  const response = await signRequest(
    trainer,
    swapped,
    (p) => p.getByRole('radio', { name: /^Visual/ }).check(),
    'Signed off',
  );
  await fresh.goto('about:blank');
  await fresh.goto(response);
  await expect(fresh.locator('[data-message]')).toContainText('nothing new added, 1 entry refused');
  await expect(fresh.locator('[data-results]')).toContainText('not this trainee’s key');
  await close();
});

/** Another P-256 public key (the demo trainer's, published): any key but Tess's will do. */
const otherKey = {
  x: '3rCfVnbGhhdXl2_n0Fdr4Ro1tvx_1T-hXDycnrkGalQ',
  y: 'aIKc50QxoEsaNhT0fmMpeZNJemvIIIWcMOF-iaEQrbc',
};
