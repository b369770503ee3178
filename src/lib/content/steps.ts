/**
 * The four certification steps: their order and what they mean, as every page and export
 * shows them. Zod-free, so browser code (the trust library) can import it.
 */

/** The four steps of the certification method, in the order they must be signed off. */
export const STEPS = ['show', 'copilot', 'solo', 'teachback'] as const;
export type Step = (typeof STEPS)[number];

export const STEP_INFO: Record<Step, { label: string; who: string; evidence: string }> = {
  show: {
    label: 'Show',
    who: 'The trainer demonstrates; the trainee watches, then says what they noticed and why.',
    evidence: 'The trainee’s learning style and their explanation.',
  },
  copilot: {
    label: 'Co-pilot',
    who: 'The trainer carries the conversation while the trainee operates the system.',
    evidence: 'Debrief notes after each session.',
  },
  solo: {
    label: 'Solo',
    who: 'The trainee carries the conversation and works the system; the trainer observes.',
    evidence: 'Debrief notes after each session.',
  },
  teachback: {
    label: 'Teach-back',
    who: 'The trainee teaches the skill to another person.',
    evidence: 'Who was taught (name and role) and notes.',
  },
};
