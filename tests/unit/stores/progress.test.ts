import { afterEach, describe, expect, it } from 'vitest';
import {
  asideKey,
  emptyProgress,
  progressKey,
  readProgress,
  type ProgressState,
} from '../../../src/lib/progress/format';
import { createProgressStores } from '../../../src/stores/progress';
import { COURSE, attempt, clock, installFakeStorage, profile, progressWith } from '../../fixtures/progress';

const KEY = progressKey(COURSE);
const LESSON = 'everyone-wants-to-be-heard';
const T0 = '2025-06-01T09:00:00.000Z';
const t = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();

const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

/**
 * A page: fresh stores over `fake`, kept mounted by a watcher like the profile switcher's, so
 * the persistent atom listens for other tabs. The clock moves one second per call from T0.
 */
function openPage(fake = installFakeStorage()) {
  const stores = createProgressStores(COURSE, fake.storage, clock(T0));
  const seen: { state: ProgressState; active: string | null }[] = [];
  stops.push(stores.watch((state, active) => seen.push({ state, active: active?.name ?? null })));
  return { ...stores, fake, seen, stored: () => readProgress(fake.data.get(KEY)!, COURSE) };
}

describe('trainee profiles', () => {
  it('starts empty with nobody chosen, and asks for a trainee before keeping progress', () => {
    const page = openPage();
    expect(page.$progress.get()).toEqual(emptyProgress(COURSE));
    expect(page.activeProfile()).toBe(null);
    expect(page.$problem.get()).toBe(null);
    const noTrainee = { ok: false, reason: 'no-trainee', message: 'Choose or add a trainee first.' };
    expect(page.actions.markLessonRead(LESSON)).toEqual(noTrainee);
    expect(page.actions.markLessonCompleted(LESSON)).toEqual(noTrainee);
    expect(page.actions.recordAttempt(LESSON, attempt())).toEqual(noTrainee);
    expect(page.fake.data.size).toBe(0);
  });

  it('adding a trainee saves them, with a clean name, and makes them the active one', () => {
    const page = openPage();
    const added = page.actions.addProfile('  Maria   Lopes ');
    expect(added.ok).toBe(true);
    const id = added.ok ? added.value! : '';
    expect(page.activeProfile()).toEqual({
      id,
      name: 'Maria Lopes',
      createdAt: T0,
      lessons: {},
      attempts: {},
      entries: [],
    });
    expect(page.stored()).toEqual({ ok: true, value: { state: page.$progress.get(), dropped: {} } });
    expect(page.seen.at(-1)).toMatchObject({ active: 'Maria Lopes' });
  });

  it('refuses an empty or overlong name and saves nothing', () => {
    const page = openPage();
    expect(page.actions.addProfile('   ')).toMatchObject({ ok: false, message: expect.stringMatching(/name/) });
    expect(page.actions.addProfile('x'.repeat(121))).toMatchObject({ ok: false });
    expect(page.fake.data.size).toBe(0);
  });

  it('switches between trainees, and to nobody; refuses one that is not here', () => {
    const page = openPage();
    const maria = page.actions.addProfile('Maria');
    const omar = page.actions.addProfile('Omar');
    expect(page.activeProfile()?.name).toBe('Omar');
    expect(page.actions.switchProfile(maria.ok ? maria.value! : '')).toEqual({ ok: true });
    expect(page.activeProfile()?.name).toBe('Maria');
    expect(page.stored()).toMatchObject({ ok: true, value: { state: { active: maria.ok && maria.value } } });
    expect(page.actions.switchProfile('Z29uZV9hbHJlYWR5')).toEqual({
      ok: false,
      reason: 'no-such-trainee',
      message: 'That trainee is no longer on this browser.',
    });
    expect(page.activeProfile()?.name).toBe('Maria');
    expect(page.actions.switchProfile(null)).toEqual({ ok: true });
    expect(page.activeProfile()).toBe(null);
    expect(Object.keys(page.$progress.get().profiles)).toHaveLength(2);
    expect(omar.ok).toBe(true);
  });

  it('two trainees on one browser keep separate progress', () => {
    const page = openPage();
    const maria = page.actions.addProfile('Maria');
    page.actions.markLessonRead(LESSON);
    page.actions.recordAttempt(LESSON, attempt({ at: t(10) }));
    page.actions.addProfile('Omar');
    expect(page.activeProfile()).toMatchObject({ name: 'Omar', lessons: {}, attempts: {} });
    page.actions.markLessonRead('open-and-closed-questions');
    page.actions.switchProfile(maria.ok ? maria.value! : '');
    const m = page.activeProfile()!;
    expect(Object.keys(m.lessons)).toEqual([LESSON]);
    expect(m.attempts[LESSON]).toHaveLength(1);
    const omar = Object.values(page.$progress.get().profiles).find((p) => p.name === 'Omar')!;
    expect(Object.keys(omar.lessons)).toEqual(['open-and-closed-questions']);
  });
});

