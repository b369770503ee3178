/**
 * Importers under attack, signed records: the verify page and `npm run verify` (verifyBundle,
 * and parseManifest for `--manifest`), the trainer's sign-off page reading a trainee's file
 * (profileFromBundle), and the cohort desk's import (importFiles in src/stores/cohort.ts, over
 * fake-indexeddb). Random bytes, random JSON and mutated valid bundles go in.
 *
 * Properties: nothing throws, and verifyBundle never falls back on its last-resort catch ("could
 * not be checked"), which would mean something inside threw; an unreadable file has a reason code
 * and a sentence, and so does every refused entry; only genuine entries are ever counted valid;
 * a file the cohort refuses leaves every IndexedDB database exactly as it was.
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import { profileFromBundle } from '../../../src/lib/bundle/profile';
import { BUNDLE_FORMAT, BUNDLE_VERSION } from '../../../src/lib/bundle/read';
import { buildBundle } from '../../../src/lib/bundle/build';
import { verifyBundle, type BundleVerdict } from '../../../src/lib/bundle/verify';
import { parseManifest } from '../../../src/lib/course/manifest-file';
import type { ProgressBundle } from '../../../src/lib/export/types';
import { splitEntries } from '../../../src/lib/trust/certification/held';
import { verifyRecord } from '../../../src/lib/trust/record';
import { $cohort, importFiles, loadCohort, removeTrainee } from '../../../src/stores/cohort';
import { sampleCohort } from '../../fixtures/cohort';
import { NOW } from '../../fixtures/export';
import { snapshotIndexedDB } from '../../fixtures/indexeddb';
import { PROTOTYPE_KEYS, claimsToBe, mutatedJsonText, mutatedText, randomText } from '../../fixtures/mutate';
import { certifiedCourse } from '../../fixtures/setup';

// Property runs are CPU-bound: under a loaded machine (parallel e2e runs) they must not time out.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const UNREADABLE = ['too-large', 'not-json', 'not-a-bundle', 'unsupported-version', 'wrong-course', 'damaged'];
const isSentence = (text: unknown) => typeof text === 'string' && /\S/.test(text);

let manifest: CourseManifest;
/** Tess: ten sign-offs, two skill certifications and the course certification. */
let tess: ProgressBundle;
/** Small cohort bundles (two to four sign-offs): quicker to verify, many runs. */
let ann: ProgressBundle;
let annLater: ProgressBundle;
let bo: ProgressBundle;
let genuine: Set<string>;

beforeAll(async () => {
  const course = await certifiedCourse();
  manifest = course.manifest;
  tess = course.tess.bundle;
  ({ ann, annLater, bo } = await sampleCohort(course.t.alice, manifest));
  genuine = new Set([tess, ann, annLater, bo].flatMap((b) => [...b.entries, ...b.certifications]));
});

/** The verdict on `text` holds together: a reason for everything refused, nothing forged counted. */
function checkVerdict(verdict: BundleVerdict, text: string): void {
  if (!verdict.readable) {
    expect(UNREADABLE).toContain(verdict.reason);
    expect(isSentence(verdict.message)).toBe(true);
    // The last-resort catch in verifyBundle: reaching it means some check threw.
    expect(verdict.message).not.toMatch(/^The file could not be checked/);
    return;
  }
  const bundle = JSON.parse(text.replace(/^\uFEFF/, '')) as ProgressBundle;
  expect(verdict.entries).toHaveLength(bundle.entries.length + bundle.certifications.length);
  for (const e of verdict.entries) {
    expect(isSentence(e.message)).toBe(true);
    const list = e.kind === 'signoff' ? bundle.entries : bundle.certifications;
    const jws = list[e.index]!;
    if (e.status === 'invalid') expect(isSentence(e.reason)).toBe(true);
    else expect(genuine.has(jws)).toBe(true);
  }
  if (verdict.valid) expect(verdict.entries.every((e) => e.status !== 'invalid')).toBe(true);
}

