/**
 * The policy layer against a model of the published rules, as an attacker would probe it: any
 * mix of genuinely signed sign-offs (every step, every outcome, trainers revoked, qualified only
 * for one skill and for a while, the demo trainer, one not on the roster), handed over in any
 * order. The one verdict (`judgeEntries`) must accept exactly the entries the rules allow, and
 * the same whatever order the file lists them in: a signature proves who signed, and a valid
 * entry must also be one the course's rules let count.
 *
 * The model is written from the rules as the checklist and docs/export-format.md state them,
 * not from the code: signing order is (signedAt, id); a sign-off or practice is allowed only for
 * the current step (the first not signed off); a re-opening only for a signed-off step, and it
 * re-opens every later one; a key counts from its validFrom until its revocation; a trainer with
 * listed skills signs only those, within their dates; a trainer not on the roster never counts.
 * A skill certification counts only when its signer may certify that skill then, all four steps
 * were signed off when it was signed, and it rests on exactly the sign-offs holding them. A
 * course certification counts when its signer may certify then and the skill certifications it
 * names count, were signed before it and cover every required skill.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Step } from '../../../src/lib/content/schema';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import type { Outcome, SignoffPayload } from '../../../src/lib/trust/entry';
import type { CertificationPayload } from '../../../src/lib/export/types';
import { judgeEntries } from '../../../src/lib/trust/judge';
import { skillSteps } from '../../../src/lib/trust/ledger';
import { STEP_ORDER } from '../../../src/lib/trust/steps';
import { payloadHash, signCertification } from '../../../src/lib/trust/certification/payload';
import { decodeBase64urlJson } from '../../../src/lib/trust/encoding';
import type { Roster } from '../../../src/lib/trust/roster';
import { exportManifest, makeTrainers, BOB_REVOKED, type Trainers } from '../../fixtures/export';
import {
  makeTrainer,
  rosterKey,
  sign,
  signoffInput,
  SKILL_HASHES,
  TRAINEE,
  type TestTrainer,
} from '../../fixtures/trust';
import { twoTraineeKeys } from '../../fixtures/setup';
import { DEFAULT_ACK_STATEMENT, signAck } from '../../../src/lib/trust/ack';
import { signSignoff } from '../../../src/lib/trust/entry';

const SKILL_HASH = SKILL_HASHES['active-listening'] as string;

const SKILLS = ['active-listening', 'de-escalation'] as const;
type Skill = (typeof SKILLS)[number];
const OUTCOMES: Outcome[] = ['signed-off', 'signed-off', 'practice', 're-opened'];
/** Carol may sign off Active listening only, from 5 to 25 March 2026. */
const CAROL_FROM = Date.UTC(2026, 2, 5);
const CAROL_UNTIL = Date.UTC(2026, 2, 25);
const BOB_REVOKED_AT = Date.parse(BOB_REVOKED.revokedAt as string);
const NOW = '2026-06-01T00:00:00.000Z';

type Who = 'alice' | 'bob' | 'carol' | 'dana' | 'mallory';
interface Planned {
  id: string;
  skill: Skill;
  step: Step;
  outcome: Outcome;
  who: Who;
  at: number;
}

let t: Trainers & { carol: TestTrainer };
let manifest: CourseManifest;

beforeAll(async () => {
  t = { ...(await makeTrainers()), carol: await makeTrainer('carol-trainer', 'Carol Careful') };
  const roster: Roster = {
    courseId: 'demo-course',
    trainers: [
      { id: t.alice.id, name: t.alice.name, demo: false, keys: [rosterKey(t.alice)] },
      { id: t.bob.id, name: t.bob.name, demo: false, keys: [rosterKey(t.bob, BOB_REVOKED)] },
      { id: t.dana.id, name: t.dana.name, demo: true, keys: [rosterKey(t.dana)] },
      {
        id: t.carol.id,
        name: t.carol.name,
        demo: false,
        keys: [rosterKey(t.carol)],
        skills: [
          {
            skill: 'active-listening',
            from: new Date(CAROL_FROM).toISOString(),
            until: new Date(CAROL_UNTIL).toISOString(),
          },
        ],
      },
    ],
  };
  // No quizzes: the certifications here rest on sign-offs alone (quiz evidence has its own tests).
  manifest = exportManifest(roster, { quizzes: {} });
});

