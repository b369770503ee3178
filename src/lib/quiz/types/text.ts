/** Short text: any accepted alternative counts, ignoring case and spaces. */
import { z } from 'astro/zod';
import { baseFields } from '../common';
import type { QuestionType } from '../registry';

export const textSchema = z.object({
  ...baseFields,
  type: z.literal('text'),
  /** Accepted answers (at least one); compared without regard to case or spaces. */
  answer: z.array(z.string()).min(1, 'list at least one accepted answer'),
});
type Text = z.infer<typeof textSchema>;

/** "  Active  Listening " and "activelistening" compare equal. */
export function normaliseText(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

export const text: QuestionType<Text> = {
  schema: textSchema,
  problems: (q) => (q.answer.some((a) => normaliseText(a) === '') ? ['an accepted answer is empty'] : []),
  isCorrect: (q, response) =>
    typeof response === 'string' && q.answer.some((a) => normaliseText(a) === normaliseText(response)),
};
