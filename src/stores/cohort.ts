/**
 * The trainer's cohort, kept in IndexedDB on the trainer's device (database
 * `tandem-cohort`, apart from the trainer's key). Two object stores: `summaries` (what the desk
 * shows, small, loaded whole) and `bundles` (each trainee's file as imported, read only for the
 * detail view and the exports), so opening the desk for a thousand trainees reads kilobytes per
 * trainee, not the whole files.
 *
 * Every file is verified before anything is stored (src/lib/cohort/import.ts); one import is one
 * transaction, so a failed write changes nothing. Storage failures come back as Results
 * (./idb.ts), like every store's.
 */
import { unwrap, type DBSchema } from 'idb';
import { atom } from 'nanostores';
import { attempt, database, type StorageResult } from './idb';
import type { CourseManifest } from '../lib/course/manifest';
import { MAX_BUNDLE_LENGTH } from '../lib/bundle/read';
import { importBundles, type ImportResult, type JudgeAll } from '../lib/cohort/import';
import type { CohortTrainee, SignoffRequestSeen } from '../lib/cohort/model';

/**
 * A trainee's summary as it is stored: its JSON text beside its id. A summary has a few hundred
 * members, and the browser clones a value member by member to store it (Chromium a second time,
 * to read its key); a thousand of them were most of the time an import took to save. Desks
 * before this stored the summary object itself: both are read.
 */
interface StoredSummary {
  id: string;
  json: string;
}

/** A stored summary, either way it was stored. */
function readSummary(stored: StoredSummary | CohortTrainee): CohortTrainee {
  return 'json' in stored ? (JSON.parse(stored.json) as CohortTrainee) : stored;
}

interface CohortDB extends DBSchema {
  summaries: { key: string; value: StoredSummary | CohortTrainee };
  bundles: { key: string; value: { id: string; text: string } };
  /** Sign-off requests this device opened, by trainee, skill and step (the newest wins). */
  requests: { key: string; value: SignoffRequestSeen & { key: string } };
}

export type CohortStatus = 'loading' | 'ready' | 'unavailable';

/** Every trainee held, in no particular order (the view sorts). */
export const $cohort = atom<CohortTrainee[]>([]);
export const $cohortStatus = atom<CohortStatus>('loading');

const cohortDb = database<CohortDB>('tandem-cohort', (at) =>
  at(2, (d, oldVersion) => {
    if (oldVersion < 1) {
      d.createObjectStore('summaries', { keyPath: 'id' });
      d.createObjectStore('bundles', { keyPath: 'id' });
    }
    // Version 2 adds the requests a trainer has opened ("asked for sign-off").
    if (oldVersion < 2) d.createObjectStore('requests', { keyPath: 'key' });
  }),
);

const WORDS = { storage: 'the cohort storage', thing: 'the cohort', saved: 'the cohort' };

/** Reads the desk's trainees into `$cohort`; without storage (private mode) `$cohortStatus` says so. */
export async function loadCohort(): Promise<StorageResult<void>> {
  const loaded = await attempt(cohortDb, WORDS, async (d) => (await d.getAll('summaries')).map(readSummary));
  if (loaded.ok) $cohort.set(loaded.value);
  $cohortStatus.set(loaded.ok ? 'ready' : 'unavailable');
  return loaded.ok ? { ok: true, value: undefined } : loaded;
}

/**
 * Verifies and stores the files; returns a result per file (refused ones with their reasons).
 * Files read in the order given; a trainee's newest file wins.
 */
