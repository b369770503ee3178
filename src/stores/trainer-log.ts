/**
 * The trainer's signing log on this device: every entry signed here, append-only and
 * hash-chained (src/lib/cohort/log.ts), in its own IndexedDB database so it never shares a
 * schema upgrade with the key or the cohort.
 */
import type { DBSchema } from 'idb';
import { attempt, database, type StorageResult } from './idb';
import { auditFile, checkLog, missingFromBundle, nextRecord, type LogCheck, type LogRecord } from '../lib/cohort/log';

interface LogDB extends DBSchema {
  records: { key: number; value: LogRecord };
}

const logDb = database<LogDB>('tandem-trainer-log', (at) =>
  at(1, (d) => {
    d.createObjectStore('records', { keyPath: 'seq' });
  }),
);

const WORDS = { storage: 'the signing log', thing: 'a signing log', saved: 'the log record' };

/**
 * Appends an entry just signed. Read and write happen in one transaction, so two tabs signing
 * at once cannot both take the same place in the chain. A failure means nothing was written
 * (the entry itself is signed and handed over regardless; the page says the log missed it).
 */
export function appendToLog(entry: { id: string; traineeId: string; jws: string }): Promise<StorageResult<void>> {
  return attempt(logDb, WORDS, async (d) => {
    const log = await d.getAll('records');
    const record = await nextRecord(log, entry, new Date());
    const tx = d.transaction('records', 'readwrite');
    // `add` fails if another tab took this seq meanwhile: then nothing is written.
    await tx.store.add(record);
    await tx.done;
  });
}

export function readLog(): Promise<StorageResult<LogRecord[]>> {
  return attempt(logDb, WORDS, (d) => d.getAll('records'));
}

/** How many records the log has and whether its chain holds, or why it could not be read. */
export async function logStatus(): Promise<StorageResult<{ records: number; check: LogCheck }>> {
  const log = await readLog();
  return log.ok ? { ok: true, value: { records: log.value.length, check: await checkLog(log.value) } } : log;
}

/** The audit file; a log that cannot be read gives a file with no records (and says nothing is missing). */
export async function auditText(trainer: { id: string; name: string }): Promise<string> {
  const log = await readLog();
  return auditFile(log.ok ? log.value : [], trainer, new Date());
}

/** Entries this trainer signed for the trainee that their record (by entry ids) lacks. */
export async function missingFor(traineeId: string, entryIds: ReadonlySet<string>): Promise<LogRecord[]> {
  const log = await readLog();
  return missingFromBundle(log.ok ? log.value : [], traineeId, entryIds);
}
