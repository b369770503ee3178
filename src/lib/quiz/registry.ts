/**
 * The question types. Each is one module implementing `QuestionType`; adding a type is one
 * file in ./types, plus its entry in `questionTypes` and its schema in `questionSchema`.
 */
import { z } from 'astro/zod';
import { scenario, scenarioSchema, single, singleSchema } from './types/choice';
import { multiple, multipleSchema } from './types/multiple';
import { trueFalseSchema, truefalse } from './types/truefalse';
import { ordering, orderingSchema } from './types/ordering';
import { text, textSchema } from './types/text';

export interface QuestionType<Q> {
  /** Shape of the question in the quiz file. */
  schema: z.ZodType<Q>;
  /** Mistakes zod cannot see alone, e.g. an answer naming no option. Empty when fine. */
  problems(question: Q): string[];
  /** Whether a trainee's response is right. Never throws, whatever the response. */
  isCorrect(question: Q, response: unknown): boolean;
}

export const questionTypes = { single, multiple, truefalse, ordering, text, scenario } as const;
export type QuestionTypeName = keyof typeof questionTypes;

export const questionSchema = z.discriminatedUnion('type', [
  singleSchema,
  multipleSchema,
  trueFalseSchema,
  orderingSchema,
  textSchema,
  scenarioSchema,
]);
export type Question = z.infer<typeof questionSchema>;

/** A quiz file: `src/content/quizzes/<lesson-id>.yaml`. */
export const quizSchema = z.object({
  /** Percentage needed to pass this quiz. Default: the course's passMark. */
  passMark: z.number().int().min(1).max(100).optional(),
  /** Shuffle option order on each attempt. Default: true (ordering questions always start shuffled). */
  shuffle: z.boolean().default(true),
  /** The questions, in the order shown. */
  questions: z.array(questionSchema).min(1),
});
export type Quiz = z.infer<typeof quizSchema>;

function typeOf(q: Question): QuestionType<Question> {
  return questionTypes[q.type] as QuestionType<Question>;
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

export function isCorrect(question: Question, response: unknown): boolean {
  return typeOf(question).isCorrect(question, response);
}
