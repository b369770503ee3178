/**
 * The phone path, for real: a fully certified trainee prints a certificate to PDF in
 * Chromium, the PDF is rendered at 150 dpi (poppler's pdftoppm), the QR code is decoded from the
 * picture (zbar's zbarimg) and the decoded address is opened in a fresh browser, as a phone
 * would, where the verify page gives its verdict. Run at the domain root and under /training/.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { certifiedTrainee } from '../fixtures/sample-certified';
import { builtManifest, demoSigner } from './helpers/records';
import { receive, restoreDemoKey } from './helpers/signoff';
import { expect, test, type Page } from './helpers/test';

const DAY = 86_400_000;

/** Prints the page to an A4 PDF, renders it at 150 dpi; the PNG paths, one per page. */
async function printAndRender(page: Page, name: string, outputPath: (name: string) => string): Promise<string[]> {
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  const pdfPath = outputPath(`${name}.pdf`);
  writeFileSync(pdfPath, pdf);
  const prefix = outputPath(name);
  execFileSync('pdftoppm', ['-r', '150', '-png', pdfPath, prefix]);
  const folder = prefix.slice(0, prefix.lastIndexOf('/'));
  const base = prefix.slice(prefix.lastIndexOf('/') + 1);
  return readdirSync(folder)
    .filter((f) => f.startsWith(`${base}-`) && f.endsWith('.png'))
    .sort()
    .map((f) => `${folder}/${f}`);
}

/** Every QR code zbar finds in a picture, as text. */
function decodeQr(png: string): string[] {
  try {
    return execFileSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', png], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  } catch {
    return []; // zbarimg exits 4 when it finds nothing
  }
}

/** Pages of a PDF, as poppler's pdfinfo counts them. */
function pdfPages(pdf: string): number {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? NaN);
}

/** The text of one page of a PDF (pdftotext), to check what every printed page says. */
function pdfPageText(pdf: string, n: number): string {
  return execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdf, '-'], { encoding: 'utf8' });
}

