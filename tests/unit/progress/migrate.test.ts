import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emptyProgress, isProfile, progressKey, readProgress } from '../../../src/lib/progress/format';
import { migrateToCurrent, migrateV1toV2 } from '../../../src/lib/progress/migrate';
import { createProgressStores } from '../../../src/stores/progress';
import {
  COURSE,
  V1_IDS,
  clock,
  deepFreeze,
  installFakeStorage,
  profile,
  progressWith,
  v1Text,
} from '../../fixtures/progress';

const v1 = () => JSON.parse(v1Text) as { active: string; profiles: Record<string, Record<string, unknown>> };
const V1_KEY = progressKey(COURSE, 1);
const V2_KEY = progressKey(COURSE);

describe('migrating version 1 progress', () => {
  it('keeps every trainee, lesson and attempt; attempts get mode "all", profiles an empty entry list', () => {
    const result = migrateToCurrent(v1Text, 1, COURSE);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.dropped).toEqual({});
    const { state } = result.value;
    expect(state).toMatchObject({ v: 2, course: COURSE, active: V1_IDS.boris });
    const old = v1();
    expect(Object.keys(state.profiles).sort()).toEqual(Object.keys(old.profiles).sort());
    let attempts = 0;
    for (const [id, before] of Object.entries(old.profiles)) {
      const after = state.profiles[id]!;
      expect(isProfile(after)).toBe(true);
      expect(after).toMatchObject({ id, name: before.name, createdAt: before.createdAt, entries: [] });
      expect(after.lessons).toEqual(before.lessons);
      const beforeAttempts = before.attempts as Record<string, object[]>;
      expect(Object.keys(after.attempts)).toEqual(Object.keys(beforeAttempts));
      for (const [lesson, list] of Object.entries(beforeAttempts)) {
        expect(after.attempts[lesson]).toEqual(list.map((a) => ({ ...a, mode: 'all' })));
        attempts += list.length;
      }
    }
    expect(attempts).toBe(4);
    // What migrating gives is what the store can read back.
    expect(readProgress(JSON.stringify(state), COURSE)).toEqual({ ok: true, value: { state, dropped: {} } });
  });

  it('does not change the data it migrates from', () => {
    const data = deepFreeze(v1());
    expect(() => migrateV1toV2(data)).not.toThrow();
    expect(data).toEqual(v1());
  });

  it('refuses text that is not JSON, another version and another course, with reasons', () => {
    expect(migrateToCurrent(v1Text.slice(0, 200), 1, COURSE)).toEqual({
      ok: false,
      reason: 'not-json',
      message: 'not JSON',
    });
    expect(migrateToCurrent(JSON.stringify({ ...v1(), v: 2 }), 1, COURSE)).toEqual({
      ok: false,
      reason: 'not-version',
      message: 'not version 1',
    });
    expect(migrateToCurrent(JSON.stringify({ ...v1(), v: undefined }), 1, COURSE)).toMatchObject({ ok: false });
    expect(migrateToCurrent('null', 1, COURSE)).toEqual({ ok: false, reason: 'not-version', message: 'not version 1' });
    expect(migrateToCurrent(v1Text, 1, 'other-course')).toEqual({
      ok: false,
      reason: 'wrong-course',
      message: `course ${COURSE}`,
    });
  });

  it('one damaged version 1 profile is left out; the other trainee still migrates', () => {
    const old = v1();
    old.profiles[V1_IDS.keiko]!.name = '';
    const result = migrateToCurrent(JSON.stringify(old), 1, COURSE);
    expect(result.ok && Object.keys(result.value.state.profiles)).toEqual([V1_IDS.boris]);
    expect(result.ok && Object.keys(result.value.dropped)).toEqual([V1_IDS.keiko]);
  });

  it('version 1 data whose profile list is not a list of profiles migrates to no trainees, or is refused', () => {
    for (const profiles of [null, 'x', 42, [], [{ id: V1_IDS.boris }]]) {
      const result = migrateToCurrent(JSON.stringify({ ...JSON.parse(v1Text), profiles }), 1, COURSE);
      expect(result.ok ? Object.keys(result.value.state.profiles) : result.message).toEqual(
        result.ok ? [] : 'no profiles',
      );
    }
  });

  it('property: damaged version 1 data never throws: it migrates or gives a reason', () => {
    const junk = fc.oneof(fc.anything(), fc.constant(null), fc.constant([]), fc.constant('x'));
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(V1_IDS)),
        fc.constantFrom<(string | number)[]>(
          [],
          ['attempts'],
          ['attempts', 'everyone-wants-to-be-heard'],
          ['attempts', 'everyone-wants-to-be-heard', 0],
          ['attempts', 'everyone-wants-to-be-heard', 0, 'score'],
          ['lessons'],
          ['lessons', 'everyone-wants-to-be-heard'],
          ['name'],
        ),
        junk,
        (id, where, value) => {
          const old = JSON.parse(v1Text) as Record<string | number, unknown>;
          const path = ['profiles', id, ...where];
          const parent = path.slice(0, -1).reduce((o, k) => o[k] as Record<string | number, unknown>, old);
          parent[path.at(-1)!] = value;
          const result = migrateToCurrent(JSON.stringify(old), 1, COURSE);
          if (result.ok) for (const q of Object.values(result.value.state.profiles)) expect(isProfile(q)).toBe(true);
          else expect(result.message).toMatch(/\S/);
        },
      ),
    );
  });
});

