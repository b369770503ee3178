/**
 * <tandem-checklist>: the trainee's checklist. Sign-offs stored in this browser are verified
 * again every time they are shown (storage can be edited); arriving sign-offs (link, pasted
 * link, file) are verified before they are kept, and refused ones are listed with the reason.
 * A step's acknowledgement is ./ack-panel.ts; the overview, the named-trainee offer, the trainee
 * key and the proof-of-holder answer are modules of their own.
 */
import { progressStores } from '../../stores/progress';
import { readManifest, siteLink } from '../../stores/manifest';
import { copyText, qrElement } from '../trust/qr';
import { checklist } from '../../lib/trust/record';
import { latestCertification, verifyProfileEntries } from '../../lib/trust/certification/held';
import { decodeResponse, encodeRequest, RESPONSE_PREFIX } from '../../lib/trust/links';
import { parseSignoffFile } from '../../lib/trust/signoff-file';
import { receiveEntries, stateAfterReceiving, type ReceivedResult } from '../../lib/progress/receive';
import { findKey } from '../../lib/trust/roster';
import { quizStatus } from '../../lib/quiz/score';
import { STEP_INFO, type Step } from '../../lib/content/steps';
import type { ProgressState, TraineeProfile } from '../../lib/progress/format';
import type { StepState } from '../../lib/trust/ledger';
import { control, h, onFragment, required, say } from '../dom';
import { namedTraineeToAdd, stateWithNamedTrainee, traineesNamedBy } from '../../lib/progress/named-trainee';
import { clearNamedTraineeOffer, receivedSentence, showNamedTraineeOffer } from './named-trainee-offer';
import { receivedText } from '../../lib/progress/received-text';
import { fillOverview } from './overview';
import { showAck } from './ack-panel';
import { showWho } from '../progress/needs-trainee';
import { count } from '../../lib/plural';
import { lazyDateFormat } from '../date-format';
import { profileAcks } from '../../lib/progress/acks';

/** A proof-of-holder challenge (lib/trust/holder.ts `CHALLENGE_PREFIX`), kept here so its code loads on use. */
const HOLDER_CHALLENGE_PREFIX = 'prove=';
const dateFormat = lazyDateFormat({ dateStyle: 'medium' });
const day = (iso: string | undefined) =>
  iso ? dateFormat.format(new Date(iso.length === 10 ? `${iso}T12:00:00` : iso)) : '';

class TandemChecklist extends HTMLElement {
  private stop?: () => void;
  private renderId = 0;

  connectedCallback(): void {
    const stores = progressStores();
    const paste = required<HTMLFormElement>(this, '[data-paste]');
    paste.addEventListener('submit', (e) => {
      e.preventDefault();
      const input = control(paste, 'link');
      const hash = input.value.includes('#') ? input.value.slice(input.value.indexOf('#') + 1) : input.value.trim();
      input.value = '';
      if (hash.startsWith(HOLDER_CHALLENGE_PREFIX)) void this.prove(hash);
      else void this.receiveFragment(hash);
    });
    const file = required<HTMLInputElement>(this, '[data-file]');
    file.addEventListener('change', () => {
      const chosen = file.files?.[0];
      file.value = '';
      if (chosen) void this.receiveFile(chosen);
    });
    for (const button of this.querySelectorAll<HTMLButtonElement>('[data-ask]')) {
      button.addEventListener('click', () => void this.ask(button));
    }
    // Key management loads on its own: it brings IndexedDB and key wrapping, which reading the
    // checklist does not need.
    void import('./trainee-key-panel').then((m) => m.traineeKeyPanel(this));
    this.stop = stores.watch((state, active) => void this.render(state, active));
    // The entries now live in this page's memory; keep them out of history and bookmarks.
    onFragment(RESPONSE_PREFIX, (fragment) => this.receiveFragment(fragment), true);
    onFragment(HOLDER_CHALLENGE_PREFIX, (fragment) => this.prove(fragment), true);
  }

  /** A verifier's proof-of-holder challenge: answered by its own module, loaded only now. */
  private async prove(fragment: string): Promise<void> {
    (await import('./holder-answer')).answerChallengePanel(this, fragment);
  }

  disconnectedCallback(): void {
    this.stop?.();
  }

  private say(text: string, ok: boolean): void {
    say(required(this, '[data-message]'), text, ok ? 'ok' : 'error');
  }

