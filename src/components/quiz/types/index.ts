/**
 * The question types' browser side: one module per type implementing `QuestionView` (how its
 * answer is read from and written to the page, what resets it, what the verdict says about the
 * right answer), and one map from type name to module. The quiz element (../quiz-element.ts)
 * only calls these, so it never asks which type a question is. Checking answers stays pure, in
 * src/lib/quiz/types (the same code the unit tests run).
 *
 * Adding a question type:
 * 1. src/lib/quiz: its schema in schemas.ts (and `questionSchema`), its pure module in
 *    types/<type>.ts (`problems`, `isCorrect`), one line in registry.ts.
 * 2. Here: its markup, types/<Type>.astro (the controls inside the question's fieldset), and its
 *    browser module, types/<type>.ts (a `QuestionView`).
 * 3. One line in `questionViews` below, and one in `questionMarkup` (../Quiz.astro).
 */
import type { Question, QuestionTypeName } from '../../../lib/quiz/registry';
import { choiceView, multipleView, scenarioView } from './choice';
import { truefalseView } from './truefalse';
import { orderingView } from './ordering';
import { textView } from './text';

/** What a question's page part can ask of the quiz element. */
export interface QuizHooks {
  /** Checks the question now (e.g. Enter in a text answer). */
  check(): void;
  /** Says something to screen readers (the quiz's live region). */
  announce(text: string): void;
}

export interface QuestionView<Q extends Question = Question> {
  /** Wires the type's own controls once, when the quiz starts (optional). */
  wire?(li: HTMLElement, q: Q, hooks: QuizHooks): void;
  /** The trainee's response on the page, or undefined when they have not answered yet. */
  read(li: HTMLElement, q: Q): unknown;
  /** Shows a response (a saved attempt's) on the page. */
  write(li: HTMLElement, q: Q, response: unknown): void;
  /** Clears the answer for a fresh try; `shuffle` allows a new option order. */
  reset(li: HTMLElement, q: Q, shuffle: boolean): void;
  /** Option ids marked as the right answer when the result is shown. */
  answers(q: Q): string[];
  /** The verdict's words about the right answer ('' when the marked options say it). */
  answerText(q: Q): string;
  /** Whether every option's feedback shows with the result, not only the chosen and right ones'. */
  feedbackOnEvery: boolean;
  /** What "Check answer" says when nothing is answered yet. */
  unanswered: string;
}

type Views = { [K in QuestionTypeName]: QuestionView<Extract<Question, { type: K }>> };

export const questionViews: Views = {
  single: choiceView,
  scenario: scenarioView,
  multiple: multipleView,
  truefalse: truefalseView,
  ordering: orderingView,
  text: textView,
};

/** The browser module of `q`'s type. */
export function viewOf(q: Question): QuestionView {
  return questionViews[q.type];
}
