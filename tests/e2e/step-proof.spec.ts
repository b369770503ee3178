/**
 * A request link is all a trainer's device may know of a trainee: the request carries the
 * trainee's sign-off of the step before, so a second trainer, who signed nothing earlier, can
 * sign the next step, and a request crafted for a later step is refused before anything is typed
 * or signed. Three separate browser contexts: the trainee and two trainers' devices.
 */
import { expect, test } from './helpers/test';
import { addTrainee } from './helpers/quiz';
import { askForSignoff, receive, restoreDemoKey, signRequest } from './helpers/signoff';

const SKILL = 'active-listening';

test('a second trainer signs the next step from the request alone; a request for a later step is refused before signing', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const traineeDevice = await browser.newContext({ baseURL: baseURL! });
  const firstTrainer = await (await browser.newContext({ baseURL: baseURL! })).newPage();
  const secondTrainer = await (await browser.newContext({ baseURL: baseURL! })).newPage();
  const trainee = await traineeDevice.newPage();
  await trainee.goto('checklist/');
  await addTrainee(trainee, 'Tess Trainee');
  await restoreDemoKey(firstTrainer);
  await restoreDemoKey(secondTrainer);

  // The first trainer signs Show.
  let link = await askForSignoff(trainee, SKILL, 'Show');
  link = await signRequest(
    firstTrainer,
    link,
    async (p) => {
      await p.getByRole('radio', { name: /^Visual/ }).check();
      await p.getByLabel('What the trainee noticed, and why, in their words').fill('She slowed down.');
    },
    'Signed off',
  );
  await receive(trainee, link);

  // The checklist offers only the current step; a request edited to skip ahead carries no proof
  // of the step before it, and the second trainer's device, which knows nothing of Tess, refuses it.
  const copilot = await askForSignoff(trainee, SKILL, 'Co-pilot');
  const edit = (link: string, step: string, keepProof: boolean) => {
    const [page, fragment] = link.split('#request=') as [string, string];
    const [json, proof] = fragment.split('.') as [string, string];
    const data = JSON.parse(Buffer.from(json, 'base64url').toString('utf8')) as Record<string, unknown>;
    const request = Buffer.from(JSON.stringify({ ...data, step })).toString('base64url');
    return `${page}#request=${request}${keepProof ? `.${proof}` : ''}`;
  };
  expect(copilot).toMatch(/#request=[\w-]+\.[\w-]+$/);
  await secondTrainer.goto(edit(copilot, 'solo', false));
  await expect(secondTrainer.locator('[data-trainee]')).toContainText('Tess Trainee asks for a sign-off');
  const sign = secondTrainer.getByRole('button', { name: 'Sign', exact: true });
  await expect(secondTrainer.locator('[data-step-state]')).toContainText(
    'You cannot sign this: this request does not show that Co-pilot is signed off',
  );
  await expect(sign).toBeDisabled();

  // Co-pilot as asked: the second trainer's device knows nothing of Show but the request's proof.
  await secondTrainer.goto('about:blank');
  await secondTrainer.goto(copilot);
  await expect(secondTrainer.locator('[data-step-state]')).toContainText(
    'Their request shows Show signed off by Dana Demo',
  );
  await expect(sign).toBeEnabled();
  link = await signRequest(
    secondTrainer,
    copilot,
    (p) => p.getByLabel('Debrief notes').fill('Ran the system cleanly.'),
    'Signed off',
  );
  await receive(trainee, link);
  await expect(trainee.locator(`[data-skill="${SKILL}"] [data-step="copilot"] [data-state]`)).toContainText(
    'Signed off by Dana Demo',
  );

  // The Co-pilot request, edited to ask for Teach-back with the same proof: refused before signing.
  const forged = edit(copilot, 'teachback', true);
  await secondTrainer.goto('about:blank');
  await secondTrainer.goto(forged);
  await expect(secondTrainer.locator('[data-step-state]')).toContainText(
    'You cannot sign this: the proof of the step before in this request was refused',
  );
  await expect(sign).toBeDisabled();
  await traineeDevice.close();
});
