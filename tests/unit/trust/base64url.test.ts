/**
 * fromBase64url decodes every part of every entry, so it was rewritten for speed (four characters
 * at a time, or the runtime's own decoder): it must still give exactly the bytes Node's decoder
 * gives for canonical input, and refuse everything else (padding, whitespace, other alphabets,
 * left-over bits, an impossible length), with the table and with a native decoder alike.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';

async function decoder(native: boolean) {
  vi.resetModules();
  const U = Uint8Array as unknown as { fromBase64?: unknown };
  const had = Object.hasOwn(U, 'fromBase64');
  const before = U.fromBase64;
  // Node 24 has no Uint8Array.fromBase64: the native path is given one built on Buffer, which
  // (like the browsers') is lenient, so the strict checks before it are what is tested.
  if (native) U.fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64url'));
  else delete U.fromBase64;
  const { fromBase64url } = await import('../../../src/lib/trust/encoding');
  if (had) U.fromBase64 = before;
  else delete U.fromBase64;
  return fromBase64url;
}

afterEach(() => vi.resetModules());

describe.each([
  ['by table', false],
  ['with a native decoder', true],
])('fromBase64url %s', (_, native) => {
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
