/**
 * Qualified trainers, where people see them: the sign-off page does not offer a skill the
 * roster does not let the trainer sign, a request for one cannot be signed, and an entry by a
 * trainer outside their qualification is refused by the trainee's device and on the verify page.
 *
 * The sample course's only trainer (the demo trainer) may sign everything. A device whose site
 * publishes a narrower roster is made by rewriting the manifest embedded in the pages that
 * context loads: exactly what an owner's edit of src/content/trainers/demo-trainer.yaml would
 * publish, without a second build.
 */
import { expect, test, type BrowserContext } from './helpers/test';
import { addTrainee } from './helpers/quiz';
import { devices } from './helpers/devices';
import { askForSignoff, restoreDemoKey, signRequest } from './helpers/signoff';

const MANIFEST = /(<script type="application\/json" id="tandem-manifest">)(.*?)(<\/script>)/s;

/** Every page this context loads publishes the demo trainer with `qualification` added. */
async function narrowRoster(context: BrowserContext, qualification: Record<string, unknown>): Promise<void> {
  await context.route('**/*', async (route) => {
    if (route.request().resourceType() !== 'document') return route.continue();
    const response = await route.fetch();
    const html = await response.text();
    const body = html.replace(MANIFEST, (_all, open: string, json: string, close: string) => {
      const manifest = JSON.parse(json) as { roster: { trainers: { id: string }[] } };
      manifest.roster.trainers = manifest.roster.trainers.map((t) =>
        t.id === 'demo-trainer' ? { ...t, ...qualification } : t,
      );
      return `${open}${JSON.stringify(manifest).replace(/</g, '\\u003c')}${close}`;
    });
    await route.fulfill({ response, body });
  });
}

test('a trainer is offered only the skills the roster lets them sign, and cannot sign a request for another', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const { trainee, trainer, close } = await devices(browser, baseURL, 'trainee', 'trainer');
  await narrowRoster(trainer.context(), { skills: [{ skill: 'greeting-first-impression' }], certify: false });
  await trainee.goto('checklist/');
  await addTrainee(trainee, 'Tess Trainee');
  await restoreDemoKey(trainer);

  const request = await askForSignoff(trainee, 'active-listening', 'Show');
  await trainer.goto(request);
  await expect(trainer.locator('[data-trainee]')).toContainText('Tess Trainee asks for a sign-off');
  const note = trainer.locator('[data-qualification]');
  await expect(note).toContainText(
    'You cannot sign this: Dana Demo (demo-trainer) is not qualified for the skill "active-listening"',
  );
  await expect(trainer.getByRole('button', { name: 'Sign', exact: true })).toBeDisabled();
  await trainer.setViewportSize({ width: 1280, height: 900 });
  await trainer.locator('[data-sign]').screenshot({ path: 'test-results/qualification-request-1280.png' });

  // With the trainee's progress file, the trainer chooses the skill: only theirs can be chosen.
  await trainee.goto('progress/');
  const exported = trainee.waitForEvent('download');
  await trainee.getByRole('button', { name: 'Export my progress' }).click();
  const progressFile = await (await exported).path();
  await trainer.goto('trainer/sign/');
  await trainer.getByLabel('Trainee’s progress file').setInputFiles(progressFile);
  await expect(trainer.locator('[data-trainee]')).toContainText('Tess Trainee');
  const skill = trainer.getByLabel('Skill', { exact: true });
  await expect(skill).toHaveValue('greeting-first-impression');
  await expect(skill.locator('option[value="active-listening"]')).toBeDisabled();
  await expect(skill.locator('option[value="active-listening"]')).toHaveText(/not among your skills/);
  await expect(skill.locator('option[value="greeting-first-impression"]')).toBeEnabled();
  await expect(note).toBeEmpty();
  await expect(trainer.getByRole('button', { name: 'Sign', exact: true })).toBeEnabled();
  await trainer.setViewportSize({ width: 390, height: 900 });
  await trainer.locator('[data-sign]').screenshot({ path: 'test-results/qualification-sign-390.png' });
  await close();
});

test('an entry by a trainer outside their qualification is refused on the trainee’s device and on the verify page', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const { trainee, trainer, close } = await devices(browser, baseURL, 'trainee', 'trainer');
  await trainee.goto('checklist/');
  await addTrainee(trainee, 'Tess Trainee');
  await restoreDemoKey(trainer);
  // The trainer's site lists them for every skill (an older copy of the site, say)…
  const response = await signRequest(
    trainer,
    await askForSignoff(trainee, 'active-listening', 'Show'),
    (p) => p.getByRole('radio', { name: /^Visual/ }).check(),
    'Signed off',
  );

  // …the trainee's site no longer does: the entry is refused with the reason, and nothing changes.
  await narrowRoster(trainee.context(), { skills: [{ skill: 'greeting-first-impression' }] });
  const stored = () => trainee.evaluate(() => JSON.stringify(localStorage));
  const was = await stored();
  // A fresh load, not a jump within the page that asked: the page reads its site's roster anew.
  await trainee.goto('about:blank');
  await trainee.goto(response);
  await expect(trainee.locator('[data-message]')).toContainText('Tess Trainee: nothing new added, 1 entry refused');
  await expect(trainee.locator('[data-results]')).toContainText(
    'Refused: Dana Demo (demo-trainer) is not qualified for the skill "active-listening"',
  );
  expect(await stored()).toBe(was);

  // Under the roster it was signed with it counts; a verifier whose site says otherwise refuses it.
  await trainee.context().unrouteAll({ behavior: 'wait' });
  await trainee.goto('about:blank');
  await trainee.goto(response);
  await expect(trainee.locator('[data-message]')).toContainText('Tess Trainee: 1 sign-off added.');
  await trainee.goto('progress/');
  const bundleDownload = trainee.waitForEvent('download');
  await trainee.getByRole('button', { name: 'Export signed record' }).click();
  const bundlePath = await (await bundleDownload).path();

  const third = await devices(browser, baseURL, 'verifier');
  const verifier = third.verifier;
  await narrowRoster(verifier.context(), { skills: [{ skill: 'greeting-first-impression' }] });
  await verifier.goto('verify/');
  await verifier.getByLabel('Progress file', { exact: true }).setInputFiles(bundlePath);
  const entry = verifier.locator('[data-entries] li[data-status="invalid"]');
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText('NOT VALID (Trainer not qualified for this skill)');
  await expect(verifier.locator('[data-summary]')).not.toContainText('Valid: every entry');
  await third.close();
  await close();
});
