/** Names and meaning of the four certification steps, as every page and export shows them. */
import type { Step } from './schema';

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
