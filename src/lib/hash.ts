/**
 * Content hashes. A quiz's saved answers and a skill's sign-offs are keyed by the hash of the
 * content they were made against, so an edited quiz or skill is noticed instead of silently
 * mixing old answers with new questions.
 *
 * Works in the browser and in Node. WebCrypto's `crypto.subtle.digest` is used where it exists;
 * browsers give it only to secure contexts (https, localhost), so on a plain-http intranet host
 * the same SHA-256 comes from @noble/hashes instead, loaded on first use only: every check,
 * hashes included, must work there too (verifying a record recomputes content versions).
 */

/**
 * JSON with object keys sorted at every level and no whitespace, so equal data always gives
 * equal text (the idea of RFC 8785, for the plain strings, numbers and booleans we hash).
 * `undefined` members are left out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('cannot hash a non-finite number');
    return JSON.stringify(value);
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  // Built by concatenation, without the intermediate arrays of entries/map/join: a certification
  // check hashes the payload of every sign-off it rests on, thousands in a large bundle.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      out += (i === 0 ? '' : ',') + (v === undefined ? 'null' : canonicalJson(v));
    }
    return `${out}]`;
  }
  // The default sort orders strings by UTF-16 code units, as comparing them with < does.
  const keys = Object.keys(value).sort();
  let out = '{';
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}

const encoder = new TextEncoder();

/** The runtime's own encoder (Chromium 140, Firefox 133, Safari 18.2), where there is one. */
const nativeToBase64 = (
  Uint8Array.prototype as unknown as {
    toBase64?: (this: Uint8Array, options: { alphabet: 'base64url'; omitPadding: true }) => string;
  }
).toBase64;

export function base64url(bytes: Uint8Array): string {
  if (nativeToBase64) return nativeToBase64.call(bytes, { alphabet: 'base64url', omitPadding: true });
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * SHA-256 of a string's UTF-8 bytes, base64url without padding (43 characters). With
 * WebCrypto when the page has it, else in pure JavaScript (same bytes, same hash).
 */
export async function sha256(text: string): Promise<string> {
  if (syncTextDigest) return syncTextDigest(text);
  if (syncDigest) return base64url(syncDigest(encoder.encode(text)));
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return nobleSha256(text);
  const digest = await subtle.digest('SHA-256', encoder.encode(text));
  return base64url(new Uint8Array(digest));
}

/** A synchronous SHA-256 (bytes to 32 bytes), once a verification thread has installed one. */
let syncDigest: ((bytes: Uint8Array) => Uint8Array) | undefined;
/** The same from text to base64url in one step, where the runtime has one (Node's crypto). */
let syncTextDigest: ((text: string) => string) | undefined;

/**
 * Makes `sha256` use `digest` instead of WebCrypto on this thread. For the verification workers
 * (src/lib/pool/jobs.ts): a bundle's every entry is hashed, and WebCrypto's digest is a job sent
 * to another thread and back, which for a few hundred bytes cost twice what hashing them here
 * does. The same SHA-256, so the same hashes (tests/unit/hash.test.ts compares them).
 */
export function useSyncSha256(
  digest: ((bytes: Uint8Array) => Uint8Array) | undefined,
  textDigest?: (text: string) => string,
): void {
  syncDigest = digest;
  syncTextDigest = textDigest;
}

/**
 * SHA-256 without WebCrypto, base64url like `sha256`. @noble/hashes is imported on first use
 * only, so browsers with WebCrypto never download it.
 */
export async function nobleSha256(text: string): Promise<string> {
  // @noble/hashes comes with @noble/curves (same version, listed in its dependencies).
  const { sha256: digest } = await import('@noble/hashes/sha2.js');
  return base64url(digest(encoder.encode(text)));
}

/** The content hash of any JSON-like value: SHA-256 of its canonical JSON. */
export function contentHash(value: unknown): Promise<string> {
  return sha256(canonicalJson(value));
}