describe('verifying a signed record (verify page, npm run verify)', () => {
  const verify = async (text: string) => {
    const verdict = await verifyBundle(text, manifest, { now: NOW });
    checkVerdict(verdict, text);
    return verdict;
  };

  it('the valid record verifies (the seed is sound)', async () => {
    expect(await verify(JSON.stringify(tess))).toMatchObject({ readable: true, valid: true });
  });

  it('a record or manifest whose version is {"toString": 1} or a deeply nested list is refused with a reason', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    for (const odd of [...PROTOTYPE_KEYS.map((k) => `{"${k}": 1}`), deep]) {
      const text = JSON.stringify(tess).replace('"version":1', `"version":${odd}`);
      expect(await verify(text)).toMatchObject({ readable: false, reason: 'unsupported-version' });
      expect(profileFromBundle(text, manifest)).toMatchObject({ ok: false, message: expect.stringMatching(/version/) });
      const manifestText = JSON.stringify(manifest).replace('"version":1', `"version":${odd}`);
      expect(parseManifest(manifestText)).toMatchObject({ ok: false, reason: 'unsupported-version' });
    }
  });

  it('property: random bytes and random JSON, also JSON that names the format', async () => {
    const input = fc.oneof(randomText, claimsToBe({ format: BUNDLE_FORMAT, version: BUNDLE_VERSION }));
    await fc.assert(
      fc.asyncProperty(input, async (text) => void (await verify(text))),
      { numRuns: 200 },
    );
  });

  it('property: a mutated record (structure, entries, text)', async () => {
    const input = fc.oneof(
      mutatedJsonText(tess, { space: 2 }),
      mutatedJsonText(tess, { within: ['entries', 'certifications'] }),
    );
    await fc.assert(
      fc.asyncProperty(input, async (text) => void (await verify(text))),
      { numRuns: 120 },
    );
  });

  it('property: a mutated course manifest (npm run verify --manifest) is refused, or verifying against it does not throw', async () => {
    const seed = JSON.stringify(manifest);
    const input = fc.oneof(mutatedJsonText(manifest), mutatedText(seed, 'json'), randomText);
    await fc.assert(
      fc.asyncProperty(input, async (text) => {
        const parsed = parseManifest(text);
        if (!parsed.ok) {
          expect(isSentence(parsed.reason) && isSentence(parsed.message)).toBe(true);
          return;
        }
        const verdict = await verifyBundle(JSON.stringify(ann), parsed.value, { now: NOW });
        if (!verdict.readable) expect(verdict.message).not.toMatch(/^The file could not be checked/);
      }),
      { numRuns: 150 },
    );
  });
});

describe('a trainee’s file on the trainer’s sign-off page', () => {
  it('property: profileFromBundle gives a profile the page can verify and certify from, a reason, or "not a bundle"', async () => {
    const input = fc.oneof(randomText, mutatedJsonText(ann, { space: 2 }), mutatedJsonText(annLater));
    await fc.assert(
      fc.asyncProperty(input, async (text) => {
        const read = profileFromBundle(text, manifest);
        if (read === undefined) return; // not a bundle: the page tries the progress file format
        if (!read.ok) {
          expect(isSentence(read.message)).toBe(true);
          return;
        }
        // What the sign-off page then does with it: verify its sign-offs, and (to certify) build a bundle.
        const { signoffs, certifications } = splitEntries(read.value.profile.entries);
        const record = await verifyRecord(signoffs, { manifest, traineeId: read.value.profile.id });
        for (const a of record.accepted) expect(genuine.has(a.jws)).toBe(true);
        for (const r of record.refused) expect(isSentence(r.reason) && isSentence(r.message)).toBe(true);
        await buildBundle({ ...read.value.profile, entries: signoffs }, manifest, {
          exportedFrom: 'trainer',
          now: NOW,
          certifications,
        });
      }),
      { numRuns: 150 },
    );
  });
});

