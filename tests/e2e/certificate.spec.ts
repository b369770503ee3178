/**
 * Certification end to end: a skill taken to certification across two devices, the certificate
 * printed to PDF with a verify link that checks on its own, and the signed record verified by
 * someone else (an HR colleague's browser), including a tampered copy.
 */
import { expect, test, type Page } from './helpers/test';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { addTrainee, answer, quizFile } from './helpers/quiz';
import { askForSignoff, receive, restoreDemoKey, signRequest } from './helpers/signoff';

const SKILL = 'processing-a-return';
const LESSONS = ['read-back-and-next-steps', 'processing-a-return'];

async function passQuiz(page: Page, lesson: string): Promise<void> {
  await page.goto(`lessons/${lesson}/`);
  for (const q of quizFile(lesson).questions) await answer(page, q, true);
  await expect(page.locator('[data-summary]')).toContainText('Passed');
}

test('a skill is certified, its certificate prints to PDF, and its verify link and the signed record check out', async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(180_000);
  const traineeDevice = await browser.newContext({ baseURL: baseURL! });
  const trainerDevice = await browser.newContext({ baseURL: baseURL! });
  const trainee = await traineeDevice.newPage();
  const trainer = await trainerDevice.newPage();

  await trainee.goto('checklist/');
  await addTrainee(trainee, 'Tess Trainee');
  for (const lesson of LESSONS) await passQuiz(trainee, lesson);
  await restoreDemoKey(trainer);

  await trainee.goto('checklist/');
  const steps: [string, (p: Page) => Promise<void>][] = [
    ['Show', (p) => p.getByRole('radio', { name: /^Read\/write/ }).check()],
    ['Co-pilot', (p) => p.getByLabel('Debrief notes').fill('Clean label flow.')],
    ['Solo', (p) => p.getByLabel('Debrief notes').fill('Handled an exclusion well.')],
    [
      'Teach-back',
      async (p) => {
        await p.getByLabel('Name', { exact: true }).fill('Jo New');
        await p.getByLabel('Role', { exact: true }).fill('New hire');
      },
    ],
  ];
  for (const [step, fill] of steps) {
    const request = await askForSignoff(trainee, SKILL, step);
    await receive(trainee, await signRequest(trainer, request, fill, 'Signed off'));
  }
  const skill = trainee.locator(`[data-skill="${SKILL}"] [data-skill-status]`);
  await expect(skill).toContainText('ready for certification');

  // The trainer certifies from the trainee's progress file.
  await trainee.goto('progress/');
  const progressDownload = trainee.waitForEvent('download');
  await trainee.getByRole('button', { name: 'Export my progress' }).click();
  await trainer.goto('trainer/sign/');
  await trainer.getByLabel('Trainee’s progress file').setInputFiles(await (await progressDownload).path());
  // Before signing, the trainer sees the quiz results they vouch for, and that it will be demo.
  const offer = trainer.locator('[data-certify-list] li').filter({ hasText: 'Certify: Processing a return' });
  await expect(offer).toContainText(/You vouch for these quiz results: .+ \d+\/\d+ \(\d+%, pass mark \d+%\)/);
  await expect(offer).toContainText('DEMO: it rests on entries signed with the published demo key');
  await trainer.getByRole('button', { name: /^Certify: Processing a return/ }).click();
  // Signing takes a moment: read the link once the result is shown.
  // The sitting's one link carries the four sign-offs signed from the trainee's requests and the
  // certification; the trainee's device takes the new one and says what it was.
  await expect(trainer.locator('[data-result]')).toContainText(
    'Signed in this sitting: 4 sign-offs and 1 certification for Tess Trainee',
  );
  await expect(trainer.locator('[data-result-list]')).toContainText('Tess Trainee: certification of');
  const certLink = await trainer.locator('[data-result]').getByLabel('Sign-off link').inputValue();
  await receive(trainee, certLink, '1 certification added. 4 entries were already here.');
  await expect(skill).toContainText('CERTIFIED on');

  // Certificate and transcript, printed to PDF.
  await trainee.goto('certificate/');
  const sheet = trainee.locator('[data-sheet]');
  await expect(sheet).toContainText('Tess Trainee');
  await expect(sheet.getByRole('table', { name: 'Skills' })).toContainText('Dana Demo (DEMO)');
  await expect(sheet.locator('[data-demo]')).toBeVisible();
  await expect(sheet.getByRole('table', { name: 'Lessons and quizzes, in course order' })).toContainText('passed');
  // The skill's own certificate carries the code that checks it.
  await trainee
    .getByLabel('Certificate to print')
    .selectOption({ label: 'Skill certificate: Processing a return in the order system' });
  await expect(sheet.locator('[data-status]')).toContainText(
    'is certified in Processing a return in the order system, by Dana Demo',
  );
  await expect(sheet.getByRole('table', { name: 'The four steps, signed off' }).locator('tbody tr')).toHaveCount(4);
  await expect(sheet.getByRole('img', { name: /QR code that opens the verify page/ })).toBeVisible();
  await trainee.emulateMedia({ media: 'print' });
  await expect(trainee.locator('.site-header')).toBeHidden();
  await expect(trainee.getByRole('button', { name: 'Print or save as PDF' })).toBeHidden();
  const pdf = await trainee.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(10_000);
  writeFileSync(testInfo.outputPath('certificate.pdf'), pdf);
  await trainee.emulateMedia({ media: 'screen' });

  // Its verify link checks the certification on its own, in anyone's browser.
  const verifyUrl = await sheet.locator('[data-verify-link]').getAttribute('href');
  const hr = await (await browser.newContext({ baseURL: baseURL! })).newPage();
  await hr.goto(verifyUrl!);
  await expect(hr.locator('[data-summary]')).toContainText(
    'Genuine: Tess Trainee’s certification was signed by Dana Demo',
  );
  await expect(hr.locator('[data-summary]')).toContainText('DEMO');

  // The signed record verifies entry by entry; an edited copy does not.
  await trainee.goto('progress/');
  const bundleDownload = trainee.waitForEvent('download');
  await trainee.getByRole('button', { name: 'Export signed record' }).click();
  const bundlePath = await (await bundleDownload).path();
  await hr.goto('verify/');
  await hr.getByLabel('Progress file', { exact: true }).setInputFiles(bundlePath);
  await expect(hr.locator('[data-summary]')).toContainText(
    'Valid: every entry in this record is genuine and unaltered',
  );
  await expect(hr.locator('[data-facts]')).toContainText('Processing a return');
  await expect(hr.locator('[data-entries] li[data-status="valid"]')).toHaveCount(5);
  const csvDownload = hr.waitForEvent('download');
  await hr.getByRole('button', { name: 'Download CSV' }).click();
  const csv = readFileSync(await (await csvDownload).path(), 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  // A header, then one row per skill of the course and step.
  const skillCount = readdirSync('src/content/skills').filter((f) => f.endsWith('.yaml')).length;
  expect(csv.length).toBe(1 + skillCount * 4);
  expect(csv.filter((line) => line.includes(SKILL) && line.includes('signed off'))).toHaveLength(4);

  // The trainer's device exports the same trainee's record; it verifies too.
  const trainerExport = trainer.waitForEvent('download');
  await trainer.getByRole('button', { name: 'Export this trainee’s signed record' }).click();
  const trainerBundle = JSON.parse(readFileSync(await (await trainerExport).path(), 'utf8'));
  expect(trainerBundle.exportedFrom).toBe('trainer');
  await hr.getByLabel('Or paste its contents, or a verify link').fill(JSON.stringify(trainerBundle));
  await hr.getByRole('button', { name: 'Verify' }).click();
  await expect(hr.locator('[data-summary]')).toContainText('Valid: every entry in this record is genuine');

  // The record moves the trainee to a new laptop: imported with every entry verified again.
  const laptop = await (await browser.newContext({ baseURL: baseURL! })).newPage();
  await laptop.goto('progress/');
  await laptop.getByLabel('Import a progress file or signed record').setInputFiles(bundlePath);
  await expect(laptop.locator('[data-message]')).toContainText('Imported Tess Trainee: added as a new trainee');
  await laptop.goto('checklist/');
  await expect(laptop.locator(`[data-skill="${SKILL}"] [data-skill-status]`)).toContainText('CERTIFIED on');

  const bundle = JSON.parse(readFileSync(bundlePath, 'utf8'));
  const [h, p, sig] = bundle.entries[1].split('.');
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  payload.notes = 'Edited after signing.';
  bundle.entries[1] = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;
  await hr.getByLabel('Or paste its contents, or a verify link').fill(JSON.stringify(bundle));
  await hr.getByRole('button', { name: 'Verify' }).click();
  await expect(hr.locator('[data-summary]')).toContainText('Not valid');
  await expect(hr.locator('[data-entries] li[data-status="invalid"]').first()).toBeVisible();
  await traineeDevice.close();
  await trainerDevice.close();
});

test('the verify page refuses what is not a record, with a reason', async ({ page }) => {
  await page.goto('verify/');
  await page.getByLabel('Or paste its contents, or a verify link').fill('this is not json');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.locator('[data-summary]')).toContainText('could not be read');
  await page.goto('verify/#cert=eyJhbGciOiJub25lIn0.e30.');
  await expect(page.locator('[data-summary]')).toContainText('This certificate link is not valid');
});
