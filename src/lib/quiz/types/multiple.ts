/** Multiple response: every right option, and no wrong one, must be chosen. */
import { optionProblems } from '../common';
import type { QuestionType } from '../registry';
import type { Multiple } from '../schemas';

export const multiple: QuestionType<Multiple> = {
  problems: (q) => {
    const problems = optionProblems(q.options, q.answer);
    if (new Set(q.answer).size !== q.answer.length) problems.push('answer lists the same option twice');
    return problems;
  },
  isCorrect: (q, response) => {
    if (!Array.isArray(response)) return false;
    const chosen = new Set(response);
    return chosen.size === response.length && chosen.size === q.answer.length && q.answer.every((a) => chosen.has(a));
  },
};
