import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import type { ProgressBundle } from '../../../src/lib/export/types';
import { cohortCsv, cohortStatements, cohortZip, verifiedRecords } from '../../../src/lib/cohort/exports';
import { decide, judgeBundle, importBundles } from '../../../src/lib/cohort/import';
import { cohortBundle, sampleCohort } from '../../fixtures/cohort';
import { bundleText, type Trainers } from '../../fixtures/export';
import { trainedCourse } from '../../fixtures/setup';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const start = new Date('2026-04-01T10:00:00.000Z');

let trainers: Trainers;
let manifest: CourseManifest;
let ann: ProgressBundle;
let annLater: ProgressBundle;
let bo: ProgressBundle;
beforeAll(async () => {
  ({ t: trainers, manifest } = await trainedCourse());
  ({ ann, annLater, bo } = await sampleCohort(trainers.alice, manifest));
});

describe('decide, with acknowledgements', () => {
  it('takes a file with the same entries and more of the trainee’s acknowledgements as newer', () => {
    const at = '2026-03-05T10:00:00.000Z';
    expect(decide({ lastActivityAt: at, entries: 4 }, { lastActivityAt: at, entries: 4, acknowledged: 2 })).toBe(
      'replaced',
    );
    expect(decide({ lastActivityAt: at, entries: 4, acknowledged: 2 }, { lastActivityAt: at, entries: 4 })).toBe(
      'older',
    );
    expect(
      decide({ lastActivityAt: at, entries: 4, acknowledged: 2 }, { lastActivityAt: at, entries: 4, acknowledged: 2 }),
    ).toBe('unchanged');
  });
});

describe('decide', () => {
  it('decides by what is signed: a later latest entry, or as late with more entries, is newer', () => {
    const at = (lastActivityAt: string, entries: number) => ({ lastActivityAt, entries });
    expect(decide(undefined, at('2026-01-01T00:00:00Z', 1))).toBe('added');
    expect(decide(at('2026-01-01T00:00:00Z', 4), at('2026-01-02T00:00:00Z', 1))).toBe('replaced');
    expect(decide(at('2026-01-02T00:00:00Z', 1), at('2026-01-01T00:00:00Z', 9))).toBe('older');
    expect(decide(at('2026-01-02T00:00:00Z', 3), at('2026-01-02T00:00:00Z', 3))).toBe('unchanged');
    expect(decide(at('2026-01-02T00:00:00Z', 3), at('2026-01-02T00:00:00Z', 4))).toBe('replaced');
  });
});

describe('importBundles', () => {
  it('takes good files, refuses bad ones with reasons, and keeps the newest file per trainee', async () => {
    const forged = bundleText(bo, (b) => {
      const [h, p, s] = (b.entries[0] as string).split('.') as [string, string, string];
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as { notes: string };
      payload.notes = 'edited';
      b.entries[0] = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    });
    const mallory = await cohortBundle(trainers.mallory, manifest, {
      id: 'trainee-cy',
      name: 'Cy',
      start,
      signedOff: 1,
      exportedAt: new Date('2026-04-05'),
    });
    const { put, results } = await importBundles(
      [
        { name: 'ann-later.json', text: JSON.stringify(annLater) },
        { name: 'ann.json', text: JSON.stringify(ann) },
        { name: 'bo.json', text: JSON.stringify(bo) },
        { name: 'notes.txt', text: 'hello' },
        { name: 'forged.json', text: forged },
        { name: 'mallory.json', text: JSON.stringify(mallory) },
      ],
      new Map(),
      manifest,
      NOW,
    );
    expect(results.map((r) => r.status)).toEqual(['added', 'older', 'added', 'refused', 'refused', 'refused']);
    expect(results[3]?.message).toMatch(/not JSON/);
    expect(results[4]?.message).toMatch(/do not verify; the first, sign-off 1: .*changed after Alice Adams signed it/);
    expect(results[5]?.message).toMatch(/1 entry does not verify.*not on this course’s roster/);
    expect(put.map((e) => e.id).sort()).toEqual(['trainee-ann', 'trainee-bo']);
    expect(put.find((e) => e.id === 'trainee-ann')?.summary.skills['active-listening']?.certifiedAt).toBe(
      '2026-04-06T10:00:00.000Z',
    );
  });

  it('replaces a held trainee with a newer file only', async () => {
    const judged = await judgeBundle(JSON.stringify(ann), manifest, NOW);
    if (!judged.ok) throw new Error(judged.message);
    const held = new Map([['trainee-ann', judged.value.summary]]);
    const newer = await importBundles([{ name: 'a', text: JSON.stringify(annLater) }], held, manifest, NOW);
    expect(newer.results[0]?.status).toBe('replaced');
    expect(newer.put).toHaveLength(1);
    const same = await importBundles([{ name: 'a', text: JSON.stringify(ann) }], held, manifest, NOW);
    expect(same.results[0]?.status).toBe('unchanged');
    expect(same.put).toEqual([]);
  });

  it('a file with no signed entry claims no one: a made-up "newer" file cannot block the genuine ones', async () => {
    const empty = bundleText(ann, (b) => {
      b.entries = [];
      b.certifications = [];
      b.exportedAt = '2099-01-01T00:00:00.000Z';
    });
    const { results, put } = await importBundles(
      [
        { name: 'squat.json', text: empty },
        { name: 'ann.json', text: JSON.stringify(ann) },
      ],
      new Map(),
      manifest,
      NOW,
    );
    expect(results.map((r) => r.status)).toEqual(['refused', 'added']);
    expect(results[0]?.message).toMatch(/no signed entry/);
    expect(put.map((e) => e.id)).toEqual(['trainee-ann']);

    // A genuine file with its date moved to 2099 is not newer than a later genuine file either.
    const judged = await judgeBundle(
      bundleText(ann, (b) => (b.exportedAt = '2099-01-01T00:00:00.000Z')),
      manifest,
      NOW,
    );
    if (!judged.ok) throw new Error(judged.message);
    const later = await importBundles(
      [{ name: 'later.json', text: JSON.stringify(annLater) }],
      new Map([['trainee-ann', judged.value.summary]]),
      manifest,
      NOW,
    );
    expect(later.results[0]?.status).toBe('replaced');
  });
});

describe('cohort exports', () => {
  it('CSV has a row per trainee, skill and step; the zip holds every bundle; xAPI covers all', async () => {
    const texts = [JSON.stringify(annLater), JSON.stringify(bo), 'not json'];
    const records = await verifiedRecords(texts, manifest, NOW, 'https://training.example/');
    expect(records.map((r) => r.trainee.id)).toEqual(['trainee-ann', 'trainee-bo']);
    const csv = cohortCsv(records)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(csv).toHaveLength(1 + 2 * 3 * 4);
    expect(csv.filter((r) => r.startsWith('trainee-bo,'))).toHaveLength(12);

    const zip = unzipSync(cohortZip(texts, manifest.course.id));
    expect(Object.keys(zip)).toHaveLength(2);
    expect(
      Object.values(zip)
        .map((b) => JSON.parse(strFromU8(b)).trainee.id as string)
        .sort(),
    ).toEqual(['trainee-ann', 'trainee-bo']);

    const statements = cohortStatements(records, 'https://training.example/');
    const actors = new Set(statements.map((s) => JSON.stringify(s.actor)));
    expect(actors.size).toBe(2);
  });
});
