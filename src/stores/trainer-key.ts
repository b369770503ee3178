/**
 * The trainer's signing key on this device, one per course, in IndexedDB: made here and never
 * exportable, so the key that signs can only be copied as a passphrase-wrapped backup.
 *
 * What is kept, and why:
 * - Always the passphrase-wrapped backup, exactly as the trainer downloaded or restored it: it
 *   is safe at rest (PBKDF2 + AES-GCM), lets the trainer download it again, and is what
 *   "unlock" opens.
 * - Only while unlocked, the private key as a non-extractable CryptoKey. IndexedDB can hold a
 *   CryptoKey (structured clone) without its bytes ever being readable by script, so even a
 *   script on this origin can sign with it but never copy it off the device.
 * "Lock" deletes that CryptoKey and keeps the backup; "unlock" opens the backup again with the
 * passphrase. So a locked device holds nothing that signs without the passphrase.
 *
 * Every action returns a Result (never rejects): a blocked, full or forbidden IndexedDB becomes
 * a sentence the page can show (./idb.ts, shared by every store), and a failed action leaves
 * what was stored as it was.
 *
 * Over 400 lines on purpose: the key's whole lifecycle (create, restore, lock, unlock, forget)
 * and the one record it keeps are easiest to check for safety when read together.
 */
import { atom } from 'nanostores';
import type { DBSchema, IDBPObjectStore } from 'idb';
import { attempt, database, type StorageReason, type StorageResult } from './idb';
import { MIN_PASSPHRASE_LENGTH, createBackup, generateTrainerKey, restoreBackup } from '../lib/trust/keys';
import { fail, ok, type Failure, type Result } from '../lib/result';
import { findKey, type PublicJwk, type Roster } from '../lib/trust/roster';
import { nameProblem } from '../lib/trust/fields';
import type { Signer } from '../lib/trust/entry';
// A store reading page data is unusual; the roster is page data because the built site is the
// trust anchor (a verifier believes only the roster published with the site), and the demo flag must come from it, never from the key file.
import { readManifest } from './manifest';

/** Who the key on this device belongs to, as the backup names them (and the roster, for `demo`). */
export interface TrainerIdentity {
  trainerId: string;
  name: string;
  /** RFC 7638 thumbprint of `publicJwk`. */
  kid: string;
  publicJwk: PublicJwk;
  /** The key belongs to the roster's demo trainer: anyone can sign with it. Absent without a roster. */
  demo?: boolean;
}

export type TrainerKeyState =
  | { status: 'loading' }
  | { status: 'none' }
  | { status: 'locked'; identity: TrainerIdentity }
  | { status: 'unlocked'; identity: TrainerIdentity };

export type TrainerKeyReason =
  | StorageReason
  | 'unreadable'
  | 'no-key'
  | 'key-exists'
  | 'bad-input'
  | 'weak-passphrase'
  | 'too-large'
  | 'not-a-backup'
  | 'unsupported-version'
  | 'damaged'
  | 'weak-kdf'
  | 'wrong-passphrase'
  | 'key-mismatch';

/** A backup file ready to download. */
export interface BackupFile {
  /** `<trainer-id>.tandem-key.json` */
  fileName: string;
  /** The file's text. */
  json: string;
}

/** The trainer's key on this device, for this course. Call `loadTrainerKey()` once on pages that show it. */
export const $trainerKey = atom<TrainerKeyState>({ status: 'loading' });

const DB_NAME = 'tandem-trainer';
const STORE = 'keys';
const RECORD_VERSION = 1;
/** Trainer ids become file names on the roster (src/content/trainers/<id>.yaml). */
const TRAINER_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_TRAINER_ID = 64;
const MAX_NAME = 120;
/** A real backup is under 1 KB; refuse anything big before parsing it. */
const MAX_BACKUP_BYTES = 64 * 1024;

/** One course's key on this device. */
interface KeyRecord {
  /** Course id (the key path): one key per course per device. */
  course: string;
  v: typeof RECORD_VERSION;
  trainerId: string;
  name: string;
  kid: string;
  publicJwk: PublicJwk;
  /** The backup file's exact text, wrapped with the trainer's passphrase. */
  backup: string;
  /** Present only while unlocked. Non-extractable, usable only to sign. */
  privateKey?: CryptoKey;
  savedAt: string;
}

interface TrainerDb extends DBSchema {
  keys: { key: string; value: KeyRecord };
}

// ---------------------------------------------------------------------------------------------
// Actions

