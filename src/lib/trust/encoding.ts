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
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The browser's own decoder (Chromium 140, Firefox 133, Safari 18.2), where there is one. */
const nativeFromBase64 = (
  Uint8Array as unknown as { fromBase64?: (text: string, options: { alphabet: 'base64url' }) => Uint8Array }
).fromBase64;

/**
 * Decoders a runtime offers beyond the browser's (Node's Buffer, scripts/node-native.ts), for
 * the text of thousands of entries: each is given only text these helpers have already checked.
 */
export interface NativeCodec {
  /** base64url text whose alphabet and left-over bits are checked (see `fromAlphabetOnly`) to bytes. */
  fromBase64url(text: string): Uint8Array;
  /** The bytes as text when every one is ASCII (the same text in UTF-8), else undefined. */
  ascii(bytes: Uint8Array): string | undefined;
  /** The bytes of text that is all ASCII (the same in UTF-8). */
  asciiBytes(text: string): Uint8Array<ArrayBuffer>;
}

let native: NativeCodec | undefined;

/** Makes this thread decode with `codec`: the same bytes and text, made natively. */
export function useNativeCodec(codec: NativeCodec): void {
  native = codec;
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
  if (native) return native.fromBase64url(text);
  if (nativeFromBase64) return nativeFromBase64(text, { alphabet: 'base64url' });
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

/** Bytes decoded a character each without TextDecoder when all are ASCII (below this many). */
const ASCII_FAST_PATH = 2048;

/** UTF-8 bytes to text, or undefined when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  // An entry's header and payload are a few hundred bytes, nearly always plain ASCII, which is
  // the same text in UTF-8; TextDecoder's cost per call was most of decoding them.
  if (native) {
    const text = native.ascii(bytes);
    if (text !== undefined) return text;
  } else if (bytes.length <= ASCII_FAST_PATH) {
    let ascii = true;
    for (let i = 0; i < bytes.length; i++) {
      if ((bytes[i] as number) > 0x7f) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  }
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The UTF-8 bytes of text known to be all ASCII (a JWS signing input, say). */
export function asciiBytes(text: string): Uint8Array<ArrayBuffer> {
  return native ? native.asciiBytes(text) : utf8.encode(text);
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
