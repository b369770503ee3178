/** Browser side of true/false: two radio buttons, read as a boolean; never shuffled. */
import type { TrueFalse } from '../../../lib/quiz/schemas';
import type { QuestionView } from './index';
import { checkInputs, checkedValues } from './options';

export const truefalseView: QuestionView<TrueFalse> = {
  read: (li) => {
    const [value] = checkedValues(li);
    return value === undefined ? undefined : value === 'true';
  },
  write: checkInputs,
  reset: (li) => checkInputs(li, undefined),
  // The verdict says it in words; the True/False options are not marked as the answer.
  answers: () => [],
  answerText: (q) => `The statement is ${q.answer ? 'true' : 'false'}.`,
  feedbackOnEvery: false,
  unanswered: 'Choose an answer first.',
};
