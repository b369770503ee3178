/**
 * Qualified trainers (roster `skills` and `certify`): a sign-off or certification outside the
 * signer's qualification at its signing time is refused with its own reason, through the real
 * verification (verifyBundle, as the verify page, the CLI and the cohort desk call it), while a
 * roster without qualifications keeps every earlier verdict.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import { parseManifest } from '../../../src/lib/course/manifest-file';
import { verifyBundle, type ReadBundle } from '../../../src/lib/bundle/verify';
import { trainerSchema } from '../../../src/lib/content/schema';
import { mayCertify, maySignOff, qualifiedSkills } from '../../../src/lib/trust/qualification';
import { reasonLabel } from '../../../src/lib/trust/reasons';
import { rosterFromContent, type Roster, type RosterTrainer } from '../../../src/lib/trust/roster';
import { verifySignoff } from '../../../src/lib/trust/verify';
import {
  NOW,
  bundleText,
  exportManifest,
  exportRoster,
  type CertifiedRecord,
  type Trainers,
} from '../../fixtures/export';
import { context, day, sign } from '../../fixtures/trust';
import { certifiedCourse } from '../../fixtures/setup';

let t: Trainers;
let tess: CertifiedRecord;

beforeAll(async () => {
  // Signed under a roster without qualifications: the record as every earlier site made it.
  ({ t, tess } = await certifiedCourse());
});

/** The roster with Alice's entry changed by `alice`. */
function withAlice(alice: Partial<RosterTrainer>): CourseManifest {
  const roster: Roster = exportRoster(t);
  roster.trainers = roster.trainers.map((tr) => (tr.id === t.alice.id ? { ...tr, ...alice } : tr));
  return exportManifest(roster);
}

async function verdict(m: CourseManifest): Promise<ReadBundle> {
  const v = await verifyBundle(bundleText(tess.bundle), m, { now: NOW, clock: NOW });
  if (!v.readable) throw new Error(v.message);
  return v;
}

const skillOf = (v: ReadBundle, i: number) => {
  const e = v.entries.find((x) => x.kind === 'signoff' && x.index === i);
  return e?.payload?.skill ?? '(refused)';
};

