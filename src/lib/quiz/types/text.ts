/** Short text: any accepted alternative counts, ignoring case, spaces, punctuation and a leading article. */
import type { QuestionType } from '../registry';
import type { Text } from '../schemas';

/**
 * "  Active  Listening. " and "active listening" compare equal, and so do "Here's what I can
 * do" and "heres what i can do!", and "a day" and "day": a trainee who knows the answer should
 * not fail on a full stop, an apostrophe or an article. Synonyms are the quiz author's job (list
 * them in `answer`); this only removes what never changes the meaning.
 */
export function normaliseText(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^(?:a|an|the) (?=\S)/u, '')
    .replace(/\s+/g, '');
}

export const text: QuestionType<Text> = {
  problems: (q) => (q.answer.some((a) => normaliseText(a) === '') ? ['an accepted answer is empty'] : []),
  isCorrect: (q, response) =>
    typeof response === 'string' && q.answer.some((a) => normaliseText(a) === normaliseText(response)),
};
