/**
 * The sign-off page's result panel: everything signed for this trainee in the sitting
 * (./sitting.ts), as one link, one QR code and one file for the trainee's device, and whether
 * this device's signing log recorded the latest entry.
 */
import { encodeResponse } from '../../../lib/trust/links';
import { signoffFile } from '../../../lib/trust/signoff-file';
import { copyText, qrElement } from '../../trust/qr';
import { downloadFile } from '../../download';
import { h, required } from '../../dom';
import { siteLink } from '../../../stores/manifest';
import { sittingText, type Sitting } from './sitting';

export function showResult(root: HTMLElement, sitting: Sitting, logged?: boolean, focus = true): void {
  const result = required(root, '[data-result]');
  const jwsList = sitting.entries.map((e) => e.jws);
  const response = encodeResponse(jwsList);
  const link = response.ok ? siteLink(`${root.dataset.checklistUrl}#${response.value}`) : '';
  const what = `${sittingText(sitting)} for ${sitting.traineeName}`;
  const demo = sitting.entries.some((e) => e.demo);
  const latest = sitting.entries[sitting.entries.length - 1];
  const all = link
    ? qrElement(link, `QR code of the signed ${sitting.entries.length === 1 ? 'entry' : 'entries'}: ${what}`)
    : null;
  // A sitting soon outgrows one QR code; then the code carries the latest entry (the one the
  // trainee in front of the trainer is waiting for), and the link and the file carry them all.
  const latestLink = link && !all && latest && sitting.entries.length > 1 ? latestOnly(root, latest.jws) : '';
  const latestQr = latestLink ? qrElement(latestLink, `QR code of the signed entry: ${latest?.what ?? ''}`) : null;
  const qr = all ?? latestQr;
  const carriers = link ? (all ? 'The link, the QR code and the file' : 'The link and the file') : 'The file';
  required(result, '[data-result-text]').textContent =
    `Signed in this sitting: ${what}. ${carriers} below ${sitting.entries.length === 1 ? 'carry it' : 'each carry them all'}.` +
    (demo ? ' DEMO: signed with the published demo key.' : '') +
    (logged === undefined
      ? ''
      : logged
        ? ' Added to your signing log.'
        : ' Your signing log on this device could not record the latest one (storage refused).');
  required(result, '[data-result-list]').replaceChildren(
    ...sitting.entries.map((e) => h('li', { text: e.what + (e.demo ? ' (DEMO)' : '') })),
  );
  const input = required<HTMLInputElement>(result, '[data-result-link]');
  input.value = link;
  const copy = required<HTMLButtonElement>(result, '[data-copy]');
  copy.hidden = !link;
  copy.textContent = 'Copy link';
  required(result, '[data-qr]').replaceChildren(...(qr ? [qr] : []));
  required(result, '[data-result-size]').textContent = !link
    ? `${response.ok ? '' : response.message}`
    : !qr
      ? 'Too much for one QR code: send the link or the file.'
      : latestQr
        ? `The QR code carries only the latest entry (${latest?.what ?? ''}); the link and the file carry all of them.`
        : '';
  copy.onclick = () => {
    input.select();
    void copyText(link).then((copied) => (copy.textContent = copied ? 'Copied' : 'Select and copy the link'));
  };
  required<HTMLButtonElement>(result, '[data-download]').onclick = () => {
    downloadFile(
      `signoffs-${sitting.traineeId.replace(/[^A-Za-z0-9-]+/g, '-')}-${new Date().toISOString().slice(0, 10)}.json`,
      JSON.stringify(signoffFile(jwsList), null, 2),
    );
  };
  result.hidden = false;
  if (focus) result.focus();
}

function latestOnly(root: HTMLElement, jws: string): string {
  const response = encodeResponse([jws]);
  return response.ok ? siteLink(`${root.dataset.checklistUrl}#${response.value}`) : '';
}
