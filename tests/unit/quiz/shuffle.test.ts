import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shuffled, startingOrder, type Random } from '../../../src/lib/quiz/shuffle';

/** Mulberry32: a small seeded generator, so the counting tests give the same result every run. */
function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The largest number below 1: the highest a random source may return. */
const ALMOST_ONE = 1 - Number.EPSILON / 2;

/** A random source replaying `values` in a loop: any sequence fast-check can think of. */
const replaying = (values: number[]): Random => {
  let i = 0;
  return () => values[i++ % values.length]!;
};
const randomSource = fc
  .array(fc.oneof(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.constant(ALMOST_ONE)), {
    minLength: 1,
    maxLength: 20,
  })
  .map(replaying);

const sorted = <T>(xs: readonly T[]) => [...xs].sort();

describe('shuffled', () => {
  it('property: gives the same items (a permutation) and leaves the input alone', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 30 }), randomSource, (items, random) => {
        const before = [...items];
        const out = shuffled(Object.freeze(items), random);
        expect(out).not.toBe(items);
        expect(items).toEqual(before);
        expect(sorted(out)).toEqual(sorted(items));
      }),
    );
  });

  it('every order of three options turns up, about equally often', () => {
    const random = seeded(20250601);
    const counts = new Map<string, number>();
    const runs = 6000;
    for (let i = 0; i < runs; i++) {
      const order = shuffled(['a', 'b', 'c'], random).join('');
      counts.set(order, (counts.get(order) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['abc', 'acb', 'bac', 'bca', 'cab', 'cba']);
    // 1000 expected each; ±15% is over five standard deviations.
    for (const n of counts.values()) expect(Math.abs(n - runs / 6)).toBeLessThan(150);
  });
});

describe('starting order of an ordering question', () => {
  it('property: never the answer when there are at least two distinct ids, whatever the random source', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('greet', 'listen', 'own', 'solve', 'follow-up'), { minLength: 2, maxLength: 8 }),
        randomSource,
        (answer, random) => {
          fc.pre(new Set(answer).size >= 2);
          const order = startingOrder(answer, random);
          expect(order).not.toEqual(answer);
          expect(sorted(order)).toEqual(sorted(answer));
        },
      ),
    );
  });

  it('never the answer with a source that always returns 0, or always the highest value below 1', () => {
    for (const answer of [
      ['a', 'b'],
      ['a', 'b', 'c'],
      ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
    ]) {
      for (const value of [0, ALMOST_ONE]) {
        const order = startingOrder(answer, () => value);
        expect(order).not.toEqual(answer);
        expect(sorted(order)).toEqual(answer);
      }
    }
  });

  it('two items always start swapped', () => {
    const random = seeded(7);
    for (let i = 0; i < 50; i++) expect(startingOrder(['first', 'second'], random)).toEqual(['second', 'first']);
  });

  it('with three items, every order but the answer turns up', () => {
    const random = seeded(42);
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) seen.add(startingOrder(['a', 'b', 'c'], random).join(''));
    expect([...seen].sort()).toEqual(['acb', 'bac', 'bca', 'cab', 'cba']);
  });

  it('does not change the answer it is given', () => {
    const answer = Object.freeze(['a', 'b', 'c']);
    startingOrder(answer, () => 0.5);
    expect(answer).toEqual(['a', 'b', 'c']);
  });
});