/** Whether the roster lets this signer's entry count, before step order. */
function signerCounts(p: Planned): boolean {
  switch (p.who) {
    case 'alice':
    case 'dana':
      return true;
    case 'bob':
      return p.at < BOB_REVOKED_AT;
    case 'carol':
      return p.skill === 'active-listening' && p.at >= CAROL_FROM && p.at <= CAROL_UNTIL;
    case 'mallory':
      return false;
  }
}

interface Modelled {
  valid: Set<string>;
  signed: Record<Skill, boolean[]>;
  /** The entry holding each step signed off, per skill (null: not signed off). */
  holders: Record<Skill, (string | null)[]>;
}

/**
 * The rules, replayed in signing order: the ids that count, and each skill's signed-off steps
 * and who holds them, counting only entries signed at or before `until`.
 */
function model(plan: readonly Planned[], until = Infinity): Modelled {
  const valid = new Set<string>();
  const holders: Record<Skill, (string | null)[]> = {
    'active-listening': [null, null, null, null],
    'de-escalation': [null, null, null, null],
  };
  const order = [...plan].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const p of order) {
    if (p.at > until || !signerCounts(p)) continue;
    const steps = holders[p.skill];
    const i = STEP_ORDER.indexOf(p.step);
    const current = steps.indexOf(null); // -1: all four signed off
    if (p.outcome === 're-opened') {
      if (steps[i] === null) continue;
      for (let j = i; j < steps.length; j++) steps[j] = null;
    } else {
      if (i !== current) continue;
      if (p.outcome === 'signed-off') steps[i] = p.id;
    }
    valid.add(p.id);
  }
  const signed = {
    'active-listening': holders['active-listening'].map((h) => h !== null),
    'de-escalation': holders['de-escalation'].map((h) => h !== null),
  };
  return { valid, signed, holders };
}

/** A certification someone tries to sign: what it rests on is chosen as an attacker might. */
interface PlannedCert {
  id: string;
  skill: Skill;
  who: Who;
  at: number;
  /**
   * holders: the sign-offs holding the steps then (what the sign-off page picks); first: the
   * first signed-off entry of each step in the file, valid or not; short: the holders less one;
   * extra: the holders and every other signed-off entry of the skill signed before it (sign-offs
   * since re-opened, or never valid).
   */
  rests: 'holders' | 'first' | 'short' | 'extra';
}

/** Whether the model lets this certification count: see the header. */
function certCounts(c: PlannedCert, plan: readonly Planned[], rests: readonly string[]): boolean {
  if (!signerCounts({ ...c, id: c.id, step: 'show', outcome: 'signed-off' })) return false;
  const then = model(plan, c.at).holders[c.skill];
  if (then.includes(null)) return false;
  return rests.length === then.length && then.every((h) => rests.includes(h as string));
}

const hex = (n: number) => n.toString(16).padStart(4, '0');

const hourArb = fc.integer({ min: 0, max: 30 * 24 - 1 });
const whoArb = fc.constantFrom<Who>('alice', 'alice', 'alice', 'bob', 'carol', 'carol', 'dana', 'mallory');

/** Any entry at all: any skill, step, outcome, signer and hour. */
const anyEntry = fc.record({
  skill: fc.constantFrom<Skill>(...SKILLS),
  step: fc.constantFrom<Step>(...STEP_ORDER),
  outcome: fc.constantFrom(...OUTCOMES),
  who: whoArb,
  hour: hourArb,
});

/** Mostly a trainer who may sign, so that whole progressions happen. */
const honestWho = fc.constantFrom<Who>(
  'alice',
  'alice',
  'alice',
  'alice',
  'alice',
  'alice',
  'bob',
  'carol',
  'dana',
  'mallory',
);

/**
 * A trainee's way through a skill as a trainer would sign it (the four steps in turn, at rising
 * hours), so that records reach certification often; each step's signer drawn like any other.
 */
