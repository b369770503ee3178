/**
 * The certificate's QR code and verify link: the token (certificate-token.ts) written as digits,
 * after the verify page's address, and the certificate number printed beside it.
 *
 * Digits because a QR code stores them in numeric mode at 3.3 bits each (SMART Health Cards do
 * the same), against 8 bits for any letter: the address goes in byte mode, the token in numeric
 * mode, and the whole link stays an ordinary https address a phone camera opens. Digits also
 * survive every mail client and chat app, in a URL fragment that no server receives.
 *
 * Every 7 bytes become 17 digits (2^56 < 10^17), a last shorter group as few digits as it
 * needs; a group whose number is too large for its bytes is refused, so each token has exactly
 * one spelling.
 */
import type { CourseManifest } from '../course/manifest';
import { ok, type Result } from '../result';
import { fromBase64url } from '../trust/encoding';
import { verifyCertificationAlone, type CertificationVerdict } from '../trust/certification/verify';
import type { CourseCertificateVerdict } from '../trust/certification/course-certificate';
import {
  certificateToken,
  courseCertificateToken,
  MAX_TOKEN_BYTES,
  openCertificateToken,
  type TokenReason,
} from './certificate-token';

/** The fragment key of a certificate code link: `verify/#c=<digits>`. */
export const CODE_PREFIX = 'c=';
/** Digits for a last group of 1..7 bytes. */
const DIGITS = [0, 3, 5, 8, 10, 13, 15, 17] as const;

export function bytesToDigits(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 7) {
    const group = bytes.subarray(i, i + 7);
    let n = 0n;
    for (const b of group) n = (n << 8n) | BigInt(b);
    out += n.toString().padStart(DIGITS[group.length] as number, '0');
  }
  return out;
}

export function digitsToBytes(digits: string): Uint8Array | undefined {
  if (!/^\d*$/.test(digits)) return undefined;
  const out: number[] = [];
  for (let i = 0; i < digits.length; i += 17) {
    const group = digits.slice(i, i + 17);
    const length = DIGITS.indexOf(group.length as (typeof DIGITS)[number]);
    if (length <= 0) return undefined;
    let n = BigInt(group);
    if (n >= 1n << BigInt(8 * length)) return undefined;
    const bytes: number[] = [];
    for (let k = 0; k < length; k++) {
      bytes.unshift(Number(n & 0xffn));
      n >>= 8n;
    }
    out.push(...bytes);
  }
  return Uint8Array.from(out);
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The certificate number: the first 60 bits of the certification's payload hash (the hash the
 * signed record names it by) in Crockford base32, as XXXX-XXXX-XXXX. Printed beside the QR code
 * and shown by the verify page, so a reader can match a printed certificate with what verified.
 */
export function certificateNumber(payloadHash: string): string {
  const bytes = fromBase64url(payloadHash) ?? new Uint8Array(8);
  let bits = 0n;
  for (const b of bytes.subarray(0, 8)) bits = (bits << 8n) | BigInt(b);
  bits >>= 4n;
  let text = '';
  for (let i = 11; i >= 0; i--) text += CROCKFORD[Number((bits >> BigInt(5 * i)) & 31n)];
  return `${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8)}`;
}

/**
 * The digits of a certificate's code (for the QR and the link), or why there is none: a
 * certification entry's, or (`course`) a course certificate's.
 */
export function certificateDigits(
  jws: string,
  manifest: CourseManifest,
  kind: 'certification' | 'course-certificate' = 'certification',
): Result<string, 'malformed'> {
  const token = kind === 'course-certificate' ? courseCertificateToken(jws, manifest) : certificateToken(jws, manifest);
  return token.ok ? ok(bytesToDigits(token.value)) : token;
}

/**
 * A code's verdict: on the certification entry it carries, or on the course certificate (its
 * `payload.typ` is 'course-certificate'), each with the signed text it carried.
 */
export type CodeVerdict =
  | (CertificationVerdict & { jws: string })
  | (CourseCertificateVerdict & { jws: string })
  | { ok: false; status: 'invalid'; reason: TokenReason; message: string };

/**
 * Reads a certificate code (the digits, or the part of a link after `#c=`) and judges what it
 * carries on its own, under the course rules: a certification with `verifyCertificationAlone`,
 * a course certificate with `verifyCourseCertificateAlone`.
 * Never throws.
 */
export async function verifyCertificateCode(
  text: string,
  manifest: CourseManifest,
  now: Date | string,
): Promise<CodeVerdict> {
  const digits = text
    .trim()
    .replace(/^.*#/s, '')
    .replace(new RegExp(`^${CODE_PREFIX}`), '');
  if (digits.length > (MAX_TOKEN_BYTES / 7) * 17 + 17) {
    return {
      ok: false,
      status: 'invalid',
      reason: 'too-large',
      message: 'This certificate code is longer than any certificate’s.',
    };
  }
  const bytes = digitsToBytes(digits);
  if (!bytes) {
    return {
      ok: false,
      status: 'invalid',
      reason: 'malformed',
      message:
        'This is not a whole certificate code: it may have been cut short or mistyped. Scan the code again, or verify the signed record.',
    };
  }
  const opened = openCertificateToken(bytes, manifest);
  if (!opened.ok) return { ok: false, status: 'invalid', reason: opened.reason, message: opened.message };
  const { kind, jws } = opened.value;
  const verdict =
    kind === 'course-certificate'
      ? // Loaded on use: most codes scanned are skill certificates'.
        await (
          await import('../trust/certification/course-certificate')
        ).verifyCourseCertificateAlone(jws, manifest, now)
      : await verifyCertificationAlone(jws, manifest, now);
  return { ...verdict, jws };
}

/**
 * A signed certificate entry pasted or dropped as it is (compact JWS), judged on its own: a
 * course certificate (its header `typ`) with `verifyCourseCertificateAlone`, anything else as a
 * certification with `verifyCertificationAlone`, which refuses what is not one. Never throws.
 */
export async function verifyCertificateEntry(
  jws: string,
  manifest: CourseManifest,
  now: Date | string,
): Promise<CertificationVerdict | CourseCertificateVerdict> {
  const [header = ''] = jws.split('.');
  let typ: unknown;
  try {
    typ = (JSON.parse(new TextDecoder().decode(fromBase64url(header) ?? new Uint8Array())) as { typ?: unknown }).typ;
  } catch {
    typ = undefined;
  }
  if (typ === 'tandem-course-certificate+jws') {
    const { verifyCourseCertificateAlone } = await import('../trust/certification/course-certificate');
    return verifyCourseCertificateAlone(jws, manifest, now);
  }
  return verifyCertificationAlone(jws, manifest, now);
}
