/**
 * How every store reaches IndexedDB, and the one way they report that it failed. The
 * trainer's key, the cohort desk and the signing log each keep their own database; all three
 * open it through `database()` and run their reads and writes through `attempt()`, which never
 * rejects: a missing, blocked, full or forbidden IndexedDB comes back as a Result with a reason
 * code and a sentence the page can show as it is.
 */
import { openDB, type DBSchema, type IDBPDatabase, type OpenDBCallbacks } from 'idb';
import { fail, ok, type Result } from '../lib/result';

/** Why storage failed: the codes every store reports. */
export type StorageReason =
  /** No IndexedDB at all, or the browser forbids it (private browsing, a privacy setting). */
  | 'private-mode'
  /** Another tab holds an older connection open and does not let the database upgrade. */
  | 'blocked'
  /** The origin's storage is full. */
  | 'quota-full'
  /** Opening the database failed for another reason. */
  | 'open-failed'
  /** A read or write failed for another reason. */
  | 'failed';

/** How a store names itself in its messages, e.g. the key store: "the key storage", "a signing key", "the key". */
export interface StorageWords {
  /** "the key storage": what another tab keeps busy, or what failed. */
  storage: string;
  /** "a signing key": what the browser cannot keep. */
  thing: string;
  /** "the key": what could not be saved when storage is full. */
  saved: string;
}

export type StorageResult<T> = Result<T, StorageReason>;

class Unavailable extends Error {
  constructor(readonly reason: 'private-mode' | 'blocked') {
    super(reason);
    this.name = 'StorageUnavailable';
  }
}

/** Wraps what opening threw, so the message can say the database did not open. */
class OpenFailed extends Error {
  constructor(cause: unknown) {
    super('open failed', { cause });
  }
}

/** Opens the database at `version` (the current one when undefined); a blocked upgrade fails at once. */
export type OpenAt<DB extends DBSchema> = (
  version?: number,
  upgrade?: OpenDBCallbacks<DB>['upgrade'],
) => Promise<IDBPDatabase<DB>>;

/** One store's database: a lazily opened, shared connection, forgotten after any failure. */
export interface Database<DB extends DBSchema> {
  open(): Promise<IDBPDatabase<DB>>;
  /** Closes and forgets the connection, so the next `open()` makes a fresh one. */
  drop(): void;
}

/**
 * Database `name`, opened by `plan` (usually `(at) => at(version, upgrade)`; the key store
 * opens at whatever version exists and adds its store when missing).
 */
export function database<DB extends DBSchema>(
  name: string,
  plan: (at: OpenAt<DB>) => Promise<IDBPDatabase<DB>>,
): Database<DB> {
  let connection: Promise<IDBPDatabase<DB>> | undefined;
  const drop = () => {
    void connection?.then(
      (db) => db.close(),
      () => undefined,
    );
    connection = undefined;
  };
  const at: OpenAt<DB> = (version, upgrade) =>
    new Promise((resolve, reject) => {
      if (typeof indexedDB === 'undefined') return reject(new Unavailable('private-mode'));
      let blocked = false;
      openDB<DB>(name, version, {
        ...(upgrade && { upgrade }),
        // Another tab holds an older connection open: report it now instead of waiting forever.
        blocked() {
          blocked = true;
          reject(new Unavailable('blocked'));
        },
        // Our open connection would block another tab's upgrade: let it go.
        blocking: drop,
        terminated() {
          connection = undefined;
        },
      }).then(
        // Already reported as blocked: do not keep a connection nobody uses.
        (db) => (blocked ? db.close() : resolve(db)),
        (error: unknown) => reject(new OpenFailed(error)),
      );
    });
  return {
    open() {
      connection ??= plan(at);
      return connection;
    },
    drop,
  };
}

/**
 * Opens `db` and runs `work` on it, turning any failure (opening, reading, writing, committing)
 * into a Result; after a failure the connection is dropped, so the next call starts afresh.
 */
export async function attempt<DB extends DBSchema, T>(
  db: Database<DB>,
  words: StorageWords,
  work: (d: IDBPDatabase<DB>) => Promise<T>,
): Promise<StorageResult<T>> {
  try {
    return ok(await work(await db.open()));
  } catch (error) {
    db.drop();
    return storageFailure(error, words);
  }
}

/** The reason and sentence for a storage error, from opening the database to committing. */
export function storageFailure(
  error: unknown,
  words: StorageWords,
): { ok: false; reason: StorageReason; message: string } {
  const opening = error instanceof OpenFailed;
  const cause = opening ? error.cause : error;
  const name = cause instanceof Error || cause instanceof DOMException ? cause.name : '';
  const { storage, thing, saved } = words;
  if (cause instanceof Unavailable && cause.reason === 'blocked') {
    return fail(
      'blocked',
      `Another tab of this site is keeping ${storage} busy. Close the site’s other tabs and try again.`,
    );
  }
  if (cause instanceof Unavailable) {
    return fail(
      'private-mode',
      `This browser offers no IndexedDB storage, so it cannot keep ${thing}. Use a current browser, not in private mode.`,
    );
  }
  switch (name) {
    case 'QuotaExceededError':
      return fail(
        'quota-full',
        `This browser’s storage for the site is full, so ${saved} could not be saved. Free some space and try again.`,
      );
    case 'DataCloneError':
      return fail(
        'failed',
        `This browser cannot store ${thing} in IndexedDB. Use a current version of Chrome, Edge, Firefox or Safari.`,
      );
    case 'InvalidStateError':
    case 'SecurityError':
    case 'NotAllowedError':
    case 'UnknownError':
      return fail(
        'private-mode',
        'This browser does not let the site use its storage (private browsing or a privacy setting may block it), ' +
          `so it cannot keep ${thing}.`,
      );
    default:
      return fail(
        opening ? 'open-failed' : 'failed',
        `${storage.charAt(0).toUpperCase()}${storage.slice(1)} on this device failed (${name || 'unknown error'}). Reload the page and try again.`,
      );
  }
}