const progression = fc
  .tuple(
    fc.constantFrom<Skill>(...SKILLS),
    fc.uniqueArray(hourArb, { minLength: 4, maxLength: 4 }),
    fc.tuple(honestWho, honestWho, honestWho, honestWho),
  )
  .map(([skill, hours, who]) =>
    [...hours]
      .sort((a, b) => a - b)
      .map((hour, i) => ({
        skill,
        step: STEP_ORDER[i] as Step,
        outcome: 'signed-off' as Outcome,
        who: who[i] as Who,
        hour,
      })),
  );

/**
 * Up to two progressions with up to six other entries mixed in (practice, re-openings, steps
 * out of turn, other signers), on days 1–30 of March: whole hours only, with ties on purpose
 * (the id settles them).
 */
const planArb = fc
  .tuple(fc.array(progression, { maxLength: 2 }), fc.array(anyEntry, { maxLength: 6 }))
  .filter(([runs, noise]) => runs.length + noise.length > 0)
  .map(([runs, noise]) =>
    [...runs.flat(), ...noise].map((r, n): Planned => ({
      // Ids in random order against times, so a tie is settled by the id, not the position.
      id: `00000000-0000-4000-8000-${hex((n * 7919) % 65536)}${hex(n)}${hex(r.hour)}`,
      skill: r.skill,
      step: r.step,
      outcome: r.outcome,
      who: r.who,
      at: Date.UTC(2026, 2, 1) + r.hour * 3_600_000,
    })),
  );

/** Up to three certifications, at half past an hour so none ties with a sign-off. */
const certsArb = fc.array(
  fc.record({
    skill: fc.constantFrom<Skill>(...SKILLS),
    who: fc.constantFrom<Who>('alice', 'alice', 'alice', 'alice', 'bob', 'carol', 'dana', 'mallory'),
    hour: fc.integer({ min: 0, max: 30 * 24 - 1 }),
    // Most often soon after the skill's last entry, when a trainer would certify.
    after: fc.option(fc.integer({ min: 0, max: 72 }), { freq: 4 }),
    rests: fc.constantFrom<PlannedCert['rests']>('holders', 'holders', 'holders', 'first', 'short', 'extra'),
  }),
  { minLength: 1, maxLength: 3 },
);

async function signPlan(plan: readonly Planned[]): Promise<Map<string, string>> {
  const signed = new Map<string, string>();
  for (const p of plan) {
    const signedAt = new Date(p.at);
    signed.set(
      p.id,
      await sign(t[p.who], {
        id: p.id,
        skill: p.skill,
        step: p.step,
        outcome: p.outcome,
        signedAt,
        observedAt: signedAt.toISOString().slice(0, 10),
      }),
    );
  }
  return signed;
}

/** Half past an hour, so no certification ties with a sign-off. */
function certTime(plan: readonly Planned[], skill: Skill, after: number | undefined, hour: number): number {
  const last = Math.max(...plan.filter((p) => p.skill === skill).map((p) => p.at));
  const base =
    after !== undefined && Number.isFinite(last) ? last + after * 3_600_000 : Date.UTC(2026, 2, 1) + hour * 3_600_000;
  return base + 1_800_000;
}

/** The ids a planned certification rests on, chosen by its `rests` mode. */
function restsOf(c: PlannedCert, plan: readonly Planned[]): string[] {
  const then = model(plan, c.at).holders[c.skill];
  if (c.rests === 'first') {
    return STEP_ORDER.flatMap((step) => {
      const first = plan.find((p) => p.skill === c.skill && p.step === step && p.outcome === 'signed-off');
      return first ? [first.id] : [];
    });
  }
  const held = then.filter((h): h is string => h !== null);
  if (c.rests === 'extra') {
    const others = plan.filter(
      (p) => p.skill === c.skill && p.outcome === 'signed-off' && p.at <= c.at && !held.includes(p.id),
    );
    return [...held, ...others.map((p) => p.id)];
  }
  return c.rests === 'short' ? held.slice(1) : held;
}

