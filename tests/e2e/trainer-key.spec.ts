/**
 * The trainer's key page, the way a trainer uses it: create a key and its backup, move it to
 * another device (a second browser context), lock and unlock it, and be refused clearly for a
 * wrong passphrase, a damaged or foreign file, or storage that fails, with nothing changed.
 * PBKDF2 at 600,000 iterations takes about half a second per call, hence the longer waits.
 */
import { chromium, expect, test, type Locator, type Page } from './helpers/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';

const DEMO_BACKUP = readFileSync('demo/demo-trainer.tandem-key.json', 'utf8');
const DEMO_PASSPHRASE = 'demo-trainer-passphrase';
const DEMO_KID = (JSON.parse(DEMO_BACKUP) as { kid: string }).kid;
const PASSPHRASE = 'paper lantern orbit seven';
/** Long enough for a PBKDF2 derivation or two on a busy machine. */
const SLOW = { timeout: 20_000 };
const NOT_ON_ROSTER =
  'Not on the roster yet: send this entry to the course owner; sign-offs made before it is published will be refused.';

const COURSE = 'northwind-service-essentials';

const region = (page: Page, name: string): Locator => page.getByRole('region', { name });
const keyPanel = (page: Page) => region(page, 'Your key on this device');

function jsonFile(name: string, text: string) {
  return { name, mimeType: 'application/json', buffer: Buffer.from(text) };
}

async function restore(page: Page, file: string | ReturnType<typeof jsonFile>, passphrase: string): Promise<Locator> {
  const form = region(page, 'Restore from a backup file');
  await form.getByLabel('Backup file').setInputFiles(file);
  await form.getByLabel('Backup passphrase').fill(passphrase);
  await form.getByRole('button', { name: 'Restore key' }).click();
  return form.getByRole('status');
}

async function restoreDemo(page: Page): Promise<void> {
  await restore(page, jsonFile('demo-trainer.tandem-key.json', DEMO_BACKUP), DEMO_PASSPHRASE);
  await expect(keyPanel(page)).toContainText(DEMO_KID, SLOW);
}

