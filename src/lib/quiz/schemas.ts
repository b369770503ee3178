/**
 * The shape of a quiz file and of each question type, as zod schemas. Build-time only: the
 * browser never imports this file (zod would dwarf the quiz script), it imports the
 * zod-free checking code in ./types through ./registry.
 *
 * Adding a question type: its schema here (and in `questionSchema`), its module in ./types,
 * one line in `questionTypes` (./registry), and its markup in src/components/quiz.
 */
import { z } from 'astro/zod';

const id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and single hyphens (kebab-case)');

/** One choice shown to the trainee. */
export const optionSchema = z.object({
  /** Kebab-case id, unique within the question; `answer` refers to options by id. */
  id,
  /** What the trainee reads. */
  text: z.string().min(1),
  /** Shown after checking when this option was chosen: why it helps or hurts. Optional except in scenarios. */
  feedback: z.string().min(1).optional(),
});

/** Fields of every question. */
const baseFields = {
  /** Kebab-case id, unique within the quiz; saved answers are keyed by it. */
  id,
  /** The question as the trainee reads it. */
  prompt: z.string().min(1),
  /** Shown after checking: why the right answer is right. */
  explanation: z.string().min(1),
};

/** Single choice: one right option. */
export const singleSchema = z.object({
  ...baseFields,
  type: z.literal('single'),
  /** The choices, at least two. */
  options: z.array(optionSchema).min(2),
  /** Id of the one right option. */
  answer: id,
});

/** Scenario: a customer message or situation, several replies, feedback on every one. */
export const scenarioSchema = z.object({
  ...baseFields,
  type: z.literal('scenario'),
  /** The customer's message or the situation, shown above the prompt. */
  situation: z.string().min(1),
  /** Possible replies, each with feedback on why it helps or hurts. */
  options: z.array(optionSchema.required({ feedback: true })).min(2),
  /** Id of the best reply. */
  answer: id,
});

/** Multiple response: every right option, and no wrong one, must be chosen. */
export const multipleSchema = z.object({
  ...baseFields,
  type: z.literal('multiple'),
  options: z.array(optionSchema).min(2),
  /** Ids of all the right options (at least one). */
  answer: z.array(id).min(1, 'list at least one correct option'),
});

/** True or false about a statement in the prompt. */
export const trueFalseSchema = z.object({
  ...baseFields,
  type: z.literal('truefalse'),
  /** Whether the statement is true. */
  answer: z.boolean(),
});

/** Ordering: put the options in the right order (done with buttons, no dragging needed). */
export const orderingSchema = z.object({
  ...baseFields,
  type: z.literal('ordering'),
  options: z.array(optionSchema).min(2),
  /** Every option id, in the right order. */
  answer: z.array(id).min(2),
});

/** Short text: any accepted alternative counts, ignoring case, spaces, punctuation and a leading "a", "an" or "the". */
export const textSchema = z.object({
  ...baseFields,
  type: z.literal('text'),
  /** Accepted answers (at least one), including the synonyms the lesson itself uses; compared without regard to case, spaces, punctuation or a leading article. */
  answer: z.array(z.string()).min(1, 'list at least one accepted answer'),
});

export const questionSchema = z.discriminatedUnion('type', [
  singleSchema,
  multipleSchema,
  trueFalseSchema,
  orderingSchema,
  textSchema,
  scenarioSchema,
]);

/** A quiz file: `src/content/quizzes/<lesson-id>.yaml`, shown at the end of that lesson. */
export const quizSchema = z.object({
  /** Percentage needed to pass this quiz. Default: the course's passMark. */
  passMark: z.number().int().min(1).max(100).optional(),
  /** Shuffle option order on each attempt. Default: true (ordering questions always start shuffled). */
  shuffle: z.boolean().default(true),
  /**
   * When a wrong answer shows the right one: "after-pass" (its feedback says why it is wrong, and
   * the right answers and explanations show once the quiz is passed, so a retry still tests) or
   * "at-once" (with every check). Default: the course's `revealAnswers`.
   */
  revealAnswers: z.enum(['after-pass', 'at-once']).optional(),
  /** The questions, in the order shown. */
  questions: z.array(questionSchema).min(1),
});

export type Option = z.infer<typeof optionSchema>;
export type Single = z.infer<typeof singleSchema>;
export type Scenario = z.infer<typeof scenarioSchema>;
export type Multiple = z.infer<typeof multipleSchema>;
export type TrueFalse = z.infer<typeof trueFalseSchema>;
export type Ordering = z.infer<typeof orderingSchema>;
export type Text = z.infer<typeof textSchema>;
export type Question = z.infer<typeof questionSchema>;
export type Quiz = z.infer<typeof quizSchema>;
