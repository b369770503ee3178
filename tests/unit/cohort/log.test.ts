import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GENESIS,
  auditFile,
  checkLog,
  missingFromBundle,
  nextRecord,
  type LogRecord,
} from '../../../src/lib/cohort/log';

async function logOf(n: number): Promise<LogRecord[]> {
  const log: LogRecord[] = [];
  for (let i = 0; i < n; i++) {
    log.push(
      await nextRecord(
        log,
        { id: `entry-${i}`, traineeId: `t-${i % 3}`, jws: `h.p${i}.s` },
        new Date(Date.UTC(2026, 0, 1 + i)),
      ),
    );
  }
  return log;
}

describe("the trainer's log", () => {
  it('chains each record to the one before', async () => {
    const log = await logOf(4);
    expect(log[0]?.prev).toBe(GENESIS);
    expect(log[2]?.prev).toBe(log[1]?.hash);
    expect(await checkLog(log)).toEqual({ ok: true });
    expect(JSON.parse(auditFile(log, { id: 'alice', name: 'Alice' }, new Date(0))).head).toBe(log[3]?.hash);
  });

  it('detects any record removed, altered or moved', async () => {
    const log = await logOf(6);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 5 }), fc.constantFrom('remove', 'alter', 'swap'), async (i, how) => {
        const copy = structuredClone(log);
        if (how === 'remove') copy.splice(i, 1);
        else if (how === 'alter') (copy[i] as LogRecord).traineeId = 'someone-else';
        else {
          const j = (i + 1) % copy.length;
          [copy[i], copy[j]] = [copy[j] as LogRecord, copy[i] as LogRecord];
        }
        if (how === 'remove' && i === 5) {
          // Dropping the newest record leaves a valid shorter chain: the audit file's head shows it.
          expect(await checkLog(copy)).toEqual({ ok: true });
          return;
        }
        expect((await checkLog(copy)).ok).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it("shows entries the trainer signed that a trainee's bundle lacks", async () => {
    const log = await logOf(6);
    const missing = missingFromBundle(log, 't-1', new Set(['entry-1']));
    expect(missing.map((r) => r.entryId)).toEqual(['entry-4']);
  });
});
