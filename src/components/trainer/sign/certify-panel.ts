/**
 * The sign-off page's certification panel, for a trainee imported from a progress file or the
 * cohort desk: which skills (and the course) can be certified now, a button to certify each,
 * the export of the trainee's signed record, and after a course certification the Open Badge.
 */
import type { TraineeProfile } from '../../../lib/progress/format';
import type { Signer } from '../../../lib/trust/entry';
import { findKey, type PublicJwk } from '../../../lib/trust/roster';
import { courseCertificationReady, skillCertificationReady } from '../../../lib/trust/certification/readiness';
import { signCertification, type CertificationInput } from '../../../lib/trust/certification/payload';
import { latestCertification, verifyProfileEntries } from '../../../lib/trust/certification/held';
import { bundleFileName } from '../../../lib/bundle/build';
import { verifyBundle } from '../../../lib/bundle/verify';
import { courseBadgeCredential, signBadgeJwt } from '../../../lib/export/badge';
import { didWeb } from '../../../lib/course/published-keys';
import { getSigner } from '../../../stores/trainer-key';
import { readManifest, siteUrl } from '../../../stores/manifest';
import { downloadFile } from '../../download';
import { h, required } from '../../dom';
import { trainerBundle } from './trainee';
import { certifyRefusal } from './qualification';
import { applyKeyGate } from './sign-gate';
import { count } from '../../../lib/plural';

export interface CertifyHooks {
  /** Shows a sentence in the trainee panel's message. */
  message(text: string, ok: boolean): void;
  /** A certification was signed for `profile`: log it, add it to the desk, show the result. */
  signed(jws: string, entryId: string, what: string, demo: boolean): Promise<void>;
}

/** The signer with the roster's spelling of the trainer's name: that is what every verifier shows. */
export function asOnRoster(signer: Signer) {
  const onRoster = findKey(readManifest().roster, signer.kid);
  return { signer: { ...signer, trainerName: onRoster?.trainer.name ?? signer.trainerName }, onRoster };
}

/**
 * `traineeKey`: the public half of the trainee's key when the profile holds none of its own (a
 * signed record carries only that): their acknowledgements are judged against it.
 */
export async function renderCertify(
  root: HTMLElement,
  profile: TraineeProfile,
  hooks: CertifyHooks,
  traineeKey: PublicJwk | undefined = profile.key?.publicJwk,
): Promise<void> {
  const section = required(root, '[data-certify]');
  const manifest = readManifest();
  // The trainee's acknowledgements count here as for every verifier: when the course requires
  // them, a skill whose steps the trainee has not acknowledged is not offered.
  const { record, held, unacknowledged } = await verifyProfileEntries(profile.entries, {
    manifest,
    traineeId: profile.id,
    acknowledgements: profile.acks ?? [],
    traineeKey,
  });
  const items: HTMLLIElement[] = [];
  let waiting = 0;
  // What the certification would vouch for is shown before it is signed: the quiz scores (the
  // trainee's own, unsigned claims until a trainer vouches for them), and whether it will be demo.
  const button = (label: string, input: CertificationInput) => {
    const scores = input.rests.quizzes.map((q) => {
      const title = manifest.lessons[q.lesson]?.title ?? q.lesson;
      return `${title} ${q.score}/${q.total} (${Math.floor((q.score * 100) / q.total)}%, pass mark ${q.passMark ?? manifest.course.passMark}%)`;
    });
    const notes = [
      ...(scores.length > 0 ? [`You vouch for these quiz results: ${scores.join('; ')}.`] : []),
      ...(input.demo ? ['DEMO: it rests on entries signed with the published demo key, so it will be demo too.'] : []),
    ];
    return h(
      'li',
      {},
      certifyButton(root, profile, label, input, hooks, traineeKey),
      ...(notes.length > 0
        ? [
            h('span', {
              class: input.demo ? 'certify-note certify-note--demo' : 'certify-note',
              text: ` ${notes.join(' ')}`,
            }),
          ]
        : []),
    );
  };
  for (const skill of manifest.skills) {
    const current = latestCertification(held, skill.id);
    if (current?.status === 'valid') {
      items.push(
        h('li', {
          text: `${skill.title}: certified on ${current.payload.certifiedAt.slice(0, 10)} by ${current.payload.trainer.name}.`,
        }),
      );
      continue;
    }
    const ready = await skillCertificationReady(
      record,
      profile.attempts,
      manifest,
      skill.id,
      undefined,
      unacknowledged,
    );
    const refusal = ready.ok ? certifyRefusal(skill.id) : undefined;
    if (!ready.ok) waiting++;
    else if (refusal) items.push(h('li', { text: `${skill.title}: ready, but not yours to certify. ${refusal}` }));
    else items.push(button(`Certify: ${skill.title}`, ready.value));
  }
  const skillCerts = held.accepted
    .filter((c) => c.status === 'valid' && c.payload.scope === 'skill')
    .map((c) => c.payload);
  const demoCerts = new Set(held.accepted.filter((c) => c.demo).map((c) => c.payload.id));
  const course = await courseCertificationReady(skillCerts, manifest, new Date(), undefined, demoCerts);
  if (course.ok && latestCertification(held)?.status !== 'valid') {
    const refusal = certifyRefusal(undefined);
    items.push(
      refusal
        ? h('li', { text: `The whole course: ready, but not yours to certify. ${refusal}` })
        : button('Certify the whole course', course.value),
    );
  }
  required(section, '[data-certify-text]').textContent =
    `A skill can be certified when its four steps are signed off and its lessons’ quizzes are passed. ` +
    `${count(waiting, 'skill')} of ${profile.name} ${waiting === 1 ? 'is' : 'are'} not ready yet. Certify a skill after its sign-offs have reached the trainee’s device and their progress file shows them.`;
  required(section, '[data-certify-list]').replaceChildren(...items);
  section.hidden = false;
  applyKeyGate(root);
  required<HTMLButtonElement>(root, '[data-export-bundle]').onclick = () =>
    void trainerBundle(profile, readManifest()).then((bundle) =>
      downloadFile(bundleFileName(bundle), JSON.stringify(bundle, null, 2)),
    );
}

