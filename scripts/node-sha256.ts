/**
 * SHA-256 for the Node side of verification (`npm run verify`, its worker threads, the bench):
 * node:crypto's, synchronous and native. The library's `sha256` (src/lib/hash.ts) otherwise
 * uses WebCrypto's digest, which in Node is a round trip through libuv's threads, or, on the
 * browser's worker threads, @noble/hashes; a large bundle hashes thousands of payloads. The same
 * SHA-256, so the same hashes (tests/unit/hash.test.ts compares them).
 */
import { createHash } from 'node:crypto';
import { useSyncSha256 } from '../src/lib/hash.ts';

export function nodeSha256(bytes: Uint8Array): Uint8Array {
  return createHash('sha256').update(bytes).digest();
}

/** SHA-256 of the text's UTF-8 bytes, base64url without padding, as `sha256` gives it. */
export function nodeSha256Text(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}

/** Makes this thread's `sha256` the native one. */
export function useNodeSha256(): void {
  useSyncSha256(nodeSha256, nodeSha256Text);
}
