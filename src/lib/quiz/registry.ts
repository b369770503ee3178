/**
 * The question types: one module per type in ./types implementing `QuestionType`, and one
 * map from type name to module. Zod-free, so the quiz in the browser checks answers with
 * exactly the code the unit tests check. Schemas live in ./schemas (build time only).
 */
import { scenario, single } from './types/choice';
import { multiple } from './types/multiple';
import { truefalse } from './types/truefalse';
import { ordering } from './types/ordering';
import { text } from './types/text';
import type { Question, Quiz } from './schemas';

export type { Question, Quiz } from './schemas';

export interface QuestionType<Q> {
  /** Mistakes a schema cannot see alone, e.g. an answer naming no option. Empty when fine. */
  problems(question: Q): string[];
  /** Whether a trainee's response is right. Never throws, whatever the response. */
  isCorrect(question: Q, response: unknown): boolean;
}

export const questionTypes = { single, multiple, truefalse, ordering, text, scenario } as const;
export type QuestionTypeName = keyof typeof questionTypes;

function typeOf(q: Question): QuestionType<Question> {
  return questionTypes[q.type];
}

/** Problems in a whole quiz, each naming the question it is about. */
export function quizProblems(quiz: Quiz): { question: string; index: number; message: string }[] {
  const out: { question: string; index: number; message: string }[] = [];
  const seen = new Set<string>();
  quiz.questions.forEach((q, index) => {
    if (seen.has(q.id)) out.push({ question: q.id, index, message: `question id "${q.id}" is used twice` });
    seen.add(q.id);
    for (const message of typeOf(q).problems(q)) out.push({ question: q.id, index, message });
  });
  return out;
}

/** Whether `response` answers `question` rightly. An unknown type is never right. */
export function isCorrect(question: Question, response: unknown): boolean {
  const type = questionTypes[question.type] as QuestionType<Question> | undefined;
  return type ? type.isCorrect(question, response) : false;
}
