/**
 * <tandem-verify>: the verify page. A bundle (dropped, chosen or pasted) is verified entry by
 * entry with `verifyBundle`, the function `npm run verify` uses, against the roster this site
 * publishes. A verify link (`#cert=…`) carries one certification entry: its signature, signer
 * and expiry are checked on their own.
 */
import { readManifest, siteUrl } from '../../stores/manifest';
import { verifyBundle, type ReadBundle } from '../../lib/export/bundle';
import { verifyCertificationAlone } from '../../lib/export/certification';
import { recordsToCsv } from '../../lib/export/csv';
import { recordToStatements } from '../../lib/export/xapi';
import { STEP_INFO } from '../../lib/content/steps';
import { downloadFile } from '../download';
import { reasonLabel } from '../../lib/trust/reasons';

/** The roster's name for a trainer (every verifier checks the signed name is that one). */
const signerName = (id: string, signed: string) =>
  readManifest().roster.trainers.find((t) => t.id === id)?.name ?? signed;
import { control, dropZone, h, onFragment, required } from '../dom';

export const CERT_PREFIX = 'cert=';
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const day = (iso: string) => dateFormat.format(new Date(iso.length === 10 ? `${iso}T12:00:00` : iso));

class TandemVerify extends HTMLElement {
  private last: ReadBundle | undefined;

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
        : this.verifyText(text, 'The pasted text'));
    });
    for (const button of this.querySelectorAll<HTMLButtonElement>('[data-download]')) {
      button.addEventListener('click', () => this.downloadFormat(button.dataset.download ?? ''));
    }
    // The link stays in the address: it is the certificate's own verify link, to bookmark or share.
    onFragment(CERT_PREFIX, (fragment) => this.verifyLink(fragment.slice(CERT_PREFIX.length)), false);
  }

  private show(summary: string, ok: boolean): HTMLElement {
    const section = required(this, '[data-verdict]');
    const text = required(section, '[data-summary]');
    text.textContent = summary;
    text.className = `verdict ${ok ? 'verdict--valid' : 'verdict--invalid'}`;
    required(section, '[data-facts]').replaceChildren();
    required(section, '[data-entries]').replaceChildren();
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
    const verdict = await verifyBundle(text, manifest, {
      now: new Date(),
      siteUrl: siteUrl(),
    });
    this.last = undefined;
    if (!verdict.readable) {
      this.show(`${name} could not be read: ${verdict.message}`, false);
      return;
    }
    this.last = verdict;
    const s = verdict.summary;
    const section = this.show(
      verdict.valid
        ? `Valid: every entry in this record is genuine and unaltered${s.demoKeysUsed ? ' — but it uses the DEMO key, so it is not a real certification' : ''}.`
        : 'Not valid: some entries are forged, altered, out of place or expired (see below).',
      verdict.valid,
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
    required(section, '[data-downloads]').hidden = false;
  }

  private async verifyLink(jws: string): Promise<void> {
    let token: string;
    try {
      token = decodeURIComponent(jws);
    } catch {
      // A link cut short or mangled by a mail client: say so, and clear whatever was shown before.
      this.last = undefined;
      this.show('This certificate link is not valid: it is damaged (not a whole link). Ask for the link again.', false);
      return;
    }
    const verdict = await verifyCertificationAlone(token, readManifest(), new Date());
    if (!verdict.ok) {
      this.show(`This certificate link is not valid: ${verdict.message}`, false);
      return;
    }
    const p = verdict.payload;
    const section = this.show(
      verdict.status === 'valid'
        ? `Genuine: ${p.trainee.name}’s certification was signed by ${signerName(p.trainer.id, p.trainer.name)}, a trainer on this course’s roster, and has not been changed.${verdict.demo ? ' DEMO: signed with the published demo key, so it is not a real certification.' : ''}`
        : `Genuine but expired: ${verdict.message}`,
      verdict.status === 'valid' && !verdict.demo,
    );
    this.facts(section, [
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
        `${p.rests.entries.length} signed entries and ${p.rests.quizzes.length} quiz results; verify the trainee’s progress file to check each of them.`,
      ],
    ]);
  }

  private downloadFormat(kind: string): void {
    const verdict = this.last;
    if (!verdict) return;
    const base = `${verdict.summary.course.id}-${verdict.summary.trainee.id}`;
    if (kind === 'csv') downloadFile(`${base}.csv`, recordsToCsv([verdict.record]), 'text/csv');
    else {
      downloadFile(
        `${base}-xapi.json`,
        JSON.stringify(recordToStatements(verdict.record, { siteUrl: siteUrl() }), null, 2),
      );
    }
  }
}

customElements.define('tandem-verify', TandemVerify);