  private async receiveFile(chosen: File): Promise<void> {
    const parsed = parseSignoffFile(await chosen.text());
    if (!parsed.ok) this.say(`${chosen.name} was not imported: ${parsed.message} Nothing was changed.`, false);
    else await this.receive(parsed.value);
  }

  private async receiveFragment(fragment: string): Promise<void> {
    const decoded = decodeResponse(fragment);
    if (!decoded.ok) {
      this.say(`This sign-off link was not accepted: ${decoded.message} Nothing was changed.`, false);
      return;
    }
    await this.receive(decoded.value);
  }

  /** Verifies arriving entries for the trainee they name (switching to them) and keeps the valid ones. */
  private async receive(incoming: string[]): Promise<void> {
    const stores = progressStores();
    const anchor = required(this, '[data-message]');
    clearNamedTraineeOffer(this);
    // Entries for a trainee not on this browser: offer to add them rather than refuse: a dead end otherwise.
    const named = await namedTraineeToAdd(stores.$progress.get(), incoming, readManifest());
    if (named) {
      this.say(`Sign-off checked: it is for ${named.name}, who is not on this browser yet.`, true);
      showNamedTraineeOffer(anchor, named, stores.activeProfile(), () => {
        const next = stateWithNamedTrainee(stores.$progress.get(), named);
        if (!next) return `${named.name} was added meanwhile (another tab): open the link again to keep the sign-off.`;
        const saved = stores.actions.replace(next);
        if (!saved.ok) return `${named.name} could not be added: ${saved.message}`;
        this.showResults(named.received.results);
        this.say(receivedSentence(named.name, named.received.results), true);
        void this.offerCopy(named.received.results);
        return undefined;
      });
      return;
    }
    const received = await receiveEntries(stores.$progress.get(), incoming, readManifest());
    if (!received) {
      const trainee = traineesNamedBy(incoming)[0];
      this.say(
        (trainee
          ? `This link names ${trainee.name} (trainee id ${trainee.id}), who is not on this browser, and none of its entries verified for them. `
          : 'This link holds no entry for a trainee. ') +
          'Nothing was changed. If their earlier sign-offs are on another device, import their progress file (My progress) first.',
        false,
      );
      return;
    }
    const { profile, results } = received;
    // The state may have changed while we verified.
    const next = stateAfterReceiving(stores.$progress.get(), received);
    if (next) {
      const saved = stores.actions.replace(next);
      if (!saved.ok) {
        this.say(`The sign-offs were checked but could not be kept: ${saved.message}`, false);
        return;
      }
    }
    this.showResults(results);
    const summary = receivedText(profile.name, results);
    this.say(summary.text, summary.ok);
    void this.offerCopy(results);
  }

  /** After signed entries are kept: ask the browser to keep them, and offer the file that restores them. */
  private async offerCopy(results: ReceivedResult[]): Promise<void> {
    if (!results.some((r) => r.outcome === 'added')) return;
    // Loaded on its own: only a page that has just kept signed entries needs it.
    const { showKeepCopy } = await import('../progress/keep-copy');
    await showKeepCopy(required(this, '[data-keep-copy]'), true);
  }

  private showResults(results: ReceivedResult[]): void {
    const manifest = readManifest();
    const title = (id: string | undefined) => manifest.skills.find((s) => s.id === id)?.title ?? id;
    required(this, '[data-results]').replaceChildren(
      ...results.map((r) => {
        const added = r.outcome === 'added' ? 'Added' : 'Already here';
        const tone = r.outcome === 'added' ? 'status--done' : '';
        const c = r.certification;
        const p = r.payload;
        const refused = h('li', { class: 'status--attention', text: `Refused: ${r.message}` });
        if (r.outcome === 'refused') return refused;
        if (c) {
          return h('li', {
            class: tone,
            text:
              `${added}: certification of ` +
              `${c.scope === 'course' ? 'the whole course' : title(c.skill)} by ${c.trainer.name}` +
              `${r.demo ? ' (DEMO trainer)' : ''}${c.expiresAt ? `, valid until ${day(c.expiresAt)}` : ''}`,
          });
        }
        if (!p) return refused;
        return h('li', {
          class: tone,
          text:
            `${added}: ${title(p.skill)}, ${STEP_INFO[p.step].label} — ` +
            `${outcomeText(p.outcome)} by ${p.trainer.name}${r.demo ? ' (DEMO trainer)' : ''}, observed ${day(p.observedAt)}` +
            (r.earlierVersion ? ' (signed against an earlier version of the skill)' : ''),
        });
      }),
    );
  }

