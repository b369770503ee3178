/**
 * Importers under attack, the trainer's key: restoring a backup file (restoreTrainerKey in
 * src/stores/trainer-key.ts, over fake-indexeddb, as the trainer key page calls it), unlocking
 * with a wrong passphrase, and reading whatever is stored under the key's slot. The seeds are the
 * published demo backup and a backup made here.
 *
 * PBKDF2 at 600,000 iterations costs about 0.15 s per attempt that gets that far, so the runs here
 * are few and the rest of the mutations are refused before key derivation.
 *
 * Properties: nothing throws or rejects; every refusal has a reason code and a sentence; a refused
 * restore or unlock leaves IndexedDB exactly as it was; a mutated backup that does restore is
 * still the same key (only the unauthenticated labels can change).
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { BACKUP_FORMAT, BACKUP_VERSION } from '../../../src/lib/trust/keys';
import {
  $trainerKey,
  createTrainerKey,
  forgetTrainerKey,
  loadTrainerKey,
  lockTrainerKey,
  restoreTrainerKey,
  unlockTrainerKey,
  getSigner,
  type TrainerKeyReason,
} from '../../../src/stores/trainer-key';
import { snapshotIndexedDB } from '../../fixtures/indexeddb';
import { PROTOTYPE_KEYS, claimsToBe, mutatedJsonText, mutatedText, randomText } from '../../fixtures/mutate';
import { COURSE, DEMO_PASSPHRASE, demoTrainer } from '../../fixtures/trust';

// Property runs are CPU-bound: under a loaded machine (parallel e2e runs) they must not time out.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const REASONS: TrainerKeyReason[] = [
  'unreadable',
  'no-key',
  'key-exists',
  'bad-input',
  'weak-passphrase',
  'too-large',
  'not-a-backup',
  'unsupported-version',
  'damaged',
  'weak-kdf',
  'wrong-passphrase',
  'key-mismatch',
]; // not 'storage': fake-indexeddb never fails, so a storage refusal here would be a bug
const isSentence = (text: unknown) => typeof text === 'string' && /\S/.test(text);

const demo = demoTrainer();
const demoBackup = JSON.parse(demo.backupText) as Record<string, unknown>;

/** Backups with more iterations than ours would only slow the run down (the cap is tested in trust-keys). */
const notSlow = (text: string) => {
  const iterations = (JSON.parse(text.replace(/^\uFEFF/, '').trim() || 'null') as { kdf?: { iterations?: unknown } })
    ?.kdf?.iterations;
  return !(typeof iterations === 'number' && iterations > 1_000_000);
};
const parsesOrNot = (text: string) => {
  try {
    return notSlow(text);
  } catch {
    return true; // not JSON: refused at once
  }
};

beforeAll(() => {
  // The store reads the course from <html data-course>, and the roster from the page (absent here).
  vi.stubGlobal('document', {
    documentElement: { dataset: { course: COURSE } },
    getElementById: () => null,
  });
});
afterAll(() => {
  vi.unstubAllGlobals();
});

/** Restores `text` and checks the outcome against IndexedDB before and after. */
async function restoreChecked(text: string, passphrase: string, expectKid?: string): Promise<boolean> {
  const before = await snapshotIndexedDB();
  const shown = $trainerKey.get();
  const result = await restoreTrainerKey(text, passphrase);
  if (!result.ok) {
    expect(REASONS).toContain(result.reason);
    expect(isSentence(result.message)).toBe(true);
    expect(await snapshotIndexedDB()).toEqual(before);
    expect($trainerKey.get()).toBe(shown);
    return false;
  }
  // Restored: it is the key the seed holds, whatever labels were edited, and it can sign.
  if (expectKid) expect(result.value.kid).toBe(expectKid);
  expect($trainerKey.get()).toMatchObject({ status: 'unlocked', identity: { kid: result.value.kid } });
  expect(await getSigner()).toMatchObject({ kid: result.value.kid });
  return true;
}

