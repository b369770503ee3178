/**
 * <tandem-verify>: the verify page. A bundle (dropped, chosen or pasted) is verified entry by
 * entry with `verifyBundle`, the function `npm run verify` uses, against the roster this site
 * publishes. A certificate's QR code opens it with a certificate code (`#c=…`, certificate-code.ts),
 * an older verify link (`#cert=…`) with the certification entry itself: either is checked on its
 * own (signature, signer, rules, expiry).
 */
import { readManifest, siteUrl } from '../../stores/manifest';
import { verifyBundle, type ReadBundle } from '../../lib/bundle/verify';
import { verifyCertificationAlone, type CertificationVerdict } from '../../lib/trust/certification/verify';
import {
  CODE_PREFIX,
  certificateNumber,
  verifyCertificateCode,
  verifyCertificateEntry,
} from '../../lib/export/certificate-code';
import type {
  AcceptedCourseCertificate,
  CourseCertificateVerdict,
} from '../../lib/trust/certification/course-certificate';
import { verdictLook, type VerdictLook } from './verdict-look';
import { classifyFile } from '../../lib/export/classify';
import { parseProgressFile } from '../../lib/progress/file';
import { verifyProfileEntries } from '../../lib/trust/certification/held';
import { STEP_INFO } from '../../lib/content/steps';
import { downloadFile } from '../download';
import { reasonLabel } from '../../lib/trust/reasons';

/** The roster's name for a trainer (every verifier checks the signed name is that one). */
const signerName = (id: string, signed: string) =>
  readManifest().roster.trainers.find((t) => t.id === id)?.name ?? signed;
import { control, dropZone, h, onFragment, required } from '../dom';
import { lazyDateFormat } from '../date-format';

export const CERT_PREFIX = 'cert=';
/** An answer to a proof-of-holder challenge (lib/trust/holder.ts `ANSWER_PREFIX`). */
const HOLDER_ANSWER_PREFIX = 'proof=';
/** Proof of holder loads only once a record has verified, or an answer link is opened. */
const holderPanel = () => import('./holder-panel');
const dateFormat = lazyDateFormat({ dateStyle: 'medium' });
const day = (iso: string) => dateFormat.format(new Date(iso.length === 10 ? `${iso}T12:00:00` : iso));

class TandemVerify extends HTMLElement {
  private last: ReadBundle | undefined;
  private holderLoaded = false;

