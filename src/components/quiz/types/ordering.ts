/**
 * Browser side of ordering: the options are a list the trainee reorders with Up and Down
 * buttons (no dragging needed); the response is the option ids in page order. A fresh try
 * starts in an order that is never already right.
 */
import type { Ordering } from '../../../lib/quiz/schemas';
import { startingOrder } from '../../../lib/quiz/shuffle';
import { required } from '../../dom';
import type { QuestionView, QuizHooks } from './index';

const list = (li: HTMLElement) => required(li, '[data-options]');

/** Swaps the item with its neighbour, keeps focus on the pressed button, and says where it is now. */
function move(button: HTMLButtonElement, hooks: QuizHooks): void {
  const item = button.closest('li');
  const parent = item?.parentElement;
  if (!item || !parent) return;
  const up = button.dataset.move === '-1';
  const sibling = up ? item.previousElementSibling : item.nextElementSibling;
  const items = () => [...parent.children];
  const text = item.querySelector('.ordering__text')?.textContent;
  if (sibling) {
    if (up) sibling.before(item);
    else sibling.after(item);
    button.focus();
  }
  hooks.announce(
    `${text}: position ${items().indexOf(item) + 1} of ${items().length}${sibling ? '' : ' (already there)'}`,
  );
}

function write(li: HTMLElement, _q: Ordering, response: unknown): void {
  if (!Array.isArray(response)) return;
  const options = list(li);
  for (const id of response as unknown[]) {
    const item = options.querySelector(`[data-option="${String(id)}"]`);
    if (item) options.append(item);
  }
}

export const orderingView: QuestionView<Ordering> = {
  wire: (li, _q, hooks) => {
    list(li).addEventListener('click', (e) => {
      const button = (e.target as Element).closest<HTMLButtonElement>('button[data-move]');
      if (button) move(button, hooks);
    });
  },
  read: (li) => [...li.querySelectorAll<HTMLElement>('[data-option]')].map((o) => o.dataset.option ?? ''),
  write,
  reset: (li, q) => write(li, q, startingOrder(q.answer)),
  // The verdict lists the right order; the items are not marked.
  answers: () => [],
  answerText: (q) => {
    const text = (id: string) => q.options.find((o) => o.id === id)?.text ?? id;
    return `The right order: ${q.answer.map((id, i) => `${i + 1}. ${text(id)}`).join(' ')}`;
  },
  feedbackOnEvery: false,
  unanswered: 'Choose an answer first.',
};
