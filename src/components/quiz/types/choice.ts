/**
 * Browser side of the choice types: single (radio buttons, one right option), scenario (the
 * same, with feedback on every reply) and multiple (checkboxes, every right option).
 */
import type { Multiple, Scenario, Single } from '../../../lib/quiz/schemas';
import type { QuestionView } from './index';
import { checkInputs, checkedValues, shuffleOptions } from './options';

const oneOf: QuestionView<Single | Scenario> = {
  read: (li) => checkedValues(li)[0],
  write: checkInputs,
  reset: (li, _q, shuffle) => {
    checkInputs(li, undefined);
    shuffleOptions(li, shuffle);
  },
  answers: (q) => [q.answer],
  answerText: () => '',
  feedbackOnEvery: false,
  unanswered: 'Choose an answer first.',
};

export const choiceView: QuestionView<Single> = oneOf;

/** A situation and the best reply: every reply's feedback is worth reading. */
export const scenarioView: QuestionView<Scenario> = { ...oneOf, feedbackOnEvery: true };

export const multipleView: QuestionView<Multiple> = {
  read: (li) => {
    const values = checkedValues(li);
    return values.length ? values : undefined;
  },
  write: checkInputs,
  reset: (li, _q, shuffle) => {
    checkInputs(li, []);
    shuffleOptions(li, shuffle);
  },
  answers: (q) => q.answer,
  answerText: () => '',
  feedbackOnEvery: false,
  unanswered: 'Choose an answer first.',
};
