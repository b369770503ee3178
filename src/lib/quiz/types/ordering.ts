/** Ordering: put the options in the right order (done with buttons, no dragging needed). */
import { optionProblems } from '../common';
import type { QuestionType } from '../registry';
import type { Ordering } from '../schemas';

export const ordering: QuestionType<Ordering> = {
  problems: (q) => {
    const problems = optionProblems(q.options, q.answer);
    const listed = new Set(q.answer);
    const missing = q.options.filter((o) => !listed.has(o.id)).map((o) => o.id);
    if (missing.length) problems.push(`answer must list every option once; missing: ${missing.join(', ')}`);
    if (listed.size !== q.answer.length) problems.push('answer lists the same option twice');
    return problems;
  },
  isCorrect: (q, response) =>
    Array.isArray(response) && response.length === q.answer.length && q.answer.every((a, i) => response[i] === a),
};
