/** Checks every option-based question type shares. Zod-free: the browser loads this. */
import type { Option } from './schemas';

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
