import { describe, expect, it } from 'vitest';
import { trainerSchema } from '../../../src/lib/content/schema';
import { findKey, keyStatusAt, rosterFromContent, type RosterKey } from '../../../src/lib/trust/roster';
import { demoTrainer } from '../../fixtures/trust';

const jwk = { kty: 'EC', crv: 'P-256', x: 'x'.repeat(43), y: 'y'.repeat(43) } as const;

describe('rosterFromContent', () => {
  it('publishes the demo trainer with ISO dates and only public key members', () => {
    const { roster, kid } = demoTrainer();
    expect(roster).toEqual({
      courseId: 'demo-course',
      trainers: [
        {
          id: 'demo-trainer',
          name: 'Dana Demo',
          demo: true,
          keys: [
            {
              kid,
              jwk: {
                kty: 'EC',
                crv: 'P-256',
                x: '3rCfVnbGhhdXl2_n0Fdr4Ro1tvx_1T-hXDycnrkGalQ',
                y: 'aIKc50QxoEsaNhT0fmMpeZNJemvIIIWcMOF-iaEQrbc',
              },
              validFrom: '2026-01-01T00:00:00.000Z',
              status: 'active',
            },
          ],
        },
      ],
    });
    expect(JSON.parse(JSON.stringify(roster))).toEqual(roster);
  });

  it('carries revocation and end dates through', () => {
    const data = trainerSchema.parse({
      name: 'Rita Revoked',
      keys: [
        {
          kid: 'k'.repeat(43),
          jwk,
          validFrom: '2026-01-01',
          validUntil: '2026-12-31',
          status: 'revoked',
          revokedAt: '2026-06-01',
          revokedReason: 'Lost phone',
        },
      ],
    });
    expect(rosterFromContent('c', [{ id: 'rita', data }]).trainers[0]?.keys[0]).toEqual({
      kid: 'k'.repeat(43),
      jwk,
      validFrom: '2026-01-01T00:00:00.000Z',
      validUntil: '2026-12-31T00:00:00.000Z',
      status: 'revoked',
      revokedAt: '2026-06-01T00:00:00.000Z',
      revokedReason: 'Lost phone',
    });
  });
});

describe('findKey', () => {
  it('finds a key and its trainer by kid, and nothing for an unknown kid', () => {
    const { roster, kid } = demoTrainer();
    expect(findKey(roster, kid)?.trainer.id).toBe('demo-trainer');
    expect(findKey(roster, 'nope')).toBeUndefined();
    expect(findKey(roster, '__proto__')).toBeUndefined();
  });
});

describe('keyStatusAt', () => {
  const key: RosterKey = {
    kid: 'k'.repeat(43),
    jwk,
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: '2026-12-31T00:00:00.000Z',
    status: 'revoked',
    revokedAt: '2026-06-01T00:00:00.000Z',
  };

  it.each([
    ['2025-12-31T23:59:59.999Z', 'not-yet-valid'],
    ['2026-01-01T00:00:00.000Z', 'valid'],
    ['2026-05-31T23:59:59.999Z', 'valid'],
    ['2026-06-01T00:00:00.000Z', 'revoked'],
    ['2027-01-01T00:00:00.000Z', 'revoked'],
  ])('at %s: %s', (date, status) => {
    expect(keyStatusAt(key, date)).toBe(status);
  });

  it('expires after validUntil, counting validUntil itself', () => {
    const active: RosterKey = { ...key, status: 'active' };
    delete active.revokedAt;
    expect(keyStatusAt(active, new Date('2026-12-31T00:00:00.000Z'))).toBe('valid');
    expect(keyStatusAt(active, new Date('2026-12-31T00:00:00.001Z'))).toBe('expired');
  });

  it('treats a revoked key without a date as revoked from the start', () => {
    const { revokedAt: _, ...undated } = key;
    expect(keyStatusAt(undated, '2026-02-01T00:00:00.000Z')).toBe('revoked');
  });

  it('fails closed on dates it cannot read', () => {
    expect(keyStatusAt({ ...key, status: 'active', revokedAt: 'soon' }, '2026-02-01T00:00:00Z')).toBe('revoked');
    expect(keyStatusAt({ ...key, status: 'active', validFrom: 'once' }, '2026-02-01T00:00:00Z')).toBe('not-yet-valid');
  });
});
