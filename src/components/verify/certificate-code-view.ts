/**
 * The verify block printed on a certificate: the QR code of its certificate code (a phone opens
 * the verify page with it), the short verify address and the certificate number beside it, and
 * one line on what scanning proves and what the signed record adds.
 */
import type { CourseManifest } from '../../lib/course/manifest';
import type { AcceptedCertification } from '../../lib/trust/certification/verify';
import { certificateDigits, certificateNumber, CODE_PREFIX } from '../../lib/export/certificate-code';
import { certificateQr, type CertificateQr } from '../../lib/export/certificate-qr';
import { h } from '../dom';

const SVG = 'http://www.w3.org/2000/svg';

function qrSvg(qr: CertificateQr, label: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${qr.size} ${qr.size}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.classList.add('qr__code');
  svg.dataset.qrVersion = String(qr.version);
  svg.dataset.modules = String(qr.size);
  const background = document.createElementNS(SVG, 'rect');
  background.setAttribute('width', String(qr.size));
  background.setAttribute('height', String(qr.size));
  background.setAttribute('fill', '#fff');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', qr.path);
  path.setAttribute('fill', '#000');
  // Crisp module edges when printed or zoomed, so a phone sees squares, not blurred dots.
  path.setAttribute('shape-rendering', 'crispEdges');
  svg.append(background, path);
  return svg;
}

/** The address as a person types it: no scheme, no trailing "index.html". */
export function shortAddress(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/index\.html$/, '');
}

/**
 * The verify block of one certification. `verifyUrl`: the verify page's absolute address, made
 * from the site's canonical address (siteLink), never from where this page was opened.
 */
export function certificateCodeView(
  cert: AcceptedCertification & { jws: string },
  manifest: CourseManifest,
  verifyUrl: string,
): HTMLElement {
  // A course certification prints its course certificate, the small second signature made for
  // this code (lib/trust/certification/course-certificate.ts); one made before it had none.
  const course = cert.payload.scope === 'course' ? cert.certificate : undefined;
  const number = certificateNumber(course ? course.hash : cert.hash);
  const digits =
    course && cert.payload.certificate
      ? certificateDigits(cert.payload.certificate, manifest, 'course-certificate')
      : certificateDigits(cert.jws, manifest);
  const address = `${verifyUrl}#${CODE_PREFIX}`;
  const qr = digits.ok ? certificateQr(address, digits.value) : digits;
  const what = cert.payload.scope === 'course' ? 'course certificate' : 'skill certificate';
  const code = qr.ok
    ? h('div', { class: 'qr', 'data-qr': true }, qrSvg(qr.value, `QR code that opens the verify page for this ${what}`))
    : null;
  return h(
    'div',
    { class: 'certificate-code', 'data-verify': true },
    code,
    h(
      'div',
      { class: 'certificate-code__text' },
      h('p', {}, 'Certificate number ', h('strong', { 'data-number': true, text: number })),
      h(
        'p',
        {},
        'Check it at ',
        h('a', {
          href: digits.ok && qr.ok ? `${address}${digits.value}` : verifyUrl,
          'data-verify-link': true,
          text: shortAddress(verifyUrl),
        }),
        qr.ok
          ? ' or scan the code.'
          : ` with the trainee’s signed record. (This ${what} was signed before course certificates had a code a phone can read; each skill certificate has its own, and certifying the course again adds one.)`,
      ),
      h('p', {
        class: 'certificate-code__scope',
        text: qr.ok
          ? course
            ? 'Scanning proves who certified this trainee in every required skill, when and until when, signed by a trainer on this course’s roster and unaltered. The trainee’s signed record adds each skill certification, sign-off and quiz result behind it.'
            : 'Scanning proves who certified what, for whom, when and until when, signed by a trainer on this course’s roster and unaltered. The trainee’s signed record adds every sign-off and quiz result behind it.'
          : 'The signed record proves who certified what, for whom, when and until when, and every sign-off and quiz result behind it.',
      }),
    ),
  );
}
