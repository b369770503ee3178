/**
 * <tandem-certificate>: builds the printable certificate and transcript from the active
 * trainee's verified entries; nothing unverified is printed.
 */
import { progressStores } from '../../stores/progress';
import { readManifest, siteLink } from '../../stores/manifest';
import { qrElement } from '../trust/qr';
import { latestCertification, verifyProfileEntries } from '../../lib/export/trainee-certifications';
import { quizStatus } from '../../lib/quiz/score';
import type { TraineeProfile } from '../../lib/progress/format';
import { h, required } from '../dom';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'long' });
const day = (iso: string | undefined) => (iso ? dateFormat.format(new Date(iso)) : '');

function row(cells: string[]): HTMLTableRowElement {
  return h('tr', {}, ...cells.map((text) => h('td', { text })));
}

class TandemCertificate extends HTMLElement {
  private stop?: () => void;
  private renderId = 0;

  connectedCallback(): void {
    required(this, '[data-print]').addEventListener('click', () => window.print());
    this.stop = progressStores().watch((_, active) => void this.render(active));
  }

  disconnectedCallback(): void {
    this.stop?.();
  }

  private async render(active: TraineeProfile | null): Promise<void> {
    const id = ++this.renderId;
    const who = required(this, '[data-who]');
    const sheet = required(this, '[data-sheet]');
    if (!active) {
      who.textContent = 'Choose your name in the menu at the top of the page to see your certificate.';
      sheet.hidden = true;
      return;
    }
    const manifest = readManifest();
    const { record, held } = await verifyProfileEntries(active.entries, { manifest, traineeId: active.id });
    if (id !== this.renderId) return;
    who.textContent = '';
    who.hidden = true;
    required(this, '[data-name]').textContent = active.name;
    const course = latestCertification(held);
    const skills = manifest.skills.map((s) => ({ skill: s, cert: latestCertification(held, s.id) }));
    const certified = skills.filter((s) => s.cert?.status === 'valid');
    required(this, '[data-status]').textContent =
      course?.status === 'valid'
        ? `has completed the course and is certified in every required skill, on ${day(course.payload.certifiedAt)}${course.payload.expiresAt ? `, valid until ${day(course.payload.expiresAt)}` : ''}.`
        : course
          ? `was certified on ${day(course.payload.certifiedAt)}; that certification expired on ${day(course.payload.expiresAt)} and is due for renewal.`
          : `is certified in ${certified.length} of ${manifest.skills.filter((s) => s.required).length} required skills; the course certification is not complete yet.`;
    required(this, '[data-demo]').hidden = !held.accepted.some((c) => c.demo) && !record.accepted.some((a) => a.demo);
    required(this, '[data-skills]').replaceChildren(
      ...skills.map(({ skill, cert }) =>
        row(
          cert
            ? [
                skill.title,
                cert.status === 'valid' ? day(cert.payload.certifiedAt) : `expired ${day(cert.payload.expiresAt)}`,
                `${cert.payload.trainer.name}${cert.demo ? ' (DEMO)' : ''}`,
                cert.payload.expiresAt ? day(cert.payload.expiresAt) : 'no expiry',
              ]
            : [skill.title, 'not yet', '', ''],
        ),
      ),
    );
    required(this, '[data-quizzes]').replaceChildren(
      ...Object.entries(manifest.quizzes).map(([lesson, quiz]) => {
        const status = quizStatus(active.attempts[lesson] ?? [], quiz.hash);
        const title = manifest.lessons[lesson]?.title ?? lesson;
        if (status.state === 'passed' || status.state === 'failed') {
          const best = status.best;
          return row([
            title,
            `${status.state === 'passed' ? 'passed' : 'not passed'}, ${best.score} of ${best.total}`,
            day(best.at),
          ]);
        }
        return row([title, status.state === 'changed' ? 'quiz changed since the attempt' : 'not taken', '']);
      }),
    );
    // The verify link carries the course certification, or the newest skill one.
    const proof =
      (course?.status === 'valid' ? course : undefined) ??
      held.accepted
        .filter((c) => c.status === 'valid')
        .sort((a, b) => a.payload.certifiedAt.localeCompare(b.payload.certifiedAt))
        .at(-1);
    const verify = required(this, '[data-verify]');
    verify.hidden = !proof;
    if (proof) {
      const url = siteLink(`${this.dataset.verifyUrl}#cert=${proof.jws}`);
      const link = required<HTMLAnchorElement>(this, '[data-verify-link]');
      link.href = url;
      link.textContent = 'the verify page';
      const qr = qrElement(url, 'QR code that opens the verify page for this certificate');
      required(this, '[data-qr]').replaceChildren(...(qr ? [qr] : []));
    }
    sheet.hidden = false;
  }
}

customElements.define('tandem-certificate', TandemCertificate);
