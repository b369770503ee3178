/**
 * A trainer's link opened on a browser where that trainee is not. The page
 * offers to add the trainee the entries are about, under the id and name the trainer signed, and
 * keeps the entries; a link that does not verify for them offers nothing.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import { PROGRESS_VERSION, readProgress, type ProgressState } from '../../../src/lib/progress/format';
import { namedTraineeToAdd, stateWithNamedTrainee, traineesNamedBy } from '../../../src/lib/progress/named-trainee';
import { SIGNOFF_TYP } from '../../../src/lib/trust/entry';
import { NOW, type Trainers } from '../../fixtures/export';
import type { CertifiedRecord as Certified } from '../../fixtures/export';
import * as progressFixture from '../../fixtures/progress';
import { craftJws, editPayload, payloadOf } from '../../fixtures/trust';
import { certifiedCourse } from '../../fixtures/setup';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let trainers: Trainers;
let manifest: CourseManifest;
/** Tess's sign-offs, oldest first: the first is a Show step. */
let entries: string[];
let tess: { id: string; name: string };
/** A browser where only Maria is, and chosen. */
let mariasBrowser: ProgressState;
const now = new Date(NOW);

beforeAll(async () => {
  let record: Certified;
  ({ t: trainers, manifest, tess: record } = await certifiedCourse());
  entries = record.entries;
  tess = { id: record.profile.id, name: record.profile.name };
  const maria = progressFixture.profile();
  mariasBrowser = {
    v: PROGRESS_VERSION,
    course: manifest.course.id,
    active: maria.id,
    profiles: { [maria.id]: maria },
  };
});

describe('a sign-off for a trainee who is not on this browser', () => {
  it('offers that trainee, as signed, and adding them keeps the entry and chooses them', async () => {
    const named = await namedTraineeToAdd(mariasBrowser, [entries[0]!], manifest, now);
    expect(named).toMatchObject({ id: tess.id, name: tess.name });
    expect(named!.received.added).toBe(1);
    const next = stateWithNamedTrainee(mariasBrowser, named!)!;
    expect(next.active).toBe(tess.id);
    expect(next.profiles[tess.id]).toMatchObject({ id: tess.id, name: tess.name, entries: [entries[0]] });
    // Maria keeps everything; the stored state reads back whole (no profile set aside).
    expect(next.profiles[mariasBrowser.active!]).toEqual(mariasBrowser.profiles[mariasBrowser.active!]);
    const read = readProgress(JSON.stringify(next), manifest.course.id);
    expect(read.ok && Object.keys(read.value.dropped)).toEqual([]);
    expect(read.ok && read.value.state.profiles[tess.id]?.entries).toEqual([entries[0]]);
  });

  it('also on a browser with nobody on it yet', async () => {
    const empty: ProgressState = { ...mariasBrowser, active: null, profiles: {} };
    const named = await namedTraineeToAdd(empty, entries.slice(0, 2), manifest, now);
    expect(named?.received.added).toBe(2);
    expect(stateWithNamedTrainee(empty, named!)?.profiles[tess.id]?.entries).toEqual(entries.slice(0, 2));
  });

  it('offers nothing when the trainee is already here (the entries are received for them as before)', async () => {
    const withTess: ProgressState = {
      ...mariasBrowser,
      profiles: { ...mariasBrowser.profiles, [tess.id]: progressFixture.profile({ id: tess.id, name: tess.name }) },
    };
    expect(await namedTraineeToAdd(withTess, [entries[0]!], manifest, now)).toBeUndefined();
  });

  it('offers nothing for a forged or altered entry, so a crafted link cannot plant a profile', async () => {
    const [h, p, sig] = entries[0]!.split('.') as [string, string, string];
    const forged = `${h}.${p}.${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`;
    expect(await namedTraineeToAdd(mariasBrowser, [forged], manifest, now)).toBeUndefined();
    const renamed = editPayload(entries[0]!, (payload) => {
      payload['trainee'] = { id: 'Mallory0000000000', name: 'Mallory' };
    });
    expect(traineesNamedBy([renamed])).toEqual([{ id: 'Mallory0000000000', name: 'Mallory' }]);
    expect(await namedTraineeToAdd(mariasBrowser, [renamed], manifest, now)).toBeUndefined();
  });

  it('offers nothing when no entry verifies for them: a later step without the earlier ones', async () => {
    // The second entry is Co-pilot: out of order on a browser without Show.
    expect(await namedTraineeToAdd(mariasBrowser, [entries[1]!], manifest, now)).toBeUndefined();
  });

  it('never offers an id this browser could not store, even when genuinely signed', async () => {
    const header = { alg: 'ES256', kid: trainers.alice.kid, typ: SIGNOFF_TYP };
    for (const id of ['constructor', 'short']) {
      const payload = { ...payloadOf(entries[0]!), trainee: { id, name: 'Odd Id' } };
      const signed = await craftJws(header, payload, trainers.alice.privateKey);
      expect(await namedTraineeToAdd(mariasBrowser, [signed], manifest, now)).toBeUndefined();
    }
  });

  it('does not add the trainee twice when they appeared meanwhile in another tab', async () => {
    const named = (await namedTraineeToAdd(mariasBrowser, [entries[0]!], manifest, now))!;
    const meanwhile: ProgressState = {
      ...mariasBrowser,
      profiles: { ...mariasBrowser.profiles, [tess.id]: progressFixture.profile({ id: tess.id, name: tess.name }) },
    };
    expect(stateWithNamedTrainee(meanwhile, named)).toBeUndefined();
  });
});
