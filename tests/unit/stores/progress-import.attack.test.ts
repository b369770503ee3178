/**
 * Importers under attack, trainee side: the My progress import (a progress file or a signed
 * record, src/lib/progress/import.ts, then the store) and the progress store reading what is in
 * localStorage (readProgress, the version 1 migration). Random bytes, random JSON and mutated
 * valid files go in; the properties are what a trainee would notice:
 * - nothing throws;
 * - a refused file changes nothing stored and says why;
 * - an accepted file is stored, keeps every other trainee as they were, adds only genuine signed
 *   entries, and the next page load reads it back without setting anything aside;
 * - unreadable stored data is never lost: it stays where it is or is kept aside, and is reported.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import { BUNDLE_FORMAT, BUNDLE_VERSION } from '../../../src/lib/bundle/read';
import type { ProgressBundle } from '../../../src/lib/export/types';
import {
  PROGRESS_VERSION,
  asideKey,
  emptyProgress,
  progressKey,
  readProgress,
  type ProgressState,
  type TraineeProfile,
} from '../../../src/lib/progress/format';
import { exportProgressFile, PROGRESS_FILE_FORMAT, PROGRESS_FILE_VERSION } from '../../../src/lib/progress/file';
import { importProgress } from '../../../src/lib/progress/import';
import { migrateToCurrent } from '../../../src/lib/progress/migrate';
import { createProgressStores } from '../../../src/stores/progress';
import { NOW } from '../../fixtures/export';
import type { CertifiedRecord as Certified } from '../../fixtures/export';
import { PROTOTYPE_KEYS, claimsToBe, mutatedJsonText, randomText } from '../../fixtures/mutate';
import * as progressFixture from '../../fixtures/progress';
import { clock, installFakeStorage } from '../../fixtures/progress';
import { certifiedCourse } from '../../fixtures/setup';

// Property runs are CPU-bound: under a loaded machine (parallel e2e runs) they must not time out.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

/** Opens a page's progress stores over `fake`, kept mounted like the profile switcher keeps them. */
function openPage(courseId: string, fake: ReturnType<typeof installFakeStorage>) {
  const stores = createProgressStores(courseId, fake.storage, clock('2026-06-01T09:00:00.000Z'));
  stops.push(stores.watch(() => {}));
  return stores;
}

const isReason = (text: unknown) => typeof text === 'string' && /\S/.test(text);

