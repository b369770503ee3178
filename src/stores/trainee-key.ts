/**
 * Each trainee profile's own key on this device (lib/trust/trainee-key.ts). The private key is
 * kept non-extractable in IndexedDB, one record per profile; its passphrase-wrapped copy lives in
 * the profile itself (localStorage), so it travels with the progress file.
 *
 * A profile is "unlocked" on this device while its private key is in IndexedDB, and "locked"
 * when it is not: on a shared training-room PC a trainee locks their profile (the private key is
 * deleted here; the wrapped copy stays) and unlocks it with their passphrase. A profile imported
 * from another device arrives locked, for the same reason.
 */
import type { DBSchema } from 'idb';
import type { TraineeProfile } from '../lib/progress/format';
import { createTraineeKey, openTraineeKey, type TraineeKey } from '../lib/trust/trainee-key';
import { fail, ok, type Result } from '../lib/result';
import { attempt, database, type StorageWords } from './idb';
import { progressStores } from './progress';

const DB_NAME = 'tandem-trainee-keys';
const STORE = 'keys';

interface KeyRecord {
  /** The profile id (key path). */
  profile: string;
  kid: string;
  /** Non-extractable, usable only to sign. */
  privateKey: CryptoKey;
}

interface TraineeKeyDb extends DBSchema {
  keys: { key: string; value: KeyRecord };
}

const WORDS: StorageWords = { storage: 'the trainee key storage', thing: 'a trainee key', saved: 'the key' };

const keyDb = database<TraineeKeyDb>(DB_NAME, (at) =>
  at(1, (d) => {
    if (!d.objectStoreNames.contains(STORE)) d.createObjectStore(STORE, { keyPath: 'profile' });
  }),
);

export type TraineeKeyStatus = 'none' | 'locked' | 'unlocked';

/** Whether the profile has a key, and whether it is unlocked on this device. */
export async function traineeKeyStatus(profile: TraineeProfile): Promise<TraineeKeyStatus> {
  // The stored profile is only shape-checked for its other members: a damaged key counts as none.
  const kid = keyIdOf(profile);
  if (kid === undefined) return 'none';
  const held = await attempt(keyDb, WORDS, (db) => db.get(STORE, profile.id));
  // A record for another key (the profile's key was replaced on another device) does not count.
  return held.ok && held.value?.kid === kid ? 'unlocked' : 'locked';
}

function keyIdOf(profile: TraineeProfile): string | undefined {
  const kid: unknown = typeof profile.key === 'object' && profile.key !== null ? profile.key.kid : undefined;
  return typeof kid === 'string' ? kid : undefined;
}

/** The profile's unlocked key, to sign with; undefined when it is locked or has none. */
export async function unlockedTraineeKey(profile: TraineeProfile): Promise<TraineeKey | undefined> {
  if (!profile.key || keyIdOf(profile) === undefined) return undefined;
  const held = await attempt(keyDb, WORDS, (db) => db.get(STORE, profile.id));
  if (!held.ok || !held.value || held.value.kid !== profile.key.kid) return undefined;
  return { privateKey: held.value.privateKey, publicJwk: profile.key.publicJwk, kid: held.value.kid };
}

/** Makes the active profile's key, wrapped with `passphrase`, and keeps it unlocked here. */
export async function createKeyForActive(passphrase: string): Promise<Result<string, string>> {
  const stores = progressStores();
  const profile = stores.activeProfile();
  if (!profile) return fail('no-profile', 'Choose or add a trainee first.');
  if (profile.key) return fail('key-exists', `${profile.name} already has a key.`);
  const made = await createTraineeKey(passphrase);
  if (!made.ok) return made;
  const saved = await attempt(keyDb, WORDS, (db) =>
    db.put(STORE, { profile: profile.id, kid: made.value.key.kid, privateKey: made.value.key.privateKey }),
  );
  if (!saved.ok) return saved;
  const state = stores.$progress.get();
  const current = state.profiles[profile.id] ?? profile;
  const stored = stores.actions.replace({
    ...state,
    profiles: { ...state.profiles, [profile.id]: { ...current, key: made.value.wrapped } },
  });
  if (!stored.ok) {
    await attempt(keyDb, WORDS, (db) => db.delete(STORE, profile.id));
    return fail('not-saved', stored.message);
  }
  return ok(made.value.key.kid);
}

/** Unlocks the profile's key on this device with its passphrase. */
export async function unlockProfile(profile: TraineeProfile, passphrase: string): Promise<Result<void, string>> {
  if (!profile.key) return fail('no-key', `${profile.name} has no key yet.`);
  const opened = await openTraineeKey(profile.key, passphrase);
  if (!opened.ok) return opened;
  const saved = await attempt(keyDb, WORDS, (db) =>
    db.put(STORE, { profile: profile.id, kid: opened.value.kid, privateKey: opened.value.privateKey }),
  );
  return saved.ok ? ok(undefined) : saved;
}

/** Locks the profile on this device: its private key is removed here; the wrapped copy stays. */
export async function lockProfile(profile: TraineeProfile): Promise<Result<void, string>> {
  const removed = await attempt(keyDb, WORDS, (db) => db.delete(STORE, profile.id));
  return removed.ok ? ok(undefined) : removed;
}