async function expectNoKey(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Create your signing key' })).toBeVisible();
  await expect(keyPanel(page)).toBeHidden();
}

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('a trainer creates a key, moves it to another device with its backup, and locks and unlocks it', async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(90_000);
  await page.goto('trainer/');
  const create = region(page, 'Create your signing key');
  const passphrase = create.getByLabel('Passphrase', { exact: true });
  const confirm = create.getByLabel('Passphrase again');
  const submit = create.getByRole('button', { name: 'Create key and download its backup' });
  const createMessage = create.getByRole('status');

  await create.getByLabel('Full name').fill('Sam Rivera');
  await expect(create.getByLabel('Trainer id')).toHaveValue('sam-rivera');

  await passphrase.fill('too short');
  await confirm.fill('too short');
  await submit.click();
  await expect(createMessage).toHaveText(
    'Use a passphrase of at least 12 characters (this one has 9). Nothing was created.',
  );
  await expect(passphrase).toBeFocused();
  await expect(passphrase).toHaveAttribute('aria-invalid', 'true');

  await passphrase.fill(PASSPHRASE);
  await confirm.fill(`${PASSPHRASE}!`);
  await submit.click();
  await expect(createMessage).toContainText('The two passphrases are not the same');
  await expect(confirm).toBeFocused();
  await expect(keyPanel(page)).toBeHidden();

  await confirm.fill(PASSPHRASE);
  const downloading = page.waitForEvent('download', SLOW);
  await submit.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('sam-rivera.tandem-key.json');
  // Saved under its own name, as a trainer's downloads folder would keep it.
  const backupPath = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(backupPath);
  const backupText = readFileSync(backupPath, 'utf8');
  const backup = JSON.parse(backupText) as Record<string, unknown> & { kid: string; publicJwk: object };
  expect(backup).toMatchObject({
    format: 'tandem-trainer-key-backup',
    version: 1,
    trainerId: 'sam-rivera',
    name: 'Sam Rivera',
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 },
    cipher: { name: 'AES-GCM' },
  });
  expect(backup.publicJwk).not.toHaveProperty('d');
  expect(backupText).not.toContain(PASSPHRASE);

  const key = keyPanel(page);
  await expect(key).toContainText(backup.kid, SLOW);
  await expect(key).toContainText('Unlocked: ready to sign');
  await expect(page.getByRole('heading', { name: 'Your key on this device' })).toBeFocused();
  await expect(page.getByText('Your key is made, saved in this browser and unlocked.')).toBeVisible();
  await expect(page.getByText(/DEMO key/)).toBeHidden();
  await expect(page.getByRole('link', { name: 'Sign off a trainee’s step' })).toHaveAttribute(
    'href',
    new URL('trainer/sign/', baseURL).pathname,
  );

  const roster = region(page, 'Your roster entry');
  await expect(roster).toContainText(NOT_ON_ROSTER);
  await expect(roster).toContainText('src/content/trainers/sam-rivera.yaml');
  const entry = load((await roster.locator('pre').textContent())!) as {
    name: string;
    keys: { kid: string; jwk: object; validFrom: string; status: string }[];
  };
  expect(entry).toEqual({
    name: 'Sam Rivera',
    keys: [
      {
        kid: backup.kid,
        jwk: backup.publicJwk,
        validFrom: new Date().toISOString().slice(0, 10),
        status: 'active',
      },
    ],
  });

  // The key is in IndexedDB: a reload keeps it, still unlocked.
  await page.reload();
  await expect(keyPanel(page)).toContainText(backup.kid);
  await expect(keyPanel(page)).toContainText('Unlocked: ready to sign');

  // Another device: first the wrong passphrase, then the right one.
  const otherDevice = await browser.newContext({ baseURL: baseURL! });
  const other = await otherDevice.newPage();
  await other.goto('trainer/');
  let message = await restore(other, backupPath, 'not my passphrase at all');
  await expect(message).toContainText(
    'sam-rivera.tandem-key.json was not restored: The passphrase does not open this backup.',
    SLOW,
  );
  await expect(message).toContainText('Nothing was changed.');
  await expect(region(other, 'Restore from a backup file').getByLabel('Backup passphrase')).toBeFocused();
  await other.reload();
  await expectNoKey(other);

  message = await restore(other, backupPath, PASSPHRASE);
  await expect(keyPanel(other)).toContainText(backup.kid, SLOW);
  await expect(keyPanel(other)).toContainText('Unlocked: ready to sign');
  await expect(other.getByText('Restored the key of Sam Rivera from sam-rivera.tandem-key.json.')).toBeVisible();

  // Lock, and it stays locked across a reload; unlock with the wrong, then the right passphrase.
  const otherKey = keyPanel(other);
  await otherKey.getByRole('button', { name: 'Lock the key' }).click();
  await expect(otherKey).toContainText('Locked. Nothing on this device can sign with your key');
  await expect(otherKey.getByLabel('Passphrase')).toBeFocused();
  await other.reload();
  await expect(otherKey.locator('dd', { hasText: /^Locked$/ })).toBeVisible();

  // A slow device: PBKDF2 takes a second longer, so the busy state can be seen (until reload).
  await other.evaluate(() => {
    const derive = SubtleCrypto.prototype.deriveKey;
    SubtleCrypto.prototype.deriveKey = async function (...args: Parameters<SubtleCrypto['deriveKey']>) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return derive.apply(this, args);
    };
  });
  await otherKey.getByLabel('Passphrase').fill('not my passphrase at all');
  await otherKey.getByRole('button', { name: 'Unlock' }).click();
  await expect(otherKey.getByRole('button', { name: 'Unlocking…' })).toBeDisabled();
  await expect(otherKey.getByRole('status')).toContainText(
    'That passphrase does not unlock this key. Check it and try again',
    SLOW,
  );
  await expect(otherKey.getByRole('status')).toContainText('The key stays locked.');
  await expect(otherKey.getByLabel('Passphrase')).toBeFocused();
  await expect(otherKey.locator('dd', { hasText: /^Locked$/ })).toBeVisible();

  await otherKey.getByLabel('Passphrase').fill(PASSPHRASE);
  await otherKey.getByRole('button', { name: 'Unlock' }).click();
  await expect(otherKey).toContainText('Unlocked: ready to sign', SLOW);
  await expect(otherKey.getByRole('button', { name: 'Lock the key' })).toBeFocused();
  await other.reload();
  await expect(keyPanel(other)).toContainText('Unlocked: ready to sign');
  await otherDevice.close();
});