describe('the store migrates on first load', () => {
  const stops: (() => void)[] = [];
  afterEach(() => stops.splice(0).forEach((stop) => stop()));

  it('migrates version 1 into the version 2 key and leaves the version 1 key byte for byte', () => {
    const fake = installFakeStorage({ [V1_KEY]: v1Text });
    const stores = createProgressStores(COURSE, fake.storage, clock());
    stops.push(stores.watch(() => {}));
    const migrated = migrateToCurrent(v1Text, 1, COURSE);
    expect(migrated.ok).toBe(true);
    expect(stores.$progress.get()).toEqual(migrated.ok && migrated.value.state);
    expect(stores.activeProfile()?.name).toBe('Boris Adeyemi');
    expect(JSON.parse(fake.data.get(V2_KEY)!)).toEqual(migrated.ok && migrated.value.state);
    expect(fake.data.get(V1_KEY)).toBe(v1Text);
    expect(stores.$problem.get()).toBe(null);

    // New progress goes to the version 2 key only.
    expect(stores.actions.markLessonRead('delivering-bad-news')).toEqual({ ok: true });
    expect(fake.data.get(V1_KEY)).toBe(v1Text);
    expect(readProgress(fake.data.get(V2_KEY)!, COURSE)).toMatchObject({ ok: true });
  });

  it('does nothing when version 2 progress is already there', () => {
    const current = JSON.stringify(progressWith(profile()));
    const fake = installFakeStorage({ [V1_KEY]: v1Text, [V2_KEY]: current });
    const stores = createProgressStores(COURSE, fake.storage, clock());
    stops.push(stores.watch(() => {}));
    expect(stores.$progress.get()).toEqual(progressWith(profile()));
    expect(fake.data.get(V2_KEY)).toBe(current);
    expect(fake.data.get(V1_KEY)).toBe(v1Text);
    expect([...fake.data.keys()].sort()).toEqual([V1_KEY, V2_KEY].sort());
  });

  it('unreadable version 1 data is left where it is, and the store starts empty', () => {
    const broken = v1Text.slice(0, 300);
    const fake = installFakeStorage({ [V1_KEY]: broken });
    const stores = createProgressStores(COURSE, fake.storage, clock());
    stops.push(stores.watch(() => {}));
    expect(stores.$progress.get()).toEqual(emptyProgress(COURSE));
    expect(fake.data.get(V1_KEY)).toBe(broken);
    expect(fake.data.has(V2_KEY)).toBe(false);
  });

  it('when storage is full at first load, the migrated progress is still shown and saved by the next write', () => {
    const fake = installFakeStorage({ [V1_KEY]: v1Text });
    fake.full = true;
    const stores = createProgressStores(COURSE, fake.storage, clock());
    stops.push(stores.watch(() => {}));
    expect(fake.data.has(V2_KEY)).toBe(false);
    // The trainees are there: nobody adds themselves again and strands their version 1 progress.
    expect(Object.keys(stores.$progress.get().profiles).sort()).toEqual(Object.values(V1_IDS).sort());
    expect(stores.actions.markLessonRead('delivering-bad-news')).toMatchObject({ ok: false });

    fake.full = false;
    expect(stores.actions.markLessonRead('delivering-bad-news')).toEqual({ ok: true });
    const saved = readProgress(fake.data.get(V2_KEY)!, COURSE);
    expect(saved.ok && Object.keys(saved.value.state.profiles).sort()).toEqual(Object.values(V1_IDS).sort());
    expect(saved.ok && saved.value.state.profiles[V1_IDS.boris]!.attempts['everyone-wants-to-be-heard']).toHaveLength(
      2,
    );
    expect(fake.data.get(V1_KEY)).toBe(v1Text);
  });
});
