/**
 * <tandem-sign>: the trainer's sign-off page (src/pages/trainer/sign.astro). Who is being
 * signed off comes from a request link (not trusted: it only pre-fills the form, and the
 * trainee's device verifies what comes back), from the trainee's progress file, or from the
 * cohort desk (whose own sign-offs are verified to show the state). This file holds the trainee
 * and the session form; the key panel, the certification panel and the result panel are modules
 * of their own, and the form's rules are pure (./session.ts). What is typed is kept as a draft per
 * request (./draft.ts), what is signed joins the trainee's sitting (./sitting.ts), and the key gate
 * (./sign-gate.ts) keeps Sign off while there is no unlocked key.
 *
 * Over 400 lines on purpose: the three ways a trainee arrives (request link, file, cohort desk)
 * all end in the one trainee and form state this element holds; split across modules, that
 * state would have to be passed round and kept in step.
 */
import { $trainerKey, getSigner } from '../../../stores/trainer-key';
import { readManifest } from '../../../stores/manifest';
import { bundleOf, recordRequest } from '../../../stores/cohort';
import { appendToLog } from '../../../stores/trainer-log';
import { decodeRequest, REQUEST_PREFIX, type SignoffRequest } from '../../../lib/trust/links';
import { signSignoff, type SignoffPayload } from '../../../lib/trust/entry';
import { checkNextEntry } from '../../../lib/trust/ledger';
import { describeSignOff } from '../../../lib/content/sign-off';
import { knownEntries } from './trainee';
import { checklist, type VerifiedRecord } from '../../../lib/trust/record';
import { isCancelled } from '../../../lib/pool/cancelled';
import { parseProgressFile } from '../../../lib/progress/file';
import { profileFromBundle } from '../../../lib/bundle/profile';
import { verifyProfileEntries } from '../../../lib/trust/certification/held';
import { STEP_INFO, type Step } from '../../../lib/content/steps';
import type { TraineeProfile } from '../../../lib/progress/format';
import { control, h, onFragment, required, say } from '../../dom';
import { keyPanel } from './key-panel';
import { asOnRoster, renderCertify, type CertifyHooks } from './certify-panel';
import { showResult } from './result-panel';
import { pendingRequest } from './pending-request';
import { readSession, today } from './session';
import { addToDesk, type Trainee } from './trainee';
import { publicKeyThumbprint } from '../../../lib/trust/key-id';
import type { PublicJwk } from '../../../lib/trust/roster';
import { offerQualifiedSkills, showQualification, signOffRefusal } from './qualification';
import { keyGate, applyKeyGate } from './sign-gate';
import { clearDraft, restoreDraft, saveDraft, type DraftKey } from './draft';
import { addToSitting, sittingFor } from './sitting';
import { workingSkill } from '../../../lib/trust/working-skill';
import { count } from '../../../lib/plural';

class TandemSign extends HTMLElement {
  private trainee: Trainee | undefined;
  /** The trainee came from the cohort desk: what is signed is added to the desk's copy too. */
  private fromCohort = false;
  private form!: HTMLFormElement;
  /**
   * What a request link's proof showed (request links only): the verified sign-off of the step
   * before, or why it proves nothing. Judged once per request, for the trainee it came with.
   */
  private proof: { for: Trainee; payload?: SignoffPayload; refused?: string; gate?: string } | undefined;