/** Reads this device's key for the course into `$trainerKey`. */
export async function loadTrainerKey(): Promise<Result<TrainerKeyState, TrainerKeyReason>> {
  const record = await withStore('readonly', (store) => store.get(courseId()));
  if (!record.ok) {
    // Nothing can be shown as present; the page shows the message next to the forms.
    $trainerKey.set({ status: 'none' });
    return record;
  }
  if (record.value !== undefined && !isKeyRecord(record.value)) {
    $trainerKey.set({ status: 'none' });
    return fail(
      'unreadable',
      'A signing key is saved on this device but this page cannot read it (it may come from another version of ' +
        'Tandem). Remove it from this device, then restore your key from its backup file.',
    );
  }
  return ok(publish(record.value));
}

/**
 * Makes a new key, wraps it into a backup with `passphrase`, and stores both (unlocked).
 * Returns the backup file, which the page must offer for download at once: it is the only way
 * to move the key to another device or recover it.
 */
export async function createTrainerKey(
  who: { trainerId: string; name: string },
  passphrase: string,
): Promise<Result<BackupFile, TrainerKeyReason>> {
  const problem = checkNewTrainer(who);
  if (problem) return fail('bad-input', problem.message);
  const trainerId = who.trainerId.trim();
  const name = cleanTrainerName(who.name);
  const short = checkPassphraseLength(passphrase);
  if (short) return short;

  // Check the store before the slow part, so a blocked or full IndexedDB is reported at once.
  const existing = await withStore('readonly', (store) => store.get(courseId()));
  if (!existing.ok) return existing;
  if (existing.value !== undefined) return keyExists();

  const key = await generateTrainerKey();
  const backup = await createBackup({ ...key, trainerId, name }, passphrase);
  if (!backup.ok) return backup;
  const json = `${JSON.stringify(backup.value, null, 2)}\n`;
  const saved = await save(
    { trainerId, name, kid: key.kid, publicJwk: key.publicJwk, backup: json, privateKey: key.privateKey },
    'new',
  );
  if (!saved.ok) return saved;
  return ok({ fileName: backupFileName(trainerId), json });
}

/**
 * Restores a key from a backup file's text onto this device (unlocked). Refused, changing
 * nothing, when the file is not a sound backup, the passphrase is wrong, or this device already
 * holds a different key for the course.
 */
export async function restoreTrainerKey(
  fileText: string,
  passphrase: string,
): Promise<Result<TrainerIdentity, TrainerKeyReason>> {
  if (fileText.length > MAX_BACKUP_BYTES) {
    return fail('too-large', 'This file is far too large to be a Tandem key backup.');
  }
  const text = fileText.replace(/^\uFEFF/, ''); // some editors add a byte-order mark on save
  const probe = await withStore('readonly', (store) => store.get(courseId()));
  if (!probe.ok) return probe;

  const restored = await restoreBackup(text, passphrase);
  if (!restored.ok) return restored;
  const { trainerId, name, kid, publicJwk, privateKey } = restored.value;
  const saved = await save({ trainerId, name, kid, publicJwk, backup: text, privateKey }, 'same-or-new');
  if (!saved.ok) return saved;
  return ok(saved.value);
}

/** Forgets the private CryptoKey on this device and keeps the wrapped backup. */
export async function lockTrainerKey(): Promise<Result<void, TrainerKeyReason>> {
  const course = courseId();
  const result = await withStore('readwrite', async (store) => {
    const record = await store.get(course);
    if (!isKeyRecord(record)) return undefined;
    const { privateKey: _dropped, ...locked } = record;
    await store.put(locked);
    return locked;
  });
  if (!result.ok) return result;
  if (!result.value) return noKey();
  publish(result.value);
  announce();
  return ok(undefined);
}

/** Opens the stored backup with `passphrase` and keeps the non-extractable key again. */
export async function unlockTrainerKey(passphrase: string): Promise<Result<TrainerIdentity, TrainerKeyReason>> {
  const stored = await withStore('readonly', (store) => store.get(courseId()));
  if (!stored.ok) return stored;
  if (!isKeyRecord(stored.value)) return noKey();
  const record = stored.value;
  if (record.privateKey) {
    publish(record); // already unlocked (perhaps in another tab)
    return ok(identityOf(record));
  }

  const restored = await restoreBackup(record.backup, passphrase);
  if (!restored.ok) {
    return restored.reason === 'wrong-passphrase'
      ? fail(
          'wrong-passphrase',
          'That passphrase does not unlock this key. Check it and try again: it is the one you chose when you made the key.',
        )
      : restored;
  }
  const { privateKey, kid } = restored.value;
  const saved = await save({ ...record, kid, privateKey }, 'same');
  if (!saved.ok) return saved;
  return ok(saved.value);
}