export async function importFiles(
  files: readonly { name: string; size: number; text(): Promise<string> }[],
  manifest: CourseManifest,
  now = new Date(),
  /** Who judges the files (the page's worker pool); default: this thread. Nothing is kept if it rejects. */
  judgeAll?: JudgeAll,
): Promise<ImportResult[]> {
  const tooLarge: ImportResult[] = [];
  const kept: (typeof files)[number][] = [];
  for (const f of files) {
    // A bundle is text of at most MAX_BUNDLE_LENGTH characters, so at most 4 bytes each.
    if (f.size > MAX_BUNDLE_LENGTH * 4) {
      tooLarge.push({ file: f.name, status: 'refused', message: 'The file is far too large to be a progress bundle.' });
    } else {
      kept.push(f);
    }
  }
  const reading = readInOrder(kept);
  const held = new Map($cohort.get().map((t) => [t.id, t]));
  const { put, results } = await importBundles(reading, held, manifest, now, undefined, judgeAll);
  if (put.length > 0) {
    const saved = await attempt(cohortDb, WORDS, async (d) => {
      const tx = d.transaction(['summaries', 'bundles'], 'readwrite');
      // The plain IndexedDB stores, each looked up once: the wrapper's promise and listeners for
      // each of two thousand puts took a sixth of saving them. A put that fails aborts the
      // transaction, and tx.done rejects with its error: nothing is kept.
      const summaries = unwrap(tx.objectStore('summaries'));
      const bundles = unwrap(tx.objectStore('bundles'));
      try {
        for (const e of put) {
          summaries.put({ id: e.id, json: e.json ?? JSON.stringify(e.summary) });
          bundles.put({ id: e.id, text: e.text });
        }
      } catch (error) {
        // A put refused at once (the browser cannot store the value): the puts before it go too.
        tx.abort();
        await tx.done.catch(() => undefined);
        throw error;
      }
      await tx.done;
    });
    if (!saved.ok) {
      return [
        ...results.map((r) =>
          r.status === 'added' || r.status === 'replaced'
            ? { ...r, status: 'refused' as const, message: `Not saved: ${saved.message}` }
            : r,
        ),
        ...tooLarge,
      ];
    }
    const byId = new Map($cohort.get().map((t) => [t.id, t]));
    for (const e of put) byId.set(e.id, e.summary);
    $cohort.set([...byId.values()]);
  }
  return [...results, ...tooLarge];
}

/** Files read at once at most: enough to read far faster than files are judged. */
const READING_AT_ONCE = 16;

/**
 * Each file's text as a promise, read a few at a time in the order given, so the files are
 * judged as they come in. Waiting for the last of a thousand files before judging the first
 * kept the workers idle for a tenth of the import; and a thousand reads asked for at once
 * finish nearly together, the first after a quarter of a second, while a few at a time give
 * the first in a few milliseconds.
 */
function readInOrder(files: readonly { name: string; text(): Promise<string> }[]) {
  const reading = files.map((f) => {
    let take!: (text: Promise<string>) => void;
    const text = new Promise<string>((resolve) => (take = resolve));
    // Awaited by the import; a second file that cannot be read, once the first has stopped
    // it, must not be reported as an unhandled rejection.
    text.catch(() => undefined);
    return { name: f.name, text, read: () => take(f.text()) };
  });
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < reading.length) {
      const file = reading[next++] as (typeof reading)[number];
      file.read();
      await file.text.catch(() => undefined);
    }
  };
  for (let i = 0; i < Math.min(READING_AT_ONCE, reading.length); i++) void lane();
  return reading.map(({ name, text }) => ({ name, text }));
}

/** Notes a sign-off request opened on this device, for the desk's "asked for sign-off" filter. */
export function recordRequest(request: SignoffRequestSeen): Promise<StorageResult<void>> {
  const key = `${request.traineeId}|${request.skill}|${request.step}`;
  return attempt(cohortDb, WORDS, async (d) => {
    await d.put('requests', { ...request, key });
  });
}

export function allRequests(): Promise<StorageResult<SignoffRequestSeen[]>> {
  return attempt(cohortDb, WORDS, async (d) => (await d.getAll('requests')).map(({ key: _key, ...r }) => r));
}

/** The bundle text of one trainee, as imported (undefined when the desk does not hold them). */
export function bundleOf(id: string): Promise<StorageResult<string | undefined>> {
  return attempt(cohortDb, WORDS, async (d) => (await d.get('bundles', id))?.text);
}

/** Bundle texts of the trainees given (all when absent), in that order. */
export function bundlesOf(ids?: readonly string[]): Promise<StorageResult<string[]>> {
  return attempt(cohortDb, WORDS, async (d) => {
    if (!ids) return (await d.getAll('bundles')).map((b) => b.text);
    const tx = d.transaction('bundles');
    const found = await Promise.all(ids.map((id) => tx.store.get(id)));
    return found.flatMap((b) => (b ? [b.text] : []));
  });
}

export async function removeTrainee(id: string): Promise<StorageResult<void>> {
  const removed = await attempt(cohortDb, WORDS, async (d) => {
    const tx = d.transaction(['summaries', 'bundles'], 'readwrite');
    void tx.objectStore('summaries').delete(id);
    void tx.objectStore('bundles').delete(id);
    await tx.done;
  });
  if (removed.ok) $cohort.set($cohort.get().filter((t) => t.id !== id));
  return removed;
}
