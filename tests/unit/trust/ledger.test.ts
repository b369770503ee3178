import { describe, expect, it } from 'vitest';
import { STEPS } from '../../../src/lib/content/schema';
import { checkNextEntry, checkStepOrder, skillSteps } from '../../../src/lib/trust/ledger';
import { STEP_ORDER } from '../../../src/lib/trust/steps';
import { OTHER_TRAINEE, entry } from '../../fixtures/trust';

const states = (steps: ReturnType<typeof skillSteps>['steps']) =>
  Object.values(steps).map((s) => `${s.step}:${s.state}:${s.sessions}`);

it('keeps its zod-free copy of the step order equal to the content schema’s', () => {
  expect(STEP_ORDER).toEqual(STEPS);
});

describe('skillSteps', () => {
  it('starts with nothing done and Show as the current step', () => {
    const result = skillSteps([]);
    expect(result.currentStep).toBe('show');
    expect(states(result.steps)).toEqual([
      'show:not-started:0',
      'copilot:not-started:0',
      'solo:not-started:0',
      'teachback:not-started:0',
    ]);
  });

  it('counts practice sessions and records who signed off, when, and since when', () => {
    const result = skillSteps([
      entry('show', 'signed-off', 1),
      entry('copilot', 'practice', 3),
      entry('copilot', 'practice', 5),
      entry('copilot', 'signed-off', 9, { trainer: { id: 'bruno-trainer', name: 'Bruno', kid: 'B'.repeat(43) } }),
      entry('solo', 'practice', 10),
    ]);
    expect(result.currentStep).toBe('solo');
    expect(states(result.steps)).toEqual([
      'show:signed-off:0',
      'copilot:signed-off:2',
      'solo:practising:1',
      'teachback:not-started:0',
    ]);
    expect(result.steps.copilot).toMatchObject({
      signedOffBy: { trainerId: 'bruno-trainer', trainerName: 'Bruno', kid: 'B'.repeat(43) },
      signedOffAt: '2026-03-09T10:00:00.000Z',
      observedAt: '2026-03-09',
      firstActivityAt: '2026-03-03',
    });
    expect(result.steps.copilot.history.map((p) => p.outcome)).toEqual(['practice', 'practice', 'signed-off']);
    expect(result.steps.solo.signedOffBy).toBeUndefined();
  });

  it('has no current step once all four are signed off', () => {
    const result = skillSteps([
      entry('show', 'signed-off', 1),
      entry('copilot', 'signed-off', 2),
      entry('solo', 'signed-off', 3),
      entry('teachback', 'signed-off', 4, { evidence: { taught: { name: 'Sam', role: 'new agent' } } }),
    ]);
    expect(result.currentStep).toBeNull();
    expect(Object.values(result.steps).every((s) => s.state === 'signed-off')).toBe(true);
  });

  it('re-opening a step re-opens every later signed-off step, and they must be signed again', () => {
    const reopen = entry('copilot', 're-opened', 6, { notes: 'Forgot the hold procedure.' });
    const result = skillSteps([
      entry('show', 'signed-off', 1),
      entry('copilot', 'signed-off', 2),
      entry('solo', 'signed-off', 3),
      entry('teachback', 'practice', 4),
      reopen,
      entry('copilot', 'practice', 7),
    ]);
    expect(result.currentStep).toBe('copilot');
    expect(states(result.steps)).toEqual([
      'show:signed-off:0',
      'copilot:re-opened:1',
      'solo:re-opened:0',
      // Teach-back was never signed off: its practice stays, it is simply not current any more.
      'teachback:practising:1',
    ]);
    expect(result.steps.solo).toMatchObject({
      reopenedAt: reopen.signedAt,
      reopenedBy: { trainerId: 'alice-trainer' },
    });
    expect(result.steps.solo.signedOffBy).toBeUndefined();
    expect(result.steps.copilot.firstActivityAt).toBe('2026-03-07');
  });

  it('orders entries by signing time, whatever order they are stored in', () => {
    const show = entry('show', 'signed-off', 1);
    const copilot = entry('copilot', 'signed-off', 2);
    expect(skillSteps([copilot, show]).currentStep).toBe('solo');
  });

  it('breaks ties in signing time by entry id, the same on every device', () => {
    const a = entry('show', 'signed-off', 1);
    const b = entry('show', 're-opened', 1);
    // Same second: a's id sorts first, so it is signed off and then re-opened.
    expect(skillSteps([b, a]).steps.show.state).toBe('re-opened');
  });

  it('counts an entry stored twice once', () => {
    const practice = entry('show', 'practice', 1);
    expect(skillSteps([practice, practice]).steps.show.sessions).toBe(1);
  });

  it('leaves entries that break the order out of the state, and lists them', () => {
    const solo = entry('solo', 'signed-off', 2);
    const result = skillSteps([entry('show', 'signed-off', 1), solo]);
    expect(result.steps.solo.state).toBe('not-started');
    expect(result.outOfOrder).toEqual([{ payload: solo, message: 'Solo cannot be signed off before Co-pilot is.' }]);
  });
});