/** Deletes the key (wrapped and unwrapped) from this device. The backup file is then the only copy. */
export async function forgetTrainerKey(): Promise<Result<void, TrainerKeyReason>> {
  const course = courseId();
  const result = await withStore('readwrite', (store) => store.delete(course));
  if (!result.ok) return result;
  publish(undefined);
  announce();
  return ok(undefined);
}

/** The stored backup file, to download again. */
export async function downloadableBackup(): Promise<Result<BackupFile, TrainerKeyReason>> {
  const stored = await withStore('readonly', (store) => store.get(courseId()));
  if (!stored.ok) return stored;
  if (!isKeyRecord(stored.value)) return noKey();
  return ok({ fileName: backupFileName(stored.value.trainerId), json: stored.value.backup });
}

/**
 * What `signSignoff` needs, or null when this device holds no unlocked key (or storage cannot
 * be read). Read from IndexedDB each time rather than from `$trainerKey`, so a key locked in
 * another tab a moment ago is not used here.
 */
export async function getSigner(): Promise<Signer | null> {
  const stored = await withStore('readonly', (store) => store.get(courseId()));
  if (!stored.ok || !isKeyRecord(stored.value)) return null;
  publish(stored.value);
  const { privateKey, kid, trainerId, name } = stored.value;
  return privateKey ? { privateKey, kid, trainerId, trainerName: name } : null;
}

/**
 * What is wrong with a new trainer's id or name, by field, or undefined. The id must pass the
 * same check a backup file's id does, or the backup made with it could never be restored.
 */
export function checkNewTrainer(who: {
  trainerId: string;
  name: string;
}): { field: 'trainerId' | 'name'; message: string } | undefined {
  const name = cleanTrainerName(who.name);
  if (name === '' || name.length > MAX_NAME || /\p{Cc}/u.test(name)) {
    return { field: 'name', message: `Enter your full name (at most ${MAX_NAME} characters).` };
  }
  const problem = nameProblem(name, 'Your name');
  if (problem) return { field: 'name', message: `${problem}. Type it as it is written, with ordinary letters.` };
  const trainerId = who.trainerId.trim();
  if (!TRAINER_ID.test(trainerId) || trainerId.length > MAX_TRAINER_ID) {
    return {
      field: 'trainerId',
      message:
        'Use a trainer id of lowercase letters, digits and single hyphens, such as sam-rivera ' +
        `(at most ${MAX_TRAINER_ID} characters).`,
    };
  }
  return undefined;
}

function cleanTrainerName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

