/** Draws a QR code as an inline SVG element (no inline styles, so a strict CSP allows it). */
import { qrSvgPath } from '../../lib/trust/links';

const SVG = 'http://www.w3.org/2000/svg';

/** The QR code of `text`, or null when it is too long for one (then offer the link or a file). */
export function qrElement(text: string, label: string): SVGSVGElement | null {
  const qr = qrSvgPath(text);
  if (!qr.ok) return null;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${qr.value.size} ${qr.value.size}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.classList.add('qr__code');
  const background = document.createElementNS(SVG, 'rect');
  background.setAttribute('width', String(qr.value.size));
  background.setAttribute('height', String(qr.value.size));
  background.setAttribute('fill', '#fff');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', qr.value.path);
  path.setAttribute('fill', '#000');
  svg.append(background, path);
  return svg;
}

/** Copies text to the clipboard; false where the browser refuses (then the field stays selectable). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