describe('lessons and quiz attempts', () => {
  function withTrainee() {
    const page = openPage();
    page.actions.addProfile('Maria'); // clock: T0
    return page;
  }

  it('marking a lesson read keeps the first date, and does not write again', () => {
    const page = withTrainee();
    expect(page.actions.markLessonRead(LESSON)).toEqual({ ok: true });
    const text = page.fake.data.get(KEY);
    expect(page.actions.markLessonRead(LESSON)).toEqual({ ok: true });
    expect(page.activeProfile()!.lessons[LESSON]).toEqual({ readAt: t(1) });
    expect(page.fake.data.get(KEY)).toBe(text);
  });

  it('completing a lesson without a quiz keeps the first completion and the read date', () => {
    const page = withTrainee();
    page.actions.markLessonRead(LESSON); // t(1)
    page.actions.markLessonCompleted(LESSON); // t(2)
    page.actions.markLessonCompleted(LESSON);
    expect(page.activeProfile()!.lessons[LESSON]).toEqual({ readAt: t(1), completedAt: t(2) });
    page.actions.markLessonCompleted('continued-practice'); // never opened: read when completed
    expect(page.activeProfile()!.lessons['continued-practice']).toEqual({ readAt: t(3), completedAt: t(3) });
  });

  it('an attempt is appended; a failed one does not complete the lesson, a passed one does, once', () => {
    const page = withTrainee();
    page.actions.markLessonRead(LESSON); // t(1)
    const failed = attempt({ at: t(100), score: 1, passed: false });
    const passed = attempt({ at: t(200) });
    const again = attempt({ at: t(300) });
    expect(page.actions.recordAttempt(LESSON, failed)).toEqual({ ok: true });
    expect(page.activeProfile()!.lessons[LESSON]).toEqual({ readAt: t(1) });
    page.actions.recordAttempt(LESSON, passed);
    page.actions.recordAttempt(LESSON, again);
    const p = page.activeProfile()!;
    expect(p.attempts[LESSON]).toEqual([failed, passed, again]);
    expect(p.lessons[LESSON]).toEqual({ readAt: t(1), completedAt: t(200) });
    expect(page.stored()).toMatchObject({ ok: true, value: { state: page.$progress.get() } });
  });

  it('passing a quiz on a lesson never opened counts it read at the same time', () => {
    const page = withTrainee();
    page.actions.recordAttempt('delivering-bad-news', attempt({ at: t(50) }));
    expect(page.activeProfile()!.lessons['delivering-bad-news']).toEqual({ readAt: t(50), completedAt: t(50) });
  });
});

describe('when storage is full', () => {
  it('an action says it was not saved; what was saved and what is shown stay as they were', () => {
    const page = openPage();
    page.actions.addProfile('Maria');
    const text = page.fake.data.get(KEY);
    const shown = page.$progress.get();
    const seen = page.seen.length;

    page.fake.full = true;
    const result = page.actions.recordAttempt(LESSON, attempt());
    expect(result).toEqual({ ok: false, reason: 'not-saved', message: expect.stringMatching(/^Not saved/) });
    expect(page.$problem.get()).toEqual({ kind: 'write-failed', message: result.ok ? '' : result.message });
    expect(page.fake.data.get(KEY)).toBe(text);
    expect(page.$progress.get()).toBe(shown);
    expect(page.seen).toHaveLength(seen);
  });

  it('the next write that fits clears the problem', () => {
    const page = openPage();
    page.actions.addProfile('Maria');
    page.fake.full = true;
    page.actions.markLessonRead(LESSON);
    page.fake.full = false;
    expect(page.actions.markLessonRead(LESSON)).toEqual({ ok: true });
    expect(page.$problem.get()).toBe(null);
    expect(page.stored()).toMatchObject({ ok: true, value: { state: page.$progress.get() } });
  });

  it('a save that fails while another change is being shown is still reported', () => {
    // Like the lesson status element: on a change of trainee it marks the lesson read.
    const page = openPage();
    stops.push(
      page.watch((_, active) => {
        if (active && !active.lessons[LESSON]) {
          page.fake.full = true; // the first save fitted, this larger one does not
          page.actions.markLessonRead(LESSON);
        }
      }),
    );
    expect(page.actions.addProfile('Maria')).toMatchObject({ ok: true });
    expect(page.$problem.get()).toMatchObject({ kind: 'write-failed' });
    const stored = page.stored();
    expect(stored.ok && stored.value.state.profiles[page.activeProfile()!.id]!.lessons).toEqual({});
  });

  it('a watcher that throws is not mistaken for full storage: the change was saved', () => {
    const page = openPage();
    stops.push(
      page.watch((_, active) => {
        if (active) throw new Error('a watcher broke');
      }),
    );
    expect(() => page.actions.addProfile('Maria')).toThrow('a watcher broke');
    expect(page.$problem.get()).toBe(null);
    expect(page.stored()).toMatchObject({
      ok: true,
      value: { state: { profiles: { [page.activeProfile()!.id]: {} } } },
    });
  });
});