describe('My progress import: a progress file or a signed record', () => {
  let manifest: CourseManifest;
  let course: string;
  let key: string;
  /** Tess as her own device holds her: every sign-off and certification. */
  let tess: TraineeProfile;
  /** This browser before the import: Maria (active), and Tess with only her first three entries. */
  let before: ProgressState;
  let beforeText: string;
  let fileSeed: unknown;
  let bundleSeed: ProgressBundle;
  /** Every genuine signed entry there is: nothing else may ever be added. */
  let genuine: Set<string>;

  beforeAll(async () => {
    let record: Certified;
    ({ manifest, tess: record } = await certifiedCourse());
    course = manifest.course.id;
    key = progressKey(course);
    const certifications = [...record.skillCertifications, record.courseCertification].map((c) => c.jws);
    tess = { ...record.profile, entries: [...record.entries, ...certifications] };
    genuine = new Set(tess.entries);
    const maria = progressFixture.profile();
    before = {
      v: PROGRESS_VERSION,
      course,
      active: maria.id,
      profiles: { [maria.id]: maria, [tess.id]: { ...tess, entries: tess.entries.slice(0, 3), lessons: {} } },
    };
    beforeText = JSON.stringify(before);
    const state: ProgressState = { ...before, profiles: { [tess.id]: tess } };
    fileSeed = exportProgressFile(state, tess.id, NOW);
    bundleSeed = record.bundle;
  });

  /** Imports `text` on a My progress page over storage holding `before`, checking every property. */
  async function importChecked(text: string): Promise<void> {
    const fake = installFakeStorage({ [key]: beforeText });
    const page = openPage(course, fake);
    const stored = [...fake.data];
    const shown = page.$progress.get();
    const result = await importProgress(text, () => page.$progress.get(), manifest, new Date(NOW));

    if (!result.ok) {
      expect(isReason(result.message)).toBe(true);
      expect([...fake.data]).toEqual(stored);
      expect(page.$progress.get()).toBe(shown);
      return;
    }
    // Accepted: it is stored (an import must not accept what the store cannot keep) …
    expect(page.actions.replace(result.value.state)).toEqual({ ok: true });
    expect(page.$problem.get()).toBe(null);
    expect(isReason(result.value.summary.name)).toBe(true);
    expect(result.value.dropped).toBeGreaterThanOrEqual(0);
    // … the next page load reads it back whole, without setting anything aside …
    const reread = readProgress(fake.data.get(key)!, course);
    expect(reread.ok && Object.keys(reread.value.dropped)).toEqual([]);
    const next = openPage(course, fake);
    expect(next.$problem.get()).toBe(null);
    expect(next.$progress.get()).toEqual(JSON.parse(fake.data.get(key)!));
    expect([...fake.data.keys()]).toEqual([key]);
    // … the other trainee is untouched, Tess keeps what she had, and only genuine entries came in.
    const after = next.$progress.get();
    const maria = before.profiles[before.active!]!;
    expect(after.profiles[maria.id]).toEqual(maria);
    const imported = after.profiles[after.active!]!;
    const had = before.profiles[imported.id];
    for (const jws of had?.entries ?? []) expect(imported.entries).toContain(jws);
    for (const jws of imported.entries) expect(genuine.has(jws) || had?.entries.includes(jws)).toBe(true);
    expect(new Set(imported.entries).size).toBe(imported.entries.length);
  }

  it('the valid file and the valid signed record are imported (the seeds are sound)', async () => {
    for (const text of [JSON.stringify(fileSeed), JSON.stringify(bundleSeed)]) {
      const result = await importProgress(text, () => before, manifest, new Date(NOW));
      expect(result).toMatchObject({ ok: true, value: { dropped: 0, summary: { added: false, name: tess.name } } });
      expect(result.ok && result.value.state.profiles[tess.id]?.entries).toHaveLength(tess.entries.length);
      await importChecked(text);
    }
  });

  it('property: random bytes and random JSON, also JSON that names either format', async () => {
    const input = fc.oneof(
      randomText,
      claimsToBe({ format: PROGRESS_FILE_FORMAT, version: PROGRESS_FILE_VERSION, course: 'demo-course' }),
      claimsToBe({ format: BUNDLE_FORMAT, version: BUNDLE_VERSION }),
    );
    await fc.assert(fc.asyncProperty(input, importChecked), { numRuns: 200 });
  });

  it('property: a mutated progress file', async () => {
    await fc.assert(fc.asyncProperty(mutatedJsonText(fileSeed, { space: 2 }), importChecked), { numRuns: 150 });
  });

  it('property: a mutated signed record', async () => {
    await fc.assert(fc.asyncProperty(mutatedJsonText(bundleSeed, { space: 2 }), importChecked), { numRuns: 150 });
  });

  it('property: a file or record whose signed entries are mutated (cut, flipped, duplicated, replaced)', async () => {
    const input = fc.oneof(
      mutatedJsonText(fileSeed, { within: ['profile'] }),
      mutatedJsonText(bundleSeed, { within: ['entries', 'certifications'] }),
    );
    await fc.assert(fc.asyncProperty(input, importChecked), { numRuns: 100 });
  });

  it('a file whose version or course is {"toString": 1} or a deeply nested list is refused with a reason', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    for (const odd of [...PROTOTYPE_KEYS.map((k) => `{"${k}": 1}`), deep]) {
      for (const seed of [JSON.stringify(fileSeed), JSON.stringify(bundleSeed)]) {
        for (const field of ['version', 'course']) {
          const text = seed.replace(`"${field}":`, `"${field}":${odd},"was":`);
          const result = await importProgress(text, () => before, manifest, new Date(NOW));
          expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/\S/) });
          await importChecked(text);
        }
      }
    }
  });

  it('a file that the store could not serialise is refused, not reported as full storage', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const text = JSON.stringify(fileSeed).replace('"answers":{}', `"answers":{"q":${deep}}`);
    expect(text).toContain(deep);
    const result = await importProgress(text, () => before, manifest, new Date(NOW));
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/damaged/) });
    await importChecked(text);
  });
});

