import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import { verifyBundle } from '../../../src/lib/bundle/verify';
import {
  certificationState,
  matches,
  openRequests,
  rowWindow,
  skillCellText,
  skillCells,
  summariseRecord,
  viewCohort,
  type CohortSkill,
  type CohortTrainee,
} from '../../../src/lib/cohort/model';
import { cohortBundle } from '../../fixtures/cohort';
import { type Trainers } from '../../fixtures/export';
import { trainedCourse } from '../../fixtures/setup';

const NOW = Date.parse('2027-02-01T00:00:00.000Z');
const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();

const notStarted = (): CohortSkill['steps'] => [0, 1, 2, 3].map(() => ({ state: 'not-started', sessions: 0 }));
const certifiedSkill = (expiresInDays: number): CohortSkill => ({
  steps: [0, 1, 2, 3].map(() => ({ state: 'signed-off', sessions: 0 })),
  certifiedAt: iso(NOW + expiresInDays * DAY - 365 * DAY),
  expiresAt: iso(NOW + expiresInDays * DAY),
});

function trainee(id: string, name: string, skills: Record<string, CohortSkill> = {}): CohortTrainee {
  return { id, name, exportedAt: '2027-01-01T00:00:00.000Z', demo: false, skills, entries: 0 };
}

let trainers: Trainers;
let manifest: CourseManifest;
beforeAll(async () => {
  ({ t: trainers, manifest } = await trainedCourse());
});

describe('summariseRecord', () => {
  it('keeps each step, the practice sessions and the newest certification', async () => {
    const start = new Date('2026-04-01T10:00:00.000Z');
    const certified = await cohortBundle(trainers.alice, manifest, {
      id: 'trainee-ann',
      name: 'Ann',
      signedOff: 4,
      certifiedAt: new Date('2026-04-10T10:00:00.000Z'),
      exportedAt: new Date('2026-04-11T10:00:00.000Z'),
      start,
    });
    const verdict = await verifyBundle(JSON.stringify(certified), manifest, { now: '2026-05-01T00:00:00.000Z' });
    if (!verdict.readable) throw new Error(verdict.message);
    const s = summariseRecord(verdict.record, certified.exportedAt);
    expect(s).toMatchObject({ id: 'trainee-ann', name: 'Ann', entries: 5, demo: false });
    expect(s.skills['active-listening']).toMatchObject({
      certifiedAt: '2026-04-10T10:00:00.000Z',
      expiresAt: '2027-04-10T10:00:00.000Z',
    });
    expect(Object.keys(s.skills)).toEqual(['active-listening', 'de-escalation', 'returns']);
    expect(s.skills['de-escalation']?.steps.every((st) => st.state === 'not-started')).toBe(true);

    const practising = await cohortBundle(trainers.alice, manifest, {
      id: 'trainee-bo',
      name: 'Bo',
      signedOff: 1,
      practice: 2,
      exportedAt: new Date('2026-04-11T10:00:00.000Z'),
      start,
    });
    const v2 = await verifyBundle(JSON.stringify(practising), manifest, { now: '2026-05-01T00:00:00.000Z' });
    if (!v2.readable) throw new Error(v2.message);
    const steps = summariseRecord(v2.record, practising.exportedAt).skills['active-listening']?.steps;
    expect(steps?.map((st) => st.state)).toEqual(['signed-off', 'practising', 'not-started', 'not-started']);
    expect(steps?.[1]).toMatchObject({ sessions: 2, since: '2026-04-02' });
  });
});

describe('certification state and cells', () => {
  it('is certified, due within 30 days, or overdue as time passes', () => {
    expect(certificationState(certifiedSkill(200), NOW)).toBe('certified');
    expect(certificationState(certifiedSkill(31), NOW)).toBe('certified');
    expect(certificationState(certifiedSkill(29), NOW)).toBe('due');
    expect(certificationState(certifiedSkill(0), NOW)).toBe('overdue');
    expect(certificationState(certifiedSkill(-5), NOW)).toBe('overdue');
    expect(certificationState({ steps: notStarted() }, NOW)).toBeUndefined();
    expect(certificationState({ ...certifiedSkill(200), reopenedAfterCertification: true }, NOW)).toBeUndefined();
  });

  it('shows step states when not certified, and says so in words', () => {
    const skill: CohortSkill = {
      steps: [
        { state: 'signed-off', sessions: 0 },
        { state: 'practising', sessions: 3, since: '2027-01-01' },
        { state: 'not-started', sessions: 0 },
        { state: 'not-started', sessions: 0 },
      ],
    };
    expect(skillCells(skill, NOW).map((c) => c.state)).toEqual([
      'signed-off',
      'practising',
      'not-started',
      'not-started',
    ]);
    expect(skillCellText('Active listening', skill, NOW)).toBe(
      'Active listening: Show signed off; Co-pilot practising, 3 sessions; Solo not started; Teach-back not started.',
    );
    expect(skillCellText('Active listening', certifiedSkill(10), NOW)).toMatch(
      /due for recertification within 30 days/,
    );
  });
});

