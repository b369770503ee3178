/** Ordering: put the options in the right order (done with buttons, no dragging needed). */
import { z } from 'astro/zod';
import { baseFields, optionProblems, optionSchema } from '../common';
import type { QuestionType } from '../registry';

export const orderingSchema = z.object({
  ...baseFields,
  type: z.literal('ordering'),
  options: z.array(optionSchema).min(2),
  /** Every option id, in the right order. */
  answer: z.array(baseFields.id).min(2),
});
type Ordering = z.infer<typeof orderingSchema>;

export const ordering: QuestionType<Ordering> = {
  schema: orderingSchema,
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