describe('qualified trainers, through verifyBundle', () => {
  it('keeps a record valid under a roster that says nothing about qualifications', async () => {
    const v = await verdict(exportManifest(exportRoster(t)));
    expect(v.valid).toBe(true);
    expect(v.summary.courseCertified).toBe(true);
  });

  it('refuses every sign-off of a skill the trainer is not qualified for, and what rests on them', async () => {
    const v = await verdict(withAlice({ skills: [{ skill: 'active-listening' }] }));
    expect(v.valid).toBe(false);
    const signoffs = v.entries.filter((e) => e.kind === 'signoff');
    // The five active-listening entries come first in the fixture, the five de-escalation after.
    expect(signoffs.slice(0, 5).map((e) => e.status)).toEqual(Array(5).fill('valid'));
    for (const e of signoffs.slice(5)) {
      expect(e).toMatchObject({ status: 'invalid', reason: 'not-qualified' });
      expect(e.message).toMatch(/Alice Adams \(alice-trainer\) is not qualified for the skill "de-escalation"/);
    }
    const certs = v.entries.filter((e) => e.kind === 'certification');
    // Bundle order: skill ones first (listening, de-escalation), then the course's.
    expect(certs.map((c) => [c.status, c.reason])).toEqual([
      ['valid', undefined],
      ['invalid', 'not-qualified'],
      ['invalid', 'rests-on-invalid'],
    ]);
    expect(v.summary.certifiedSkills.map((s) => s.skill)).toEqual(['active-listening']);
    expect(v.summary.courseCertified).toBe(false);
    expect(reasonLabel('not-qualified')).toBe('Trainer not qualified for this skill');
  });

  it('judges a qualification at the signing time: granted later does not count, withdrawn later stays good', async () => {
    // De-escalation: Show 8 March, Co-pilot 9, Solo 10, Teach-back 11. Qualified from 9 March on.
    const later = await verdict(
      withAlice({
        skills: [{ skill: 'active-listening' }, { skill: 'de-escalation', from: day(9, 0).toISOString() }],
      }),
    );
    const calm = later.entries.filter((e) => e.kind === 'signoff').slice(5);
    expect(calm[0]).toMatchObject({ status: 'invalid', reason: 'not-qualified' });
    expect(calm[0]?.message).toMatch(
      /was not qualified for the skill "de-escalation" at 2026-03-08T10:00:00.000Z \(qualified from 2026-03-09\)/,
    );
    // With Show refused, Co-pilot on the 9th is out of order: one refusal, reported once as itself.
    expect(calm[1]).toMatchObject({ status: 'invalid', reason: 'out-of-order' });

    // Qualified until the end of 12 March: everything (certified 12 March noon) was signed within it.
    const until = await verdict(
      withAlice({
        skills: [{ skill: 'active-listening' }, { skill: 'de-escalation', until: day(12, 23).toISOString() }],
      }),
    );
    expect(until.valid).toBe(true);
    expect(until.summary.courseCertified).toBe(true);
  });

  it('refuses certifications by a trainer who may not certify, and keeps their sign-offs', async () => {
    const v = await verdict(withAlice({ certify: false }));
    expect(v.entries.filter((e) => e.kind === 'signoff').every((e) => e.status === 'valid')).toBe(true);
    const certs = v.entries.filter((e) => e.kind === 'certification');
    expect(certs.map((c) => c.reason)).toEqual(['may-not-certify', 'may-not-certify', 'may-not-certify']);
    expect(certs[0]?.message).toMatch(/Alice Adams \(alice-trainer\) may not certify/);
    expect(v.summary.certifiedSkills).toEqual([]);
    expect(reasonLabel('may-not-certify')).toBe('Trainer may not certify');
  });

  it('refuses a certification signed before the trainer could certify', async () => {
    // Skill certifications on 6 and 12 March, the course's on 13 March; may certify from 13 March.
    const v = await verdict(withAlice({ certify: { from: day(13, 0).toISOString() } }));
    const certs = v.entries.filter((e) => e.kind === 'certification');
    expect(certs[0]).toMatchObject({ status: 'invalid', reason: 'may-not-certify' });
    expect(certs[0]?.message).toMatch(/could not certify at 2026-03-06T12:00:00.000Z \(qualified from 2026-03-13\)/);
    expect(certs[1]).toMatchObject({ status: 'invalid', reason: 'may-not-certify' });
    // The course certification itself was signed in time, but rests on the refused ones.
    expect(certs[2]).toMatchObject({ status: 'invalid', reason: 'rests-on-invalid' });
  });

  it('refuses a forged qualification nobody can add: a bundle carries no roster', async () => {
    const text = bundleText(tess.bundle, (b) => {
      (b as unknown as Record<string, unknown>)['roster'] = exportRoster(t);
    });
    const v = await verifyBundle(text, withAlice({ skills: [] }), { now: NOW, clock: NOW });
    expect(v).toMatchObject({ readable: false, reason: 'damaged' });
  });

  it('an empty skills list qualifies for nothing', async () => {
    const v = await verdict(withAlice({ skills: [] }));
    expect(v.entries.filter((e) => e.kind === 'signoff').map((e) => e.reason)).toEqual(Array(10).fill('not-qualified'));
    expect(skillOf(v, 0)).toBe('(refused)');
  });
});

describe('a single sign-off as the trainee’s device receives it', () => {
  it('is refused for a skill outside the trainer’s qualification', async () => {
    const roster = exportRoster(t);
    roster.trainers[0] = { ...roster.trainers[0]!, skills: [{ skill: 'de-escalation' }] };
    const result = await verifySignoff(await sign(t.alice), context(roster));
    expect(result).toMatchObject({ ok: false, reason: 'not-qualified' });
    const allowed = await verifySignoff(await sign(t.alice, { skill: 'de-escalation' }), context(roster));
    expect(allowed).toMatchObject({ ok: true, status: 'valid' });
  });
});