describe('the progress store reading what localStorage holds', () => {
  const COURSE = progressFixture.COURSE;
  const KEY = progressKey(COURSE);
  const V1_KEY = progressKey(COURSE, 1);
  const stateSeed = progressFixture.progressWith(
    progressFixture.profile(),
    progressFixture.profile({ id: 'T21hcl9zaGFyZWRfcGMwMQ', name: 'Omar Shared' }),
  );
  const v1Seed = JSON.parse(progressFixture.v1Text) as unknown;
  const asides = (data: Map<string, string>) => [...data].filter(([k]) => k.includes(':set-aside:'));
  /** Keys of the stored `profiles`: of an object in the current format; of anything in version 1, which migrates it item by item. */
  const profileIds = (text: string, version = PROGRESS_VERSION): string[] => {
    try {
      const profiles = (JSON.parse(text) as { profiles?: unknown })?.profiles;
      if (version === 1) return Object.keys(profiles ?? {});
      return typeof profiles === 'object' && profiles !== null && !Array.isArray(profiles) ? Object.keys(profiles) : [];
    } catch {
      return [];
    }
  };

  /** Opening a page over `text` in the current key: nothing lost, everything unreadable reported. */
  function openOverCurrent(text: string): void {
    const fake = installFakeStorage({ [KEY]: text });
    const page = openPage(COURSE, fake);
    const read = readProgress(text, COURSE);
    const problem = page.$problem.get();
    if (!read.ok) {
      expect(isReason(read.message)).toBe(true);
      expect(asides(fake.data)).toEqual([[asideKey(COURSE, '2026-06-01T09:00:00.000Z'), text]]);
      expect(problem).toMatchObject({ kind: 'set-aside', message: expect.stringContaining(read.message) });
      expect(page.$progress.get()).toEqual(emptyProgress(COURSE));
      return;
    }
    const dropped = Object.keys(read.value.dropped);
    const kept = Object.keys(page.$progress.get().profiles);
    // Every trainee stored is shown or set aside; none disappears.
    expect([...kept, ...dropped].sort()).toEqual(profileIds(text).sort());
    if (dropped.length === 0) {
      expect(fake.data.get(KEY)).toBe(text); // read, not rewritten
      expect(asides(fake.data)).toEqual([]);
      expect(problem).toBe(null);
    } else {
      expect(problem).toMatchObject({ kind: 'set-aside', message: expect.stringMatching(/\S/) });
      const [[, aside]] = asides(fake.data) as [[string, string]];
      // Kept aside as the damaged profiles, or (when they cannot be written out) the whole text.
      if (aside !== text) expect(Object.keys(JSON.parse(aside) as object).sort()).toEqual(dropped.sort());
      expect(readProgress(fake.data.get(KEY)!, COURSE)).toMatchObject({ ok: true, value: { dropped: {} } });
    }
    // The page can still save.
    expect(page.actions.addProfile('New Trainee')).toMatchObject({ ok: true });
  }

  /** Opening a page over `text` in the version 1 key: that key is never changed, no trainee vanishes. */
  function openOverVersion1(text: string): void {
    const fake = installFakeStorage({ [V1_KEY]: text });
    const page = openPage(COURSE, fake);
    expect(fake.data.get(V1_KEY)).toBe(text);
    const migrated = migrateToCurrent(text, 1, COURSE);
    if (!migrated.ok) {
      expect(isReason(migrated.message)).toBe(true);
      expect(page.$progress.get()).toEqual(emptyProgress(COURSE));
      expect([...fake.data.keys()]).toEqual([V1_KEY]);
      return;
    }
    const kept = Object.keys(page.$progress.get().profiles);
    const dropped = Object.keys(migrated.value.dropped);
    expect([...kept, ...dropped].sort()).toEqual(profileIds(text, 1).sort());
    expect(readProgress(fake.data.get(KEY)!, COURSE)).toMatchObject({ ok: true, value: { dropped: {} } });
    if (dropped.length > 0) {
      // Trainees that could not be migrated are reported and kept aside, not silently left behind.
      expect(page.$problem.get()).toMatchObject({ kind: 'set-aside', message: expect.stringMatching(/\S/) });
      expect(asides(fake.data)).toHaveLength(1);
    } else {
      expect(page.$problem.get()).toBe(null);
    }
  }

  it('stored progress whose version or course is {"toString": 1} or a deeply nested list is set aside, not a crash', () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    for (const odd of [...PROTOTYPE_KEYS.map((k) => `{"${k}": 1}`), deep]) {
      for (const field of ['v', 'course']) {
        const text = JSON.stringify(stateSeed).replace(`"${field}":`, `"${field}":${odd},"was":`);
        openOverCurrent(text);
        openOverVersion1(text.replace('"v":2', '"v":1'));
      }
    }
  });

  it('property: random text in the current key', () => {
    fc.assert(fc.property(randomText, openOverCurrent), { numRuns: 300 });
  });

  it('property: JSON that claims to be this course’s progress', () => {
    fc.assert(fc.property(claimsToBe({ v: PROGRESS_VERSION, course: COURSE }), openOverCurrent), { numRuns: 200 });
  });

  it('property: mutated stored progress in the current key', () => {
    fc.assert(fc.property(mutatedJsonText(stateSeed), openOverCurrent), { numRuns: 300 });
  });

  it('property: random text and mutated version 1 progress in the version 1 key', () => {
    const input = fc.oneof(randomText, claimsToBe({ v: 1, course: COURSE }), mutatedJsonText(v1Seed));
    fc.assert(fc.property(input, openOverVersion1), { numRuns: 250 });
  });
});
