/** Short text: any accepted alternative counts, ignoring case and spaces. */
import type { QuestionType } from '../registry';
import type { Text } from '../schemas';

/** "  Active  Listening " and "activelistening" compare equal. */
export function normaliseText(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

export const text: QuestionType<Text> = {
  problems: (q) => (q.answer.some((a) => normaliseText(a) === '') ? ['an accepted answer is empty'] : []),
  isCorrect: (q, response) =>
    typeof response === 'string' && q.answer.some((a) => normaliseText(a) === normaliseText(response)),
};
