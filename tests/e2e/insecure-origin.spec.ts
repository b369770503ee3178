/**
 * Plain-HTTP hosting: on an intranet host without HTTPS the browser gives no
 * WebCrypto, yet verifying must work, hashes included (a record's content versions and entry
 * hashes are recomputed), and the trainer pages must say that signing needs HTTPS.
 *
 * The record is made the usual way on the test server's own origin (127.0.0.1 is a secure
 * context). It is then checked from a second Chromium whose resolver maps training.test to
 * 127.0.0.1 (`--host-resolver-rules`), so http://training.test:PORT is the same local server
 * seen as an insecure origin. Loopback only: nothing leaves the machine.
 */
import { readFileSync } from 'node:fs';
import { chromium, expect, test, type Page } from './helpers/test';
import { addTrainee } from './helpers/quiz';
import { askForSignoff, receive, restoreDemoKey, signRequest } from './helpers/signoff';

const INSECURE_HOST = 'training.test';

test('a genuine signed record verifies on a plain-HTTP host, and the trainer pages say signing needs HTTPS', async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(120_000);

  // A genuine signed record: one sign-off by the demo trainer, exported by the trainee.
  const traineeDevice = await browser.newContext({ baseURL: baseURL! });
  const trainerDevice = await browser.newContext({ baseURL: baseURL! });
  const trainee = await traineeDevice.newPage();
  const trainer = await trainerDevice.newPage();
  await trainee.goto('checklist/');
  await addTrainee(trainee, 'Tess Trainee');
  await restoreDemoKey(trainer);
  await trainee.goto('checklist/');
  const request = await askForSignoff(trainee, 'active-listening', 'Show');
  const response = await signRequest(
    trainer,
    request,
    async (p) => {
      await p.getByRole('radio', { name: /^Visual/ }).check();
      await p.getByLabel('What the trainee noticed, and why, in their words').fill('Slowed down to listen.');
    },
    'Signed off',
  );
  await receive(trainee, response);
  await trainee.goto('progress/');
  const download = trainee.waitForEvent('download');
  await trainee.getByRole('button', { name: 'Export signed record' }).click();
  // Kept in the test's folder: a download goes when its browser context closes.
  const record = testInfo.outputPath('signed-record.json');
  await (await download).saveAs(record);
  await traineeDevice.close();
  await trainerDevice.close();

  // The same server, as an intranet host on plain HTTP: a browser launched like the config's,
  // with training.test resolving to loopback.
  const configured = testInfo.project.use.launchOptions ?? {};
  const plainHttp = await chromium.launch({
    ...configured,
    args: [...(configured.args ?? []), `--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`],
  });
  try {
    const insecureUrl = new URL(baseURL!);
    insecureUrl.hostname = INSECURE_HOST;
    const context = await plainHttp.newContext({ baseURL: insecureUrl.href, serviceWorkers: 'block' });
    const problems: string[] = [];
    // Errors in the page (a Content-Security-Policy violation included); not the browser's own
    // note that it ignores the Cross-Origin-Opener-Policy header on an untrustworthy origin.
    context.on('console', (m) => {
      if (m.type() === 'error' && !/Cross-Origin-Opener-Policy header has been ignored/.test(m.text())) {
        problems.push(m.text());
      }
    });
    const hr: Page = await context.newPage();
    hr.on('pageerror', (e) => problems.push(e.message));

    await hr.goto('verify/');
    expect(new URL(hr.url()).hostname).toBe(INSECURE_HOST);
    expect(await hr.evaluate(() => window.isSecureContext)).toBe(false);
    expect(await hr.evaluate(() => typeof globalThis.crypto?.subtle)).toBe('undefined');

    await hr.getByLabel('Progress file', { exact: true }).setInputFiles(record);
    await expect(hr.locator('[data-summary]')).toContainText(
      'Valid: every entry in this record is genuine and unaltered',
      { timeout: 20_000 },
    );
    await expect(hr.locator('[data-summary]')).not.toContainText('could not be checked');
    await expect(hr.locator('[data-entries] li[data-status="valid"]')).toHaveCount(1);

    // An altered copy is still refused there: the fallback checks, it does not wave through.
    const bundle = JSON.parse(readFileSync(record, 'utf8')) as { entries: string[] };
    const [header, payload, signature] = bundle.entries[0]!.split('.') as [string, string, string];
    const edited = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    edited['notes'] = 'Outstanding in every way.';
    bundle.entries[0] = `${header}.${Buffer.from(JSON.stringify(edited)).toString('base64url')}.${signature}`;
    await hr.getByLabel('Or paste its contents, or a verify link').fill(JSON.stringify(bundle));
    await hr.getByRole('button', { name: 'Verify' }).click();
    await expect(hr.locator('[data-entries] li[data-status="invalid"]')).toHaveCount(1);
    await expect(hr.locator('[data-summary]')).not.toContainText('Valid: every entry');

    // The trainer pages say plainly that signing needs HTTPS.
    await hr.goto('trainer/');
    await expect(hr.getByRole('heading', { name: 'Signing needs HTTPS' })).toBeVisible();
    await expect(hr.locator('tandem-needs-https')).toContainText(`http://${INSECURE_HOST}:`);
    await hr.goto('trainer/sign/');
    await expect(hr.locator('[data-key-status]')).toContainText(
      'Signing needs a secure connection (HTTPS, or localhost)',
    );

    expect(problems, 'no script errors on the plain-HTTP host').toEqual([]);
    await context.close();
  } finally {
    await plainHttp.close();
  }
});