  connectedCallback(): void {
    dropZone(required(this, '[data-drop]'), required<HTMLInputElement>(this, '[data-file]'), async (files) => {
      const [chosen] = files;
      if (chosen) await this.verifyText(await chosen.text(), chosen.name);
    });
    const paste = required<HTMLFormElement>(this, '[data-paste]');
    paste.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = control<HTMLTextAreaElement>(paste, 'text').value.trim();
      const hash = text.indexOf(`#${CERT_PREFIX}`);
      void (hash >= 0
        ? this.verifyLink(text.slice(hash + 1 + CERT_PREFIX.length))
        : text.includes(`#${CODE_PREFIX}`) || /^\d{100,}$/.test(text)
          ? this.verifyCode(text)
          : this.verifyText(text, 'The pasted text'));
    });
    for (const button of this.querySelectorAll<HTMLButtonElement>('[data-download]')) {
      button.addEventListener('click', () => void this.downloadFormat(button.dataset.download ?? ''));
    }
    // The link stays in the address: it is the certificate's own verify link, to bookmark or share.
    onFragment(CERT_PREFIX, (fragment) => this.verifyLink(fragment.slice(CERT_PREFIX.length)), false);
    onFragment(CODE_PREFIX, (fragment) => this.verifyCode(fragment), false);
    // Kept out of history: it answers one challenge once.
    onFragment(HOLDER_ANSWER_PREFIX, (fragment) => holderPanel().then((m) => m.deliverAnswer(this, fragment)), true);
  }

  private show(summary: string, look: VerdictLook): HTMLElement {
    const section = required(this, '[data-verdict]');
    // A challenge is about the record shown: another verdict retires it.
    if (this.holderLoaded) void holderPanel().then((m) => m.clearHolderPanel());
    const text = required(section, '[data-summary]');
    const shown = verdictLook(look);
    text.replaceChildren(h('span', { class: 'verdict__word', text: shown.word }), ` ${summary}`);
    text.className = shown.className;
    text.dataset.look = look;
    required(section, '[data-facts]').replaceChildren();
    required(section, '[data-entries]').replaceChildren();
    // No heading over nothing: "Entry by entry" shows only with entries under it.
    required(section, '[data-entries-heading]').hidden = true;
    required(section, '[data-downloads]').hidden = true;
    section.hidden = false;
    section.focus();
    return section;
  }

  private facts(section: HTMLElement, facts: [string, string][]): void {
    required(section, '[data-facts]').replaceChildren(
      ...facts.flatMap(([term, value]) => [h('dt', { text: term }), h('dd', { text: value })]),
    );
  }

  private async verifyText(text: string, name: string): Promise<void> {
    const manifest = readManifest();
    // Every file a person may hold is named and sent to its own check (lib/export/classify.ts).
    const kind = classifyFile(text);
    if (kind.kind !== 'bundle') {
      this.last = undefined;
      await this.verifyOther(kind.kind, kind.message, text, name);
      return;
    }
    // Signatures are checked on every core, off this thread, with a bar and a way to stop.
    const { pooledChecker, progressView } = await import('../verify-pool/on-demand');
    const progress = progressView(required(this, '[data-drop]'), 'Verifying the record', 'entries');
    const verdict = await verifyBundle(text, manifest, {
      now: new Date(),
      siteUrl: siteUrl(),
      checkAlone: pooledChecker(manifest, progress),
    });
    progress.finish();
    this.last = undefined;
    if (progress.signal.aborted) {
      this.show(`Verification of ${name} was cancelled: no verdict. Choose the file again to verify it.`, 'none');
      return;
    }
    if (!verdict.readable) {
      this.show(`${name} could not be read: ${verdict.message}`, 'invalid');
      return;
    }
    this.last = verdict;
    const s = verdict.summary;
    const section = this.show(
      verdict.valid
        ? `Valid: every entry in this record is genuine and unaltered${s.demoKeysUsed ? ' — but it uses the DEMO key, so it is not a real certification' : ''}.`
        : 'Not valid: some entries are forged, altered, out of place or expired (see below).',
      !verdict.valid
        ? verdict.entries.every((e) => e.status !== 'invalid')
          ? 'expired'
          : 'invalid'
        : s.demoKeysUsed
          ? 'demo'
          : 'valid',
    );
    // Only what is signed is shown as the record's; what the file says of itself is labelled.
    const u = s.unsigned;
    this.facts(section, [
      [
        'Trainee',
        s.trainee.nameSigned
          ? `${s.trainee.name} (id ${s.trainee.id}), as signed in the entries`
          : `${s.trainee.name} (id ${s.trainee.id}): unsigned, as the file says; no entry verified`,
      ],
      ['Course', `${s.course.title}${s.course.current ? '' : ' (exported from an earlier version of the course)'}`],
      [
        'Certified skills',
        s.certifiedSkills.length
          ? s.certifiedSkills
              .map((c) => `${c.title} (${day(c.certifiedAt)}, ${c.trainer.name}${c.demo ? ', DEMO' : ''})`)
              .join('; ')
          : 'none',
      ],
      ['Course certified', s.courseCertified && s.courseCertifiedAt ? `yes, on ${day(s.courseCertifiedAt)}` : 'no'],
      ['Expires', s.courseExpiresAt ? day(s.courseExpiresAt) : s.courseCertified ? 'never' : '—'],
      ['Demo keys used', s.demoKeysUsed ? 'yes: signed with the published demo key' : 'no'],
      [
        'Entries',
        `${s.counts.signoffs.valid} of ${s.counts.signoffs.total} sign-offs valid; ${s.counts.certifications.valid} of ${s.counts.certifications.total} certifications valid`,
      ],
      [
        'Not signed (the trainee’s own account)',
        `exported ${day(u.exportedAt)}; ${u.lessons} lesson${u.lessons === 1 ? '' : 's'} marked read; ` +
          `${u.quizAttempts} quiz attempt${u.quizAttempts === 1 ? '' : 's'}, of which ${u.vouchedQuizzes} vouched for by a certification`,
      ],
    ]);
    const title = (skill: string | undefined) => manifest.skills.find((k) => k.id === skill)?.title ?? skill;
    required(section, '[data-entries]').replaceChildren(
      ...verdict.entries.map((entry) => {
        const what =
          entry.kind === 'signoff'
            ? entry.payload
              ? `Sign-off: ${title(entry.payload.skill)}, ${STEP_INFO[entry.payload.step].label}`
              : `Sign-off ${entry.index + 1}`
            : entry.payload
              ? `Certification: ${entry.payload.scope === 'course' ? 'the course' : title(entry.payload.skill)}`
              : `Certification ${entry.index + 1}`;
        const label = {
          valid: 'valid',
          duplicate: 'duplicate (counted once)',
          invalid: `NOT VALID (${reasonLabel(entry.reason ?? 'invalid')})`,
          expired: 'expired',
          'not-yet': 'not signed yet then (left out)',
        }[entry.status];
        return h('li', {
          class: entry.status === 'valid' || entry.status === 'duplicate' ? 'status--done' : 'status--attention',
          'data-status': entry.status,
          text: `${what} — ${label}${entry.demo ? ' (DEMO)' : ''}: ${entry.message}`,
        });
      }),
    );
    // The trainee's own signatures: each acknowledgement, and how many steps carry two.
    const list = required(section, '[data-entries]');
    for (const a of verdict.acknowledgements) {
      list.append(
        h('li', {
          class: a.status === 'invalid' ? 'status--attention' : 'status--done',
          'data-status': a.status,
          'data-kind': 'acknowledgement',
          text: `Acknowledgement ${a.index + 1} — ${a.status === 'invalid' ? `NOT VALID (${reasonLabel(a.reason ?? 'invalid')})` : a.status === 'duplicate' ? 'duplicate (counted once)' : 'valid'}: ${a.message}`,
        }),
      );
    }
    const signed = verdict.entries.filter((e) => e.kind === 'signoff' && e.signatures);
    const two = signed.filter((e) => e.kind === 'signoff' && e.signatures === 'two').length;
    const single = signed.filter((e) => e.kind === 'signoff' && e.signatures === 'single').length;
    required(section, '[data-facts]').append(
      h('dt', { text: 'Signatures' }),
      h('dd', {
        'data-signatures': single === signed.length ? 'single-signed' : 'two-party',
        text:
          signed.length === 0
            ? '—'
            : single === signed.length
              ? 'single-signed: every entry was signed by the trainer alone, for no trainee key (a record from before trainee keys)'
              : `${two} of ${signed.length} sign-offs also signed by the trainee (acknowledged with their key)${single ? `; ${single} single-signed` : ''}`,
      }),
    );
    required(section, '[data-entries-heading]').hidden = verdict.entries.length === 0;
    required(section, '[data-downloads]').hidden = false;
    this.holderLoaded = true;
    void holderPanel().then((m) =>
      m.showHolderPanel(section, text, verdict.entries, {
        courseId: s.course.id,
        traineeId: s.trainee.id,
        traineeName: s.trainee.name,
      }),
    );
  }

  private async verifyLink(jws: string): Promise<void> {
    let token: string;
    try {
      token = decodeURIComponent(jws);
    } catch {
      // A link cut short or mangled by a mail client: say so, and clear whatever was shown before.
      this.last = undefined;
      this.show(
        'This certificate link is not valid: it is damaged (not a whole link). Ask for the link again.',
        'invalid',
      );
      return;
    }
    this.last = undefined;
    this.showCertification(await verifyCertificationAlone(token, readManifest(), new Date()), 'link');
  }

  private async verifyOther(kind: string, message: string, text: string, name: string): Promise<void> {
    const manifest = readManifest();
    if (kind === 'certificate-code') return this.verifyCode(text);
    if (kind === 'certificate-link') return this.verifyLink(text.slice(text.indexOf('#cert=') + 6));
    if (kind === 'certification') {
      this.showCertification(await verifyCertificateEntry(text.trim(), manifest, new Date()), 'entry');
      return;
    }
    if (kind === 'badge' || kind === 'signoff-file' || kind === 'signing-log') {
      // Loaded only when such a file is dropped: jose and the log check stay off the page until then.
      const { heldFileView } = await import('./held-file-view');
      const shown = await heldFileView(kind, text, name, manifest);
      const section = this.show(shown.summary, shown.look);
      this.facts(section, shown.facts);
      required(section, '[data-entries]').replaceChildren(
        ...shown.entries.map((e) =>
          h('li', {
            class: e.status === 'invalid' ? 'status--attention' : 'status--done',
            'data-status': e.status,
            text: e.text,
          }),
        ),
      );
      required(section, '[data-entries-heading]').hidden = shown.entries.length === 0;
      return;
    }
    if (kind === 'progress-file') {
      const parsed = parseProgressFile(text, manifest.course.id);
      if (!parsed.ok) {
        this.show(`${name} is a progress file, but it could not be read: ${parsed.message}`, 'invalid');
        return;
      }
      const profile = parsed.value.profile;
      const { record, held } = await verifyProfileEntries(profile.entries, { manifest, traineeId: profile.id });
      const refused = record.refused.length + held.refused.length;
      const demo = record.accepted.some((a) => a.demo) || held.accepted.some((c) => c.demo);
      const section = this.show(
        `${name} is a progress file (Export my progress), not the signed record: ${record.accepted.length} sign-offs and ${held.accepted.length} certifications in it verify${refused ? `, ${refused} do not` : ''}. Its lessons and quiz results are the trainee’s own claim; for the full verdict, verify the signed record (My progress → Export signed record).`,
        refused ? 'invalid' : demo ? 'demo' : 'valid',
      );
      this.facts(section, [
        ['Trainee', `${profile.name} (id ${profile.id}): the name as the file says`],
        ['Signed entries', `${record.accepted.length + held.accepted.length} valid, ${refused} refused`],
      ]);
      return;
    }
    this.show(`${name} could not be read: ${message}`, 'invalid');
  }

  /** A certificate code, from a scanned QR code's link or pasted digits. */
  private async verifyCode(text: string): Promise<void> {
    this.last = undefined;
    this.showCertification(await verifyCertificateCode(text, readManifest(), new Date()), 'code');
  }

  private showCertification(
    verdict: CertificationVerdict | CourseCertificateVerdict | { ok: false; message: string },
    from: 'link' | 'code' | 'entry',
  ): void {
    if (!verdict.ok) {
      this.show(`This certificate ${from} is not valid: ${verdict.message}`, 'invalid');
      return;
    }
    if (verdict.payload.typ === 'course-certificate') {
      this.showCourseCertificate({ ...verdict, payload: verdict.payload });
      return;
    }
    const p = verdict.payload;
    const section = this.show(
      verdict.status === 'valid'
        ? `Genuine: ${p.trainee.name}’s certification was signed by ${signerName(p.trainer.id, p.trainer.name)}, a trainer on this course’s roster, and has not been changed.${verdict.demo ? ' DEMO: signed with the published demo key, so it is not a real certification.' : ''}`
        : `Genuine but expired: ${verdict.message}`,
      verdict.status === 'expired' ? 'expired' : verdict.demo ? 'demo' : 'valid',
    );
    this.facts(section, [
      ['Certificate number', certificateNumber(verdict.hash)],
      ['Trainee', `${p.trainee.name} (id ${p.trainee.id})`],
      [
        'Certifies',
        p.scope === 'course'
          ? readManifest().course.title
          : (readManifest().skills.find((s) => s.id === p.skill)?.title ?? String(p.skill)),
      ],
      ['Certified on', day(p.certifiedAt)],
      ['Expires', p.expiresAt ? day(p.expiresAt) : 'never'],
      ['Signed by', `${signerName(p.trainer.id, p.trainer.name)}${verdict.demo ? ' (DEMO key)' : ''}`],
      [
        'Rests on',
        `${p.rests.entries.length} signed entries and ${p.rests.quizzes.length} quiz results, named by their hashes; verify the trainee’s signed record to check each of them.`,
      ],
    ]);
  }

  /** A scanned transcript: the course certificate, judged on its own. */
  private showCourseCertificate(verdict: AcceptedCourseCertificate): void {
    const p = verdict.payload;
    const signer = signerName(p.trainer.id, p.trainer.name);
    const section = this.show(
      verdict.status === 'valid'
        ? `Genuine: ${p.trainee.name}’s course certificate was signed by ${signer}, a trainer on this course’s roster, and has not been changed.${verdict.demo ? ' DEMO: signed with the published demo key, so it is not a real certification.' : ''}`
        : `Genuine but expired: ${verdict.message}`,
      verdict.status === 'expired' ? 'expired' : verdict.demo ? 'demo' : 'valid',
    );
    this.facts(section, [
      ['Certificate number', certificateNumber(verdict.hash)],
      ['Trainee', `${p.trainee.name} (id ${p.trainee.id})`],
      ['Certifies', `${readManifest().course.title}: certified in every required skill`],
      ['Certified on', day(p.certifiedAt)],
      ['Valid until', p.expiresAt ? `${day(p.expiresAt)} (the earliest expiry of its skills)` : 'no expiry'],
      ['Signed by', `${signer}${verdict.demo ? ' (DEMO key)' : ''}`],
      [
        'Rests on',
        'The course certification in the trainee’s signed record, named by one digest of its skill certifications; verify the signed record to check each of them.',
      ],
    ]);
  }

  private async downloadFormat(kind: string): Promise<void> {
    const verdict = this.last;
    if (!verdict) return;
    const base = `${verdict.summary.course.id}-${verdict.summary.trainee.id}`;
    // Loaded on the first download: most visitors only want the verdict.
    if (kind === 'csv') {
      const { recordsToCsv } = await import('../../lib/export/csv');
      downloadFile(`${base}.csv`, recordsToCsv([verdict.record]), 'text/csv');
    } else {
      const { recordToStatements } = await import('../../lib/export/xapi');
      downloadFile(
        `${base}-xapi.json`,
        JSON.stringify(recordToStatements(verdict.record, { siteUrl: siteUrl() }), null, 2),
      );
    }
  }
}

customElements.define('tandem-verify', TandemVerify);
