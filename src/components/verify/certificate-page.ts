/**
 * <tandem-certificate>: the printable certificates of the active trainee, made from their
 * verified entries only: one page per skill certificate, or the course transcript (at most two
 * pages). Each carries the verify block (certificate-code-view.ts): a QR code a phone reads,
 * the short verify address and the certificate number.
 */
import { progressStores } from '../../stores/progress';
import { readManifest, siteLink } from '../../stores/manifest';
import { latestCertification, verifyProfileEntries } from '../../lib/trust/certification/held';
import { profileAcks } from '../../lib/progress/acks';
import type { TraineeProfile } from '../../lib/progress/format';
import { h, required } from '../dom';
import { certificateCodeView } from './certificate-code-view';
import { skillSheet, transcriptSheet, type SheetInput } from './certificate-sheets';

class TandemCertificate extends HTMLElement {
  private stop?: () => void;
  private renderId = 0;
  private active: TraineeProfile | null = null;

  connectedCallback(): void {
    required(this, '[data-print]').addEventListener('click', () => window.print());
    required<HTMLSelectElement>(this, '[data-which]').addEventListener('change', () => void this.render(this.active));
    this.stop = progressStores().watch((_, active) => {
      this.active = active;
      void this.render(active);
    });
  }

  disconnectedCallback(): void {
    this.stop?.();
  }

  private async render(active: TraineeProfile | null): Promise<void> {
    const id = ++this.renderId;
    const who = required(this, '[data-who]');
    const sheet = required(this, '[data-sheet]');
    const which = required<HTMLSelectElement>(this, '[data-which]');
    if (!active) {
      who.textContent = 'Choose your name in the menu at the top of the page to see your certificate.';
      who.hidden = false;
      sheet.hidden = true;
      return;
    }
    const manifest = readManifest();
    const { record, held } = await verifyProfileEntries(active.entries, { manifest, traineeId: active.id });
    // The second signatures: the profile's acknowledgements, checked against its key and entries
    // (the acknowledgement code itself loads only for a profile that has acknowledged something).
    const { byEntry: acks } = await profileAcks(
      active,
      record.accepted.map((a) => a.payload),
      manifest,
    );
    if (id !== this.renderId) return;
    who.textContent = '';
    who.hidden = true;

    // The chooser: the transcript, then each skill with a certification, in course order.
    const certified = manifest.skills
      .map((skill) => ({ skill, cert: latestCertification(held, skill.id) }))
      .filter((s) => s.cert !== undefined);
    const chosen = which.value;
    which.replaceChildren(
      h('option', { value: '', text: 'Course transcript' }),
      ...certified.map(({ skill, cert }) =>
        h('option', {
          value: skill.id,
          text: `Skill certificate: ${skill.title}${cert?.status === 'expired' ? ' (expired)' : ''}`,
        }),
      ),
    );
    which.value = certified.some((s) => s.skill.id === chosen) ? chosen : '';

    const input: SheetInput = { manifest, profile: active, record, held, acks };
    const verifyUrl = siteLink(this.dataset.verifyUrl ?? 'verify/');
    const skillCert = which.value ? latestCertification(held, which.value) : undefined;
    const cert = skillCert ?? latestCertification(held);
    const body = skillCert ? skillSheet(input, skillCert) : transcriptSheet(input);
    const demo = skillCert ? skillCert.demo : held.accepted.some((c) => c.demo) || record.accepted.some((a) => a.demo);
    sheet.classList.toggle('certificate__sheet--demo', demo);
    required(this, '[data-body]').replaceChildren(...body);
    required(this, '[data-demo]').hidden = !demo;
    required(this, '[data-code]').replaceChildren(...(cert ? [certificateCodeView(cert, manifest, verifyUrl)] : []));
    sheet.hidden = false;
  }
}

customElements.define('tandem-certificate', TandemCertificate);