describe('checkStepOrder', () => {
  const show = entry('show', 'signed-off', 1);

  it.each([
    ['sign off Show first', [], entry('show', 'signed-off', 2), true],
    ['practise Show first', [], entry('show', 'practice', 2), true],
    ['sign off Co-pilot first', [], entry('copilot', 'signed-off', 2), false],
    ['practise Co-pilot after Show', [show], entry('copilot', 'practice', 2), true],
    ['practise Show once signed off', [show], entry('show', 'practice', 2), false],
    ['sign off Show twice', [show], entry('show', 'signed-off', 2), false],
    ['re-open Show once signed off', [show], entry('show', 're-opened', 2), true],
    ['re-open Co-pilot that was never signed off', [show], entry('copilot', 're-opened', 2), false],
  ])('may %s: %s', (_, accepted, candidate, allowed) => {
    expect(checkStepOrder(accepted, candidate).ok).toBe(allowed);
  });

  it('explains each refusal', () => {
    expect(checkStepOrder([], entry('copilot', 'practice', 2))).toEqual({
      ok: false,
      reason: 'out-of-order',
      message: 'Practice can be logged only for the current step, Show, not Co-pilot.',
    });
    expect(checkStepOrder([show], entry('show', 'signed-off', 2))).toMatchObject({
      message: 'Show is already signed off; it must be re-opened before it is signed off again.',
    });
    expect(checkStepOrder([show], entry('copilot', 're-opened', 2))).toMatchObject({
      message: 'Co-pilot cannot be re-opened: it is not signed off.',
    });
  });

  it('refuses an entry signed before stored entries that it would put out of order', () => {
    const copilot = entry('copilot', 'signed-off', 5);
    // A re-opening of Show dated before the stored Co-pilot sign-off would strand it.
    const result = checkStepOrder([show, copilot], entry('show', 're-opened', 3));
    expect(result).toMatchObject({ ok: false, reason: 'out-of-order' });
    expect(!result.ok && result.message).toMatch(/signed before entries already stored/);
  });

  it('accepts an entry that arrives late but fits where it was signed', () => {
    const practice = entry('copilot', 'practice', 3);
    const copilot = entry('copilot', 'signed-off', 5);
    expect(checkStepOrder([show, copilot], practice).ok).toBe(true);
  });

  it('ignores entries of other trainees, skills and courses', () => {
    const others = [
      entry('show', 'signed-off', 1, { trainee: OTHER_TRAINEE }),
      entry('show', 'signed-off', 1, { skill: 'de-escalation' }),
      entry('show', 'signed-off', 1, { course: 'other-course' }),
    ];
    expect(checkStepOrder(others, entry('copilot', 'signed-off', 2)).ok).toBe(false);
    expect(checkStepOrder(others, entry('show', 'signed-off', 2)).ok).toBe(true);
  });
});

describe('checkNextEntry: the trainer’s device refuses before signing what the trainee’s would refuse', () => {
  const next = {
    course: 'demo-course',
    skill: 'active-listening',
    trainee: { id: 'trainee-tess', name: 'Tess Trainee' },
  };
  it('allows the current step and refuses a later one, with the reason', () => {
    const known = [entry('show', 'signed-off', 2)];
    expect(checkNextEntry(known, { ...next, step: 'copilot', outcome: 'signed-off' })).toEqual({
      ok: true,
      value: undefined,
    });
    const skipped = checkNextEntry(known, { ...next, step: 'solo', outcome: 'signed-off' });
    expect(skipped).toMatchObject({ ok: false, reason: 'out-of-order' });
    expect(skipped.ok === false && skipped.message).toMatch(/Solo cannot be signed off before Co-pilot/);
  });
  it('refuses practice on a step already signed off, and allows re-opening it', () => {
    const known = [entry('show', 'signed-off', 2), entry('copilot', 'signed-off', 3)];
    expect(checkNextEntry(known, { ...next, step: 'show', outcome: 'practice' })).toMatchObject({ ok: false });
    expect(checkNextEntry(known, { ...next, step: 'show', outcome: 're-opened' })).toMatchObject({ ok: true });
  });
  it('judges only entries of the same trainee and skill', () => {
    const known = [entry('show', 'signed-off', 2, { trainee: OTHER_TRAINEE })];
    expect(checkNextEntry(known, { ...next, step: 'copilot', outcome: 'signed-off' })).toMatchObject({ ok: false });
    expect(checkNextEntry(known, { ...next, step: 'show', outcome: 'signed-off' })).toMatchObject({ ok: true });
  });
});
