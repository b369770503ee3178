/** True or false about a statement in the prompt. */
import type { QuestionType } from '../registry';
import type { TrueFalse } from '../schemas';

export const truefalse: QuestionType<TrueFalse> = {
  problems: () => [],
  isCorrect: (q, response) => response === q.answer,
};