describe('unreadable saved progress', () => {
  it('is copied aside unchanged, reported, and the store starts empty but usable', () => {
    const corrupt = '{"v":2,"course":"northwind-service-essentials","profiles":{"TWFyaWFf';
    const page = openPage(installFakeStorage({ [KEY]: corrupt }));
    expect(page.fake.data.get(asideKey(COURSE, T0))).toBe(corrupt);
    expect(page.$problem.get()).toEqual({
      kind: 'set-aside',
      message: 'Saved progress could not be read (not JSON); it was kept aside. See My progress.',
    });
    expect(page.$progress.get()).toEqual(emptyProgress(COURSE));
    expect(page.actions.addProfile('Maria')).toMatchObject({ ok: true });
    expect(page.stored()).toMatchObject({ ok: true, value: { state: { active: page.activeProfile()!.id } } });
    expect(page.fake.data.get(asideKey(COURSE, T0))).toBe(corrupt);
    // Set aside once, not again on every change.
    expect([...page.fake.data.keys()].filter((k) => k.includes(':set-aside:'))).toHaveLength(1);
  });

  it("another course's or version's data under the key is set aside too, with the reason", () => {
    const other = JSON.stringify({ ...progressWith(profile()), course: 'other-course' });
    const page = openPage(installFakeStorage({ [KEY]: other }));
    expect(page.fake.data.get(asideKey(COURSE, T0))).toBe(other);
    expect(page.$problem.get()?.message).toContain('(course other-course)');
  });

  it('one damaged profile is set aside; the other trainees keep their progress', () => {
    const maria = profile();
    const damaged = { ...profile({ id: 'T21hcl9zaGFyZWRfcGMwMQ' }), name: '' };
    const saved = { ...progressWith(maria), profiles: { [maria.id]: maria, [damaged.id]: damaged } };
    const page = openPage(installFakeStorage({ [KEY]: JSON.stringify(saved) }));
    expect(page.$progress.get()).toEqual(progressWith(maria));
    expect(JSON.parse(page.fake.data.get(asideKey(COURSE, T0))!)).toEqual({ [damaged.id]: damaged });
    expect(page.$problem.get()).toMatchObject({ kind: 'set-aside', message: expect.stringContaining('1 damaged') });
    expect(page.stored()).toEqual({ ok: true, value: { state: progressWith(maria), dropped: {} } });
  });

  it('when storage is also full: not overwritten, and every write is refused with the reason', () => {
    const corrupt = '{"v":2,"course":"northwind-service-essentials","profiles":{"TWFyaWFf';
    const fake = installFakeStorage({ [KEY]: corrupt });
    fake.full = true;
    const page = openPage(fake);
    expect(page.$problem.get()).toMatchObject({
      kind: 'unreadable',
      message: expect.stringContaining('storage is full'),
    });
    expect(page.$progress.get()).toEqual(emptyProgress(COURSE));
    // Even once there is room again, this page must not write over what it could not read.
    fake.full = false;
    const result = page.actions.addProfile('Maria');
    expect(result).toEqual({ ok: false, reason: 'not-saved', message: page.$problem.get()!.message });
    expect([...fake.data]).toEqual([[KEY, corrupt]]);
  });
});

describe('several tabs', () => {
  it('a change saved in another tab shows here', () => {
    const page = openPage();
    const there = progressWith(profile());
    page.fake.writeFromAnotherTab(KEY, JSON.stringify(there));
    expect(page.$progress.get()).toEqual(there);
    expect(page.activeProfile()?.name).toBe('Maria Lopes');
    expect(page.seen.at(-1)).toMatchObject({ active: 'Maria Lopes' });
  });

  it('two open tabs stay in sync both ways', () => {
    const fake = installFakeStorage();
    const a = openPage(fake);
    const b = openPage(fake);
    const tell = () => fake.writeFromAnotherTab(KEY, fake.data.get(KEY)!); // the browser's storage event
    b.actions.addProfile('Maria');
    tell();
    expect(a.activeProfile()?.name).toBe('Maria');
    a.actions.markLessonRead(LESSON);
    tell();
    expect(b.activeProfile()?.lessons[LESSON]).toBeDefined();
    expect(a.$progress.get()).toEqual(b.$progress.get());
  });

  it('progress cleared in another tab empties this one', () => {
    const page = openPage(installFakeStorage({ [KEY]: JSON.stringify(progressWith(profile())) }));
    expect(page.activeProfile()?.name).toBe('Maria Lopes');
    page.fake.writeFromAnotherTab(KEY, null);
    expect(page.$progress.get()).toEqual(emptyProgress(COURSE));
  });

  it('unreadable data written by another tab is set aside here too, not shown', () => {
    const page = openPage(installFakeStorage({ [KEY]: JSON.stringify(progressWith(profile())) }));
    page.fake.writeFromAnotherTab(KEY, 'garbage');
    expect(page.$progress.get()).toEqual(emptyProgress(COURSE));
    expect(page.$problem.get()).toMatchObject({ kind: 'set-aside' });
    expect([...page.fake.data.values()]).toContain('garbage');
  });
});
