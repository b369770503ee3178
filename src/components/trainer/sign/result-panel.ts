/**
 * The sign-off page's result panel: what was just signed, as a link, a QR code and a file for
 * the trainee's device, and whether this device's signing log recorded it.
 */
import { encodeResponse } from '../../../lib/trust/links';
import { signoffFile } from '../../../lib/trust/signoff-file';
import { copyText, qrElement } from '../../trust/qr';
import { downloadFile } from '../../download';
import { required } from '../../dom';
import { siteLink } from '../../../stores/manifest';

export function showResult(root: HTMLElement, jws: string, what: string, demo: boolean, logged: boolean): void {
  const result = required(root, '[data-result]');
  const response = encodeResponse([jws]);
  const link = response.ok ? siteLink(`${root.dataset.checklistUrl}#${response.value}`) : '';
  required(result, '[data-result-text]').textContent =
    `Signed ${what}.${demo ? ' DEMO: signed with the published demo key.' : ''}` +
    (logged
      ? ' Added to your signing log.'
      : ' Your signing log on this device could not record it (storage refused).');
  const input = required<HTMLInputElement>(result, '[data-result-link]');
  input.value = link;
  const qr = link ? qrElement(link, `QR code of the signed entry for ${what}`) : null;
  required(result, '[data-qr]').replaceChildren(...(qr ? [qr] : []));
  const copy = required<HTMLButtonElement>(result, '[data-copy]');
  copy.onclick = () => {
    input.select();
    void copyText(link).then((copied) => (copy.textContent = copied ? 'Copied' : 'Select and copy the link'));
  };
  required<HTMLButtonElement>(result, '[data-download]').onclick = () => {
    downloadFile(
      `signoff-${what.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}.json`,
      JSON.stringify(signoffFile([jws]), null, 2),
    );
  };
  result.hidden = false;
  result.focus();
}