describe('the cohort desk importing files (IndexedDB)', () => {
  const file = (name: string, text: string, size = text.length) => ({ name, size, text: async () => text });
  const now = new Date(NOW);

  beforeAll(async () => {
    await loadCohort();
    const results = await importFiles(
      [file('bo.json', JSON.stringify(bo)), file('ann.json', JSON.stringify(ann))],
      manifest,
      now,
    );
    expect(results.map((r) => r.status)).toEqual(['added', 'added']);
  });

  /** Imports one file on the desk and checks what it did to IndexedDB and to the desk's list. */
  async function importChecked(text: string): Promise<void> {
    const before = await snapshotIndexedDB();
    const shown = $cohort.get();
    const results = await importFiles([file('file.json', text)], manifest, now);
    expect(results).toHaveLength(1);
    const [result] = results as [(typeof results)[number]];
    expect(isSentence(result.message)).toBe(true);
    expect(result.message).not.toMatch(/could not be checked|storage refused/);
    if (result.status === 'refused' || result.status === 'unchanged' || result.status === 'older') {
      expect(await snapshotIndexedDB()).toEqual(before);
      expect($cohort.get()).toBe(shown);
      return;
    }
    expect(['added', 'replaced']).toContain(result.status);
    const after = (await snapshotIndexedDB())['tandem-cohort'] as {
      stores: Record<string, { keys: string[]; values: { id: string; text?: string; json?: string }[] }>;
    };
    const id = result.traineeId!;
    const stored = after.stores['bundles']!.values.find((b) => b.id === id);
    expect(stored?.text).toBe(text);
    // The summary is kept as its JSON text: read back, it is the one the desk shows.
    const summary = after.stores['summaries']!.values.find((s) => s.id === id);
    expect(JSON.parse(summary?.json ?? 'null')).toEqual($cohort.get().find((t) => t.id === id));
    // Every other trainee's records are as they were.
    const was = (before['tandem-cohort'] as typeof after).stores;
    for (const store of ['bundles', 'summaries']) {
      const others = (list: { id: string }[]) => list.filter((r) => r.id !== id);
      expect(others(after.stores[store]!.values)).toEqual(others(was[store]!.values));
    }
  }

  it('property: random bytes and random JSON', async () => {
    const input = fc.oneof(randomText, claimsToBe({ format: BUNDLE_FORMAT, version: BUNDLE_VERSION }));
    await fc.assert(fc.asyncProperty(input, importChecked), { numRuns: 100 });
  });

  it('property: mutated bundles of a trainee on the desk and of one who is not', async () => {
    const input = fc.oneof(
      mutatedJsonText(annLater, { space: 2 }),
      mutatedJsonText(annLater, { within: ['entries', 'certifications', 'trainee', 'exportedAt'] }),
      mutatedJsonText(bo, { within: ['entries', 'trainee'] }),
    );
    await fc.assert(fc.asyncProperty(input, importChecked), { numRuns: 150 });
  });

  it('a file far too large is refused before it is read, and changes nothing', async () => {
    const before = await snapshotIndexedDB();
    let read = false;
    const huge = { name: 'video.mp4', size: 2 ** 40, text: async () => ((read = true), '') };
    const results = await importFiles([huge], manifest, now);
    expect(results).toEqual([{ file: 'video.mp4', status: 'refused', message: expect.stringMatching(/too large/) }]);
    expect(read).toBe(false);
    expect(await snapshotIndexedDB()).toEqual(before);
  });

  it('a desk reopened shows what it showed, summaries saved as before this version included', async () => {
    const shown = $cohort.get();
    expect(shown.length).toBeGreaterThan(0);
    // A summary as earlier versions stored it, the object itself, beside those stored as text.
    const older = { ...structuredClone(shown[0]!), id: 'stored-the-old-way', name: 'Olive Older' };
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('tandem-cohort');
      open.onsuccess = () => {
        const tx = open.result.transaction('summaries', 'readwrite');
        tx.objectStore('summaries').put(older);
        tx.oncomplete = () => (open.result.close(), resolve());
        tx.onerror = () => reject(tx.error);
      };
      open.onerror = () => reject(open.error);
    });
    await loadCohort();
    const byId = (list: readonly { id: string }[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(byId($cohort.get())).toEqual(byId([...shown, older]));
  });

  it('a save the browser refuses part-way keeps none of the import, and says each file was not saved', async () => {
    // An empty desk, so both files are new and both are to be saved.
    for (const t of $cohort.get()) expect((await removeTrainee(t.id)).ok).toBe(true);
    const before = await snapshotIndexedDB();
    const shown = $cohort.get();
    const put = IDBObjectStore.prototype.put;
    let calls = 0;
    // The third put (the second file's summary) refused, as a browser refuses a value it cannot store.
    const refuse = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args
    ) {
      if (++calls === 3) throw new DOMException('The value could not be stored.', 'DataCloneError');
      return put.apply(this, args);
    });
    try {
      const files = [file('bo.json', JSON.stringify(bo)), file('ann.json', JSON.stringify(ann))];
      const results = await importFiles(files, manifest, now);
      expect(calls).toBe(3);
      expect(results.map((r) => r.status)).toEqual(['refused', 'refused']);
      for (const r of results) expect(r.message).toMatch(/^Not saved: This browser cannot store the cohort/);
    } finally {
      refuse.mockRestore();
    }
    expect(await snapshotIndexedDB()).toEqual(before);
    expect($cohort.get()).toBe(shown);
  });

  it('a file that cannot be read (moved or deleted after it was chosen) stops the import and changes nothing', async () => {
    const before = await snapshotIndexedDB();
    const shown = $cohort.get();
    const gone = {
      name: 'gone.json',
      size: 10,
      text: () => Promise.reject(new DOMException('A requested file could not be read.', 'NotReadableError')),
    };
    const good = file('later.json', JSON.stringify(annLater));
    await expect(importFiles([good, gone, good], manifest, now)).rejects.toThrow(/could not be read/);
    expect(await snapshotIndexedDB()).toEqual(before);
    expect($cohort.get()).toBe(shown);
  });
});
