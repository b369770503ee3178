/**
 * The trainer's connection to the owner's learning record store, on this device only:
 * the key and secret the trainer entered, and the statements waiting to be sent, in IndexedDB
 * (database `tandem-lrs`, apart from the key, the cohort and the log). The credentials are never
 * put in the site, a link, a log or a message; "Remove" deletes them.
 *
 * Sending: statements go into the queue first, then out; what the LRS stored (or refused for
 * good) leaves the queue, everything else waits for the next try, so an offline training room
 * loses nothing. Receiving: the course's statements are read back and their entries imported
 * into the desk through the cohort store, verified exactly as a file would be.
 */
import type { DBSchema } from 'idb';
import { atom } from 'nanostores';
import { attempt, database, type StorageResult } from './idb';
import { bundleOf, importFiles, bundlesOf } from './cohort';
import { readLog } from './trainer-log';
import type { CourseManifest } from '../lib/course/manifest';
import type { ImportResult } from '../lib/cohort/import';
import { readBundle } from '../lib/bundle/read';
import type { Statement } from '../lib/export/xapi';
import {
  acknowledgementStatements,
  bundlesFromLrs,
  entriesFromStatements,
  statementsToSend,
  type Refusal,
} from '../lib/lrs/carry';
import {
  readStatements,
  sendStatements,
  type LrsConnection,
  type LrsCredentials,
  type LrsFailure,
} from '../lib/lrs/client';

interface LrsDB extends DBSchema {
  credentials: { key: string; value: LrsCredentials & { slot: string } };
  queue: { key: string; value: Statement };
}

const lrsDb = database<LrsDB>('tandem-lrs', (at) =>
  at(1, (d) => {
    d.createObjectStore('credentials', { keyPath: 'slot' });
    d.createObjectStore('queue', { keyPath: 'id' });
  }),
);

const WORDS = { storage: 'the LRS storage', thing: 'the LRS key and secret', saved: 'the LRS settings' };
const SLOT = 'this-device';

/** Whether this device holds a key and secret (never the values themselves). */
export const $lrsConnected = atom<boolean | undefined>(undefined);
/** How many statements wait to be sent. */
export const $lrsWaiting = atom(0);

export async function loadLrs(): Promise<StorageResult<void>> {
  const read = await attempt(lrsDb, WORDS, async (d) => ({
    credentials: await d.get('credentials', SLOT),
    waiting: await d.count('queue'),
  }));
  if (!read.ok) return read;
  $lrsConnected.set(read.value.credentials !== undefined);
  $lrsWaiting.set(read.value.waiting);
  return { ok: true, value: undefined };
}

export async function saveCredentials(credentials: LrsCredentials): Promise<StorageResult<void>> {
  const saved = await attempt(lrsDb, WORDS, (d) => d.put('credentials', { slot: SLOT, ...credentials }));
  if (saved.ok) $lrsConnected.set(true);
  return saved.ok ? { ok: true, value: undefined } : saved;
}

export async function removeCredentials(): Promise<StorageResult<void>> {
  const removed = await attempt(lrsDb, WORDS, (d) => d.delete('credentials', SLOT));
  if (removed.ok) $lrsConnected.set(false);
  return removed;
}

async function connection(endpoint: string): Promise<StorageResult<LrsConnection | undefined>> {
  const read = await attempt(lrsDb, WORDS, (d) => d.get('credentials', SLOT));
  if (!read.ok) return read;
  if (!read.value) return { ok: true, value: undefined };
  const { key, secret } = read.value;
  return {
    ok: true,
    value: {
      endpoint,
      credentials: { key, secret },
      fetch: (input, init) => fetch(input, init),
      online: () => navigator.onLine,
    },
  };
}

export type SendReport =
  | {
      ok: true;
      queued: number;
      stored: number;
      refused: { id: string; message: string }[];
      stopped?: LrsFailure;
      waiting: number;
    }
  | { ok: false; message: string };

/**
 * Queues the statements of every entry signed on this device (the signing log), every entry
 * held on the desk and every acknowledgement in the desk's records, then sends what waits. Each statement is made from its signed entry only, so
 * queueing the same entry again replaces it with the very same statement.
 */
