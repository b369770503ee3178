/**
 * <tandem-sign>: the trainer's sign-off page. Who is being signed off comes from a request link
 * (not trusted: it only pre-fills the form, and the trainee's device verifies what comes back)
 * or from the trainee's progress file (whose own sign-offs are verified to show the state).
 */
import { $trainerKey, getSigner, loadTrainerKey, unlockTrainerKey } from '../../stores/trainer-key';
import { readManifest } from '../../stores/manifest';
import { copyText, qrElement } from '../trust/qr';
import { decodeRequest, encodeResponse, REQUEST_PREFIX } from '../../lib/trust/links';
import { signSignoff, type Outcome, type SignoffInput } from '../../lib/trust/entry';
import { findKey } from '../../lib/trust/roster';
import { checklist, verifyRecord, type SkillChecklist } from '../../lib/trust/record';
import { signoffFile } from '../../lib/trust/signoff-file';
import { parseProgressFile } from '../../lib/progress/file';
import { profileFromBundle } from '../../lib/export/bundle-profile';
import { bundleOf, importFiles, recordRequest } from '../../stores/cohort';
import { appendToLog } from '../../stores/trainer-log';
import { downloadFile } from '../download';
import type { TraineeProfile } from '../../lib/progress/format';
import type { Signer } from '../../lib/trust/entry';
import {
  courseCertificationReady,
  signCertification,
  skillCertificationReady,
  type CertificationInput,
} from '../../lib/export/certification';
import { latestCertification, splitEntries, verifyProfileEntries } from '../../lib/export/trainee-certifications';
import { buildBundle, bundleFileName, verifyBundle } from '../../lib/export/bundle';
import { courseBadgeCredential, signBadgeJwt } from '../../lib/export/badge';
import { STEP_INFO, type Step } from '../../lib/content/steps';

interface Trainee {
  id: string;
  name: string;
  /** From a progress file: the verified state of each skill. Absent for a request link. */
  skills?: Record<string, SkillChecklist>;
  /** From a progress file: the whole profile, for certification. */
  profile?: TraineeProfile;
}

/**
 * The request opened in this tab, kept for the tab's session: a trainer who must first restore
 * or unlock their key on the Trainer page finds it here again when they come back, instead of
 * having to ask for the trainee's link a second time (the link leaves the address on opening).
 */
const PENDING_REQUEST = 'tandem:sign:pending-request';
const pendingRequest = {
  get(): string | null {
    try {
      return sessionStorage.getItem(PENDING_REQUEST);
    } catch {
      return null;
    }
  },
  set(fragment: string): void {
    try {
      sessionStorage.setItem(PENDING_REQUEST, fragment);
    } catch {
      // Not kept: opening the link again still works.
    }
  },
  clear(): void {
    try {
      sessionStorage.removeItem(PENDING_REQUEST);
    } catch {
      // Nothing was kept.
    }
  },
};

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

class TandemSign extends HTMLElement {
  private trainee: Trainee | undefined;
  /** The trainee came from the cohort desk: what is signed is added to the desk's copy too. */
  private fromCohort = false;
  /** Whether the last entry signed reached this device's signing log. */
  private logged = true;
  private form!: HTMLFormElement;

