/**
 * Bundles hold thousands of entries, so the record they are verified into keeps an index of the
 * accepted entries (`acceptedEntries`) instead of replaying each skill's history for every new
 * entry. It must give exactly the verdicts of the full replay (`checkStepOrder`), in order or not.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { acceptedEntries, checkStepOrder } from '../../../src/lib/trust/ledger';
import type { Outcome, SignoffPayload } from '../../../src/lib/trust/entry';
import { STEP_ORDER } from '../../../src/lib/trust/steps';
import { entry } from '../../fixtures/trust';

const candidate = fc.record({
  step: fc.constantFrom(...STEP_ORDER, 'show', 'copilot'),
  outcome: fc.constantFrom<Outcome>('signed-off', 'signed-off', 'practice', 're-opened'),
  /** Mostly signed after the entries before it; sometimes hours or days earlier (a late arrival). */
  back: fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 60 })),
  skill: fc.constantFrom('active-listening', 'de-escalation'),
  /** Now and then the id of an entry made earlier in the run. */
  reuse: fc.option(fc.nat(), { freq: 8 }),
});

describe('the accepted-entries index', () => {
  it('accepts and refuses exactly what a full replay does, entry after entry', () => {
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 40 }), (plan) => {
        const index = acceptedEntries();
        const list: SignoffPayload[] = [];
        const made: SignoffPayload[] = [];
        for (const [i, c] of plan.entries()) {
          const p = entry(c.step, c.outcome, 1, {
            skill: c.skill,
            signedAt: new Date(Date.UTC(2026, 2, 1, 2 * i - c.back)).toISOString(),
            ...(c.reuse !== null && made.length > 0 && { id: (made[c.reuse % made.length] as SignoffPayload).id }),
          });
          made.push(p);
          const fast = index.checkOrder(p);
          const full = checkStepOrder(list, p);
          expect(fast).toEqual(full);
          if (full.ok) {
            index.add(p);
            list.push(p);
          }
        }
        expect(index.all).toEqual(list);
      }),
      { numRuns: 400 },
    );
  });

  it('starts from a list of accepted entries', () => {
    const show = entry('show', 'signed-off', 2);
    const index = acceptedEntries([show]);
    expect(index.get(show.id)).toBe(show);
    expect(index.checkOrder(entry('copilot', 'signed-off', 3)).ok).toBe(true);
    expect(index.checkOrder(entry('solo', 'signed-off', 3))).toMatchObject({ ok: false, reason: 'out-of-order' });
  });
});
