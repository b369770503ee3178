/**
 * Whatever arrives by link, file or paste must be refused with a reason, never crash the page.
 * Random input is fed to every entry point that reads untrusted data.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SIGNOFF_TYP } from '../../../src/lib/trust/entry';
import { BACKUP_FORMAT, restoreBackup } from '../../../src/lib/trust/keys';
import { decodeRequest, decodeResponse } from '../../../src/lib/trust/links';
import type { Roster } from '../../../src/lib/trust/roster';
import { verifySignoff, type CryptoBackend } from '../../../src/lib/trust/verify';
import {
  context,
  craftJws,
  entry,
  makeRoster,
  makeTrainer,
  payloadOf,
  sign,
  type TestTrainer,
} from '../../fixtures/trust';

let alice: TestTrainer;
let roster: Roster;
let valid: Record<string, unknown>;

beforeAll(async () => {
  alice = await makeTrainer('alice-trainer', 'Alice Adams');
  roster = makeRoster([{ trainer: alice }]);
  valid = payloadOf(await sign(alice));
});

const b64 = (text: string) => Buffer.from(text).toString('base64url');
/** Strings from any alphabet, JSON text, and dotted base64url that looks like a JWS. */
const untrustedText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.json(),
  fc.tuple(fc.json(), fc.json(), fc.string()).map(([h, p, s]) => `${b64(h)}.${b64(p)}.${b64(s)}`),
);
const untrustedValue = fc.oneof(untrustedText, fc.jsonValue(), fc.anything());

function isRefusal(result: { ok: boolean; reason?: unknown; message?: unknown }): boolean {
  return !result.ok && typeof result.reason === 'string' && typeof result.message === 'string' && result.message !== '';
}

describe('untrusted input never throws and is refused with a reason', () => {
  it.each<CryptoBackend>(['webcrypto', 'noble'])('verifySignoff (%s) on random text and values', async (backend) => {
    await fc.assert(
      fc.asyncProperty(untrustedValue, async (input) => {
        expect(isRefusal(await verifySignoff(input, context(roster, { backend })))).toBe(true);
      }),
    );
  });

  it('verifySignoff on tokens with random headers naming a roster key', async () => {
    const header = fc.record(
      {
        alg: fc.oneof(fc.constantFrom('ES256', 'none', 'HS256', 'RS256', 'ES384'), fc.jsonValue()),
        kid: fc.oneof(fc.constant(alice.kid), fc.string()),
        typ: fc.oneof(fc.constant(SIGNOFF_TYP), fc.string()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(header, fc.jsonValue(), async (h, p) => {
        expect(isRefusal(await verifySignoff(await craftJws(h, p), context(roster)))).toBe(true);
      }),
    );
  });

  it('verifySignoff on validly signed but randomly changed payloads: accepted or refused, never thrown', async () => {
    const fields = Object.keys(entry('show', 'signed-off', 1));
    const mutation = fc.record({ field: fc.constantFrom(...fields), value: fc.jsonValue() });
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (changes) => {
        const payload = { ...valid };
        for (const { field, value } of changes) payload[field] = value;
        const header = { alg: 'ES256', kid: alice.kid, typ: SIGNOFF_TYP };
        const result = await verifySignoff(await craftJws(header, payload, alice.privateKey), context(roster));
        expect(result.ok || isRefusal(result)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('decodeRequest and decodeResponse', () => {
    fc.assert(
      fc.property(untrustedValue, fc.constantFrom('', '#', 'request=', '#response='), (input, prefix) => {
        const text = typeof input === 'string' ? prefix + input : input;
        const request = decodeRequest(text);
        const response = decodeResponse(text);
        expect(request.ok || isRefusal(request)).toBe(true);
        expect(response.ok || isRefusal(response)).toBe(true);
        if (typeof input !== 'string' || prefix === '') {
          expect(isRefusal(request)).toBe(true);
        }
      }),
    );
  });

  it('restoreBackup on random files, including ones that claim to be backups', async () => {
    const claimsToBe = fc
      .dictionary(fc.string(), fc.jsonValue())
      .map((rest) => ({ ...rest, format: BACKUP_FORMAT, version: 1 }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(untrustedValue, claimsToBe), async (file) => {
        expect(isRefusal(await restoreBackup(file, 'any passphrase at all'))).toBe(true);
      }),
    );
  });
});