export async function sendAll(
  endpoint: string,
  manifest: CourseManifest,
  siteUrl: string,
  now = new Date(),
): Promise<SendReport> {
  const log = await readLog();
  const desk = await bundlesOf();
  const entries: string[] = log.ok ? log.value.map((r) => r.jws) : [];
  if (desk.ok) {
    for (const text of desk.value) {
      const read = readBundle(text, manifest.course.id);
      if (read.readable) entries.push(...read.bundle.entries, ...read.bundle.certifications);
    }
  }
  const made = await statementsToSend(entries, manifest, siteUrl, now);
  // The trainees' acknowledgements in the records the desk holds: the second signatures.
  const acks = desk.ok ? await acknowledgementStatements(desk.value, manifest, siteUrl, now) : [];
  const statements = [...made.statements, ...acks];
  const queued = await attempt(lrsDb, WORDS, async (d) => {
    const tx = d.transaction('queue', 'readwrite');
    for (const s of statements) void tx.store.put(s);
    await tx.done;
  });
  if (!queued.ok) return { ok: false, message: queued.message };
  const flushed = await flush(endpoint);
  return flushed.ok ? { ...flushed, queued: statements.length } : flushed;
}

/** Sends what waits in the queue; what the LRS stored or refused for good leaves it. */
export async function flush(endpoint: string): Promise<SendReport> {
  const conn = await connection(endpoint);
  if (!conn.ok) return { ok: false, message: conn.message };
  if (!conn.value) return { ok: false, message: 'Enter the LRS key and secret first.' };
  const waiting = await attempt(lrsDb, WORDS, (d) => d.getAll('queue'));
  if (!waiting.ok) return { ok: false, message: waiting.message };
  const outcome = await sendStatements(conn.value, waiting.value);
  const done = [...outcome.stored, ...outcome.refused.map((r) => r.id)];
  const left = await attempt(lrsDb, WORDS, async (d) => {
    const tx = d.transaction('queue', 'readwrite');
    for (const id of done) void tx.store.delete(id);
    await tx.done;
    return d.count('queue');
  });
  if (left.ok) $lrsWaiting.set(left.value);
  return {
    ok: true,
    queued: 0,
    stored: outcome.stored.length,
    refused: outcome.refused,
    ...(outcome.stopped && { stopped: outcome.stopped }),
    waiting: left.ok ? left.value : waiting.value.length - done.length,
  };
}

export type ReceiveReport =
  | {
      ok: true;
      statements: number;
      pages: number;
      results: ImportResult[];
      refused: Refusal[];
      unchanged: number;
      without: number;
    }
  | { ok: false; message: string; reason?: string };

/**
 * Fills the desk from the LRS: the course's statements, their entries gathered per trainee on top
 * of the file the desk holds, each file then imported like a chosen one (verified, kept only when
 * newer). A failure changes nothing on the desk.
 */
export async function receiveAll(
  endpoint: string,
  manifest: CourseManifest,
  siteUrl: string,
  now = new Date(),
): Promise<ReceiveReport> {
  const conn = await connection(endpoint);
  if (!conn.ok) return { ok: false, message: conn.message };
  if (!conn.value) return { ok: false, message: 'Enter the LRS key and secret first.' };
  const read = await readStatements(conn.value, siteUrl);
  if (!read.ok) return { ok: false, message: read.message, reason: read.reason };
  const { carried, acks, refused, without } = entriesFromStatements(read.value.statements, siteUrl);
  const held = new Map<string, string>();
  // Straight from storage, not from $cohort: what the desk holds must be the base even before
  // the desk's list has loaded, or an LRS-only file could replace a fuller one.
  for (const id of new Set([...carried, ...acks].map((c) => c.traineeId))) {
    const text = await bundleOf(id);
    if (text.ok && text.value !== undefined) held.set(id, text.value);
  }
  const made = await bundlesFromLrs(carried, held, manifest, now, undefined, acks);
  const results = await importFiles(
    made.files.map((f) => ({ name: f.name, size: f.text.length, text: () => Promise.resolve(f.text) })),
    manifest,
    now,
  );
  return {
    ok: true,
    statements: read.value.statements.length,
    pages: read.value.pages,
    results,
    refused: [...refused, ...made.refused],
    unchanged: made.unchanged,
    without,
  };
}
