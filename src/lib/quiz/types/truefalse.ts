/** True or false about a statement in the prompt. */
import { z } from 'astro/zod';
import { baseFields } from '../common';
import type { QuestionType } from '../registry';

export const trueFalseSchema = z.object({
  ...baseFields,
  type: z.literal('truefalse'),
  /** Whether the statement is true. */
  answer: z.boolean(),
});
type TrueFalse = z.infer<typeof trueFalseSchema>;

export const truefalse: QuestionType<TrueFalse> = {
  schema: trueFalseSchema,
  problems: () => [],
  isCorrect: (q, response) => response === q.answer,
};
