/** Multiple response: every right option, and no wrong one, must be chosen. */
import { z } from 'astro/zod';
import { baseFields, optionProblems, optionSchema } from '../common';
import type { QuestionType } from '../registry';

export const multipleSchema = z.object({
  ...baseFields,
  type: z.literal('multiple'),
  options: z.array(optionSchema).min(2),
  /** Ids of all the right options (at least one). */
  answer: z.array(baseFields.id).min(1, 'list at least one correct option'),
});
type Multiple = z.infer<typeof multipleSchema>;

export const multiple: QuestionType<Multiple> = {
  schema: multipleSchema,
  problems: (q) => {
    const problems = optionProblems(q.options, q.answer);
    if (new Set(q.answer).size !== q.answer.length) problems.push('answer lists the same option twice');
    return problems;
  },
  isCorrect: (q, response) => {
    if (!Array.isArray(response)) return false;
    const chosen = new Set(response);
    return chosen.size === q.answer.length && q.answer.every((a) => chosen.has(a));
  },
};
