/**
 * The cohort desk at a glance: per skill, how many trainees stand at each stage, how
 * long each step takes (median days from its first session to its sign-off) with the practice
 * sessions behind it, and how many certifications run out in the next 90 days. Pure: it reads
 * the desk's summaries (./model.ts), which come from verified records only. Linear in trainees.
 */
import { STEPS, type Step } from '../content/steps';
import { certificationState, type CohortSkill, type CohortTrainee } from './model';

/** Where a trainee stands in a skill: not started, at a step, all four signed (ready), or certified. */
export type Stage = 'not-started' | Step | 'ready' | 'certified';
export const STAGES: readonly Stage[] = ['not-started', ...STEPS, 'ready', 'certified'];

/** Days ahead in which a running-out certification is counted. */
export const EXPIRY_WINDOW_DAYS = 90;
const DAY = 24 * 60 * 60 * 1000;

export interface StepPace {
  step: Step;
  /** Trainees with this step signed off (and a first-session day to measure from). */
  signedOff: number;
  /** Median days from the step's first session to its sign-off; undefined when none. */
  medianDays?: number;
  /** Median practice sessions logged before the sign-off. */
  medianSessions?: number;
}

export interface SkillGlance {
  skill: string;
  /** Trainees per stage, every stage present (0 when none). */
  stages: Record<Stage, number>;
  pace: StepPace[];
  /** Standing certifications that expire within the next 90 days. */
  expiringSoon: number;
}

/**
 * The stage of one trainee in one skill. A standing certification (due or not) is 'certified'; an
 * expired one counts where the steps stand. Otherwise the first step not signed off, unless it
 * is Show with no session yet ('not-started'); all four signed is 'ready' for certification.
 */
export function stageOf(skill: CohortSkill | undefined, now: number): Stage {
  const cert = certificationState(skill, now);
  if (cert === 'certified' || cert === 'due') return 'certified';
  const steps = skill?.steps ?? [];
  const at = STEPS.findIndex((_, i) => steps[i]?.state !== 'signed-off');
  if (at === -1) return 'ready';
  const step = steps[at];
  if (at === 0 && (!step || (step.state === 'not-started' && step.sessions === 0))) return 'not-started';
  return STEPS[at] as Step;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Whole days from a YYYY-MM-DD (or ISO) day to an ISO time, never negative. */
function daysBetween(since: string, signedAt: string): number {
  const from = Date.parse(since.length === 10 ? `${since}T00:00:00Z` : since);
  const to = Date.parse(signedAt);
  return Number.isFinite(from) && Number.isFinite(to) ? Math.max(0, Math.floor((to - from) / DAY)) : 0;
}

/** The glance of every skill in `skillIds`, in that order. */
export function cohortGlance(
  trainees: readonly CohortTrainee[],
  skillIds: readonly string[],
  now: number,
): SkillGlance[] {
  const horizon = now + EXPIRY_WINDOW_DAYS * DAY;
  return skillIds.map((id) => {
    const stages = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
    const days: number[][] = STEPS.map(() => []);
    const sessions: number[][] = STEPS.map(() => []);
    let expiringSoon = 0;
    for (const t of trainees) {
      const skill = t.skills[id];
      stages[stageOf(skill, now)]++;
      const expires = Date.parse(skill?.expiresAt ?? '');
      if (certificationState(skill, now) && expires > now && expires <= horizon) expiringSoon++;
      skill?.steps.forEach((step, i) => {
        if (step.state !== 'signed-off' || !step.signedAt || !step.since) return;
        days[i]?.push(daysBetween(step.since, step.signedAt));
        sessions[i]?.push(step.sessions);
      });
    }
    const pace = STEPS.map((step, i): StepPace => {
      const d = days[i] ?? [];
      const m = median(d);
      const s = median(sessions[i] ?? []);
      return {
        step,
        signedOff: d.length,
        ...(m !== undefined && { medianDays: m }),
        ...(s !== undefined && { medianSessions: s }),
      };
    });
    return { skill: id, stages, pace, expiringSoon };
  });
}
