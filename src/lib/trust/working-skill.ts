/**
 * Which skill a trainer is most likely working on with a trainee, so the sign-off form opens
 * on it after a progress file is imported instead of on the course's first skill.
 * Pure: it reads the verified checklist only.
 */
import type { SkillChecklist } from './record';

/**
 * The skill to open: `preferred` when it is one of the trainee's skills (a request just opened
 * for this trainee names it); else the unfinished skill with the latest signed entry; else the
 * first skill, in course order, that still has a step to sign; else the first skill.
 */
export function workingSkill(
  skills: Readonly<Record<string, SkillChecklist>>,
  order: readonly string[],
  preferred?: string,
): string | undefined {
  if (preferred !== undefined && Object.hasOwn(skills, preferred)) return preferred;
  let best: { id: string; at: string } | undefined;
  for (const id of order) {
    const state = skills[id];
    if (!state || state.steps.currentStep === null) continue;
    for (const step of Object.values(state.steps.steps)) {
      for (const entry of step.history) {
        if (!best || entry.signedAt > best.at) best = { id, at: entry.signedAt };
      }
    }
  }
  return best?.id ?? order.find((id) => skills[id]?.steps.currentStep !== null) ?? order[0];
}