function certifyButton(
  root: HTMLElement,
  profile: TraineeProfile,
  label: string,
  input: CertificationInput,
  hooks: CertifyHooks,
  traineeKey: PublicJwk | undefined,
): HTMLButtonElement {
  const button = h('button', { type: 'button', text: label, 'data-needs-key': true });
  button.addEventListener('click', () => void certify());
  const certify = async () => {
    button.disabled = true;
    button.dataset.busy = '';
    try {
      await certifyNow();
    } finally {
      delete button.dataset.busy;
      applyKeyGate(root);
    }
  };
  const certifyNow = async () => {
    const unlocked = await getSigner();
    if (!unlocked) {
      hooks.message(
        'Your signing key is not unlocked on this device: unlock or restore it in “Your signing key” at the top of this page, then certify.',
        false,
      );
      return;
    }
    const refusal = certifyRefusal(input.scope === 'skill' ? input.skill : undefined, unlocked.kid);
    if (refusal) {
      hooks.message(`Not certified: ${refusal}`, false);
      return;
    }
    const { signer, onRoster } = asOnRoster(unlocked);
    const signed = await signCertification(
      { ...input, expiryMonths: readManifest().course.certificationExpiryMonths },
      signer,
    );
    if (!signed.ok) {
      hooks.message(signed.message, false);
      return;
    }
    // Keep it with the imported profile, so the course certification can rest on it next.
    profile.entries = [...profile.entries, signed.value.jws];
    await hooks.signed(
      signed.value.jws,
      signed.value.payload.id,
      `${profile.name}: ${label.replace(/^Certify:? /, 'certification of ')}`,
      Boolean(onRoster?.trainer.demo),
    );
    if (input.scope === 'course') offerBadge(root, profile, unlocked, hooks);
    await renderCertify(root, profile, hooks, traineeKey);
  };
  return button;
}

/** After a course certification: the Open Badges 3.0 credential, signed by the same key. */
function offerBadge(root: HTMLElement, profile: TraineeProfile, unlocked: Signer, hooks: CertifyHooks): void {
  const button = required<HTMLButtonElement>(root, '[data-badge]');
  button.hidden = false;
  const badge = async () => {
    const manifest = readManifest();
    const bundle = await trainerBundle(profile, manifest);
    const verdict = await verifyBundle(JSON.stringify(bundle), manifest, { now: new Date(), siteUrl: siteUrl() });
    if (!verdict.readable) return hooks.message(verdict.message, false);
    // With a canonical address the issuer is the site's did:web DID, whose document the build publishes.
    const issuerDid = manifest.site === undefined ? undefined : didWeb(manifest.site);
    const credential = courseBadgeCredential(verdict.record, { siteUrl: siteUrl(), ...(issuerDid && { issuerDid }) });
    if (!credential.ok) return hooks.message(credential.message, false);
    const jwt = await signBadgeJwt(credential.value, asOnRoster(unlocked).signer);
    downloadFile(`${manifest.course.id}-${profile.id}-badge.jwt`, jwt, 'application/jwt');
  };
  button.onclick = () => void badge();
}
