/**
 * Byte and text helpers shared by the trust modules. Strict on purpose: every input here may
 * come from a link, a file or a token someone edited by hand.
 */
import { base64url } from '../hash';

export { base64url };
export { duplicateMemberName, memberNames } from './json-members';

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
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The browser's own decoder (Chromium 140, Firefox 133, Safari 18.2), where there is one. */
const nativeFromBase64 = (
  Uint8Array as unknown as { fromBase64?: (text: string, options: { alphabet: 'base64url' }) => Uint8Array }
).fromBase64;

/**
 * The runtime's base64url decoder: the browser's own, or one a runtime without it offers
 * (Node's Buffer, scripts/node-native.ts). Given only text whose alphabet and left-over bits are
 * checked (see `fromAlphabetOnly`): both are lenient.
 */
let nativeDecoder: ((text: string) => Uint8Array) | undefined =
  nativeFromBase64 && ((text) => nativeFromBase64(text, { alphabet: 'base64url' }));

/** Makes this thread decode base64url with `decode`: the same bytes, made natively. */
export function useBase64urlDecoder(decode: (text: string) => Uint8Array): void {
  nativeDecoder = decode;
}

/**
 * Decodes unpadded base64url, or returns undefined. Only the canonical spelling is accepted (the
 * bits left over after the last whole byte must be zero), so one value has exactly one encoding:
 * otherwise a signature's last character could be changed without changing its bytes.
 *
 * This runs on every part of every entry of a bundle of thousands, so it is decoded natively
 * where the runtime can (after the strict checks, which the native decoder does not make: it
 * allows padding, whitespace and left-over bits), else by table four characters at a time.
 */
export function fromBase64url(text: string): Uint8Array | undefined {
  return BASE64URL.test(text) ? fromAlphabetOnly(text) : undefined;
}

/**
 * `fromBase64url` of text already known to hold only base64url characters (the parts of an
 * entry that matched `COMPACT_JWS`): the same strict decoding, without testing the alphabet again.
 */
export function fromAlphabetOnly(text: string): Uint8Array | undefined {
  const n = text.length;
  const tail = n % 4;
  if (tail === 1) return undefined;
  // The last character's bits past the last whole byte: 4 of them after 2 characters, 2 after 3.
  if (tail !== 0 && ((SEXTET[text.charCodeAt(n - 1)] as number) & (tail === 2 ? 0x0f : 0x03)) !== 0) return undefined;
  if (nativeDecoder) return nativeDecoder(text);
  // Every character is in the alphabet now: padded with A (no bits) to whole groups of four.
  const padded = tail === 0 ? text : text + 'AA'.slice(tail - 2);
  const sextet = (i: number) => SEXTET[padded.charCodeAt(i)] as number;
  const bytes = new Uint8Array((padded.length * 3) >> 2);
  for (let i = 0, o = 0; i < padded.length; i += 4) {
    const v = (sextet(i) << 18) | (sextet(i + 1) << 12) | (sextet(i + 2) << 6) | sextet(i + 3);
    bytes[o++] = v >> 16;
    bytes[o++] = (v >> 8) & 0xff;
    bytes[o++] = v & 0xff;
  }
  return tail === 0 ? bytes : bytes.slice(0, (n * 3) >> 2);
}

export const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * UTF-8 bytes to text, or undefined when the bytes are not valid UTF-8. The runtime's strict
 * decoder, even for a few hundred ASCII bytes: measured on an entry's payload (about 650 bytes),
 * it takes 0.6 µs in Chromium's workers and 0.25 µs in Node, where testing and copying the bytes
 * in JavaScript took 2.8 and 4.3 µs.
 */
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
