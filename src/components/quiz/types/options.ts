/**
 * What the option-based question types share on the page: which inputs are checked, checking
 * the inputs of a response, and a new option order for a fresh try.
 */
import { reshuffled } from '../../../lib/quiz/shuffle';

/** Values of the checked inputs, in page order. */
export function checkedValues(li: HTMLElement): string[] {
  return [...li.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value);
}

/** Checks exactly the inputs whose value `response` names (one value or a list). */
export function checkInputs(li: HTMLElement, response: unknown): void {
  const chosen = new Set((Array.isArray(response) ? (response as unknown[]) : [response]).map(String));
  for (const input of li.querySelectorAll<HTMLInputElement>('input')) input.checked = chosen.has(input.value);
}

/** Puts the options of the question in a new random order, never the one just shown, when the quiz allows it. */
export function shuffleOptions(li: HTMLElement, shuffle: boolean): void {
  const list = li.querySelector('[data-options]');
  if (list && shuffle) list.append(...reshuffled([...list.children]));
}
