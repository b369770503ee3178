/**
 * The verify page on an Open Badge, a sign-off file and a trainer's signing log: each is verified
 * (not only named), genuine ones with their facts, tampered ones NOT VALID with the reason in
 * words. Made in Node with the published demo key against the build's own manifest, so genuine
 * ones are VALID, BUT DEMO. Screenshots at 390 and 1,280 px go to the test's output folder.
 */
import { writeFileSync } from 'node:fs';
import { auditFile, nextRecord, type LogRecord } from '../../src/lib/cohort/log';
import { verifyBundle } from '../../src/lib/bundle/verify';
import { courseBadgeCredential, signBadgeJwt } from '../../src/lib/export/badge';
import { signoffFile } from '../../src/lib/trust/signoff-file';
import { certifiedTrainee } from '../fixtures/sample-certified';
import { builtManifest, demoSigner } from './helpers/records';
import { expect, test } from './helpers/test';

const NOW = new Date('2026-11-20T12:00:00.000Z');

const payload = (jws: string) =>
  JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
const withPayload = (jws: string, edit: (p: Record<string, unknown>) => void) => {
  const [h, p, s] = jws.split('.') as [string, string, string];
  const changed = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  edit(changed);
  return `${h}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${s}`;
};

test('the verify page verifies badges, sign-off files and signing logs, and refuses tampered ones', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const site = testInfo.project.name === 'subpath' ? 'sub' : 'root';
  const manifest = builtManifest(site);
  const signer = await demoSigner(manifest);
  const trainee = { id: 'held-tess', name: 'Tess Held' };
  const { bundle } = await certifiedTrainee(signer, manifest, trainee, new Date('2026-06-01T09:30:00Z'));
  const verdict = await verifyBundle(JSON.stringify(bundle), manifest, { now: NOW });
  if (!verdict.readable) throw new Error(verdict.message);
  const root = new URL(testInfo.project.use.baseURL ?? 'http://127.0.0.1/').href;
  const credential = courseBadgeCredential(verdict.record, { siteUrl: root, now: NOW });
  if (!credential.ok) throw new Error(credential.message);
  const badge = await signBadgeJwt(credential.value, signer, { now: new Date('2026-10-01T12:00:00Z') });

  const log: LogRecord[] = [];
  for (const [i, jws] of bundle.entries.slice(0, 6).entries()) {
    const p = payload(jws) as { id: string; trainee: { id: string } };
    log.push(await nextRecord(log, { id: p.id, traineeId: p.trainee.id, jws }, new Date(Date.UTC(2026, 5, 1 + i))));
  }
  const trainer = { id: signer.trainerId, name: signer.trainerName };
  const files = {
    'badge.jwt': badge,
    'badge-edited.jwt': withPayload(badge, (c) => (c['name'] = 'Master of everything')),
    'signoffs.json': JSON.stringify(signoffFile(bundle.entries.slice(0, 4))),
    'signoffs-edited.json': JSON.stringify(
      signoffFile([bundle.entries[0] as string, withPayload(bundle.entries[1] as string, (p) => (p['notes'] = 'x'))]),
    ),
    'log.json': auditFile(log, trainer, NOW),
    'log-broken.json': auditFile([log[0] as LogRecord, ...log.slice(2)], trainer, NOW),
  };
  const paths = Object.fromEntries(
    Object.entries(files).map(([name, text]) => {
      const path = testInfo.outputPath(name);
      writeFileSync(path, text);
      return [name, path];
    }),
  );

  await page.clock.setFixedTime(NOW);
  await page.goto('verify/');
  const summary = page.locator('[data-summary]');
  const facts = page.locator('[data-facts]');
  const entries = page.locator('[data-entries]');
  const drop = async (name: string) => {
    await summary.evaluate((el) => (el.textContent = ''));
    await page.locator('[data-file]').setInputFiles(paths[name] ?? '');
    await expect(summary).not.toHaveText('');
  };

  await drop('badge.jwt');
  await expect(summary).toContainText('VALID, BUT DEMO');
  await expect(summary).toContainText('Genuine Open Badge');
  await expect(facts).toContainText('Tess Held');
  await expect(facts).toContainText('not checked, this site has no canonical address');
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: testInfo.outputPath(`badge-${width}.png`), fullPage: true });
  }

  await drop('badge-edited.jwt');
  await expect(summary).toContainText('NOT VALID');
  await expect(summary).toContainText('Signature does not match');

  await drop('signoffs.json');
  await expect(summary).toContainText('VALID, BUT DEMO');
  await expect(summary).toContainText('All 4 entries are genuine');
  await expect(entries.locator('li')).toHaveCount(4);
  await expect(page.getByRole('heading', { name: 'Entry by entry' })).toBeVisible();

  await drop('signoffs-edited.json');
  await expect(summary).toContainText('NOT VALID');
  await expect(entries).toContainText('NOT VALID (Signature does not match)');

  await drop('log.json');
  await expect(summary).toContainText('The chain holds over all 6 records');
  await expect(facts).toContainText('holds over 6 records');

  await drop('log-broken.json');
  await expect(summary).toContainText('NOT VALID');
  // The second record was removed: the file's second record (seq 2) is where it breaks, and
  // the page numbers records from 1, as its list does.
  await expect(summary).toContainText('The chain is broken at record 2');
  await expect(summary).toContainText('Record 2 says it is record 3');
  await expect(facts).toContainText('broken at record 2');
  await expect(entries.locator('li').first()).toContainText('Record 1:');
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: testInfo.outputPath(`log-broken-${width}.png`), fullPage: true });
  }
  // Nothing on the page scrolls sideways on a phone.
  await page.setViewportSize({ width: 390, height: 900 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
