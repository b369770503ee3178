/** Pieces every question type shares: the fields all questions have, and option lists. */
import { z } from 'astro/zod';

export const id = z
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
export type Option = z.infer<typeof optionSchema>;

/** Fields of every question. */
export const baseFields = {
  /** Kebab-case id, unique within the quiz; saved answers are keyed by it. */
  id,
  /** The question as the trainee reads it. */
  prompt: z.string().min(1),
  /** Shown after checking: why the right answer is right. */
  explanation: z.string().min(1),
};

/** Problems with the option list of a question: duplicate ids and answers naming no option. */
export function optionProblems(options: Option[], answerIds: string[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const o of options) {
    if (seen.has(o.id)) problems.push(`option id "${o.id}" is used twice`);
    seen.add(o.id);
  }
  for (const a of answerIds) {
    if (!seen.has(a)) problems.push(`answer "${a}" is not among the options (${[...seen].join(', ')})`);
  }
  return problems;
}