describe('second signatures in cells', () => {
  const skill: CohortSkill = {
    steps: [
      { state: 'signed-off', sessions: 0, ack: 'two' },
      { state: 'signed-off', sessions: 0, ack: 'awaiting' },
      { state: 'signed-off', sessions: 0 },
      { state: 'not-started', sessions: 0 },
    ],
  };
  it('says which signed-off steps the trainee acknowledged, and which await them', () => {
    expect(skillCells(skill, NOW).map((c) => c.ack)).toEqual(['two', 'awaiting', undefined, undefined]);
    expect(skillCellText('Active listening', skill, NOW)).toBe(
      'Active listening: Show signed off, acknowledged by the trainee; Co-pilot signed off, awaiting the trainee’s acknowledgement; Solo signed off; Teach-back not started.',
    );
  });
  it('says that an unacknowledged step does not count where the course requires acknowledgement', () => {
    expect(skillCellText('Active listening', skill, NOW, true)).toContain(
      'Co-pilot signed off, awaiting the trainee’s acknowledgement (it does not count until then)',
    );
  });
  it('shows a standing certification, not the steps’ signatures', () => {
    const certified = { ...certifiedSkill(200), steps: skill.steps };
    expect(skillCells(certified, NOW).every((c) => c.state === 'certified' && c.ack === undefined)).toBe(true);
  });
});

describe('filters and sorting', () => {
  const cohort = () => [
    trainee('t-zoe', 'Zoë Zed', { 'active-listening': certifiedSkill(10) }),
    trainee('t-amy', 'Amy Able', { 'active-listening': certifiedSkill(200) }),
    trainee('t-ole', 'Ole Old', { 'active-listening': certifiedSkill(-3) }),
    trainee('t-pat', 'Pat Practice', {
      'active-listening': {
        steps: [
          { state: 'practising', sessions: 4, since: iso(NOW - 20 * DAY).slice(0, 10) },
          ...notStarted().slice(1),
        ],
      },
    }),
    trainee('t-new', 'Nia New'),
  ];

  it('searches names without regard to case or accents', () => {
    const shown = viewCohort(cohort(), { search: 'zoe' }, 'name', manifest, NOW);
    expect(shown.map((t) => t.id)).toEqual(['t-zoe']);
    expect(viewCohort(cohort(), { search: 'T-AMY' }, 'name', manifest, NOW).map((t) => t.id)).toEqual(['t-amy']);
  });

  it('finds those due within 30 days or overdue', () => {
    const shown = viewCohort(cohort(), { due: true }, 'expiry', manifest, NOW);
    expect(shown.map((t) => t.id)).toEqual(['t-ole', 't-zoe']);
  });

  it('finds the certified (a skill, or every required skill) and those practising too long', () => {
    const skill = viewCohort(cohort(), { certified: true, skill: 'active-listening' }, 'name', manifest, NOW);
    expect(skill.map((t) => t.id)).toEqual(['t-amy', 't-zoe']);
    expect(viewCohort(cohort(), { certified: true }, 'name', manifest, NOW)).toEqual([]);
    expect(viewCohort(cohort(), { practisingOverDays: 14 }, 'name', manifest, NOW).map((t) => t.id)).toEqual(['t-pat']);
    expect(viewCohort(cohort(), { practisingOverDays: 30 }, 'name', manifest, NOW)).toEqual([]);
  });

  it('sorts by name, progress and expiry, ties by name', () => {
    expect(viewCohort(cohort(), {}, 'name', manifest, NOW).map((t) => t.name)).toEqual([
      'Amy Able',
      'Nia New',
      'Ole Old',
      'Pat Practice',
      'Zoë Zed',
    ]);
    // The overdue trainee's four steps stay signed off: progress counts them.
    expect(viewCohort(cohort(), {}, 'progress', manifest, NOW).map((t) => t.id)).toEqual([
      't-amy',
      't-ole',
      't-zoe',
      't-new',
      't-pat',
    ]);
    expect(viewCohort(cohort(), {}, 'expiry', manifest, NOW).map((t) => t.id)).toEqual([
      't-ole',
      't-zoe',
      't-amy',
      't-new',
      't-pat',
    ]);
  });

  it('a filtered view is a sorted subset of the cohort, whatever the filter', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            search: fc.constantFrom('a', 'o', 'zz', ''),
            due: fc.boolean(),
            certified: fc.boolean(),
            practisingOverDays: fc.nat(60),
          },
          { requiredKeys: [] },
        ),
        fc.constantFrom('name', 'progress', 'expiry', 'updated' as const),
        (filter, sort) => {
          const all = cohort();
          const shown = viewCohort(all, filter, sort, manifest, NOW);
          expect(shown.every((t) => all.some((a) => a.id === t.id) && matches(t, filter, manifest, NOW))).toBe(true);
          expect(all.filter((t) => matches(t, filter, manifest, NOW)).length).toBe(shown.length);
          expect(new Set(shown.map((t) => t.id)).size).toBe(shown.length);
        },
      ),
    );
  });
});

