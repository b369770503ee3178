/** Single choice (one right option) and scenario (a situation, one best reply, feedback on every option). */
import { z } from 'astro/zod';
import { baseFields, optionProblems, optionSchema } from '../common';
import type { QuestionType } from '../registry';

export const singleSchema = z.object({
  ...baseFields,
  type: z.literal('single'),
  /** The choices, at least two. */
  options: z.array(optionSchema).min(2),
  /** Id of the one right option. */
  answer: baseFields.id,
});

export const scenarioSchema = z.object({
  ...baseFields,
  type: z.literal('scenario'),
  /** The customer's message or the situation, shown above the prompt. */
  situation: z.string().min(1),
  /** Possible replies, each with feedback on why it helps or hurts. */
  options: z.array(optionSchema.required({ feedback: true })).min(2),
  /** Id of the best reply. */
  answer: baseFields.id,
});

type Single = z.infer<typeof singleSchema>;
type Scenario = z.infer<typeof scenarioSchema>;

const oneOf = {
  problems: (q: Single | Scenario) => optionProblems(q.options, [q.answer]),
  isCorrect: (q: Single | Scenario, response: unknown) => response === q.answer,
};

export const single: QuestionType<Single> = { schema: singleSchema, ...oneOf };
export const scenario: QuestionType<Scenario> = { schema: scenarioSchema, ...oneOf };
