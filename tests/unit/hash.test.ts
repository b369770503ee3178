/**
 * On a plain-http host the browser gives no `crypto.subtle`; hashes (content versions, entry
 * hashes) must come out the same without it, or a genuine record fails to verify there.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sha256 as nobleDigest } from '@noble/hashes/sha2.js';
import { canonicalJson, contentHash, nobleSha256, sha256, useSyncSha256 } from '../../src/lib/hash';

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

describe('sha256 with the synchronous digest the verification workers install', () => {
  it('gives the same hash as WebCrypto, for any text (non-ASCII and long texts included)', async () => {
    const texts = ['', 'abc', 'Ünïcode ✓ 名前', 'x'.repeat(100_000)];
    const expected = await Promise.all(texts.map((t) => sha256(t)));
    let calls = 0;
    useSyncSha256((bytes) => {
      calls++;
      return nobleDigest(bytes);
    });
    try {
      for (const [i, t] of texts.entries()) expect(await sha256(t)).toBe(expected[i]);
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: 'grapheme' }), async (text) => {
          useSyncSha256(nobleDigest);
          const fast = await sha256(text);
          // Hidden WebCrypto gives noble too; compare with the real WebCrypto digest instead.
          const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
          expect(fast).toBe(base64urlOf(bytes));
        }),
        { numRuns: 50 },
      );
    } finally {
      useSyncSha256(undefined);
    }
    // The installed digest was the one used (not WebCrypto behind it).
    expect(calls).toBe(texts.length);
  });
});

function base64urlOf(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

describe('canonicalJson', () => {
  /** The definition, written plainly: keys sorted by code unit at every level, no whitespace. */
  function reference(value: unknown): string {
    if (value === null || typeof value !== 'object') return JSON.stringify(value);
    if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : reference(v))).join(',')}]`;
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
  }

  it('writes every JSON value as the definition does, whatever order its keys were made in', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
        // Same data, keys made in reverse order: the same text.
        const reversed = JSON.parse(JSON.stringify(value), (_, v: unknown) =>
          v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
        ) as unknown;
        expect(canonicalJson(reversed)).toBe(canonicalJson(value));
      }),
    );
  });

  it('sorts by code unit (so "10" before "9", "Z" before "a") and leaves undefined members out', () => {
    expect(canonicalJson({ 9: 1, 10: 2, a: 3, Z: 4, b: undefined, c: [undefined, 1] })).toBe(
      '{"10":2,"9":1,"Z":4,"a":3,"c":[null,1]}',
    );
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson([])).toBe('[]');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/non-finite/);
  });
});

describe("Node's native SHA-256 (npm run verify and its worker threads)", () => {
  it('gives the hashes WebCrypto gives, for any text, lone surrogates included', async () => {
    const { nodeSha256Text, useNodeNative } = await import('../../scripts/node-native');
    const texts = ['', 'a', 'é', '\u{1F600}', '\uD800', 'x\uDC00y', '{"a":1}'];
    const expected = await Promise.all(texts.map((t) => sha256(t)));
    useNodeNative();
    try {
      for (const [i, t] of texts.entries()) {
        expect(nodeSha256Text(t)).toBe(expected[i]);
        expect(await sha256(t)).toBe(expected[i]);
      }
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: 'binary' }), async (text) => {
          const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
          expect(await sha256(text)).toBe(base64urlOf(bytes));
        }),
        { numRuns: 100 },
      );
    } finally {
      useSyncSha256(undefined);
    }
  });
});
