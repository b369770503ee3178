/**
 * fromBase64url decodes every part of every entry, so it was rewritten for speed (four characters
 * at a time, the runtime's own decoder, or Node's Buffer for `npm run verify`): it must still give
 * exactly the bytes Node's decoder gives for canonical input, and refuse everything else
 * (padding, whitespace, other alphabets, left-over bits, an impossible length), every way alike.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';

type Way = 'table' | 'native' | 'node';

/** The encoding module as a browser without a native decoder, one with it, or `npm run verify` loads it. */
async function encoding(way: Way) {
  vi.resetModules();
  const U = Uint8Array as unknown as { fromBase64?: unknown };
  const had = Object.hasOwn(U, 'fromBase64');
  const before = U.fromBase64;
  // Node 24 has no Uint8Array.fromBase64: the native path is given one built on Buffer, which
  // (like the browsers') is lenient, so the strict checks before it are what is tested.
  if (way === 'native') U.fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64url'));
  else delete U.fromBase64;
  const module = await import('../../../src/lib/trust/encoding');
  if (had) U.fromBase64 = before;
  else delete U.fromBase64;
  if (way === 'node') module.useBase64urlDecoder((await import('../../../scripts/node-native')).nodeBase64url);
  return module;
}

async function decoder(way: Way) {
  return (await encoding(way)).fromBase64url;
}

const WAYS: [string, Way][] = [
  ['by table', 'table'],
  ['with a native decoder', 'native'],
  ["with Node's Buffer (npm run verify)", 'node'],
];

afterEach(() => vi.resetModules());

describe.each(WAYS)('fromBase64url %s', (_, native) => {
  it('gives the bytes Node gives, for every canonical encoding', async () => {
    const decode = await decoder(native);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64url');
        expect(decode(text)).toEqual(new Uint8Array(bytes));
      }),
    );
  });

  it('refuses what is not the one canonical spelling', async () => {
    const decode = await decoder(native);
    for (const bad of [
      'A', // a length no encoding has
      'AAAAA',
      'QQ==', // padding
      'QR', // left-over bits set (QQ is the canonical spelling of 0x41)
      'QUF', // ditto for two bytes (QUE)
      'QU+B', // the other alphabet
      'QU/B',
      'QU B', // whitespace
      'QU\nB',
      'QUé',
      'QU\u{1F600}',
    ]) {
      expect(decode(bad), bad).toBeUndefined();
    }
    expect(decode('')).toEqual(new Uint8Array(0));
    expect(decode('QQ')).toEqual(new Uint8Array([0x41]));
    expect(decode('QUE')).toEqual(new Uint8Array([0x41, 0x41]));
  });

  it('refuses any text that changes a canonical encoding by one character, unless it decodes to other bytes', async () => {
    const decode = await decoder(native);
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.nat(),
        fc.integer({ min: 0, max: 0xffff }),
        (bytes, at, code) => {
          const text = Buffer.from(bytes).toString('base64url');
          const i = at % text.length;
          const edited = text.slice(0, i) + String.fromCharCode(code) + text.slice(i + 1);
          const out = decode(edited);
          // Either refused, or its canonical spelling is exactly the edited text.
          if (out !== undefined) expect(Buffer.from(out).toString('base64url')).toBe(edited);
        },
      ),
    );
  });
});

describe('decodeUtf8', () => {
  /** What it must equal: a strict TextDecoder, undefined where that refuses the bytes. */
  const strict = (bytes: Uint8Array) => {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return undefined;
    }
  };

  it('gives what a strict TextDecoder gives, for ASCII, any text, and any bytes at all', async () => {
    const { decodeUtf8 } = await import('../../../src/lib/trust/encoding');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary-ascii', maxLength: 3000 }).map((t) => new TextEncoder().encode(t)),
          fc.string({ unit: 'binary', maxLength: 600 }).map((t) => new TextEncoder().encode(t)),
          fc.uint8Array({ maxLength: 600 }),
        ),
        (bytes) => {
          expect(decodeUtf8(bytes)).toBe(strict(bytes));
        },
      ),
    );
    // A byte order mark is not ASCII, so it is handled as TextDecoder handles it; broken UTF-8 is refused.
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe(strict(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])));
    expect(decodeUtf8(new Uint8Array([0x61, 0xc3]))).toBeUndefined();
    expect(decodeUtf8(new TextEncoder().encode('{"name":"Zoë"}'))).toBe('{"name":"Zoë"}');
  });
});