/** `<trainer-id>.tandem-key.json` */
export function backupFileName(trainerId: string): string {
  return `${trainerId}.tandem-key.json`;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function checkPassphraseLength(passphrase: string): Failure<TrainerKeyReason> | undefined {
  // Counted in code points, as createBackup counts them.
  return [...passphrase].length < MIN_PASSPHRASE_LENGTH
    ? fail('weak-passphrase', `Use a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters.`)
    : undefined;
}

function keyExists(): Failure<TrainerKeyReason> {
  return fail(
    'key-exists',
    'This device already holds a different signing key for this course. Remove it first (keep its backup file).',
  );
}

function noKey(): Failure<TrainerKeyReason> {
  return fail('no-key', 'There is no signing key on this device. Create one, or restore it from its backup file.');
}

/**
 * Stores a key record in one transaction that first re-reads what is there, so a key saved or
 * removed in another tab meanwhile is never overwritten: 'new' needs an empty slot, 'same' the
 * same key, 'same-or-new' either.
 */
async function save(
  fields: Omit<KeyRecord, 'course' | 'v' | 'savedAt'>,
  expect: 'new' | 'same' | 'same-or-new',
): Promise<Result<TrainerIdentity, TrainerKeyReason>> {
  const record: KeyRecord = { ...fields, course: courseId(), v: RECORD_VERSION, savedAt: new Date().toISOString() };
  const result = await withStore('readwrite', async (store) => {
    const existing = await store.get(record.course);
    if (existing !== undefined) {
      const same = isKeyRecord(existing) && existing.kid === record.kid;
      if (expect === 'new' || !same) return same ? 'exists' : 'other';
    } else if (expect === 'same') {
      return 'gone';
    }
    await store.put(record);
    return 'saved';
  });
  if (!result.ok) return result;
  if (result.value === 'gone') return noKey();
  if (result.value !== 'saved') return keyExists();
  publish(record);
  announce();
  keepStorage();
  return ok(identityOf(record));
}

/** Sets `$trainerKey` from a stored record (or its absence) and returns the new state. */
function publish(record: KeyRecord | undefined): TrainerKeyState {
  const state: TrainerKeyState = !record
    ? { status: 'none' }
    : { status: record.privateKey ? 'unlocked' : 'locked', identity: identityOf(record) };
  $trainerKey.set(state);
  return state;
}

function identityOf(record: KeyRecord): TrainerIdentity {
  const roster = pageRoster();
  const demo = roster && findKey(roster, record.kid)?.trainer.demo === true;
  return {
    trainerId: record.trainerId,
    name: record.name,
    kid: record.kid,
    publicJwk: record.publicJwk,
    ...(roster && { demo: Boolean(demo) }),
  };
}

function pageRoster(): Roster | undefined {
  try {
    return readManifest().roster;
  } catch {
    return undefined; // a page without the embedded manifest: `demo` stays unknown
  }
}

/** Records written by this or an earlier version of the page; anything else is left alone. */
function isKeyRecord(value: unknown): value is KeyRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<KeyRecord>;
  return (
    r.v === RECORD_VERSION &&
    typeof r.trainerId === 'string' &&
    typeof r.name === 'string' &&
    typeof r.kid === 'string' &&
    typeof r.backup === 'string' &&
    typeof r.publicJwk === 'object' &&
    r.publicJwk !== null &&
    (r.privateKey === undefined || r.privateKey instanceof CryptoKey)
  );
}

function courseId(): string {
  const id = document.documentElement.dataset['course'];
  if (!id) throw new Error('trainer-key store: <html data-course> is missing (use BaseLayout)');
  return id;
}

/** Asks the browser not to evict this origin's storage under pressure; best effort, no prompt needed. */
function keepStorage(): void {
  navigator.storage?.persist?.().catch(() => undefined);
}

// ---------------------------------------------------------------------------------------------
// IndexedDB

/** Typed as read-write for both modes; a read-only transaction simply never writes. */
type KeyStore = IDBPObjectStore<TrainerDb, ['keys'], 'keys', 'readwrite'>;

/**
 * Opened at whatever version it has, adding the keys store if it is missing: other trainer
 * features may keep their own stores in the same database at a higher version, and asking for
 * a fixed version would then fail with a VersionError.
 */
const keyDb = database<TrainerDb>(DB_NAME, async (at) => {
  const db = await at();
  if (db.objectStoreNames.contains(STORE)) return db;
  const version = db.version + 1;
  db.close();
  return at(version, (d) => {
    if (!d.objectStoreNames.contains(STORE)) d.createObjectStore(STORE, { keyPath: 'course' });
  });
});

const KEY_WORDS = { storage: 'the key storage', thing: 'a signing key', saved: 'the key' };

/**
 * Runs `work` in one transaction on the keys store. `work` may only await requests on that
 * store (any other await would let the transaction commit early). Every failure, from opening
 * the database to committing, comes back as a storage Failure with a sentence for people.
 */
function withStore<T>(mode: IDBTransactionMode, work: (store: KeyStore) => Promise<T>): Promise<StorageResult<T>> {
  return attempt(keyDb, KEY_WORDS, async (db) => {
    const tx = db.transaction(STORE, mode);
    // Attach to tx.done at once: if `work` throws, its rejection must not go unhandled.
    const done = tx.done.then(
      () => undefined,
      (error: unknown) => error,
    );
    let value: T;
    try {
      value = await work(tx.store as KeyStore);
    } catch (error) {
      await done;
      throw error;
    }
    const failed = await done;
    if (failed instanceof Error || failed instanceof DOMException) throw failed;
    if (failed) throw new Error('the transaction failed');
    return value;
  });
}

// ---------------------------------------------------------------------------------------------
// Other tabs

/**
 * Tells other tabs of this site that the key changed (so a lock in one tab shows in all), and
 * reloads when they say so. BroadcastChannel only reaches same-origin tabs; IndexedDB stays the
 * source of truth, this just prompts a re-read.
 */
const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('tandem-trainer-key');
channel?.addEventListener('message', () => void loadTrainerKey());

function announce(): void {
  channel?.postMessage('changed');
}