describe('restoring a key backup on a device that holds no key', () => {
  beforeAll(async () => {
    expect(await loadTrainerKey()).toMatchObject({ ok: true, value: { status: 'none' } });
  });

  it('the demo backup restores (the seed is sound), and is forgotten again', async () => {
    expect(await restoreChecked(demo.backupText, DEMO_PASSPHRASE, demo.kid)).toBe(true);
    expect(await forgetTrainerKey()).toEqual({ ok: true, value: undefined });
  });

  it('property: random bytes, random JSON, and JSON that names the backup format', async () => {
    const input = fc.oneof(
      randomText,
      claimsToBe({ format: BACKUP_FORMAT, version: BACKUP_VERSION }),
      claimsToBe({ ...demoBackup, kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 1 } }),
    );
    await fc.assert(
      fc.asyncProperty(input, fc.string(), async (text, passphrase) => {
        expect(await restoreChecked(text, passphrase)).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('property: a mutated demo backup with the right passphrase: the same key, or refused and nothing stored', async () => {
    const input = fc
      .oneof(
        mutatedJsonText(demoBackup, { space: 2 }),
        mutatedJsonText(demoBackup, { within: ['kid', 'publicJwk', 'kdf', 'cipher', 'wrappedKey'] }),
        mutatedText(demo.backupText, 'link'),
      )
      .filter(parsesOrNot);
    await fc.assert(
      fc.asyncProperty(input, async (text) => {
        if (await restoreChecked(text, DEMO_PASSPHRASE, demo.kid)) {
          expect((await forgetTrainerKey()).ok).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('the demo backup with a wrong passphrase is refused, and nothing is stored', async () => {
    for (const passphrase of ['', 'demo-trainer-passphrasE', 'x'.repeat(100_000)]) {
      expect(await restoreChecked(demo.backupText, passphrase)).toBe(false);
    }
  });

  it('a backup naming a version such as {"toString": 1} is refused with a reason, not a crash', async () => {
    for (const key of PROTOTYPE_KEYS) {
      const text = JSON.stringify({ ...demoBackup, version: JSON.parse(`{"${key}": 1}`) as unknown });
      expect(await restoreChecked(text, DEMO_PASSPHRASE)).toBe(false);
    }
  });
});

describe('restoring and unlocking on a device that holds another trainer’s key (locked)', () => {
  const PASSPHRASE = 'correct horse battery staple';

  beforeAll(async () => {
    const made = await createTrainerKey({ trainerId: 'alice-trainer', name: 'Alice Adams' }, PASSPHRASE);
    expect(made.ok).toBe(true);
    expect((await lockTrainerKey()).ok).toBe(true);
  });

  it('property: any backup of another key, mutated or not, is refused and changes nothing', async () => {
    const input = fc
      .oneof(fc.constant(demo.backupText), mutatedJsonText(demoBackup), mutatedText(demo.backupText, 'link'))
      .filter(parsesOrNot);
    await fc.assert(
      fc.asyncProperty(input, async (text) => {
        expect(await restoreChecked(text, DEMO_PASSPHRASE)).toBe(false);
      }),
      { numRuns: 12 },
    );
  });

  it('property: unlocking with a wrong passphrase is refused and changes nothing', async () => {
    const wrong = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((p) => p.normalize('NFC') !== PASSPHRASE);
    await fc.assert(
      fc.asyncProperty(wrong, async (passphrase) => {
        const before = await snapshotIndexedDB();
        const result = await unlockTrainerKey(passphrase);
        expect(result).toMatchObject({ ok: false, reason: 'wrong-passphrase', message: expect.stringMatching(/\S/) });
        expect(await snapshotIndexedDB()).toEqual(before);
        expect(await getSigner()).toBe(null);
      }),
      { numRuns: 4 },
    );
  });
});

describe('whatever is stored in the key slot', () => {
  /** Writes `value` into the key store as another version of the page (or an extension) might. */
  async function store(value: unknown): Promise<void> {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('tandem-trainer');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('keys', 'readwrite');
      tx.objectStore('keys').put(value);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }

  it('property: a damaged record is reported, not a crash, and no action changes it', async () => {
    const record = fc.oneof(
      fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })),
      fc.record(
        {
          v: fc.oneof(fc.constant(1), fc.jsonValue()),
          trainerId: fc.oneof(fc.constant('alice-trainer'), fc.jsonValue()),
          name: fc.oneof(fc.constant('Alice Adams'), fc.jsonValue()),
          kid: fc.oneof(fc.constant(demo.kid), fc.jsonValue()),
          backup: fc.oneof(fc.constant(demo.backupText), fc.string()),
          publicJwk: fc.oneof(fc.constant(demoBackup['publicJwk']), fc.jsonValue()),
          privateKey: fc.oneof(fc.constant(undefined), fc.jsonValue()),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(record, async (fields) => {
        await store({ ...fields, course: COURSE });
        const before = await snapshotIndexedDB();
        for (const result of [
          await loadTrainerKey(),
          await unlockTrainerKey('not the passphrase at all'),
          await restoreTrainerKey('{}', DEMO_PASSPHRASE),
        ]) {
          if (!result.ok) {
            expect(REASONS).toContain(result.reason);
            expect(isSentence(result.message)).toBe(true);
          }
        }
        await getSigner();
        expect(await snapshotIndexedDB()).toEqual(before);
      }),
      { numRuns: 25 },
    );
  });
});
