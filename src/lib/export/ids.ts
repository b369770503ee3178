/**
 * The ids the export formats share: name-based UUIDs (version 5) and the site root every id is
 * made under, so xAPI statements and Open Badges name the same things the same way.
 */
import { sha1 } from '@noble/hashes/legacy.js';

/** The URL namespace of RFC 9562 §6.6: names are URLs. */
export const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/**
 * Name-based UUID, version 5 (SHA-1, RFC 9562 §5.5): the same namespace and name always give the
 * same UUID, and anyone can recompute it. SHA-1's weakness does not matter for an identifier.
 * Synchronous and WebCrypto-free, so exports work on plain-http pages too.
 */
export function uuidV5(namespace: string, name: string): string {
  const ns = namespace.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(ns)) throw new TypeError(`Not a UUID: ${namespace}`);
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(16 + nameBytes.length);
  for (let i = 0; i < 16; i++) input[i] = parseInt(ns.slice(i * 2, i * 2 + 2), 16);
  input.set(nameBytes, 16);
  const bytes = sha1(input).slice(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50; // version 5
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80; // variant 10 (RFC 9562)
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The site URL with exactly one trailing slash, so `https://x.org/training` and
 * `https://x.org/training/` give the same ids. A missing or relative URL is a programming error.
 */
export function siteRoot(siteUrl: string): string {
  let url: URL;
  try {
    url = new URL(siteUrl);
  } catch {
    throw new TypeError(`siteUrl must be an absolute http(s) URL, not "${siteUrl}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`siteUrl must be an absolute http(s) URL, not "${siteUrl}"`);
  }
  url.search = '';
  url.hash = '';
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}
