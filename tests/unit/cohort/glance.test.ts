/** The cohort desk at a glance, per skill: stages, pace of each step, running-out certifications. */
import { describe, expect, it } from 'vitest';
import { cohortGlance, median, stageOf } from '../../../src/lib/cohort/glance';
import type { CohortSkill, CohortStep, CohortTrainee } from '../../../src/lib/cohort/model';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const none: CohortStep = { state: 'not-started', sessions: 0 };
const signed = (since: string, signedAt: string, sessions = 0): CohortStep => ({
  state: 'signed-off',
  sessions,
  since,
  signedAt,
});
const practising: CohortStep = { state: 'practising', sessions: 2, since: '2026-05-20' };

function skill(steps: CohortStep[], cert?: { certifiedAt: string; expiresAt?: string }): CohortSkill {
  return { steps: [...steps, none, none, none, none].slice(0, 4), ...cert };
}
function trainee(id: string, s: CohortSkill): CohortTrainee {
  return { id, name: id, exportedAt: '2026-05-30', demo: false, skills: { listen: s }, entries: 0 };
}

const show = signed('2026-05-01', '2026-05-04T10:00:00Z', 1);
const copilot = signed('2026-05-05', '2026-05-06T10:00:00Z', 0);
const all4 = [
  show,
  copilot,
  signed('2026-05-07', '2026-05-17T10:00:00Z', 3),
  signed('2026-05-18', '2026-05-19T10:00:00Z'),
];

describe('where a trainee stands in a skill', () => {
  it('is not started, the first step not signed off, ready when all four are, or certified', () => {
    expect(stageOf(undefined, NOW)).toBe('not-started');
    expect(stageOf(skill([]), NOW)).toBe('not-started');
    expect(stageOf(skill([{ ...none, state: 'practising', sessions: 1 }]), NOW)).toBe('show');
    expect(stageOf(skill([show, practising]), NOW)).toBe('copilot');
    expect(stageOf(skill(all4), NOW)).toBe('ready');
    expect(stageOf(skill(all4, { certifiedAt: '2026-05-20T10:00:00Z', expiresAt: '2027-05-20T10:00:00Z' }), NOW)).toBe(
      'certified',
    );
  });

  it('counts an expired certification where the steps stand, not as certified', () => {
    const expired = skill(all4, { certifiedAt: '2025-05-20T10:00:00Z', expiresAt: '2026-05-20T10:00:00Z' });
    expect(stageOf(expired, NOW)).toBe('ready');
  });
});

describe('the cohort at a glance', () => {
  const cohort = [
    trainee('a', skill([])),
    trainee('b', skill([show, practising])),
    trainee('c', skill([show, copilot])),
    trainee('d', skill(all4, { certifiedAt: '2026-05-20T10:00:00Z', expiresAt: '2026-07-15T10:00:00Z' })),
    trainee('e', skill(all4, { certifiedAt: '2026-05-20T10:00:00Z', expiresAt: '2027-05-20T10:00:00Z' })),
    trainee('f', skill(all4, { certifiedAt: '2025-05-20T10:00:00Z', expiresAt: '2026-05-25T10:00:00Z' })),
  ];
  const [glance] = cohortGlance(cohort, ['listen'], NOW);

  it('counts every trainee once, at one stage', () => {
    expect(glance?.stages).toEqual({
      'not-started': 1,
      show: 0,
      copilot: 1,
      solo: 1,
      teachback: 0,
      ready: 1,
      certified: 2,
    });
  });

  it('gives the median days each step took and the practice sessions behind it', () => {
    const show = glance?.pace[0];
    expect(show).toEqual({ step: 'show', signedOff: 5, medianDays: 3, medianSessions: 1 });
    expect(glance?.pace[2]).toEqual({ step: 'solo', signedOff: 3, medianDays: 10, medianSessions: 3 });
  });

  it('counts standing certifications that run out within 90 days, not expired or later ones', () => {
    expect(glance?.expiringSoon).toBe(1);
  });

  it('takes the middle of an even count as the mean of the two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });
});