test('a printed skill certificate’s QR code, read from the PDF, opens a verdict on a phone; the transcript fits two pages', async ({
  browser,
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(120_000);
  const manifest = builtManifest(testInfo.project.name === 'subpath' ? 'sub' : 'root');
  const tess = await certifiedTrainee(
    await demoSigner(manifest),
    manifest,
    { id: 'Zq3kP9xT2mB7wL4nR8vYcA', name: 'Maria-Fernanda Oyelaran' },
    new Date(Date.now() - 40 * DAY),
  );
  const file = testInfo.outputPath('record.json');
  writeFileSync(file, JSON.stringify(tess.bundle));
  await page.goto('progress/');
  await page.getByLabel('Import a progress file or signed record').setInputFiles(file);
  await expect(page.locator('[data-message]')).toContainText('Imported Maria-Fernanda Oyelaran');

  await page.goto('certificate/');
  const sheet = page.locator('[data-sheet]');
  await expect(sheet.locator('[data-status]')).toContainText('is certified in every required skill of this course');
  await expect(sheet).not.toContainText('completed the course');

  // The transcript: at most two printed pages, with the certificate number and address.
  await expect(sheet.locator('[data-number]')).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const transcript = await printAndRender(page, 'transcript', (n) => testInfo.outputPath(n));
  expect(transcript.length).toBeGreaterThanOrEqual(1);
  expect(pdfPages(testInfo.outputPath('transcript.pdf'))).toBeLessThanOrEqual(2);

  // The largest skill certificate of the sample course (it rests on five quizzes).
  await page
    .getByLabel('Certificate to print')
    .selectOption({ label: 'Skill certificate: Complaint handling end to end' });
  await expect(sheet.locator('[data-status]')).toContainText('is certified in Complaint handling end to end');
  const qr = sheet.getByRole('img', { name: /QR code that opens the verify page/ });
  await expect(qr).toBeVisible();
  expect(Number(await qr.getAttribute('data-qr-version'))).toBeLessThanOrEqual(20);
  const number = await sheet.locator('[data-number]').innerText();
  const pages = await printAndRender(page, 'skill', (n) => testInfo.outputPath(n));
  expect(pages, 'a skill certificate is one printed page').toHaveLength(1);
  expect(pdfPages(testInfo.outputPath('skill.pdf'))).toBe(1);
  expect(pdfPageText(testInfo.outputPath('skill.pdf'), 1)).toContain('DEMO');
  const decoded = decodeQr(pages[0]!);
  expect(decoded, 'zbarimg reads the printed QR code').toHaveLength(1);
  const address = decoded[0]!;
  expect(address.startsWith(new URL('verify/#c=', baseURL).href)).toBe(true);
  expect(address).toMatch(/#c=\d+$/);

  // A phone: a fresh browser with nothing stored, opening the address the camera read.
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await phone.goto(address);
  const summary = phone.locator('[data-summary]');
  await expect(summary).toContainText('VALID, BUT DEMO');
  await expect(summary).toContainText('Genuine: Maria-Fernanda Oyelaran’s certification was signed by Dana Demo');
  await expect(summary).toHaveClass(/verdict--demo/);
  await expect(phone.locator('[data-facts]')).toContainText(number);
  await expect(phone.locator('[data-facts]')).toContainText('Complaint handling end to end');
  await expect(phone.getByRole('heading', { name: 'Entry by entry' })).toBeHidden();
  await phone.screenshot({ path: testInfo.outputPath('phone-verdict.png'), fullPage: true });

  // One digit changed, as a smudged print might read: refused, never another certificate.
  const digits = address.slice(address.indexOf('#c=') + 3);
  const smudged = `${digits.slice(0, 100)}${digits[100] === '7' ? '8' : '7'}${digits.slice(101)}`;
  await phone.goto(`${address.slice(0, address.indexOf('#'))}#c=${smudged}`);
  await expect(summary).toContainText('NOT VALID');
  await expect(summary).toContainText('This certificate code is not valid');
  await phone.context().close();
});

test('a printed course transcript’s QR code, read from the PDF, opens the course verdict on a phone; two pages at most, DEMO on each', async ({
  browser,
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(120_000);
  const manifest = builtManifest(testInfo.project.name === 'subpath' ? 'sub' : 'root');
  const tess = await certifiedTrainee(
    await demoSigner(manifest),
    manifest,
    { id: 'Zq3kP9xT2mB7wL4nR8vYcA', name: 'Maria-Fernanda Oyelaran' },
    new Date(Date.now() - 40 * DAY),
  );
  const file = testInfo.outputPath('record.json');
  writeFileSync(file, JSON.stringify(tess.bundle));
  await page.goto('progress/');
  await page.getByLabel('Import a progress file or signed record').setInputFiles(file);
  await expect(page.locator('[data-message]')).toContainText('Imported Maria-Fernanda Oyelaran');

  await page.goto('certificate/');
  const sheet = page.locator('[data-sheet]');
  await expect(sheet.locator('[data-status]')).toContainText('is certified in every required skill of this course');
  await expect(sheet).not.toContainText('completed the course');
  // Lessons stay open (none was marked read in this record), and the transcript says so.
  await expect(sheet.locator('[data-lessons]')).toContainText(
    `0 of ${Object.keys(manifest.lessons).length} lessons completed`,
  );
  const rows = sheet.getByRole('table', { name: 'Lessons and quizzes, in course order' }).locator('tbody tr');
  await expect(rows).toHaveCount(Object.keys(manifest.lessons).length);
  const titles = Object.values(manifest.lessons).map((l) => l.title);
  expect(await rows.locator('td:first-child').allInnerTexts()).toEqual(titles);

  const qr = sheet.getByRole('img', { name: 'QR code that opens the verify page for this course certificate' });
  await expect(qr).toBeVisible();
  const version = Number(await qr.getAttribute('data-qr-version'));
  expect(version).toBeLessThanOrEqual(20);
  const number = await sheet.locator('[data-number]').innerText();
  expect(number).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

  const pngs = await printAndRender(page, 'transcript', (n) => testInfo.outputPath(n));
  const pdf = testInfo.outputPath('transcript.pdf');
  const pages = pdfPages(pdf);
  expect(pages, 'the transcript is at most two printed pages').toBeLessThanOrEqual(2);
  expect(pngs).toHaveLength(pages);
  for (let n = 1; n <= pages; n++) expect(pdfPageText(pdf, n), `page ${n} carries the demo mark`).toContain('DEMO');
  // The printed module size: the code is drawn 56 mm wide over its modules and quiet zone.
  const modules = Number(await qr.getAttribute('data-modules'));
  testInfo.annotations.push({
    type: 'course QR',
    description: `version ${version}, ${modules} modules with quiet zone, ${(56 / modules).toFixed(2)} mm per module, ${pages} page(s)`,
  });
  expect(56 / modules).toBeGreaterThanOrEqual(0.5);

  const decoded = pngs.flatMap((png) => decodeQr(png));
  expect(decoded, 'zbarimg reads the printed QR code').toHaveLength(1);
  const address = decoded[0]!;
  expect(address.startsWith(new URL('verify/#c=', baseURL).href)).toBe(true);
  expect(address).toMatch(/#c=\d+$/);

  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await phone.goto(address);
  const summary = phone.locator('[data-summary]');
  await expect(summary).toContainText('VALID, BUT DEMO');
  await expect(summary).toContainText('Genuine: Maria-Fernanda Oyelaran’s course certificate was signed by Dana Demo');
  await expect(summary).toHaveClass(/verdict--demo/);
  const facts = phone.locator('[data-facts]');
  await expect(facts).toContainText(number);
  await expect(facts).toContainText(`${manifest.course.title}: certified in every required skill`);
  await expect(facts).toContainText('the earliest expiry of its skills');
  await expect(phone.getByRole('heading', { name: 'Entry by entry' })).toBeHidden();
  await phone.screenshot({ path: testInfo.outputPath('phone-course-verdict.png'), fullPage: true });

  const digits = address.slice(address.indexOf('#c=') + 3);
  const smudged = `${digits.slice(0, 80)}${digits[80] === '7' ? '8' : '7'}${digits.slice(81)}`;
  await phone.goto(`${address.slice(0, address.indexOf('#'))}#c=${smudged}`);
  await expect(summary).toContainText('NOT VALID');
  await phone.context().close();
});

test('a trainer certifies the whole course in the browser; the trainee’s transcript then carries a code that verifies', async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(150_000);
  const manifest = builtManifest(testInfo.project.name === 'subpath' ? 'sub' : 'root');
  const tess = await certifiedTrainee(
    await demoSigner(manifest),
    manifest,
    { id: 'Zq3kP9xT2mB7wL4nR8vYcA', name: 'Tess Trainee' },
    new Date(Date.now() - 40 * DAY),
  );
  // Every skill certified, the course not yet.
  const file = testInfo.outputPath('skills-certified.json');
  writeFileSync(
    file,
    JSON.stringify({ ...tess.bundle, certifications: tess.bundle.certifications.filter((c) => c !== tess.course.jws) }),
  );
  const trainee = await (await browser.newContext({ baseURL: baseURL! })).newPage();
  const trainer = await (await browser.newContext({ baseURL: baseURL! })).newPage();
  await trainee.goto('progress/');
  await trainee.getByLabel('Import a progress file or signed record').setInputFiles(file);
  await expect(trainee.locator('[data-message]')).toContainText('Imported Tess Trainee');
  await trainee.goto('certificate/');
  await expect(trainee.locator('[data-status]')).toContainText('the course certification is not complete yet');

  await restoreDemoKey(trainer);
  await trainer.goto('trainer/sign/');
  await trainer.getByLabel('Trainee’s progress file').setInputFiles(file);
  await trainer.getByRole('button', { name: 'Certify the whole course' }).click();
  await expect(trainer.locator('[data-result]')).toContainText('1 certification for Tess Trainee');
  const link = await trainer.locator('[data-result]').getByLabel('Sign-off link').inputValue();
  await receive(trainee, link, '1 certification added.');

  await trainee.goto('certificate/');
  const sheet = trainee.locator('[data-sheet]');
  await expect(sheet.locator('[data-status]')).toContainText('is certified in every required skill of this course');
  const qr = sheet.getByRole('img', { name: 'QR code that opens the verify page for this course certificate' });
  await expect(qr).toBeVisible();
  expect(Number(await qr.getAttribute('data-qr-version'))).toBeLessThanOrEqual(20);
  const number = await sheet.locator('[data-number]').innerText();
  const address = await sheet.locator('[data-verify-link]').getAttribute('href');
  expect(address).toMatch(/#c=\d+$/);

  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await phone.goto(address!);
  await expect(phone.locator('[data-summary]')).toContainText('VALID, BUT DEMO');
  await expect(phone.locator('[data-summary]')).toContainText(
    'Tess Trainee’s course certificate was signed by Dana Demo',
  );
  await expect(phone.locator('[data-facts]')).toContainText(number);

  // The course certificate pasted as it is (the signed entry, not a code) gets the same verdict.
  await phone.goto('verify/');
  await phone.getByLabel('Or paste its contents, or a verify link').fill(tess.course.payload.certificate ?? '');
  await phone.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(phone.locator('[data-summary]')).toContainText('VALID, BUT DEMO');
  await expect(phone.locator('[data-summary]')).toContainText(
    'Tess Trainee’s course certificate was signed by Dana Demo',
  );
});
