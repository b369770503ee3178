/**
 * The certificate's QR code: the verify page's address in byte mode, then the token's digits in
 * numeric mode (certificate-code.ts), at error correction M and at most version 20 (97 × 97
 * modules), so that printed with modules of at least 0.5 mm (under 5 cm wide) a phone camera
 * reads it. lean-qr writes mixed-mode codes, which uqr (used for sign-off links) cannot.
 */
import { correction, generate, mode } from 'lean-qr';
import { fail, ok, type Result } from '../result';

/** The largest QR version a certificate may use: 97 × 97 modules. */
export const MAX_CERTIFICATE_QR_VERSION = 20;
/** The quiet zone around the code, in modules (the standard's 4). */
const QUIET = 4;

export interface CertificateQr {
  /** QR version, 1 to MAX_CERTIFICATE_QR_VERSION. */
  version: number;
  /** Modules per side, quiet zone included. */
  size: number;
  /** The dark modules as one SVG path (so pages draw it with no inline styles). */
  path: string;
}

/**
 * The QR code of `address` followed by `digits`, or a refusal when it would need a version
 * above 20 at level M. `address` must be ASCII (a URL as `new URL().href` writes it).
 */
export function certificateQr(address: string, digits: string): Result<CertificateQr, 'too-large'> {
  let code;
  try {
    code = generate(mode.multi(mode.ascii(address), mode.numeric(digits)), {
      minCorrectionLevel: correction.M,
      maxCorrectionLevel: correction.M,
      maxVersion: MAX_CERTIFICATE_QR_VERSION,
    });
  } catch {
    return fail(
      'too-large',
      `This certificate does not fit a QR code a phone can read (version ${MAX_CERTIFICATE_QR_VERSION} at error correction M).`,
    );
  }
  let path = '';
  for (let y = 0; y < code.size; y++) {
    for (let x = 0; x < code.size; x++) {
      if (!code.get(x, y)) continue;
      let run = 1;
      while (code.get(x + run, y)) run++;
      path += `M${x + QUIET} ${y + QUIET}h${run}v1h-${run}z`;
      x += run - 1;
    }
  }
  return ok({ version: (code.size - 17) / 4, size: code.size + 2 * QUIET, path });
}