  private async render(state: ProgressState, active: TraineeProfile | null): Promise<void> {
    const id = ++this.renderId;
    const who = showWho(this, state, active);
    if (!active) return;
    const manifest = readManifest();
    const { record, held } = await verifyProfileEntries(active.entries, { manifest, traineeId: active.id });
    if (id !== this.renderId) return; // a newer render started while we verified
    const course = latestCertification(held);
    required(this, '[data-course-status]').textContent = course
      ? course.status === 'valid'
        ? `Course certified on ${day(course.payload.certifiedAt)} by ${course.payload.trainer.name}${course.payload.expiresAt ? `, valid until ${day(course.payload.expiresAt)}` : ''}.${course.demo ? ' DEMO: signed with the published demo key.' : ''}`
        : `Course certification expired on ${day(course.payload.expiresAt)}: due for recertification.`
      : 'Course not certified yet: every required skill needs its four steps signed off, its quizzes passed and a skill certification.';
    who.textContent = `Checklist of ${active.name}.`;
    const refusedBox = required(this, '[data-refused]');
    const refused = [...record.refused, ...held.refused];
    refusedBox.hidden = refused.length === 0;
    refusedBox.textContent = refused.length
      ? `${refused.length} stored entr${refused.length === 1 ? 'y' : 'ies'} did not verify and ${refused.length === 1 ? 'is' : 'are'} not counted: ` +
        refused.map((r) => r.message).join(' ')
      : '';

    const acked = await profileAcks(
      active,
      record.accepted.map((a) => a.payload),
      manifest,
    );
    if (id !== this.renderId) return;
    const states = checklist(record, manifest);
    for (const skill of manifest.skills) {
      const section = this.querySelector<HTMLElement>(`[data-skill="${skill.id}"]`);
      const state = states[skill.id];
      if (!section || !state) continue;
      const { steps, demo, earlierVersion } = state;
      let passed = 0;
      for (const li of section.querySelectorAll<HTMLElement>('li[data-lesson]')) {
        const lesson = li.dataset.lesson ?? '';
        const quiz = manifest.quizzes[lesson];
        const cell = required(li, '[data-quiz]');
        if (!quiz) {
          cell.textContent = 'no quiz';
          passed++;
          continue;
        }
        const status = quizStatus(active.attempts[lesson] ?? [], quiz.hash);
        if (status.state === 'passed') passed++;
        cell.textContent =
          status.state === 'passed'
            ? `quiz passed (best ${status.best.score} of ${status.best.total})`
            : status.state === 'failed'
              ? `quiz not passed yet (best ${status.best.score} of ${status.best.total})`
              : status.state === 'changed'
                ? 'quiz changed since your attempt: take it again'
                : 'quiz not taken';
        cell.className = status.state === 'passed' ? 'status--done' : '';
      }
      for (const li of section.querySelectorAll<HTMLElement>('li[data-step]')) {
        const step = li.dataset.step as Step;
        const state = steps.steps[step];
        const demo = state.signedOffBy && findKey(manifest.roster, state.signedOffBy.kid)?.trainer.demo;
        required(li, '[data-state]').textContent = stepText(state) + (demo ? ' DEMO sign-off.' : '');
        li.classList.toggle('checklist-step--done', steps.steps[step].state === 'signed-off');
        // Steps not reached yet sit side by side on one line: the overview already shows them.
        li.classList.toggle('checklist-step--later', state.state === 'not-started' && steps.currentStep !== step);
        const entry =
          state.state === 'signed-off'
            ? [...state.history].reverse().find((p) => p.outcome === 'signed-off')
            : undefined;
        showAck(li, entry, active, acked.byEntry.get(entry?.id ?? ''), manifest, day);
        required<HTMLButtonElement>(li, '[data-ask]').hidden = steps.currentStep !== step;
      }
      const signed = Object.values(steps.steps).filter((s) => s.state === 'signed-off').length;
      const lessons = skill.lessons.length;
      const cert = latestCertification(held, skill.id);
      const certText = cert
        ? cert.status === 'valid'
          ? ` · CERTIFIED on ${day(cert.payload.certifiedAt)} by ${cert.payload.trainer.name}${cert.payload.expiresAt ? `, until ${day(cert.payload.expiresAt)}` : ''}`
          : ` · certification expired on ${day(cert.payload.expiresAt)}: due for recertification`
        : signed === 4 && passed === lessons
          ? ' · ready for certification: ask your trainer'
          : '';
      section.classList.toggle('skill-checklist--certified', cert?.status === 'valid');
      fillOverview(this, skill.id, {
        steps,
        certified: cert?.status === 'valid',
        expired: cert !== undefined && cert.status !== 'valid',
        quizzesPassed: passed === lessons,
      });
      required(section, '[data-skill-status]').textContent =
        `${signed} of 4 steps signed off · quizzes passed: ${passed} of ${lessons}` +
        certText +
        (demo ? ' · includes DEMO sign-offs, made with the published demo key' : '') +
        (earlierVersion ? ' · some sign-offs were made against an earlier version of this skill' : '');
    }
  }

