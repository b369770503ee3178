/**
 * The trainer's signing log on this device (issue 6): every entry signed here, append-only and
 * hash-chained (src/lib/cohort/log.ts), in its own IndexedDB database so it never shares a
 * schema upgrade with the key or the cohort.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { auditFile, checkLog, missingFromBundle, nextRecord, type LogCheck, type LogRecord } from '../lib/cohort/log';

interface LogDB extends DBSchema {
  records: { key: number; value: LogRecord };
}

let opening: Promise<IDBPDatabase<LogDB>> | undefined;

function db(): Promise<IDBPDatabase<LogDB>> {
  opening ??= openDB<LogDB>('tandem-trainer-log', 1, {
    upgrade(d) {
      d.createObjectStore('records', { keyPath: 'seq' });
    },
  });
  return opening;
}

/**
 * Appends an entry just signed. Read and write happen in one transaction, so two tabs signing
 * at once cannot both take the same place in the chain. Returns false when storage refused
 * (the entry itself is signed and handed over regardless; the page says the log missed it).
 */
export async function appendToLog(entry: { id: string; traineeId: string; jws: string }): Promise<boolean> {
  try {
    const d = await db();
    const log = await d.getAll('records');
    const record = await nextRecord(log, entry, new Date());
    const tx = d.transaction('records', 'readwrite');
    // `add` fails if another tab took this seq meanwhile: then nothing is written.
    await tx.store.add(record);
    await tx.done;
    return true;
  } catch {
    return false;
  }
}

export async function readLog(): Promise<LogRecord[]> {
  try {
    return await (await db()).getAll('records');
  } catch {
    return [];
  }
}

export async function logStatus(): Promise<{ records: number; check: LogCheck }> {
  const log = await readLog();
  return { records: log.length, check: await checkLog(log) };
}

export async function auditText(trainer: { id: string; name: string }): Promise<string> {
  return auditFile(await readLog(), trainer, new Date());
}

/** Entries this trainer signed for the trainee that their record (by entry ids) lacks. */
export async function missingFor(traineeId: string, entryIds: ReadonlySet<string>): Promise<LogRecord[]> {
  return missingFromBundle(await readLog(), traineeId, entryIds);
}