describe('the rules', () => {
  const alice = { id: 'alice-trainer', name: 'Alice Adams' };

  it('default to every skill and certifying, as before qualifications existed', () => {
    expect(maySignOff(alice, 'anything', NOW).ok).toBe(true);
    expect(mayCertify(alice, undefined, NOW).ok).toBe(true);
    expect(mayCertify(alice, 'anything', NOW).ok).toBe(true);
  });

  it('need the skill qualification to certify a skill, but not to certify the course', () => {
    const limited = { ...alice, skills: [{ skill: 'a' }] };
    expect(mayCertify(limited, 'b', NOW)).toMatchObject({ ok: false, reason: 'not-qualified' });
    expect(mayCertify(limited, 'a', NOW).ok).toBe(true);
    expect(mayCertify(limited, undefined, NOW).ok).toBe(true);
  });

  it('fail closed on an unreadable date', () => {
    const odd = { ...alice, skills: [{ skill: 'a', from: 'not a date' }] };
    expect(maySignOff(odd, 'a', NOW).ok).toBe(false);
    expect(maySignOff({ ...alice, skills: [{ skill: 'a' }] }, 'a', 'garbage').ok).toBe(false);
  });

  it('list what the sign-off page offers', () => {
    const limited = { ...alice, skills: [{ skill: 'a' }, { skill: 'c', until: '2026-01-01T00:00:00.000Z' }] };
    expect([...qualifiedSkills(limited, ['a', 'b', 'c'], NOW)]).toEqual(['a']);
    expect([...qualifiedSkills(alice, ['a', 'b'], NOW)]).toEqual(['a', 'b']);
  });
});

describe('the roster as the owner writes it and the site publishes it', () => {
  const key = {
    kid: 'k'.repeat(43),
    jwk: { kty: 'EC', crv: 'P-256', x: 'x'.repeat(43), y: 'y'.repeat(43) },
    validFrom: '2026-01-01',
  };

  it('publishes skills (for good or for a period) and certify, with ISO dates', () => {
    const data = trainerSchema.parse({
      name: 'Quinn Qualified',
      keys: [key],
      skills: ['active-listening', { skill: 'de-escalation', from: '2026-03-01', until: '2026-12-31' }],
      certify: { from: '2026-06-01' },
    });
    const [quinn] = rosterFromContent('c', [{ id: 'quinn', data }]).trainers;
    expect(quinn?.skills).toEqual([
      { skill: 'active-listening' },
      { skill: 'de-escalation', from: '2026-03-01T00:00:00.000Z', until: '2026-12-31T00:00:00.000Z' },
    ]);
    expect(quinn?.certify).toEqual({ from: '2026-06-01T00:00:00.000Z' });
  });

  it('publishes nothing new for a trainer without qualifications (certify: true is the default)', () => {
    const data = trainerSchema.parse({ name: 'Any Trainer', keys: [key], certify: true });
    const [any] = rosterFromContent('c', [{ id: 'any', data }]).trainers;
    expect(any).not.toHaveProperty('skills');
    expect(any).not.toHaveProperty('certify');
    expect(trainerSchema.parse({ name: 'N', keys: [key], certify: false }).certify).toBe(false);
  });

  it('refuses a misspelt period field', () => {
    const r = trainerSchema.safeParse({ name: 'N', keys: [key], skills: [{ skill: 'a', form: '2026-01-01' }] });
    expect(r.success).toBe(false);
  });

  it('reads a manifest whose qualifications are damaged as damaged, not as "qualified for all"', () => {
    const m = withAlice({});
    const damaged = structuredClone(m) as unknown as { roster: { trainers: Record<string, unknown>[] } };
    damaged.roster.trainers[0]!['skills'] = 'active-listening';
    expect(parseManifest(JSON.stringify(damaged))).toMatchObject({ ok: false, reason: 'damaged' });
    damaged.roster.trainers[0]!['skills'] = [{ skill: 'active-listening' }];
    damaged.roster.trainers[0]!['certify'] = true;
    expect(parseManifest(JSON.stringify(damaged))).toMatchObject({ ok: false, reason: 'damaged' });
    delete damaged.roster.trainers[0]!['certify'];
    expect(parseManifest(JSON.stringify(damaged)).ok).toBe(true);
  });
});
