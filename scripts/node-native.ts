/**
 * Native helpers for the Node side of verification (`npm run verify`, its worker threads, the
 * bench), where the library's portable ones are slower than what Node has built in:
 * - SHA-256: node:crypto's, synchronous. The library's `sha256` (src/lib/hash.ts) otherwise
 *   uses WebCrypto's digest, which in Node is a round trip through libuv's threads; a large
 *   bundle hashes thousands of payloads.
 * - base64url: Buffer's. Node has no `Uint8Array.fromBase64` (the browser's native decoder),
 *   and decoding each entry's signature and payload in JavaScript cost 6 µs an entry, where
 *   Buffer takes 0.6 µs.
 * The same hashes and bytes (tests/unit/hash.test.ts, tests/unit/trust/base64url.test.ts).
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { useSyncSha256 } from '../src/lib/hash.ts';
import { useBase64urlDecoder } from '../src/lib/trust/encoding.ts';

export function nodeSha256(bytes: Uint8Array): Uint8Array {
  return createHash('sha256').update(bytes).digest();
}

/** SHA-256 of the text's UTF-8 bytes, base64url without padding, as `sha256` gives it. */
export function nodeSha256Text(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}

/**
 * Buffer's base64url decoder, as a plain Uint8Array over its bytes (small Buffers share one
 * pooled ArrayBuffer; the view keeps to its own). Lenient (padding, whitespace, left-over bits):
 * the library checks those before it asks.
 */
export function nodeBase64url(text: string): Uint8Array {
  const b = Buffer.from(text, 'base64url');
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

/** Makes this thread's `sha256` and decoders the native ones. */
export function useNodeNative(): void {
  useSyncSha256(nodeSha256, nodeSha256Text);
  useBase64urlDecoder(nodeBase64url);
}
