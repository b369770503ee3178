/** Option order per attempt. Pure: the random source is passed in so tests can fix it. */

export type Random = () => number;

/** A new array with the items in random order (Fisher–Yates; every order equally likely). */
export function shuffled<T>(items: readonly T[], random: Random = Math.random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Where an ordering question starts: shuffled, but never already in the right order (that
 * would hand the trainee the answer). With two items that means swapped.
 */
export function startingOrder(answer: readonly string[], random: Random = Math.random): string[] {
  const order = shuffled(answer, random);
  const solved = order.every((id, i) => id === answer[i]);
  // Rotating by one is always a different order when the ids are distinct.
  return solved && order.length > 1 ? [...order.slice(1), order[0]!] : order;
}