  private async ask(button: HTMLButtonElement): Promise<void> {
    const stores = progressStores();
    const active = stores.activeProfile();
    const section = button.closest<HTMLElement>('[data-skill]');
    const step = button.closest<HTMLElement>('[data-step]')?.dataset.step as Step | undefined;
    const skill = section?.dataset.skill;
    if (!active || !section || !step || !skill) return;
    // A request carries the trainee's own key (its public half), so the entry is bound to it; a
    // profile locked on this shared PC cannot ask in its owner's name.
    const locked =
      active.key !== undefined &&
      (await import('../../stores/trainee-key').then((m) => m.traineeKeyStatus(active))) === 'locked';
    // After the first step the request carries the sign-off of the step before, so the trainer's
    // device can see this step is the current one; loaded on use (it brings DEFLATE).
    const manifest = readManifest();
    const proof =
      step === 'show'
        ? undefined
        : await import('../../lib/trust/step-proof').then(async (m) => {
            const { record } = await verifyProfileEntries(active.entries, { manifest, traineeId: active.id });
            const jws = m.proofFor(record, skill, step);
            const packed = jws ? m.packStepProof(jws, manifest) : undefined;
            return packed?.ok ? packed.value : undefined;
          });
    const request = encodeRequest({
      v: 1,
      course: manifest.course.id,
      trainee: { id: active.id, name: active.name, ...(active.key && { key: active.key.publicJwk }) },
      skill,
      step,
      ...(proof && { proof }),
    });
    const box = required(section, '[data-request]');
    box.hidden = false;
    const text = required(box, '[data-request-text]');
    if (locked) {
      text.textContent =
        'This profile is locked on this device: unlock it with your passphrase (Your key, above) first.';
      required(box, '[data-qr]').replaceChildren();
      required<HTMLInputElement>(box, '[data-request-link]').value = '';
      return;
    }
    if (!request.ok) {
      text.textContent = request.message;
      return;
    }
    const link = siteLink(`${this.dataset.signUrl}#${request.value}`);
    text.textContent = `Show this QR code to your trainer, or send them the link. It opens the sign-off for ${STEP_INFO[step].label} on their device.`;
    const input = required<HTMLInputElement>(box, '[data-request-link]');
    input.value = link;
    const copy = required<HTMLButtonElement>(box, '[data-copy]');
    copy.onclick = async () => {
      input.select();
      copy.textContent = (await copyText(link)) ? 'Copied' : 'Select and copy the link';
    };
    const qr = qrElement(link, `QR code of the sign-off request for ${STEP_INFO[step].label}`);
    required(box, '[data-qr]').replaceChildren(...(qr ? [qr] : []));
    input.focus();
  }
}

function outcomeText(outcome: string): string {
  return outcome === 'signed-off' ? 'signed off' : outcome === 'practice' ? 'practice session' : 're-opened';
}

function stepText(s: StepState): string {
  switch (s.state) {
    case 'signed-off':
      // The observation day is said only when it is not the signing day.
      return `Signed off by ${s.signedOffBy?.trainerName} on ${day(s.signedOffAt)}${
        day(s.observedAt) === day(s.signedOffAt) ? '' : ` (observed ${day(s.observedAt)})`
      }${s.sessions ? ` after ${count(s.sessions, 'practice session')}` : ''}.`;
    case 'practising':
      return `Practising: ${count(s.sessions, 'session')} since ${day(s.firstActivityAt)}.`;
    case 're-opened':
      return `Re-opened by ${s.reopenedBy?.trainerName ?? 'a trainer'} on ${day(s.reopenedAt)}: to be signed off again${
        s.sessions ? ` (${count(s.sessions, 'practice session')} since)` : ''
      }.`;
    default:
      return 'Not started.';
  }
}

customElements.define('tandem-checklist', TandemChecklist);