  connectedCallback(): void {
    this.form = required<HTMLFormElement>(this, '[data-sign]');
    const observed = control(this.form, 'observedAt');
    observed.value = today();
    observed.max = today();

    keyPanel(this);
    offerQualifiedSkills(this);
    keyGate(this);
    // Shown once the first state is drawn (see `.sign[data-pending]` in trainer-flows.css): the
    // request is read just below, in this task; the key is known when its store has looked.
    const shown = $trainerKey.subscribe((key) => {
      if (key.status === 'loading' && window.isSecureContext && crypto.subtle) return;
      this.removeAttribute('data-pending');
      queueMicrotask(() => shown());
    });
    this.form.addEventListener('input', () => this.keepDraft());
    this.form.addEventListener('change', (e) => {
      const target = e.target as HTMLElement;
      if (target.matches('select')) {
        // A new skill starts at the trainee's current step for it, when their record is known.
        const state = this.trainee?.skills?.[this.skillValue()];
        if (target.getAttribute('name') === 'skill' && state)
          this.select('step', state.steps.currentStep ?? 'show', false);
        // What was typed for the step before is already kept under its own request; a draft kept
        // for this one comes back, and without one the fields stay as they are.
        const key = this.draftKey();
        if (key) restoreDraft(this.form, key);
        this.showStep();
      }
      this.keepDraft();
    });
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.sign();
    });
    const file = required<HTMLInputElement>(this, '[data-progress-file]');
    file.addEventListener('change', () => {
      const chosen = file.files?.[0];
      file.value = '';
      if (chosen) void this.fromProgressFile(chosen);
    });
    // Dropped from the address once read, so opening the same request again (a second session
    // of the same step) is a new navigation that this page notices.
    const linked = onFragment(REQUEST_PREFIX, (fragment) => this.fromRequest(fragment), true);
    const fromDesk = new URLSearchParams(location.search).get('trainee');
    if (fromDesk && !location.hash) void this.fromCohortDesk(fromDesk);
    else if (!linked && !fromDesk) {
      const pending = pendingRequest.get();
      if (pending) this.fromRequest(pending);
    }
  }

  /** The request the form answers now (trainee, skill, step), under which its draft is kept. */
  private draftKey(): DraftKey | undefined {
    return this.trainee ? { traineeId: this.trainee.id, skill: this.skillValue(), step: this.stepValue() } : undefined;
  }

  private keepDraft(): void {
    const key = this.draftKey();
    if (key) saveDraft(this.form, key);
  }

  /** A new trainee: empty fields, then whatever was typed for this request earlier in the tab. */
  private freshForm(): void {
    // reset() would also put the skill and step back to the first ones: keep what was chosen.
    const chosen = { skill: this.skillValue(), step: this.stepValue() };
    this.form.reset();
    control<HTMLSelectElement>(this.form, 'skill').value = chosen.skill;
    control<HTMLSelectElement>(this.form, 'step').value = chosen.step;
    control(this.form, 'observedAt').value = today();
    const key = this.draftKey();
    if (key && restoreDraft(this.form, key)) {
      say(required(this, '[data-sign-error]'), 'What you typed for this request earlier is back.', 'ok');
    }
  }

  private message(text: string, ok: boolean): void {
    say(required(this, '[data-source-message]'), text, ok ? 'ok' : 'error');
  }

  /**
   * What happens after any entry is signed: log it, update the desk's copy, add it to the
   * trainee's sitting and show the sitting to send. A sign-off empties the form it came from; a
   * certification leaves the session form (and whatever is being typed there) alone.
   */
  private async signed(
    jws: string,
    entryId: string,
    what: string,
    demo: boolean,
    kind: 'signoff' | 'certification' = 'certification',
  ): Promise<void> {
    const trainee = this.trainee;
    if (!trainee) return;
    const logged = await appendToLog({ id: entryId, traineeId: trainee.id, jws });
    if (this.fromCohort && trainee.profile) await addToDesk(trainee.profile, jws, readManifest());
    if (kind === 'signoff') {
      const key = this.draftKey();
      if (key) clearDraft(key);
      this.form.reset();
      control(this.form, 'observedAt').value = today();
      this.form.hidden = true;
    }
    showResult(this, addToSitting(trainee, { jws, what, kind, demo }), logged.ok);
  }

  private hooks(): CertifyHooks {
    return {
      message: (text, ok) => this.message(text, ok),
      signed: (jws, id, what, demo) => this.signed(jws, id, what, demo),
    };
  }

  private fromRequest(fragment: string): void {
    const request = decodeRequest(fragment);
    const manifest = readManifest();
    if (!request.ok) return this.message(`This sign-off request was not accepted: ${request.message}`, false);
    const { course, skill, step, trainee } = request.value;
    if (course !== manifest.course.id) {
      return this.message(`This request is for the course “${course}”, not this one.`, false);
    }
    if (!manifest.skills.some((s) => s.id === skill)) {
      return this.message(`This request names a skill this course does not have (“${skill}”).`, false);
    }
    this.trainee = trainee;
    this.fromCohort = false;
    pendingRequest.set(fragment);
    void recordRequest({ traineeId: trainee.id, name: trainee.name, skill, step, at: new Date().toISOString() });
    this.select('skill', skill, true);
    this.select('step', step, true);
    this.freshForm();
    required(this, '[data-trainee]').textContent =
      `${trainee.name} asks for a sign-off (trainee id ${trainee.id}). ` +
      'The request itself proves nothing: check the person in front of you.' +
      (trainee.key
        ? ' Your entry will name the key their request carries.'
        : ' Their request carries no key of theirs: the entry will be single-signed.');
    this.openForm();
    void this.judgeProof(request.value, trainee);
    void this.withDeskRecord(trainee);
  }

  /**
   * Verifies the sign-off of the step before that a request carries, as every verifier would,
   * so Sign is refused, with the reason, before anything is typed for a step that is not the
   * trainee's current one.
   */
  private async judgeProof(request: SignoffRequest, trainee: Trainee): Promise<void> {
    this.proof = { for: trainee };
    const { judgeStepProof, checkRequestedEntry } = await import('../../../lib/trust/step-proof');
    const manifest = readManifest();
    const proof = request.proof
      ? await judgeStepProof(
          request.proof,
          {
            course: request.course,
            skill: request.skill,
            step: request.step,
            trainee: { id: trainee.id, name: trainee.name },
            traineeKid: trainee.key ? await publicKeyThumbprint(trainee.key) : null,
          },
          manifest,
        )
      : undefined;
    const payload = proof?.ok ? proof.value : undefined;
    const order = checkRequestedEntry(await knownEntries(trainee), payload, {
      course: request.course,
      skill: request.skill,
      trainee: { id: trainee.id, name: trainee.name },
      step: request.step,
      outcome: 'signed-off',
    });
    if (this.trainee !== trainee) return;
    this.proof = {
      for: trainee,
      ...(payload && { payload }),
      ...(proof && !proof.ok && { refused: proof.message }),
      ...(!order.ok && {
        gate:
          proof && !proof.ok
            ? `the proof of the step before in this request was refused: ${proof.message}.`
            : order.message,
      }),
    };
    this.showStep();
  }

  /**
   * A request names a step but says nothing signed. When the trainee is on this device's cohort
   * desk, their record there (with what this trainer signed since) lets the page show their
   * state and refuse a step out of order before it is signed.
   */
  private async withDeskRecord(trainee: Trainee): Promise<void> {
    const held = await bundleOf(trainee.id);
    const manifest = readManifest();
    const bundle = held.ok && held.value !== undefined ? profileFromBundle(held.value, manifest) : undefined;
    if (!bundle?.ok || this.trainee !== trainee) return;
    const { pooledChecker } = await import('../../verify-pool/on-demand');
    const { record } = await verifyProfileEntries(bundle.value.profile.entries, {
      manifest,
      traineeId: trainee.id,
      checkAlone: pooledChecker(manifest),
    });
    trainee.skills = checklist(record, manifest);
    this.showStep();
  }

  /** A trainee's progress file or signed record, chosen by the trainer. */
  private async fromProgressFile(file: File): Promise<void> {
    const manifest = readManifest();
    const text = await file.text();
    const parsed = parseProgressFile(text, manifest.course.id);
    if (parsed.ok) return this.fromProfile(parsed.value.profile, 'their file', false);
    const bundle = profileFromBundle(text, manifest);
    if (!bundle?.ok) return this.message(`${file.name} was not imported: ${bundle?.message ?? parsed.message}`, false);
    await this.fromProfile(bundle.value.profile, 'their file', false, bundle.value.traineeKey);
  }

  /** A trainee from the cohort desk (`?trainee=<id>`): their latest imported record. */
  private async fromCohortDesk(id: string): Promise<void> {
    const held = await bundleOf(id);
    const bundle = held.ok && held.value !== undefined ? profileFromBundle(held.value, readManifest()) : undefined;
    if (!bundle?.ok) return this.message('That trainee is not on your cohort desk on this device.', false);
    await this.fromProfile(bundle.value.profile, 'your cohort desk', true, bundle.value.traineeKey);
  }

  /** `traineeKey`: the public key a signed record carries for a profile that holds no key of its own. */
  private async fromProfile(
    profile: TraineeProfile,
    source: string,
    fromCohort: boolean,
    traineeKey: PublicJwk | undefined = profile.key?.publicJwk,
  ): Promise<void> {
    this.fromCohort = fromCohort;
    const manifest = readManifest();
    // A request just opened for this same trainee says which skill they came for.
    const requested = this.trainee?.id === profile.id && !this.trainee.profile ? this.skillValue() : undefined;
    // Checked on every core, off this thread, with a bar and a way to stop.
    const { pooledChecker, progressView } = await import('../../verify-pool/on-demand');
    const anchor = required(this, '[data-progress-file]').parentElement ?? this;
    const progress = progressView(anchor, 'Verifying the trainee’s record', 'entries');
    let record: VerifiedRecord;
    try {
      ({ record } = await verifyProfileEntries(profile.entries, {
        manifest,
        traineeId: profile.id,
        checkAlone: pooledChecker(manifest, progress),
      }));
    } catch (error) {
      if (!isCancelled(error)) throw error;
      return this.message('Cancelled: the record was not read, and nothing changed.', false);
    } finally {
      progress.finish();
    }
    pendingRequest.clear();
    const skills = checklist(record, manifest);
    this.trainee = { id: profile.id, name: profile.name, skills, profile, key: traineeKey };
    await renderCertify(this, profile, this.hooks(), traineeKey);
    required(this, '[data-trainee]').textContent =
      `${profile.name} (trainee id ${profile.id}), from ${source}: ${count(record.accepted.length, 'valid sign-off')}` +
      (record.refused.length ? `, ${record.refused.length} that did not verify and are ignored.` : '.');
    this.message('', true);
    const skill =
      workingSkill(
        skills,
        manifest.skills.map((s) => s.id),
        requested,
      ) ?? this.skillValue();
    this.select('skill', skill, false);
    this.select('step', skills[skill]?.steps.currentStep ?? 'show', false);
    this.freshForm();
    this.openForm();
  }

  private select(name: 'skill' | 'step', value: string, locked: boolean): void {
    const select = control<HTMLSelectElement>(this.form, name);
    select.value = value;
    select.disabled = locked;
  }

  private skillValue(): string {
    return control<HTMLSelectElement>(this.form, 'skill').value;
  }

  private stepValue(): Step {
    return control<HTMLSelectElement>(this.form, 'step').value as Step;
  }

  private openForm(): void {
    this.form.hidden = false;
    // What was signed for this trainee earlier in the sitting stays on show, ready to send.
    const sitting = this.trainee ? sittingFor(this.trainee) : undefined;
    if (sitting?.entries.length) showResult(this, sitting, undefined, false);
    else required(this, '[data-result]').hidden = true;
    this.showStep();
  }

  /** Criteria, evidence fields and the state of the chosen step. */
  private showStep(): void {
    showQualification(this);
    const skill = readManifest().skills.find((s) => s.id === this.skillValue());
    if (!skill) return;
    const step = this.stepValue();
    const criteria = required(this, '[data-criteria]');
    criteria.replaceChildren(
      h('h3', { text: `What you check at ${STEP_INFO[step].label}` }),
      h('p', { text: skill.steps[step].focus }),
      h('ul', {}, ...skill.steps[step].checks.map((c) => h('li', { text: c }))),
      h('p', { 'data-sign-off-rule': '', text: `When to sign off: ${describeSignOff(skill.steps[step].signOff)}` }),
    );
    for (const box of this.querySelectorAll<HTMLElement>('[data-evidence]')) {
      box.hidden = !(box.dataset.evidence ?? '').split(' ').includes(step);
    }
    const state = this.trainee?.skills?.[skill.id]?.steps;
    const stepState = state?.steps[step];
    required(this, '[data-reopen]').hidden = stepState?.state !== 'signed-off';
    const button = required<HTMLButtonElement>(this, '[data-sign-button]');
    const gate = !state && this.proof?.for === this.trainee ? this.proof?.gate : undefined;
    if (gate) button.dataset.orderRefused = '';
    else delete button.dataset.orderRefused;
    applyKeyGate(this);
    const proven = this.proof?.for === this.trainee ? this.proof?.payload : undefined;
    const stateNote = required(this, '[data-step-state]');
    if (gate) return say(stateNote, `You cannot sign this: ${gate}`, 'error');
    stateNote.className = '';
    stateNote.textContent = !state
      ? proven
        ? `Their request shows ${STEP_INFO[proven.step].label} signed off by ${proven.trainer.name} on ${proven.observedAt}.`
        : ''
      : stepState?.state === 'signed-off'
        ? `This step is signed off already (by ${stepState.signedOffBy?.trainerName}). You can re-open it.`
        : state.currentStep === step
          ? `This is the trainee’s current step (${count(stepState?.sessions ?? 0, 'practice session')} so far).`
          : `The trainee’s current step is ${state.currentStep ? STEP_INFO[state.currentStep].label : 'none: all four are signed off'}; a sign-off out of order will be refused.`;
  }

  private async sign(): Promise<void> {
    const error = required(this, '[data-sign-error]');
    const fail = (text: string) => say(error, text, 'error');
    error.textContent = '';
    const trainee = this.trainee;
    if (!trainee) return fail('Open a request link or import a progress file first.');
    const data = new FormData(this.form);
    const step = this.stepValue();
    const session = readSession(step, (name) => {
      const value = data.get(name);
      return typeof value === 'string' ? value.trim() : '';
    });
    if (!session.ok) return fail(session.message);

    const unlocked = await getSigner();
    if (!unlocked)
      return fail(
        'Your signing key is not unlocked on this device: unlock or restore it in “Your signing key” at the top of this page, then sign.',
      );
    const manifest = readManifest();
    const skill = manifest.skills.find((s) => s.id === this.skillValue());
    if (!skill) return fail('Choose a skill of this course.');
    const refusal = signOffRefusal(skill.id, unlocked.kid);
    if (refusal) return fail(`Not signed: ${refusal}`);
    const { signer, onRoster } = asOnRoster(unlocked);
    const { outcome, observedAt, evidence, notes } = session;
    // The trainee's device refuses an entry out of order; refuse it here first, before it is
    // signed and kept in the signing log: against the trainee's record when this device holds it
    // (a file or the cohort desk, with what this trainer signed since), and otherwise against the
    // sign-off of the step before that the request carries (lib/trust/step-proof.ts).
    const candidate = {
      course: manifest.course.id,
      skill: skill.id,
      trainee: { id: trainee.id, name: trainee.name },
      step,
      outcome,
    };
    const proof = this.proof?.for === trainee ? this.proof : undefined;
    if (!trainee.skills && proof?.refused) {
      return fail(`Not signed: the proof of the step before in this request was refused: ${proof.refused}.`);
    }
    const order = trainee.skills
      ? checkNextEntry(await knownEntries(trainee), candidate)
      : (await import('../../../lib/trust/step-proof')).checkRequestedEntry(
          await knownEntries(trainee),
          proof?.payload,
          candidate,
        );
    if (!order.ok) return fail(`Not signed: ${order.message}`);
    const button = required<HTMLButtonElement>(this, '[data-sign-button]');
    button.disabled = true;
    button.dataset.busy = '';
    const signed = await signSignoff(
      {
        course: manifest.course.id,
        skill: skill.id,
        skillHash: skill.hash,
        // Bound to the trainee's own key when their request or profile carries one.
        trainee: {
          id: trainee.id,
          name: trainee.name,
          kid: trainee.key ? await publicKeyThumbprint(trainee.key) : undefined,
        },
        step,
        outcome,
        observedAt,
        evidence,
        notes,
      },
      signer,
    );
    delete button.dataset.busy;
    applyKeyGate(this);
    if (!signed.ok) return fail(signed.message);
    pendingRequest.clear();
    await this.signed(
      signed.value.jws,
      signed.value.payload.id,
      `${trainee.name}: ${skill.title}, ${STEP_INFO[step].label} (${outcome === 'signed-off' ? 'signed off' : outcome === 'practice' ? 'practice session' : 're-opened'})`,
      Boolean(onRoster?.trainer.demo),
      'signoff',
    );
  }
}

customElements.define('tandem-sign', TandemSign);
