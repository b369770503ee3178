/**
 * Byte and text helpers shared by the trust modules. Strict on purpose: every input here may
 * come from a link, a file or a token someone edited by hand.
 */
import { base64url } from '../hash';

export { base64url };

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes unpadded base64url, or returns undefined. Only the canonical spelling is accepted
 * (re-encoding must give the same text), so one value has exactly one encoding: otherwise a
 * signature's last character could be changed without changing its bytes.
 */
export function fromBase64url(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  let binary: string;
  try {
    binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return undefined;
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return base64url(bytes) === text ? bytes : undefined;
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
