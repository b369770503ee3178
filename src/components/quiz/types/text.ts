/** Browser side of a short text answer: one text field; Enter checks it. */
import type { Text } from '../../../lib/quiz/schemas';
import { required } from '../../dom';
import type { QuestionView } from './index';

const field = (li: HTMLElement) => required<HTMLInputElement>(li, 'input');

export const textView: QuestionView<Text> = {
  wire: (li, _q, hooks) => {
    field(li).addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      hooks.check();
    });
  },
  read: (li) => {
    const value = field(li).value.trim();
    return value === '' ? undefined : value;
  },
  write: (li, _q, response) => {
    field(li).value = typeof response === 'string' ? response : '';
  },
  reset: (li) => {
    field(li).value = '';
  },
  answers: () => [],
  answerText: (q) => `Accepted answer${q.answer.length > 1 ? 's' : ''}: ${q.answer.join('; ')}.`,
  feedbackOnEvery: false,
  unanswered: 'Type an answer first.',
};
