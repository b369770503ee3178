/**
 * A trainee's record of sign-offs as the checklist sees it: stored entries re-verified, arriving
 * entries taken in only when valid, and the per-skill state built from what verified.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checklist, takeIncoming, verifyRecord } from '../../../src/lib/trust/record';
import { parseSignoffFile, signoffFile } from '../../../src/lib/trust/signoff-file';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import {
  COURSE,
  OTHER_TRAINEE,
  SKILL_HASHES,
  TRAINEE,
  day,
  editPayload,
  makeRoster,
  makeTrainer,
  sign,
  type TestTrainer,
} from '../../fixtures/trust';

let alice: TestTrainer;
let mallory: TestTrainer;
let manifest: CourseManifest;

const steps = {
  show: { focus: 'f', checks: ['c'] },
  copilot: { focus: 'f', checks: ['c'] },
  solo: { focus: 'f', checks: ['c'] },
  teachback: { focus: 'f', checks: ['c'] },
};

beforeAll(async () => {
  alice = await makeTrainer('alice', 'Alice Trainer');
  mallory = await makeTrainer('mallory', 'Mallory Unlisted');
  manifest = {
    format: 'tandem-course-manifest',
    version: 1,
    course: { id: COURSE, title: 'Demo', organisation: 'Org', passMark: 80, certificationExpiryMonths: 12 },
    builtAt: '2026-03-01T00:00:00.000Z',
    roster: makeRoster([{ trainer: alice }]),
    skills: Object.entries(SKILL_HASHES).map(([id, hash]) => ({
      id,
      title: id,
      required: true,
      hash,
      lessons: [],
      steps,
    })),
    quizzes: {},
    lessons: {},
  };
});

const ctx = () => ({ manifest, traineeId: TRAINEE.id });

describe('taking in sign-offs that arrive', () => {
  it('adds valid entries, oldest first even when they arrive out of order, and shows the new state', async () => {
    const show = await sign(alice, { step: 'show', signedAt: day(2) });
    const copilot = await sign(alice, { step: 'copilot', signedAt: day(3), evidence: { debrief: 'ok' } });
    const { entries, results } = await takeIncoming([], [copilot, show], ctx());
    expect(results.map((r) => r.outcome)).toEqual(['added', 'added']);
    expect(entries).toEqual([show, copilot]);
    const state = checklist(await verifyRecord(entries, ctx()), manifest)['active-listening']!;
    expect(state.steps.steps.show.state).toBe('signed-off');
    expect(state.steps.steps.copilot.state).toBe('signed-off');
    expect(state.steps.currentStep).toBe('solo');
  });

  it('is idempotent: the same entry again is reported as already here and changes nothing', async () => {
    const show = await sign(alice, { signedAt: day(2) });
    const first = await takeIncoming([], [show], ctx());
    const again = await takeIncoming(first.entries, [show], ctx());
    expect(again.results[0]!.outcome).toBe('duplicate');
    expect(again.entries).toEqual(first.entries);
  });

  it('refuses forged, foreign and out-of-order entries with a reason, keeping what is stored', async () => {
    const show = await sign(alice, { signedAt: day(2) });
    const edited = editPayload(await sign(alice, { step: 'copilot', signedAt: day(3) }), (p) => (p.notes = 'edited'));
    const unknown = await sign(mallory, { step: 'copilot', signedAt: day(3) });
    const otherTrainee = await sign(alice, { trainee: OTHER_TRAINEE, signedAt: day(3) });
    const solo = await sign(alice, { step: 'solo', signedAt: day(4), evidence: { debrief: 'd' } });
    const { entries, results } = await takeIncoming([show], [edited, unknown, otherTrainee, solo], ctx());
    expect(entries).toEqual([show]);
    expect(results.map((r) => r.reason).sort()).toEqual([
      'bad-signature',
      'out-of-order',
      'unknown-key',
      'wrong-trainee',
    ]);
    for (const r of results) expect(r.message).toMatch(/\w+/);
  });
});

describe('stored entries are verified again when shown', () => {
  it('an entry edited in storage is not counted and is reported', async () => {
    const show = await sign(alice, { signedAt: day(2) });
    const tampered = editPayload(show, (p) => (p.observedAt = '2026-01-01'));
    const record = await verifyRecord([tampered], ctx());
    expect(record.accepted).toHaveLength(0);
    expect(record.refused[0]!.reason).toBe('bad-signature');
    expect(checklist(record, manifest)['active-listening']!.steps.steps.show.state).toBe('not-started');
  });
});

describe('sign-off files', () => {
  it('round-trip, and anything else is refused with a reason', async () => {
    const show = await sign(alice, { signedAt: day(2) });
    const parsed = parseSignoffFile(JSON.stringify(signoffFile([show])));
    expect(parsed).toEqual({ ok: true, value: [show] });
    for (const bad of [
      'not json',
      '{"format":"tandem-progress"}',
      '{"format":"tandem-signoffs","version":2,"entries":[]}',
      '{"format":"tandem-signoffs","version":1,"entries":[]}',
    ]) {
      const result = parseSignoffFile(bad);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/file/);
    }
  });
});
