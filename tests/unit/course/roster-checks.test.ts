/**
 * The roster checks of the build (src/lib/course/roster-checks.ts, run by validateCourse): a key
 * id must be its key's RFC 7638 thumbprint, a key may be listed once on the whole roster, and an
 * active demo trainer stops a production build unless the settings allow it.
 */
import { calculateJwkThumbprint } from 'jose';
import { describe, expect, it } from 'vitest';
import type { TrainerData } from '../../../src/lib/content/schema';
import { validateCourse, type CourseContent, type Entry } from '../../../src/lib/content/validate';
import { ecThumbprint, rosterProblems } from '../../../src/lib/course/roster-checks';
import { manifestFromFiles } from '../../../src/lib/course/manifest-from-files';
import { validContent } from '../../fixtures/content';

async function publicKey() {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const { x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
  return { kty: 'EC' as const, crv: 'P-256' as const, x: x!, y: y! };
}
type Jwk = Awaited<ReturnType<typeof publicKey>>;

function trainer(id: string, keys: { jwk: Jwk; kid?: string }[], more: Partial<TrainerData> = {}): Entry<TrainerData> {
  return {
    id,
    file: `src/content/trainers/${id}.yaml`,
    data: {
      name: id.replace(/^./, (c) => c.toUpperCase()),
      demo: false,
      keys: keys.map(({ jwk, kid }) => ({
        kid: kid ?? ecThumbprint(jwk),
        jwk,
        validFrom: new Date('2026-01-01'),
        status: 'active' as const,
      })),
      ...more,
    },
  };
}

function content(trainers: Entry<TrainerData>[], allowDemoTrainer?: boolean): CourseContent {
  const c = validContent();
  c.trainers = trainers;
  if (allowDemoTrainer !== undefined) c.course[0]!.data.allowDemoTrainer = allowDemoTrainer;
  return c;
}

const errors = (c: CourseContent, production = false) =>
  validateCourse(c, { production }).filter((p) => p.severity === 'error');

describe('ecThumbprint', () => {
  it('is the RFC 7638 thumbprint jose computes', async () => {
    for (let i = 0; i < 5; i++) {
      const jwk = await publicKey();
      expect(ecThumbprint(jwk)).toBe(await calculateJwkThumbprint(jwk, 'sha256'));
    }
  });
});

describe('key ids', () => {
  it('accepts keys whose kid is their thumbprint', async () => {
    expect(errors(content([trainer('ann', [{ jwk: await publicKey() }, { jwk: await publicKey() }])]))).toEqual([]);
  });

  it('refuses a kid that is not the thumbprint of its key, naming the file and field', async () => {
    const [a, b] = [await publicKey(), await publicKey()];
    const found = errors(content([trainer('ann', [{ jwk: a }, { jwk: b, kid: 'Z'.repeat(43) }])]));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: 'src/content/trainers/ann.yaml', field: 'keys[1].kid' });
    expect(found[0]!.message).toContain(
      `is not the RFC 7638 thumbprint of keys[1].jwk (that key's thumbprint is ${ecThumbprint(b)})`,
    );
    expect(found[0]!.hint).toMatch(/Copy the key id and the public key again/);
  });

  it('refuses another key’s kid put next to a key (a pasted jwk from someone else)', async () => {
    const [a, b] = [await publicKey(), await publicKey()];
    const found = errors(content([trainer('ann', [{ jwk: b, kid: ecThumbprint(a) }])]));
    expect(found.map((p) => p.field)).toEqual(['keys[0].kid']);
  });
});

describe('one key, one place on the roster', () => {
  it('refuses the same public key under two trainers', async () => {
    const shared = await publicKey();
    const found = errors(
      content([trainer('ann', [{ jwk: shared }]), trainer('bo', [{ jwk: await publicKey() }, { jwk: shared }])]),
    );
    expect(found).toEqual([
      expect.objectContaining({
        file: 'src/content/trainers/bo.yaml',
        field: 'keys[1].jwk',
        message: 'this public key is also listed under trainer "ann" (src/content/trainers/ann.yaml → keys[0])',
      }),
    ]);
  });

  it('refuses the same public key twice under one trainer, even with two kids', async () => {
    const jwk = await publicKey();
    const found = errors(content([trainer('ann', [{ jwk }, { jwk, kid: 'A'.repeat(43) }])]));
    expect(found.map((p) => `${p.field}: ${p.message}`)).toEqual([
      expect.stringMatching(/^keys\[1\]\.kid: key id A{43} is not the RFC 7638 thumbprint/),
      'keys[1].jwk: this public key is already listed as keys[0]',
    ]);
  });

  it('reports the same key listed twice with the same kid once, as "listed twice"', async () => {
    const jwk = await publicKey();
    const found = errors(content([trainer('ann', [{ jwk }, { jwk }])]));
    expect(found.map((p) => p.message)).toEqual([`key id ${ecThumbprint(jwk)} is listed twice`]);
  });
});

describe('an active demo trainer', () => {
  const demo = async () => trainer('dana', [{ jwk: await publicKey() }], { name: 'Dana Demo', demo: true });

  it('stops a production build unless the settings allow it, saying how to fix it', async () => {
    const found = errors(content([await demo()]), true);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: 'src/content/trainers/dana.yaml', field: 'demo (keys[0].status: active)' });
    expect(found[0]!.message).toContain('the demo trainer "Dana Demo" is active in a production build');
    expect(found[0]!.hint).toContain('set allowDemoTrainer: true in src/content/course/settings.yaml');
    expect(found[0]!.hint).toContain("delete src/content/trainers/dana.yaml or set its keys' status to revoked");
    expect(errors(content([await demo()], false), true)).toHaveLength(1);
  });

  it('is allowed with allowDemoTrainer: true, and outside production builds (astro dev, npm run verify)', async () => {
    expect(errors(content([await demo()], true), true)).toEqual([]);
    expect(errors(content([await demo()]), false)).toEqual([]);
    expect(rosterProblems(content([await demo()]))).toEqual([]);
  });

  it('is no problem once its key is revoked, nor is a trainer who is not a demo', async () => {
    const revoked = await demo();
    revoked.data.keys[0] = {
      ...revoked.data.keys[0]!,
      status: 'revoked',
      revokedAt: new Date('2026-02-01'),
      revokedReason: 'real use',
    };
    expect(errors(content([revoked]), true)).toEqual([]);
    expect(errors(content([trainer('ann', [{ jwk: await publicKey() }])]), true)).toEqual([]);
  });
});

describe('the sample course', () => {
  it('passes the roster checks: the demo trainer’s kid is its thumbprint, and the demo is allowed on purpose', async () => {
    const built = await manifestFromFiles('src/content');
    expect(built.ok, built.ok ? '' : built.message).toBe(true);
    if (!built.ok) return;
    for (const t of built.value.roster.trainers) for (const k of t.keys) expect(k.kid).toBe(ecThumbprint(k.jwk));
  });
});
