/**
 * On a plain-http host the browser gives no `crypto.subtle`; hashes (content versions, entry
 * hashes) must come out the same without it, or a genuine record fails to verify there.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contentHash, nobleSha256, sha256 } from '../../src/lib/hash';

afterEach(() => vi.unstubAllGlobals());

/** Runs `f` with WebCrypto hidden, as on an insecure origin. */
async function withoutSubtle<T>(f: () => Promise<T>): Promise<T> {
  vi.stubGlobal('crypto', { getRandomValues: crypto.getRandomValues.bind(crypto) });
  try {
    expect(globalThis.crypto.subtle).toBeUndefined();
    return await f();
  } finally {
    vi.unstubAllGlobals();
  }
}

describe('sha256 without WebCrypto', () => {
  it('gives the known SHA-256 of the empty string and of "abc"', async () => {
    await withoutSubtle(async () => {
      expect(await sha256('')).toBe('47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU');
      expect(await sha256('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
    });
  });

  it('gives the same hash as with WebCrypto, for any text (non-ASCII included)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme' }), async (text) => {
        const withSubtle = await sha256(text);
        expect(await withoutSubtle(() => sha256(text))).toBe(withSubtle);
        expect(await nobleSha256(text)).toBe(withSubtle);
      }),
      { numRuns: 50 },
    );
  });

  it('gives the same content hash of a structured value', async () => {
    const value = { title: 'Processing a return', steps: ['show', 'solo'], n: 3, note: 'Ünïcode ✓' };
    const expected = await contentHash(value);
    expect(await withoutSubtle(() => contentHash(value))).toBe(expected);
  });

  it('also works when there is no crypto object at all', async () => {
    const expected = await sha256('x');
    vi.stubGlobal('crypto', undefined);
    expect(await sha256('x')).toBe(expected);
  });
});
