/**
 * Native helpers for the Node side of verification (`npm run verify`, its worker threads, the
 * bench), where the library's portable ones are slower than what Node has built in:
 * - SHA-256: node:crypto's, synchronous. The library's `sha256` (src/lib/hash.ts) otherwise
 *   uses WebCrypto's digest, which in Node is a round trip through libuv's threads; a large
 *   bundle hashes thousands of payloads.
 * - base64url and ASCII text: Buffer's. Node has no `Uint8Array.fromBase64` (the browser's
 *   native decoder), and decoding each entry's parts in JavaScript was a tenth of a large
 *   bundle's work besides the signatures.
 * The same hashes, bytes and text (tests/unit/hash.test.ts, tests/unit/trust/encoding.test.ts).
 */
import { Buffer, isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { useSyncSha256 } from '../src/lib/hash.ts';
import { useNativeCodec, type NativeCodec } from '../src/lib/trust/encoding.ts';

export function nodeSha256(bytes: Uint8Array): Uint8Array {
  return createHash('sha256').update(bytes).digest();
}

/** SHA-256 of the text's UTF-8 bytes, base64url without padding, as `sha256` gives it. */
export function nodeSha256Text(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}

/** A plain Uint8Array over a Buffer's bytes (small Buffers share one pooled ArrayBuffer; the view keeps to its own). */
const view = (b: Buffer) => new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.length);

export const nodeCodec: NativeCodec = {
  // Buffer's decoder is lenient (padding, whitespace, left-over bits): the library checks those first.
  fromBase64url: (text) => view(Buffer.from(text, 'base64url')),
  ascii: (bytes) =>
    isAscii(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1') : undefined,
  asciiBytes: (text) => view(Buffer.from(text, 'latin1')),
};

/** Makes this thread's `sha256` and decoders the native ones. */
export function useNodeNative(): void {
  useSyncSha256(nodeSha256, nodeSha256Text);
  useNativeCodec(nodeCodec);
}
