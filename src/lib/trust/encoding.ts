/**
 * Byte and text helpers shared by the trust modules. Strict on purpose: every input here may
 * come from a link, a file or a token someone edited by hand.
 */
import { base64url } from '../hash';

export { base64url };
export { duplicateMemberName } from './json-members';

/**
 * The text without a leading UTF-8 byte order mark (U+FEFF). Editors on Windows often save
 * one; it is not part of the JSON, and JSON.parse refuses it. Only one, and only at the start:
 * a BOM anywhere else stays (and is refused where it matters, e.g. in names).
 */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const SEXTET = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) SEXTET[ALPHABET.charCodeAt(i)] = i;

/**
 * Decodes unpadded base64url, or returns undefined. Only the canonical spelling is accepted (the
 * bits left over after the last whole byte must be zero), so one value has exactly one encoding:
 * otherwise a signature's last character could be changed without changing its bytes.
 *
 * Decoded by table rather than with atob: a bundle holds thousands of entries, and this runs on
 * every part of every one of them.
 */
export function fromBase64url(text: string): Uint8Array | undefined {
  const n = text.length;
  if (n % 4 === 1) return undefined;
  const bytes = new Uint8Array(Math.floor((n * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? (SEXTET[c] as number) : -1;
    if (v < 0) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[o++] = (acc >> bits) & 0xff;
    }
    acc &= (1 << bits) - 1;
  }
  return acc === 0 ? bytes : undefined;
}

export const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 bytes to text, or undefined when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** JSON.parse that returns undefined instead of throwing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** base64url(UTF-8(JSON)) back to a value; undefined when any layer is wrong. */
export function decodeBase64urlJson(text: string): unknown {
  const bytes = fromBase64url(text);
  const json = bytes && decodeUtf8(bytes);
  return json === undefined ? undefined : parseJson(json);
}

/** A value to base64url(UTF-8(JSON)). */
export function encodeBase64urlJson(value: unknown): string {
  return base64url(utf8.encode(JSON.stringify(value)));
}

/** A plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own keys of `value` that are not in `allowed`: unknown members are refused, not ignored. */
export function unknownKeys(value: Record<string, unknown>, allowed: readonly string[]): string[] {
  return Object.keys(value).filter((k) => !allowed.includes(k));
}

/**
 * Three base64url parts separated by dots. The signature part may be empty so that unsigned
 * ("none") tokens reach the algorithm check and get the clearer refusal.
 */
export const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
