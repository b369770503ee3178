import { beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_REQUEST_LENGTH,
  MAX_RESPONSE_ENTRIES,
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  qrSvgPath,
  type SignoffRequest,
} from '../../../src/lib/trust/links';
import { verifySignoff } from '../../../src/lib/trust/verify';
import { COURSE, TRAINEE, context, day, makeRoster, makeTrainer, sign, type TestTrainer } from '../../fixtures/trust';

const request: SignoffRequest = { v: 1, course: COURSE, trainee: TRAINEE, skill: 'active-listening', step: 'solo' };

describe('sign-off request links', () => {
  it('round-trips a request through a fragment that needs no escaping', () => {
    const fragment = encodeRequest(request);
    expect(fragment).toMatchObject({ ok: true, value: expect.stringMatching(/^request=[A-Za-z0-9_-]+$/) });
    if (!fragment.ok) return;
    expect(decodeRequest(fragment.value)).toEqual({ ok: true, value: request });
    expect(decodeRequest(`#${fragment.value}`)).toEqual({ ok: true, value: request });
    expect(decodeRequest(` #${fragment.value}\n`)).toEqual({ ok: true, value: request });
  });

  it('keeps names in any script', () => {
    const named = { ...request, trainee: { id: 'trainee-2', name: 'Zoë Ñandú 李雷' } };
    const fragment = encodeRequest(named);
    expect(fragment.ok && decodeRequest(fragment.value)).toEqual({ ok: true, value: named });
  });

  it('will not make a request it would refuse to read', () => {
    expect(encodeRequest({ ...request, step: 'graduation' as 'solo' })).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
    expect(encodeRequest({ ...request, trainee: { id: 'x', name: '' } })).toMatchObject({ ok: false });
  });

  it.each<[string, unknown, string]>([
    ['nothing', '', 'empty'],
    ['a fragment that is only #', '#', 'empty'],
    ['not text', 42, 'empty'],
    ['a response link', 'response=a.b.c', 'not-a-request'],
    ['another site’s fragment', 'section-2', 'not-a-request'],
    ['bad base64url', 'request=***', 'malformed'],
    ['a cut-short link', 'request=eyJ2IjoxLCJjb3Vyc2', 'malformed'],
    ['broken percent-encoding', 'request=%E0%A4%A', 'malformed'],
    ['a huge fragment', `request=${'A'.repeat(MAX_REQUEST_LENGTH)}`, 'too-large'],
    ['a newer version', `request=${Buffer.from('{"v":2}').toString('base64url')}`, 'unsupported-version'],
    [
      'a proof inside the request rather than after it',
      `request=${Buffer.from(JSON.stringify({ ...request, proof: 'AAAA' })).toString('base64url')}`,
      'malformed',
    ],
    ['two proofs', `request=${Buffer.from(JSON.stringify(request)).toString('base64url')}.AAAA.BBBB`, 'malformed'],
    [
      'an extra field',
      `request=${Buffer.from(JSON.stringify({ ...request, admin: true })).toString('base64url')}`,
      'malformed',
    ],
    [
      'a bad step',
      `request=${Buffer.from(JSON.stringify({ ...request, step: 'x' })).toString('base64url')}`,
      'malformed',
    ],
  ])('refuses %s', (_, fragment, reason) => {
    const result = decodeRequest(fragment);
    expect(result).toMatchObject({ ok: false, reason });
    expect(!result.ok && result.message).toMatch(/\w/);
  });
});

describe('sign-off response links', () => {
  let alice: TestTrainer;
  beforeAll(async () => {
    alice = await makeTrainer('alice-trainer', 'Alice Adams');
  });

  it('round-trips signed entries, which then verify', async () => {
    const entries = [
      await sign(alice, { step: 'show', signedAt: day(2) }),
      await sign(alice, { signedAt: day(3), step: 'copilot' }),
    ];
    const fragment = encodeResponse(entries);
    expect(fragment).toMatchObject({ ok: true, value: expect.stringMatching(/^response=[A-Za-z0-9_.~-]+$/) });
    if (!fragment.ok) return;
    const decoded = decodeResponse(`#${fragment.value}`);
    expect(decoded).toEqual({ ok: true, value: entries });
    const result = await verifySignoff(entries[0], context(makeRoster([{ trainer: alice }])));
    expect(result.status).toBe('valid');
  });

  it('reads a link whose characters were percent-encoded on the way', async () => {
    const entries = [await sign(alice), await sign(alice)];
    const fragment = encodeResponse(entries);
    if (!fragment.ok) throw new Error(fragment.message);
    expect(decodeResponse(fragment.value.replace(/~/g, '%7E'))).toEqual({ ok: true, value: entries });
  });

  it('refuses to pack more entries than a link should carry', () => {
    expect(encodeResponse([])).toMatchObject({ ok: false, reason: 'empty' });
    const many = Array(MAX_RESPONSE_ENTRIES + 1).fill('a.b.c') as string[];
    expect(encodeResponse(many)).toMatchObject({ ok: false, reason: 'too-large' });
    expect(decodeResponse(`response=${many.join('~')}`)).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it.each<[string, string, string]>([
    ['a request link', 'request=abc', 'not-a-response'],
    ['a response with nothing in it', 'response=', 'malformed'],
    ['a response with a cut-short entry', 'response=a.b', 'malformed'],
    ['a response with an empty entry', 'response=a.b.c~~a.b.c', 'malformed'],
    ['a response with foreign characters', 'response=a.b.c<script>', 'malformed'],
  ])('refuses %s', (_, fragment, reason) => {
    expect(decodeResponse(fragment)).toMatchObject({ ok: false, reason });
  });
});

describe('qrSvgPath', () => {
  it('draws a QR code as one path of whole modules inside a square with a quiet zone', () => {
    const qr = qrSvgPath('https://example.org/trainer/#request=abc');
    expect(qr.ok).toBe(true);
    if (!qr.ok) return;
    const { size, path } = qr.value;
    expect(size).toBeGreaterThanOrEqual(21 + 8);
    expect(path).toMatch(/^(M\d+ \d+h\d+v1h-\d+z)+$/);
    // The quiet zone stays empty: no run starts in the first 4 rows or columns.
    const starts = [...path.matchAll(/M(\d+) (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(Math.min(...starts.flat())).toBe(4);
    // The top-left finder pattern starts with a run of 7 dark modules.
    expect(path.startsWith('M4 4h7v1h-7z')).toBe(true);
  });

  it('is deterministic, so a page can draw it at build time or in the browser', () => {
    expect(qrSvgPath('same text')).toEqual(qrSvgPath('same text'));
  });

  it('refuses text too long for any QR code', () => {
    expect(qrSvgPath('x'.repeat(5000))).toMatchObject({ ok: false, reason: 'too-large' });
  });
});
