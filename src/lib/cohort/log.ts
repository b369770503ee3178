/**
 * The trainer's own log of every entry they signed: append-only and hash-chained, so a
 * record removed, altered or re-ordered later breaks the chain at that point. Each record holds
 * the hash of the one before it (the first holds GENESIS); its own hash covers all its fields.
 * Exportable for an audit as it is, and checked against a trainee's bundle to show an entry the
 * trainer signed that the bundle lacks. Pure: the store keeps the records.
 *
 * The chain proves the log was not edited after the fact by someone who cannot recompute it; the
 * trainer, who holds the log, could rebuild it whole. What binds the trainer is the signed
 * entries themselves.
 */
import { contentHash } from '../hash';
import { fail, ok, type Failure, type Ok } from '../result';

export const GENESIS = 'genesis';

export interface LogRecord {
  /** Position in the log, from 0. */
  seq: number;
  /** When it was logged (ISO date-time). */
  at: string;
  /** The signed entry's id, its trainee, and the entry itself (compact JWS). */
  entryId: string;
  traineeId: string;
  jws: string;
  /** Hash of the record before (GENESIS for the first). */
  prev: string;
  /** Hash of this record's other fields. */
  hash: string;
}

type Unhashed = Omit<LogRecord, 'hash'>;

const hashOf = (r: Unhashed) =>
  contentHash({ seq: r.seq, at: r.at, entryId: r.entryId, traineeId: r.traineeId, jws: r.jws, prev: r.prev });

/** The record to append after `log` for an entry just signed. */
export async function nextRecord(
  log: readonly LogRecord[],
  entry: { id: string; traineeId: string; jws: string },
  at: Date,
): Promise<LogRecord> {
  const last = log.at(-1);
  const record: Unhashed = {
    seq: log.length,
    at: at.toISOString(),
    entryId: entry.id,
    traineeId: entry.traineeId,
    jws: entry.jws,
    prev: last ? last.hash : GENESIS,
  };
  return { ...record, hash: await hashOf(record) };
}

/** Where a chain breaks: a record removed or moved, one not following the one before, one changed after it was logged, records cut from its end. */
export type LogBreak = 'moved' | 'unlinked' | 'changed' | 'cut';

/** The chain holds, or it breaks at record `seq`. */
export type LogCheck = Ok<void> | (Failure<LogBreak> & { seq: number });

export const logBreak = (reason: LogBreak, seq: number, message: string): LogCheck => ({
  ...fail(reason, message),
  seq,
});

/**
 * Whether the chain holds; else where it first breaks. `seq` is the record's position from 0,
 * as the file's `seq` fields count; the message numbers records from 1, as people do.
 */
export async function checkLog(log: readonly LogRecord[]): Promise<LogCheck> {
  let prev = GENESIS;
  for (const [i, r] of log.entries()) {
    if (r.seq !== i) {
      return logBreak('moved', i, `Record ${i + 1} says it is record ${r.seq + 1}: one was removed or moved.`);
    }
    if (r.prev !== prev) {
      return logBreak(
        'unlinked',
        i,
        `Record ${i + 1} does not follow the one before it: a record was removed or changed.`,
      );
    }
    if ((await hashOf(r)) !== r.hash) return logBreak('changed', i, `Record ${i + 1} was changed after it was logged.`);
    prev = r.hash;
  }
  return ok(undefined);
}

/** Entries the trainer logged for this trainee that the bundle's entries do not include. */
export function missingFromBundle(
  log: readonly LogRecord[],
  traineeId: string,
  bundleEntryIds: ReadonlySet<string>,
): LogRecord[] {
  return log.filter((r) => r.traineeId === traineeId && !bundleEntryIds.has(r.entryId));
}

/** The log as an audit file: every record, and the hash of the last (the chain's head). */
export function auditFile(log: readonly LogRecord[], trainer: { id: string; name: string }, now: Date): string {
  return JSON.stringify(
    {
      format: 'tandem-trainer-log',
      version: 1,
      trainer,
      exportedAt: now.toISOString(),
      head: log.at(-1)?.hash ?? GENESIS,
      records: log,
    },
    null,
    2,
  );
}