describe('rowWindow', () => {
  it('renders the rows on screen and spacers that keep the full height', () => {
    expect(rowWindow(0, 400, 40, 1000, 5)).toEqual({ start: 0, end: 16, before: 0, after: 984 * 40 });
    expect(rowWindow(4000, 400, 40, 1000, 5)).toMatchObject({ start: 95, end: 116 });
    expect(rowWindow(0, 400, 40, 3, 5)).toEqual({ start: 0, end: 3, before: 0, after: 0 });
  });

  it('always covers the visible rows and keeps the total height', () => {
    fc.assert(
      fc.property(
        fc.nat(100_000),
        fc.integer({ min: 1, max: 2000 }),
        fc.nat(5000),
        fc.nat(20),
        (scroll, view, total, over) => {
          const h = 32;
          const w = rowWindow(scroll, view, h, total, over);
          expect(w.before + (w.end - w.start) * h + w.after).toBe(total * h);
          const firstVisible = Math.floor(scroll / h);
          const lastVisible = Math.min(total, Math.ceil((scroll + view) / h));
          if (firstVisible < total) {
            expect(w.start).toBeLessThanOrEqual(firstVisible);
            expect(w.end).toBeGreaterThanOrEqual(lastVisible);
          }
        },
      ),
    );
  });
});

describe('sign-off requests ("asked for sign-off")', () => {
  const showDone: CohortSkill = {
    steps: [{ state: 'signed-off', sessions: 0 }, ...notStarted().slice(1)],
  };
  const request = (traineeId: string, step: string, skill = 'active-listening') => ({
    traineeId,
    name: traineeId,
    skill,
    step,
    at: '2027-01-15T10:00:00.000Z',
  });

  it('a request stays open until its step is signed off or the skill certified', () => {
    const trainees = new Map([
      ['ann', trainee('ann', 'Ann', { 'active-listening': showDone })],
      ['cat', trainee('cat', 'Cat', { 'active-listening': certifiedSkill(200) })],
    ]);
    const open = openRequests(
      [request('ann', 'show'), request('ann', 'copilot'), request('cat', 'solo'), request('newcomer', 'show')],
      trainees,
    );
    expect(open.map((r) => `${r.traineeId}:${r.step}`)).toEqual(['ann:copilot', 'newcomer:show']);
  });

  it('the asked filter keeps only trainees with an open request', () => {
    const ann = trainee('ann', 'Ann');
    const bob = trainee('bob', 'Bob');
    const askedIds = new Set(['ann']);
    expect(matches(ann, { asked: true, askedIds }, manifest, NOW)).toBe(true);
    expect(matches(bob, { asked: true, askedIds }, manifest, NOW)).toBe(false);
    expect(matches(bob, { asked: false, askedIds }, manifest, NOW)).toBe(true);
  });
});