test('a damaged backup, a weakened one and files that are not backups are refused; nothing is stored', async ({
  page,
}) => {
  await page.goto('trainer/');
  const backup = JSON.parse(DEMO_BACKUP) as { wrappedKey: string; kdf: { iterations: number } };

  // Characters flipped in the middle of the wrapped key: still base64url, but not what was sealed.
  const middle = Math.floor(backup.wrappedKey.length / 2);
  const flipped = [...backup.wrappedKey.slice(middle, middle + 4)].map((c) => (c === 'A' ? 'B' : 'A')).join('');
  const damaged = {
    ...backup,
    wrappedKey: backup.wrappedKey.slice(0, middle) + flipped + backup.wrappedKey.slice(middle + 4),
  };
  let message = await restore(page, jsonFile('damaged.tandem-key.json', JSON.stringify(damaged)), DEMO_PASSPHRASE);
  await expect(message).toContainText('damaged.tandem-key.json was not restored:', SLOW);
  await expect(message).toContainText('the file has been changed or damaged');
  await expect(message).toContainText('Nothing was changed.');

  message = await restore(page, jsonFile('notes.json', '{"hello":"world","items":[1,2,3]}'), DEMO_PASSPHRASE);
  await expect(message).toHaveText(
    'notes.json was not restored: This file is not a Tandem trainer key backup. Nothing was changed.',
  );
  await expect(region(page, 'Restore from a backup file').getByLabel('Backup file')).toBeFocused();

  message = await restore(page, jsonFile('photo.json', 'not json at all {'), DEMO_PASSPHRASE);
  await expect(message).toHaveText(
    'photo.json was not restored: This file is not a Tandem trainer key backup. Nothing was changed.',
  );

  const weak = { ...backup, kdf: { ...backup.kdf, iterations: 1000 } };
  message = await restore(page, jsonFile('weak.tandem-key.json', JSON.stringify(weak)), DEMO_PASSPHRASE);
  await expect(message).toContainText('only 1,000 PBKDF2 iterations');

  await page.reload();
  await expectNoKey(page);
});

test('the demo backup restores as the roster’s demo trainer, with the DEMO notice; it can be downloaded and removed', async ({
  page,
}) => {
  await page.goto('trainer/');
  await restoreDemo(page);
  const notice = page.getByText('DEMO key — anyone can sign with it; everything it signs is marked demo');
  await expect(notice).toBeVisible();
  await expect(region(page, 'Your roster entry')).toContainText('On the roster as Dana Demo');
  await expect(region(page, 'Your roster entry')).not.toContainText('Not on the roster yet');
  await expect(region(page, 'Your roster entry')).toContainText('The owner has published this key.');

  // Locked, it survives a reload, and still says DEMO.
  await keyPanel(page).getByRole('button', { name: 'Lock the key' }).click();
  // The page says so once the lock is saved; a reload before that could find the key as it was.
  await expect(keyPanel(page)).toContainText('Locked. Nothing on this device can sign with your key');
  await page.reload();
  await expect(keyPanel(page).locator('dd', { hasText: /^Locked$/ })).toBeVisible();
  await expect(notice).toBeVisible();

  const downloading = page.waitForEvent('download');
  await keyPanel(page).getByRole('button', { name: 'Download the backup again' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('demo-trainer.tandem-key.json');
  expect(readFileSync(await download.path(), 'utf8')).toBe(DEMO_BACKUP);

  // Removing takes two steps; Cancel keeps the key.
  const removal = region(page, 'Remove the key from this device');
  await removal.getByRole('button', { name: 'Remove the key from this device…' }).click();
  await expect(removal.getByRole('button', { name: /^Yes, remove the key of Dana Demo/ })).toBeFocused();
  await removal.getByRole('button', { name: 'Cancel' }).click();
  await expect(removal.getByRole('button', { name: 'Remove the key from this device…' })).toBeFocused();
  await removal.getByRole('button', { name: 'Remove the key from this device…' }).click();
  await removal.getByRole('button', { name: /^Yes, remove the key of Dana Demo/ }).click();
  await expectNoKey(page);
  await expect(page.getByRole('heading', { name: 'Create your signing key' })).toBeFocused();
  await expect(page.getByText('The key was removed from this device.')).toBeVisible();
  await page.reload();
  await expectNoKey(page);
});

test('when IndexedDB is refused (as in some private modes), the trainer is told and no key is offered as made', async ({
  page,
}) => {
  // Private mode in some browsers: opening any database fails.
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'InvalidStateError');
    };
  });
  await page.goto('trainer/');
  await expect(page.getByText('This browser does not let the site use its storage')).toBeVisible();
  const create = region(page, 'Create your signing key');
  await create.getByLabel('Full name').fill('Sam Rivera');
  await create.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await create.getByLabel('Passphrase again').fill(PASSPHRASE);
  await create.getByRole('button', { name: 'Create key and download its backup' }).click();
  await expect(create.getByRole('status')).toContainText('This browser does not let the site use its storage');
  await expect(keyPanel(page)).toBeHidden();
});