  connectedCallback(): void {
    this.form = this.querySelector<HTMLFormElement>('[data-sign]')!;
    const observed = this.form.elements.namedItem('observedAt') as HTMLInputElement;
    observed.value = today();
    observed.max = today();

    this.watchKey();
    this.form.addEventListener('change', (e) => {
      const target = e.target as HTMLElement;
      if (!target.matches('select')) return;
      // A new skill starts at the trainee's current step for it, when their record is known.
      const state = this.trainee?.skills?.[this.skillValue()];
      if (target.getAttribute('name') === 'skill' && state)
        this.select('step', state.steps.currentStep ?? 'show', false);
      this.showStep();
    });
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.sign();
    });
    const file = this.querySelector<HTMLInputElement>('[data-progress-file]')!;
    file.addEventListener('change', async () => {
      const chosen = file.files?.[0];
      file.value = '';
      if (chosen) await this.fromProgressFile(chosen);
    });
    const fromLink = () => {
      if (!location.hash.startsWith(`#${REQUEST_PREFIX}`)) return;
      const fragment = location.hash.slice(1);
      // Drop it from the address, so opening the same request again (a second session of the
      // same step) is a new navigation that this page notices.
      history.replaceState(null, '', location.pathname + location.search);
      this.fromRequest(fragment);
    };
    // A request opened while this page is already showing only changes the fragment.
    window.addEventListener('hashchange', fromLink);
    const linked = location.hash.startsWith(`#${REQUEST_PREFIX}`);
    fromLink();
    const fromDesk = new URLSearchParams(location.search).get('trainee');
    if (fromDesk && !location.hash) void this.fromCohortDesk(fromDesk);
    else if (!linked && !fromDesk) {
      const pending = pendingRequest.get();
      if (pending) this.fromRequest(pending);
    }
  }

  /** After signing for a trainee from the desk: the desk's copy of their record gains the entry. */
  private async updateDesk(jws: string): Promise<void> {
    const profile = this.trainee?.profile;
    if (!this.fromCohort || !profile) return;
    if (!profile.entries.includes(jws)) profile.entries = [...profile.entries, jws];
    const manifest = readManifest();
    const split = splitEntries(profile.entries);
    const bundle = await buildBundle({ ...profile, entries: split.signoffs }, manifest, {
      exportedFrom: 'trainer',
      now: new Date(),
      certifications: split.certifications,
    });
    const text = JSON.stringify(bundle);
    await importFiles([{ name: bundleFileName(bundle), size: text.length, text: async () => text }], manifest).catch(
      () => undefined,
    );
  }

  private watchKey(): void {
    const status = this.querySelector<HTMLElement>('[data-key-status]')!;
    const unlock = this.querySelector<HTMLFormElement>('[data-unlock]')!;
    if (!window.isSecureContext || !crypto.subtle) {
      status.textContent =
        'Signing needs a secure connection (HTTPS, or localhost), and this page was opened over plain HTTP. ' +
        'Ask whoever hosts the course to serve it over HTTPS. Lessons, quizzes and verification still work here.';
      return;
    }
    $trainerKey.subscribe((key) => {
      unlock.hidden = key.status !== 'locked';
      if (key.status === 'loading') status.textContent = 'Looking for your key…';
      else if (key.status === 'none')
        status.textContent = 'There is no signing key on this device. Create or restore one on the Trainer page first.';
      else {
        const roster = findKey(readManifest().roster, key.identity.kid);
        const who = `${roster?.trainer.name ?? key.identity.name} (key ${key.identity.kid.slice(0, 8)}…)`;
        const demo = roster?.trainer.demo
          ? ' DEMO key: anyone can sign with it, and everything it signs says demo.'
          : '';
        const onRoster = roster
          ? ''
          : ' This key is not on the site’s roster yet, so trainees’ devices will refuse what it signs.';
        status.textContent =
          key.status === 'locked'
            ? `Your key is locked. Unlock it to sign as ${who}.${demo}`
            : `Signing as ${who}.${demo}${onRoster}`;
      }
    });
    unlock.addEventListener('submit', async (e) => {
      e.preventDefault();
      const input = unlock.elements.namedItem('passphrase') as HTMLInputElement;
      const button = unlock.querySelector('button')!;
      button.disabled = true;
      button.textContent = 'Unlocking…';
      const result = await unlockTrainerKey(input.value);
      button.disabled = false;
      button.textContent = 'Unlock';
      input.value = '';
      if (!result.ok) status.textContent = result.message;
    });
    void loadTrainerKey();
  }

  private sourceMessage(text: string, ok: boolean): void {
    const message = this.querySelector<HTMLElement>('[data-source-message]')!;
    message.textContent = text;
    message.className = `message message--${ok ? 'ok' : 'error'}`;
  }

  private fromRequest(fragment: string): void {
    const request = decodeRequest(fragment);
    const manifest = readManifest();
    if (!request.ok) return this.sourceMessage(`This sign-off request was not accepted: ${request.message}`, false);
    if (request.value.course !== manifest.course.id) {
      return this.sourceMessage(`This request is for the course “${request.value.course}”, not this one.`, false);
    }
    if (!manifest.skills.some((s) => s.id === request.value.skill)) {
      return this.sourceMessage(
        `This request names a skill this course does not have (“${request.value.skill}”).`,
        false,
      );
    }
    this.trainee = request.value.trainee;
    this.fromCohort = false;
    pendingRequest.set(fragment);
    void recordRequest({
      traineeId: request.value.trainee.id,
      name: request.value.trainee.name,
      skill: request.value.skill,
      step: request.value.step,
      at: new Date().toISOString(),
    });
    this.select('skill', request.value.skill, true);
    this.select('step', request.value.step, true);
    this.querySelector<HTMLElement>('[data-trainee]')!.textContent =
      `${request.value.trainee.name} asks for a sign-off (trainee id ${request.value.trainee.id}). ` +
      'The request itself proves nothing: check the person in front of you.';
    this.openForm();
  }

  /** A trainee's progress file or signed record, chosen by the trainer. */
  private async fromProgressFile(file: File): Promise<void> {
    const manifest = readManifest();
    const text = await file.text();
    const parsed = parseProgressFile(text, manifest.course.id);
    const bundle = parsed.ok ? undefined : profileFromBundle(text, manifest);
    if (!parsed.ok && !bundle?.ok) {
      return this.sourceMessage(`${file.name} was not imported: ${bundle?.reason ?? parsed.reason}`, false);
    }
    this.fromCohort = false;
    await this.fromProfile(
      parsed.ok ? parsed.file.profile : (bundle as { profile: TraineeProfile }).profile,
      'their file',
    );
  }

  /** A trainee from the cohort desk (`?trainee=<id>`): their latest imported record. */
  private async fromCohortDesk(id: string): Promise<void> {
    const text = await bundleOf(id).catch(() => undefined);
    const bundle = text === undefined ? undefined : profileFromBundle(text, readManifest());
    if (!bundle?.ok) return this.sourceMessage('That trainee is not on your cohort desk on this device.', false);
    this.fromCohort = true;
    await this.fromProfile(bundle.profile, 'your cohort desk');
  }

  private async fromProfile(profile: TraineeProfile, source: string): Promise<void> {
    const manifest = readManifest();
    const record = await verifyRecord(splitEntries(profile.entries).signoffs, { manifest, traineeId: profile.id });
    pendingRequest.clear();
    this.trainee = { id: profile.id, name: profile.name, skills: checklist(record, manifest), profile };
    await this.renderCertify();
    this.querySelector<HTMLElement>('[data-trainee]')!.textContent =
      `${profile.name} (trainee id ${profile.id}), from ${source}: ${record.accepted.length} valid sign-off(s)` +
      (record.refused.length ? `, ${record.refused.length} that did not verify and are ignored.` : '.');
    this.sourceMessage('', true);
    this.select('skill', (this.form.elements.namedItem('skill') as HTMLSelectElement).value, false);
    this.select('step', this.trainee.skills![this.skillValue()]?.steps.currentStep ?? 'show', false);
    this.openForm();
  }

  private select(name: 'skill' | 'step', value: string, locked: boolean): void {
    const select = this.form.elements.namedItem(name) as HTMLSelectElement;
    select.value = value;
    select.disabled = locked;
  }

  private skillValue(): string {
    return (this.form.elements.namedItem('skill') as HTMLSelectElement).value;
  }

  private stepValue(): Step {
    return (this.form.elements.namedItem('step') as HTMLSelectElement).value as Step;
  }

  private openForm(): void {
    this.form.hidden = false;
    this.querySelector<HTMLElement>('[data-result]')!.hidden = true;
    this.showStep();
  }

  /** Criteria, evidence fields and the state of the chosen step. */
  private showStep(): void {
    const manifest = readManifest();
    const skill = manifest.skills.find((s) => s.id === this.skillValue())!;
    const step = this.stepValue();
    const criteria = this.querySelector<HTMLElement>('[data-criteria]')!;
    const heading = document.createElement('h3');
    heading.textContent = `What you check at ${STEP_INFO[step].label}`;
    const focus = document.createElement('p');
    focus.textContent = skill.steps[step].focus;
    const list = document.createElement('ul');
    list.append(
      ...skill.steps[step].checks.map((c) => {
        const li = document.createElement('li');
        li.textContent = c;
        return li;
      }),
    );
    criteria.replaceChildren(heading, focus, list);
    for (const box of this.querySelectorAll<HTMLElement>('[data-evidence]')) {
      box.hidden = !box.dataset.evidence!.split(' ').includes(step);
    }
    const state = this.trainee?.skills?.[skill.id]?.steps;
    const stepState = state?.steps[step];
    this.querySelector<HTMLElement>('[data-reopen]')!.hidden = stepState?.state !== 'signed-off';
    this.querySelector<HTMLElement>('[data-step-state]')!.textContent = state
      ? stepState?.state === 'signed-off'
        ? `This step is signed off already (by ${stepState.signedOffBy?.trainerName}). You can re-open it.`
        : state.currentStep === step
          ? `This is the trainee’s current step (${stepState?.sessions ?? 0} practice session(s) so far).`
          : `The trainee’s current step is ${state.currentStep ? STEP_INFO[state.currentStep].label : 'none: all four are signed off'}; a sign-off out of order will be refused.`
      : '';
  }

  private async sign(): Promise<void> {
    const error = this.querySelector<HTMLElement>('[data-sign-error]')!;
    const fail = (text: string) => {
      error.textContent = text;
      error.className = 'message message--error';
    };
    error.textContent = '';
    if (!this.trainee) return fail('Open a request link or import a progress file first.');
    const data = new FormData(this.form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const outcome = text('outcome') as Outcome | '';
    const step = this.stepValue();
    if (!outcome) return fail('Choose the outcome: signed off, or a practice session.');
    if (outcome === 'signed-off') {
      if (step === 'show' && !text('learningStyle'))
        return fail('Record the trainee’s learning style for the Show step.');
      if ((step === 'copilot' || step === 'solo') && !text('debrief'))
        return fail('Write the debrief notes for this step.');
      if (step === 'teachback' && !text('taughtName')) return fail('Write who the trainee taught.');
    }
    const observedAt = text('observedAt');
    if (!observedAt || observedAt > today()) return fail('The date observed must be today or earlier.');

    const signer = await getSigner();
    if (!signer) return fail('Your signing key is not unlocked on this device. Unlock it above, then sign.');
    const manifest = readManifest();
    const onRoster = findKey(manifest.roster, signer.kid);
    const skill = manifest.skills.find((s) => s.id === this.skillValue())!;
    const evidence: SignoffInput['evidence'] = {
      learningStyle: step === 'show' ? ((text('learningStyle') || undefined) as never) : undefined,
      explanation: step === 'show' ? text('explanation') || undefined : undefined,
      debrief: step === 'copilot' || step === 'solo' ? text('debrief') || undefined : undefined,
      taught:
        step === 'teachback' && text('taughtName') ? { name: text('taughtName'), role: text('taughtRole') } : undefined,
    };
    const button = this.querySelector<HTMLButtonElement>('[data-sign-button]')!;
    button.disabled = true;
    const signed = await signSignoff(
      {
        course: manifest.course.id,
        skill: skill.id,
        skillHash: skill.hash,
        trainee: { id: this.trainee.id, name: this.trainee.name },
        step,
        outcome,
        observedAt,
        evidence,
        notes: text('notes'),
      },
      // Sign with the roster's spelling of the name: that is what every verifier shows.
      { ...signer, trainerName: onRoster?.trainer.name ?? signer.trainerName },
    );
    button.disabled = false;
    if (!signed.ok) return fail(signed.message);
    pendingRequest.clear();
    this.logged = await appendToLog({ id: signed.value.payload.id, traineeId: this.trainee.id, jws: signed.value.jws });
    await this.updateDesk(signed.value.jws);
    this.showResult(
      signed.value.jws,
      `${this.trainee.name}: ${skill.title}, ${STEP_INFO[step].label}`,
      Boolean(onRoster?.trainer.demo),
    );
  }

  /** Which skills (and the course) the imported trainee can be certified for now. */
  private async renderCertify(): Promise<void> {
    const profile = this.trainee?.profile;
    const section = this.querySelector<HTMLElement>('[data-certify]')!;
    if (!profile) return;
    const manifest = readManifest();
    const { record, held } = await verifyProfileEntries(profile.entries, { manifest, traineeId: profile.id });
    const items: HTMLLIElement[] = [];
    let waiting = 0;
    for (const skill of manifest.skills) {
      const current = latestCertification(held, skill.id);
      const li = document.createElement('li');
      if (current?.status === 'valid') {
        li.textContent = `${skill.title}: certified on ${current.payload.certifiedAt.slice(0, 10)} by ${current.payload.trainer.name}.`;
        items.push(li);
        continue;
      }
      const ready = await skillCertificationReady(record, profile.attempts, manifest, skill.id);
      if (!ready.ok) {
        waiting++;
        continue;
      }
      li.append(this.certifyButton(`Certify: ${skill.title}`, ready.value));
      items.push(li);
    }
    const skillCerts = held.accepted
      .filter((c) => c.status === 'valid' && c.payload.scope === 'skill')
      .map((c) => c.payload);
    const course = await courseCertificationReady(skillCerts, manifest, new Date());
    if (course.ok && latestCertification(held)?.status !== 'valid') {
      const li = document.createElement('li');
      li.append(this.certifyButton('Certify the whole course', course.value));
      items.push(li);
    }
    section.querySelector('[data-certify-text]')!.textContent =
      `A skill can be certified when its four steps are signed off and its lessons’ quizzes are passed. ` +
      `${waiting} skill(s) of ${profile.name} are not ready yet. Certify a skill after its sign-offs have reached the trainee’s device and their progress file shows them.`;
    section.querySelector('[data-certify-list]')!.replaceChildren(...items);
    section.hidden = false;
    this.querySelector<HTMLButtonElement>('[data-export-bundle]')!.onclick = async () => {
      const current = splitEntries(profile.entries);
      const bundle = await buildBundle({ ...profile, entries: current.signoffs }, readManifest(), {
        exportedFrom: 'trainer',
        now: new Date(),
        certifications: current.certifications,
      });
      downloadFile(bundleFileName(bundle), JSON.stringify(bundle, null, 2));
    };
  }

  private certifyButton(label: string, input: CertificationInput): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.addEventListener('click', async () => {
      const signer = await getSigner();
      if (!signer) {
        this.sourceMessage('Your signing key is not unlocked on this device. Unlock it above, then certify.', false);
        return;
      }
      const manifest = readManifest();
      const onRoster = findKey(manifest.roster, signer.kid);
      const signed = await signCertification(
        { ...input, expiryMonths: manifest.course.certificationExpiryMonths },
        { ...signer, trainerName: onRoster?.trainer.name ?? signer.trainerName },
      );
      if (!signed.ok) {
        this.sourceMessage(signed.message, false);
        return;
      }
      const profile = this.trainee!.profile!;
      // Keep it with the imported profile, so the course certification can rest on it next.
      profile.entries = [...profile.entries, signed.value.jws];
      this.logged = await appendToLog({ id: signed.value.payload.id, traineeId: profile.id, jws: signed.value.jws });
      await this.updateDesk(signed.value.jws);
      this.showResult(
        signed.value.jws,
        `${this.trainee!.name}: ${label.replace(/^Certify:? /, 'certification of ')}`,
        Boolean(onRoster?.trainer.demo),
      );
      if (input.scope === 'course') this.offerBadge(profile, signer);
      await this.renderCertify();
    });
    return button;
  }

  /** After a course certification: the Open Badges 3.0 credential, signed by the same key. */
  private offerBadge(profile: TraineeProfile, signer: Signer): void {
    const button = this.querySelector<HTMLButtonElement>('[data-badge]')!;
    button.hidden = false;
    button.onclick = async () => {
      const manifest = readManifest();
      const split = splitEntries(profile.entries);
      const bundle = await buildBundle({ ...profile, entries: split.signoffs }, manifest, {
        exportedFrom: 'trainer',
        now: new Date(),
        certifications: split.certifications,
      });
      const siteUrl = new URL(document.documentElement.dataset.base ?? '/', location.href).href;
      const verdict = await verifyBundle(JSON.stringify(bundle), manifest, { now: new Date(), siteUrl });
      if (!verdict.readable) return this.sourceMessage(verdict.message, false);
      const credential = courseBadgeCredential(verdict.record, { siteUrl });
      if (!credential.ok) return this.sourceMessage(credential.message, false);
      const onRoster = findKey(manifest.roster, signer.kid);
      const jwt = await signBadgeJwt(credential.value, {
        ...signer,
        trainerName: onRoster?.trainer.name ?? signer.trainerName,
      });
      downloadFile(`${manifest.course.id}-${profile.id}-badge.jwt`, jwt, 'application/jwt');
    };
  }

  private showResult(jws: string, what: string, demo: boolean): void {
    const result = this.querySelector<HTMLElement>('[data-result]')!;
    const response = encodeResponse([jws]);
    const link = response.ok ? new URL(`${this.dataset.checklistUrl}#${response.value}`, location.href).href : '';
    result.querySelector('[data-result-text]')!.textContent =
      `Signed ${what}.${demo ? ' DEMO: signed with the published demo key.' : ''}` +
      (this.logged
        ? ' Added to your signing log.'
        : ' Your signing log on this device could not record it (storage refused).');
    const input = result.querySelector<HTMLInputElement>('[data-result-link]')!;
    input.value = link;
    const qr = link ? qrElement(link, `QR code of the signed entry for ${what}`) : null;
    result.querySelector('[data-qr]')!.replaceChildren(...(qr ? [qr] : []));
    const copy = result.querySelector<HTMLButtonElement>('[data-copy]')!;
    copy.onclick = async () => {
      input.select();
      copy.textContent = (await copyText(link)) ? 'Copied' : 'Select and copy the link';
    };
    result.querySelector<HTMLButtonElement>('[data-download]')!.onclick = () => {
      downloadFile(
        `signoff-${what.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}.json`,
        JSON.stringify(signoffFile([jws]), null, 2),
      );
    };
    this.form.reset();
    (this.form.elements.namedItem('observedAt') as HTMLInputElement).value = today();
    this.form.hidden = true;
    result.hidden = false;
    result.focus();
  }
}

customElements.define('tandem-sign', TandemSign);
