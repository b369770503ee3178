/** Option order per attempt. Pure: the random source is passed in so tests can fix it. */

export type Random = () => number;

/** A new array with the items in random order (Fisher–Yates; every order equally likely). */
export function shuffled<T>(items: readonly T[], random: Random = Math.random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * Where an ordering question starts: shuffled, but never already in the right order (that
 * would hand the trainee the answer). Shuffling again until the order is wrong keeps every
 * wrong order equally likely; after a few unlucky tries (or with a broken random source) a
 * rotation by one, always a different order for distinct ids, ends the search.
 */
export function startingOrder(answer: readonly string[], random: Random = Math.random): string[] {
  const solved = (order: string[]) => order.every((id, i) => id === answer[i]);
  for (let attempt = 0; attempt < 8; attempt++) {
    const order = shuffled(answer, random);
    if (!solved(order) || answer.length < 2) return order;
  }
  return [...answer.slice(1), ...answer.slice(0, 1)];
}

/**
 * A new order for a retry: shuffled, but never the order the trainee just saw, so a
 * retry cannot be answered by position. Same unlucky-tries rule as `startingOrder`.
 */
export function reshuffled<T>(items: readonly T[], random: Random = Math.random): T[] {
  if (items.length < 2) return [...items];
  for (let attempt = 0; attempt < 8; attempt++) {
    const order = shuffled(items, random);
    if (order.some((item, i) => item !== items[i])) return order;
  }
  return [...items.slice(1), ...items.slice(0, 1)];
}