async function signCert(c: PlannedCert, rests: readonly string[], jws: ReadonlyMap<string, string>): Promise<string> {
  const entries = await Promise.all(
    rests.map(async (id) => {
      const payload = decodeBase64urlJson((jws.get(id) as string).split('.')[1] as string) as SignoffPayload;
      return { id, hash: await payloadHash(payload) };
    }),
  );
  const signed = await signCertification(
    {
      course: manifest.course.id,
      trainee: TRAINEE,
      scope: 'skill',
      skill: c.skill,
      skillHash: manifest.skills.find((s) => s.id === c.skill)?.hash as string,
      rests: { entries, quizzes: [] },
      expiryMonths: 12,
      id: c.id,
      certifiedAt: new Date(c.at),
    },
    t[c.who].signer,
  );
  if (!signed.ok) throw new Error(signed.message);
  return signed.value.jws;
}

describe('the one verdict holds to the published rules, whatever the file', () => {
  it('accepts exactly the entries the rules allow, in any order given, and the steps match', async () => {
    await fc.assert(
      fc.asyncProperty(
        planArb.chain((plan) => fc.tuple(fc.constant(plan), fc.shuffledSubarray(plan, { minLength: plan.length }))),
        async ([plan, shuffled]) => {
          const jws = await signPlan(plan);
          const expected = model(plan);
          for (const given of [plan, shuffled]) {
            const judged = await judgeEntries(
              given.map((p) => jws.get(p.id) as string),
              [],
              { manifest, traineeId: TRAINEE.id, now: NOW },
            );
            const got = new Set(
              judged.signoffs.flatMap((v, i) => (v.status === 'valid' ? [(given[i] as Planned).id] : [])),
            );
            expect([...got].sort()).toEqual([...expected.valid].sort());
            // Every refusal names its reason, so a person can tell a forgery from a step out of turn.
            for (const v of judged.signoffs) if (v.status === 'invalid') expect(v.reason).toBeTruthy();
            for (const skill of SKILLS) {
              const steps = skillSteps(
                judged.record.accepted.map((a) => a.payload).filter((p) => p.skill === skill),
              ).steps;
              expect(STEP_ORDER.map((s) => steps[s].state === 'signed-off')).toEqual(expected.signed[skill]);
            }
          }
        },
      ),
      { numRuns: 120 },
    );
  }, 180_000);

  it('a skill certification counts exactly when the rules let it, whatever it claims to rest on', async () => {
    // How many certifications the rules let count, so the property is known to test both sides.
    let counted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(planArb, certsArb, async (plan, rows) => {
        const jws = await signPlan(plan);
        const certs = rows.map((r, n): PlannedCert => ({
          id: `00000000-0000-4000-9000-${hex(n)}${hex(r.hour)}0000`,
          skill: r.skill,
          who: r.who,
          at: certTime(plan, r.skill, r.after ?? undefined, r.hour),
          rests: r.rests,
        }));
        // A certification resting on nothing cannot even be signed (the signer refuses it).
        const signable = certs.filter((c) => restsOf(c, plan).length > 0);
        const rests = signable.map((c) => restsOf(c, plan));
        const certJws = await Promise.all(signable.map((c, i) => signCert(c, rests[i] as string[], jws)));
        const judged = await judgeEntries(
          [...plan].reverse().map((p) => jws.get(p.id) as string),
          certJws,
          { manifest, traineeId: TRAINEE.id, now: NOW },
        );
        const got = judged.certifications.map((v) => v.status === 'valid');
        const expected = signable.map((c, i) => certCounts(c, plan, rests[i] as string[]));
        expect(got).toEqual(expected);
        for (const v of judged.certifications) if (v.status === 'invalid') expect(v.reason).toBeTruthy();
        counted += expected.filter(Boolean).length;
        refused += expected.filter((e) => !e).length;
      }),
      { numRuns: 300 },
    );
    expect(counted).toBeGreaterThan(15);
    expect(refused).toBeGreaterThan(100);
  }, 180_000);

  it('a certification naming a sign-off re-opened before it, beside the one holding the step, is refused', async () => {
    const at = (d: number) => Date.UTC(2026, 2, d, 10);
    const id = (n: number) => `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
    const plan: Planned[] = [
      ...STEP_ORDER.map((step, i): Planned => ({
        id: id(i),
        skill: 'active-listening',
        step,
        outcome: 'signed-off',
        who: 'alice',
        at: at(i + 2),
      })),
      { id: id(10), skill: 'active-listening', step: 'solo', outcome: 're-opened', who: 'alice', at: at(8) },
      { id: id(11), skill: 'active-listening', step: 'solo', outcome: 'signed-off', who: 'alice', at: at(9) },
      { id: id(12), skill: 'active-listening', step: 'teachback', outcome: 'signed-off', who: 'alice', at: at(10) },
    ];
    const jws = await signPlan(plan);
    const cert: PlannedCert = { id: id(20), skill: 'active-listening', who: 'alice', at: at(11), rests: 'holders' };
    const holders = [id(0), id(1), id(11), id(12)];
    const judge = async (rests: string[]) =>
      (
        await judgeEntries(
          plan.map((p) => jws.get(p.id) as string),
          [await signCert(cert, rests, jws)],
          { manifest, traineeId: TRAINEE.id, now: NOW },
        )
      ).certifications[0];
    expect((await judge(holders))?.status).toBe('valid');
    const stale = await judge([...holders, id(2)]);
    expect(stale).toMatchObject({ status: 'invalid', reason: 'steps-incomplete' });
    expect(stale?.message).toMatch(/re-opened/);
  });

  it('a course certification counts exactly when every required skill is certified under the rules', async () => {
    // Both required skills signed off in turn by Alice on 2–5 March; then skill certifications
    // by anyone, and a course certification resting on a choice of them.
    const base: Planned[] = SKILLS.flatMap((skill, k) =>
      STEP_ORDER.map((step, i): Planned => ({
        id: `00000000-0000-4000-8000-00000000${k}${i}00`,
        skill,
        step,
        outcome: 'signed-off',
        who: 'alice',
        at: Date.UTC(2026, 2, 2 + i, 10 + k),
      })),
    );
    const jws = await signPlan(base);
    const signoffs = base.map((p) => jws.get(p.id) as string);
    const after = (hour: number) => Date.UTC(2026, 2, 6) + hour * 3_600_000;
    const certWho = fc.constantFrom<Who>('alice', 'alice', 'alice', 'bob', 'carol', 'dana', 'mallory');
    let counted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        // One certification of each skill, in either order, and up to two more of either.
        fc
          .tuple(
            fc.record({ skill: fc.constant<Skill>('active-listening'), who: certWho, hour: fc.nat(24 * 24) }),
            fc.record({ skill: fc.constant<Skill>('de-escalation'), who: certWho, hour: fc.nat(24 * 24) }),
            fc.array(fc.record({ skill: fc.constantFrom<Skill>(...SKILLS), who: certWho, hour: fc.nat(24 * 24) }), {
              maxLength: 2,
            }),
          )
          .map(([a, b, more]) => [a, b, ...more]),
        fc.record({
          who: certWho,
          // Most often soon after the last skill certification, when a trainer would certify.
          after: fc.option(fc.nat(48), { freq: 4 }),
          hour: fc.nat(24 * 24),
          rests: fc.constantFrom('newest', 'newest', 'all', 'short'),
        }),
        async (rows, course) => {
          const skillCerts = rows.map((r, n) => ({
            id: `00000000-0000-4000-9000-${hex(n)}${hex(r.hour)}0000`,
            skill: r.skill,
            who: r.who,
            at: after(r.hour) + 1_800_000,
          }));
          const courseAt =
            (course.after === null
              ? after(course.hour)
              : Math.max(...skillCerts.map((c) => c.at)) + course.after * 3_600_000) + 2_700_000;
          const signedSkill = await Promise.all(
            skillCerts.map((c) =>
              signCert({ ...c, rests: 'holders' }, model(base, c.at).holders[c.skill] as string[], jws),
            ),
          );
          const payloadOf = (j: string) => decodeBase64urlJson(j.split('.')[1] as string) as CertificationPayload;
          const newest = SKILLS.flatMap((skill) => {
            const before = skillCerts.filter((c) => c.skill === skill && c.at <= courseAt);
            const last = before.sort((a, b) => b.at - a.at)[0];
            return last ? [last] : [];
          });
          const chosen = course.rests === 'all' ? skillCerts : course.rests === 'short' ? newest.slice(1) : newest;
          if (chosen.length === 0) return;
          const rests = await Promise.all(
            chosen.map(async (c) => ({
              id: c.id,
              hash: await payloadHash(payloadOf(signedSkill[skillCerts.indexOf(c)] as string)),
            })),
          );
          const signed = await signCertification(
            {
              course: manifest.course.id,
              trainee: TRAINEE,
              scope: 'course',
              rests: { entries: rests, quizzes: [] },
              expiryMonths: 12,
              // What the course certificate printed with it says it stands until, as the sign-off page gives it.
              restsExpireAt: new Date(
                Math.min(
                  ...chosen.map((c) =>
                    Date.parse(payloadOf(signedSkill[skillCerts.indexOf(c)] as string).expiresAt as string),
                  ),
                ),
              ).toISOString(),
              id: '00000000-0000-4000-a000-000000000000',
              certifiedAt: new Date(courseAt),
            },
            t[course.who].signer,
          );
          if (!signed.ok) throw new Error(signed.message);
          const judged = await judgeEntries(signoffs, [...signedSkill, signed.value.jws], {
            manifest,
            traineeId: TRAINEE.id,
            now: NOW,
          });
          // The rules: the signer may certify then (a course certification needs no skill
          // qualification); every skill certification it names counts and was signed before it;
          // together they cover every required skill.
          const skillCounts = (c: (typeof skillCerts)[number]) =>
            signerCounts({ ...c, step: 'show', outcome: 'signed-off' });
          const expected =
            course.who !== 'mallory' &&
            (course.who !== 'bob' || courseAt < BOB_REVOKED_AT) &&
            chosen.every((c) => skillCounts(c) && c.at <= courseAt) &&
            SKILLS.every((skill) => chosen.some((c) => c.skill === skill));
          const verdict = judged.certifications.at(-1);
          expect(verdict?.status === 'valid').toBe(expected);
          if (verdict?.status === 'invalid') expect(verdict.reason).toBeTruthy();
          // The skill certifications are judged as the model says, too.
          expect(judged.certifications.slice(0, -1).map((v) => v.status === 'valid')).toEqual(
            skillCerts.map(skillCounts),
          );
          if (expected) counted++;
          else refused++;
        },
      ),
      { numRuns: 200 },
    );
    expect(counted).toBeGreaterThan(15);
    expect(refused).toBeGreaterThan(50);
  }, 180_000);

  it('with acknowledgement required, a skill certification counts exactly when every step it rests on is acknowledged by the trainee’s own key', async () => {
    // The course counts a step only once the trainee acknowledged it (settings.yaml acknowledgement.required).
    const required = {
      ...manifest,
      course: {
        ...manifest.course,
        acknowledgement: { statement: DEFAULT_ACK_STATEMENT, earlier: [], required: true },
      },
    };
    const { tess, omar } = await twoTraineeKeys();
    const bound = { ...TRAINEE, kid: tess.key.kid };
    const at = (d: number) => new Date(Date.UTC(2026, 2, d, 10));
    const signoffs = await Promise.all(
      STEP_ORDER.map(async (step, i) => {
        const signed = await signSignoff(
          signoffInput({ id: `00000000-0000-4000-8000-00000000010${i}`, step, trainee: bound, signedAt: at(i + 2) }),
          t.alice.signer,
        );
        if (!signed.ok) throw new Error(signed.message);
        return signed.value;
      }),
    );
    const rests = await Promise.all(
      signoffs.map(async (s) => ({ id: s.payload.id, hash: await payloadHash(s.payload) })),
    );
    const cert = await signCertification(
      {
        course: required.course.id,
        trainee: TRAINEE,
        scope: 'skill',
        skill: 'active-listening',
        skillHash: SKILL_HASH,
        rests: { entries: rests, quizzes: [] },
        expiryMonths: 12,
        id: '00000000-0000-4000-9000-000000000100',
        certifiedAt: at(9),
      },
      t.alice.signer,
    );
    if (!cert.ok) throw new Error(cert.message);
    // How each step is acknowledged: not at all, by Tess, by Omar's key over an entry rewritten
    // to name his, with words the course does not use, or over an entry altered after signing.
    type How = 'none' | 'tess' | 'omar' | 'words' | 'altered';
    const ackOf = async (how: How, p: SignoffPayload): Promise<string | undefined> => {
      switch (how) {
        case 'none':
          return undefined;
        case 'tess':
          return signAck(p, DEFAULT_ACK_STATEMENT, tess.key, at(8));
        case 'omar':
          return signAck(
            { ...p, trainee: { ...p.trainee, kid: omar.key.kid } },
            DEFAULT_ACK_STATEMENT,
            omar.key,
            at(8),
          );
        case 'words':
          return signAck(p, 'I was shown the room.', tess.key, at(8));
        case 'altered':
          return signAck({ ...p, notes: `${p.notes} (and more)` }, DEFAULT_ACK_STATEMENT, tess.key, at(8));
      }
    };
    let counted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(
          ...STEP_ORDER.map(() =>
            fc.constantFrom<How>('tess', 'tess', 'tess', 'tess', 'tess', 'tess', 'none', 'omar', 'words', 'altered'),
          ),
        ),
        async (hows) => {
          const acks = await Promise.all(
            hows.map((how, i) => ackOf(how, (signoffs[i] as { payload: SignoffPayload }).payload)),
          );
          const given = acks.filter((a): a is string => a !== undefined);
          const judged = await judgeEntries(
            signoffs.map((s) => s.jws),
            [cert.value.jws],
            {
              manifest: required,
              traineeId: TRAINEE.id,
              traineeKid: tess.key.kid,
              traineeKey: tess.key.publicJwk,
              acknowledgements: given,
              now: NOW,
            },
          );
          // Every acknowledgement but Tess's own of the entry as signed is refused, with its reason.
          const expectedAcks = hows.filter((h) => h !== 'none').map((h) => h === 'tess');
          expect(judged.acknowledgements.map((a) => a.status === 'valid')).toEqual(expectedAcks);
          for (const a of judged.acknowledgements) if (a.status === 'invalid') expect(a.reason).toBeTruthy();
          // Each sign-off itself stands (the trainer's signature), acknowledged or not.
          expect(judged.signoffs.every((v) => v.status === 'valid')).toBe(true);
          const all = hows.every((h) => h === 'tess');
          expect(judged.certifications[0]?.status === 'valid').toBe(all);
          if (!all) expect(judged.certifications[0]?.reason).toBe('not-acknowledged');
          if (all) counted++;
        },
      ),
      { numRuns: 150 },
    );
    expect(counted).toBeGreaterThan(5);
  }, 180_000);

  it('a refused entry is refused for the rule it breaks', async () => {
    const at = (d: number) => Date.UTC(2026, 2, d, 10);
    const plan: Planned[] = [
      {
        id: '00000000-0000-4000-8000-000000000001',
        skill: 'de-escalation',
        step: 'show',
        outcome: 'signed-off',
        who: 'carol',
        at: at(10),
      },
      {
        id: '00000000-0000-4000-8000-000000000002',
        skill: 'active-listening',
        step: 'show',
        outcome: 'signed-off',
        who: 'bob',
        at: at(21),
      },
      {
        id: '00000000-0000-4000-8000-000000000003',
        skill: 'active-listening',
        step: 'show',
        outcome: 'signed-off',
        who: 'mallory',
        at: at(2),
      },
      {
        id: '00000000-0000-4000-8000-000000000004',
        skill: 'active-listening',
        step: 'solo',
        outcome: 'signed-off',
        who: 'alice',
        at: at(3),
      },
      {
        id: '00000000-0000-4000-8000-000000000005',
        skill: 'active-listening',
        step: 'show',
        outcome: 'signed-off',
        who: 'carol',
        at: at(26),
      },
    ];
    const jws = await signPlan(plan);
    const judged = await judgeEntries(
      plan.map((p) => jws.get(p.id) as string),
      [],
      { manifest, traineeId: TRAINEE.id, now: NOW },
    );
    expect(judged.signoffs.map((v) => v.reason)).toEqual([
      'not-qualified',
      'key-revoked',
      'unknown-key',
      'out-of-order',
      'not-qualified',
    ]);
  });
});
