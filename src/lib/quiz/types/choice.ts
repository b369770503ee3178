/** Single choice (one right option) and scenario (a situation, one best reply, feedback on every option). */
import { optionProblems } from '../common';
import type { QuestionType } from '../registry';
import type { Scenario, Single } from '../schemas';

const oneOf = {
  problems: (q: Single | Scenario) => optionProblems(q.options, [q.answer]),
  isCorrect: (q: Single | Scenario, response: unknown) => response === q.answer,
};

export const single: QuestionType<Single> = oneOf;
export const scenario: QuestionType<Scenario> = oneOf;
