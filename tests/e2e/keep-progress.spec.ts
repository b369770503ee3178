/**
 * Nothing lost to the browser (issue 15, point 9): when a sign-off arrives the checklist asks the
 * browser to keep the site's storage, says plainly when it will not, and offers the progress
 * file; My progress says the same. Restoring that file into an emptied browser gives everything
 * back: the trainee, lessons, quiz attempts and every signed entry, verified again.
 */
import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from './helpers/test';
import { builtManifest, demoSigner, skillsBundle } from './helpers/records';
import { signSignoff } from '../../src/lib/trust/entry';
import { encodeResponse } from '../../src/lib/trust/links';

const TRAINEE = { id: 'kim-keeps-record', name: 'Kim Keeper' };
const SKILL = 'active-listening';

/** The browser's answer to navigator.storage.persist(), fixed for the test; counts the requests. */
function storageThatAnswers(page: Page, granted: boolean): Promise<unknown> {
  return page.addInitScript((answer) => {
    const w = window as unknown as { persistAsked: number };
    w.persistAsked = 0;
    let persisted = false;
    Object.defineProperty(navigator.storage, 'persisted', { value: () => Promise.resolve(persisted) });
    Object.defineProperty(navigator.storage, 'persist', {
      value: () => {
        w.persistAsked++;
        persisted = answer;
        return Promise.resolve(answer);
      },
    });
  }, granted);
}

const storedProfile = (page: Page, course: string) =>
  page.evaluate((key) => {
    const state = JSON.parse(localStorage.getItem(key) ?? '{}') as {
      active?: string;
      profiles?: Record<string, unknown>;
    };
    return state.active ? state.profiles?.[state.active] : undefined;
  }, `tandem:${course}:progress:v2`);

test('after a sign-off the checklist offers the progress file; restoring it into an emptied browser gives everything back', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const manifest = builtManifest(testInfo.project.name === 'subpath' ? 'sub' : 'root');
  const signer = await demoSigner(manifest);
  await storageThatAnswers(page, false);

  // Kim's record so far: Show signed off, every quiz passed.
  const bundle = await skillsBundle(signer, manifest, TRAINEE, [
    { skill: SKILL, steps: 1, from: '2026-01-05T10:00:00Z' },
  ]);
  const record = testInfo.outputPath('record.json');
  writeFileSync(record, JSON.stringify(bundle));
  await page.goto('progress/');
  await page.getByLabel('Import a progress file or signed record').setInputFiles(record);
  await expect(page.locator('[data-message]')).toContainText('1 signed entry checked and kept.');
  const keeping = page.getByRole('region', { name: 'Keeping your progress' });
  await expect(keeping).toContainText('This browser has not agreed to keep your progress, so it may delete it');
  await expect(keeping).toContainText('Your 1 signed entry is only here.');
  await expect(keeping.getByRole('button', { name: 'Ask this browser to keep it' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('progress-keeping.png'), fullPage: false });

  // A lesson opened, so the profile also holds a reading date.
  const lesson = manifest.skills.find((s) => s.id === SKILL)!.lessons[0]!;
  await page.goto(`lessons/${lesson}/`);
  await expect(page.locator('tandem-lesson-status')).toContainText('Kim Keeper');

  // The trainer's Co-pilot sign-off arrives as a link.
  const signed = await signSignoff(
    {
      course: manifest.course.id,
      skill: SKILL,
      skillHash: manifest.skills.find((s) => s.id === SKILL)!.hash,
      trainee: TRAINEE,
      step: 'copilot',
      outcome: 'signed-off',
      observedAt: '2026-01-09',
      notes: 'Co-pilot on the phones.',
      signedAt: new Date('2026-01-09T15:00:00Z'),
    },
    signer,
  );
  if (!signed.ok) throw new Error(signed.message);
  const link = encodeResponse([signed.value.jws]);
  if (!link.ok) throw new Error(link.message);
  await page.goto(`checklist/#${link.value}`);
  await expect(page.locator('[data-message]')).toContainText('Kim Keeper: 1 sign-off added.');
  const offer = page.locator('[data-keep-copy]');
  await expect(offer).toBeVisible();
  await expect(offer).toContainText('This browser has not agreed to keep your progress');
  await expect(offer).toContainText('Your 2 signed entries are only here.');
  // The browser was asked to keep the storage when the entry was kept.
  expect(await page.evaluate(() => (window as unknown as { persistAsked: number }).persistAsked)).toBe(1);
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await offer.screenshot({ path: testInfo.outputPath(`keep-copy-${width}.png`) });
  }

  const downloading = page.waitForEvent('download');
  await offer.getByRole('button', { name: 'Download my progress file' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/-kim-keeper-progress-\d{4}-\d{2}-\d{2}\.json$/);
  const saved = testInfo.outputPath('kept.json');
  await download.saveAs(saved);
  await expect(offer).toContainText(`Saved as ${download.suggestedFilename()}.`);
  const before = await storedProfile(page, manifest.course.id);
  expect(before).toMatchObject({ id: TRAINEE.id, name: TRAINEE.name });

  // The browser loses everything.
  await page.evaluate(() => localStorage.clear());
  await page.goto('checklist/');
  await expect(page.locator('[data-who]')).toContainText('No trainee yet on this browser');

  // Restoring the file gives everything back, every signed entry verified again.
  await page.goto('progress/');
  await page.getByLabel('Import a progress file or signed record').setInputFiles(saved);
  await expect(page.locator('[data-message]')).toContainText(
    'Imported Kim Keeper: added as a new trainee on this browser. 2 signed entries checked and kept.',
  );
  expect(await storedProfile(page, manifest.course.id)).toEqual(before);
  await page.goto('checklist/');
  const skill = page.locator(`[data-skill="${SKILL}"]`);
  await expect(skill.locator('[data-step="show"] [data-state]')).toContainText('Signed off by');
  await expect(skill.locator('[data-step="copilot"] [data-state]')).toContainText('Signed off by');
  await expect(skill.locator('[data-skill-status]')).toContainText('2 of 4 steps signed off');
  await expect(page.locator('[data-refused]')).toBeHidden();
});

test('My progress says so when the browser agrees to keep the progress, and stops asking', async ({
  page,
}, testInfo) => {
  const manifest = builtManifest(testInfo.project.name === 'subpath' ? 'sub' : 'root');
  await storageThatAnswers(page, true);
  const bundle = await skillsBundle(await demoSigner(manifest), manifest, TRAINEE, [
    { skill: SKILL, steps: 2, from: '2026-01-05T10:00:00Z' },
  ]);
  const record = testInfo.outputPath('record.json');
  writeFileSync(record, JSON.stringify(bundle));
  await page.goto('progress/');
  const keeping = page.getByRole('region', { name: 'Keeping your progress' });
  await page.getByLabel('Import a progress file or signed record').setInputFiles(record);
  // Signed entries arrived: the browser is asked, and agrees.
  await expect(keeping).toContainText('This browser has agreed to keep your progress');
  await expect(keeping).toContainText('Your 2 signed entries are only here.');
  await expect(keeping.getByRole('button', { name: 'Ask this browser to keep it' })).toBeHidden();
  expect(await page.evaluate(() => (window as unknown as { persistAsked: number }).persistAsked)).toBe(1);
});