test('when the storage is full, creating a key is refused with a message and nothing is kept', async ({ page }) => {
  await page.addInitScript(() => {
    IDBObjectStore.prototype.put = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.goto('trainer/');
  const create = region(page, 'Create your signing key');
  await create.getByLabel('Full name').fill('Sam Rivera');
  await create.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await create.getByLabel('Passphrase again').fill(PASSPHRASE);
  await create.getByRole('button', { name: 'Create key and download its backup' }).click();
  await expect(create.getByRole('status')).toContainText('storage for the site is full', SLOW);
  await expect(create.getByRole('status')).toContainText('Nothing was created.');
  await expect(create.getByRole('button', { name: 'Create key and download its backup' })).toBeEnabled();
  await page.reload();
  await expectNoKey(page);
});

test('a key locked in one tab shows as locked in the other tabs', async ({ context }) => {
  const first = await context.newPage();
  await first.goto('trainer/');
  await restoreDemo(first);
  const second = await context.newPage();
  await second.goto('trainer/');
  await expect(keyPanel(second)).toContainText('Unlocked: ready to sign');
  await keyPanel(first).getByRole('button', { name: 'Lock the key' }).click();
  await expect(keyPanel(second).locator('dd', { hasText: /^Locked$/ })).toBeVisible();
  await expect(keyPanel(second).getByRole('button', { name: 'Unlock' })).toBeVisible();
});

test('a key record this page cannot read is reported, kept until the trainer removes it', async ({ page }) => {
  await page.goto('trainer/');
  await expectNoKey(page);
  // As if saved by a later version of Tandem.
  await page.evaluate(
    (course) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('tandem-trainer');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('keys', 'readwrite');
          tx.objectStore('keys').put({ course, v: 99, secret: 'future format' });
          tx.oncomplete = () => (open.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
    COURSE,
  );
  await page.reload();
  await expect(page.getByText('A signing key is saved on this device but this page cannot read it')).toBeVisible();
  // Restoring over it is refused rather than silently replacing it.
  const message = await restore(page, jsonFile('demo-trainer.tandem-key.json', DEMO_BACKUP), DEMO_PASSPHRASE);
  await expect(message).toContainText('This device already holds a different signing key', SLOW);
  const removal = region(page, 'Remove the key from this device');
  await removal.getByRole('button', { name: 'Remove the key from this device…' }).click();
  await removal.getByRole('button', { name: 'Yes, remove it' }).click();
  await expect(page.getByText('The key was removed from this device.')).toBeVisible();
  await restoreDemo(page);
});

test('the key store joins a trainer database that other features already use at a later version', async ({ page }) => {
  await page.addInitScript(() => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    const open = indexedDB.open('tandem-trainer', 3);
    open.onupgradeneeded = () => open.result.createObjectStore('cohort');
    open.onsuccess = () => open.result.close();
  });
  await page.goto('trainer/');
  await restoreDemo(page);
  await page.reload();
  await expect(keyPanel(page)).toContainText(DEMO_KID);
  const stores = await page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const open = indexedDB.open('tandem-trainer');
        open.onsuccess = () => {
          resolve([...open.result.objectStoreNames]);
          open.result.close();
        };
      }),
  );
  expect(stores).toEqual(['cohort', 'keys']);
});

test('the key page has no WCAG 2.2 AA violations without a key and with an unlocked key', async ({ page }) => {
  await page.goto('trainer/');
  await expect(page.getByRole('heading', { name: 'Create your signing key' })).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await axeViolations(page), `no key, ${scheme}`).toEqual([]);
  }
  await restoreDemo(page);
  await expect(keyPanel(page)).toContainText('Unlocked: ready to sign');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await axeViolations(page), `unlocked, ${scheme}`).toEqual([]);
  }
});

test('over plain HTTP on a network host, the page says signing needs HTTPS and offers no key actions', async ({
  baseURL,
  launchOptions,
}) => {
  // http://training.test is not a secure context (unlike 127.0.0.1), so WebCrypto is missing;
  // the resolver rule sends it to our local server, so nothing leaves this machine.
  const insecure = await chromium.launch({
    ...launchOptions,
    args: [...(launchOptions.args ?? []), '--host-resolver-rules=MAP training.test 127.0.0.1'],
  });
  try {
    const page = await (await insecure.newContext()).newPage();
    const url = new URL('trainer/', baseURL);
    url.hostname = 'training.test';
    await page.goto(url.href);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    await expect(page.getByRole('heading', { name: 'Signing needs HTTPS' })).toBeVisible();
    await expect(
      page.getByText('Lessons, quizzes, your progress and checking (verifying) sign-offs keep working'),
    ).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Create your signing key' })).toBeHidden();
    await expect(page.getByRole('heading', { name: 'Restore from a backup file' })).toBeHidden();
    await expect(page.getByRole('button', { name: /Create key|Restore key|Unlock|Lock the key/ })).toHaveCount(0);
    await expect(page.getByText('Looking for a signing key')).toBeHidden();
    expect(await axeViolations(page)).toEqual([]);
  } finally {
    await insecure.close();
  }
});
