import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkTraineeId } from '../../../src/lib/trust/fields';
import {
  MAX_NAME,
  asideKey,
  cleanName,
  emptyProgress,
  isProfile,
  newProfileId,
  progressKey,
  readProgress,
  type ReadResult,
} from '../../../src/lib/progress/format';
import { removeProfile, renameProfile } from '../../../src/lib/progress/profiles';
import { COURSE, attempt, deepFreeze, profile, progressWith } from '../../fixtures/progress';

const maria = profile();
const omar = profile({ id: 'T21hcl9zaGFyZWRfcGMwMQ', name: 'Omar Haddad', lessons: {}, attempts: {} });
const read = (data: unknown) => readProgress(JSON.stringify(data), COURSE);

describe('storage keys', () => {
  it('are namespaced by course and versioned, with set-aside data under its own key', () => {
    expect(progressKey(COURSE)).toBe('tandem:northwind-service-essentials:progress:v2');
    expect(progressKey(COURSE, 1)).toBe('tandem:northwind-service-essentials:progress:v1');
    expect(asideKey(COURSE, '2025-06-01T09:00:00.000Z')).toBe(
      'tandem:northwind-service-essentials:set-aside:2025-06-01T09:00:00.000Z',
    );
  });
});

describe('reading stored progress', () => {
  it('accepts what was stored, unchanged', () => {
    const state = progressWith(maria, omar);
    expect(read(state)).toEqual({ ok: true, value: { state, dropped: {} } });
    expect(read(emptyProgress(COURSE))).toEqual({ ok: true, value: { state: emptyProgress(COURSE), dropped: {} } });
  });

  it('refuses text that is not JSON, saying so', () => {
    expect(readProgress('{"v":2,"course":', COURSE)).toEqual({ ok: false, reason: 'not-json', message: 'not JSON' });
    expect(readProgress('', COURSE)).toEqual({ ok: false, reason: 'not-json', message: 'not JSON' });
  });

  it('refuses another version, another course, and JSON that is not progress, each with its reason', () => {
    expect(read({ ...progressWith(maria), v: 1 })).toEqual({ ok: false, reason: 'version', message: 'version 1' });
    expect(read({ ...progressWith(maria), v: 3 })).toEqual({ ok: false, reason: 'version', message: 'version 3' });
    expect(read({ ...progressWith(maria), course: 'other-course' })).toEqual({
      ok: false,
      reason: 'wrong-course',
      message: 'course other-course',
    });
    for (const notProgress of [null, [], 'text', 42, { v: 2, course: COURSE }, { v: 2, course: COURSE, profiles: [] }])
      expect(read(notProgress)).toEqual({ ok: false, reason: 'no-profiles', message: 'no profiles' });
  });

  it('leaves out one damaged profile, returned in `dropped`, and keeps the other trainees', () => {
    const damaged = { ...omar, attempts: { 'everyone-wants-to-be-heard': [{ ...attempt(), score: 'four' }] } };
    const result = read({ ...progressWith(maria), profiles: { [maria.id]: maria, [omar.id]: damaged } });
    expect(result).toEqual({ ok: true, value: { state: progressWith(maria), dropped: { [omar.id]: damaged } } });
  });

  it('drops a profile filed under an id other than its own', () => {
    const result = read({ ...progressWith(), profiles: { [omar.id]: maria } });
    expect(result.ok && result.value.state.profiles).toEqual({});
    expect(result.ok && result.value.dropped).toEqual({ [omar.id]: maria });
  });

  it('an active trainee that is not there (removed, damaged or never existed) becomes none', () => {
    const damagedMaria = { ...maria, name: '' };
    for (const active of ['c2hlX2xlZnRfdGhlX3RlYW0', maria.id, 42]) {
      const result = read({ ...progressWith(omar), active, profiles: { [omar.id]: omar, [maria.id]: damagedMaria } });
      expect(result.ok && result.value.state.active).toBe(null);
    }
  });

  it('an active trainee named like a built-in of every object ("toString", "__proto__") becomes none', () => {
    for (const active of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      const result = read({ ...progressWith(omar), active });
      expect(result.ok && result.value.state.active).toBe(null);
    }
  });

  it('refuses profile ids that name built-ins of every object, so `profiles[id]` never finds a built-in', () => {
    for (const id of ['constructor', '__proto__', 'hasOwnProperty', 'toString']) {
      expect(isProfile({ ...maria, id })).toBe(false);
      const raw = `{"v":2,"course":"${COURSE}","active":"${id}","profiles":{"${id}":${JSON.stringify({ ...maria, id })}}}`;
      const result = readProgress(raw, COURSE);
      expect(result.ok && Object.keys(result.value.state.profiles)).toEqual([]);
      expect(result.ok && result.value.state.active).toBe(null);
      // Kept for setting aside, even under the key "__proto__".
      expect(result.ok && Object.keys(result.value.dropped)).toEqual([id]);
    }
  });

  it('property: any text at all gives state or a reason, never an exception', () => {
    const check = (raw: string) => {
      const result = readProgress(raw, COURSE);
      if (result.ok) expect(result.value.state.course).toBe(COURSE);
      else expect(result.message).toMatch(/\S/);
    };
    fc.assert(fc.property(fc.string(), check));
    fc.assert(fc.property(fc.json(), check));
    fc.assert(fc.property(fc.anything(), (v) => check(JSON.stringify(v) ?? 'undefined')));
  });

  it('property: every stored profile is either kept whole or dropped, and the active one is kept', () => {
    const id = fc.oneof(
      fc.constantFrom(maria.id, omar.id, 'constructor', '__proto__', 'toString', 'valueOf'),
      fc.string(),
    );
    const storedProfile = fc.oneof(
      fc.constantFrom(maria, omar),
      id.map((i) => ({ ...maria, id: i })),
      fc.anything(),
    );
    fc.assert(
      fc.property(fc.dictionary(id, storedProfile), fc.oneof(id, fc.anything()), (profiles, active) => {
        // Built as text so "__proto__" is an ordinary key, as JSON.parse reads it.
        const entries = Object.entries(profiles).map(([k, p]) => `${JSON.stringify(k)}:${JSON.stringify(p) ?? 'null'}`);
        const raw = `{"v":2,"course":"${COURSE}","active":${JSON.stringify(active) ?? 'null'},"profiles":{${entries.join(',')}}}`;
        const result: ReadResult = readProgress(raw, COURSE);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const stored = JSON.parse(raw).profiles as Record<string, unknown>;
        const kept = Object.keys(result.value.state.profiles);
        expect([...kept, ...Object.keys(result.value.dropped)].sort()).toEqual(Object.keys(stored).sort());
        for (const k of kept) {
          expect(isProfile(result.value.state.profiles[k])).toBe(true);
          expect(result.value.state.profiles[k]!.id).toBe(k);
        }
        const a = result.value.state.active;
        expect(a === null || (kept.includes(a) && a === active)).toBe(true);
      }),
    );
  });
});

describe('what counts as a profile', () => {
  it('needs a name, an id of 8–64 url-safe characters, lessons, attempts and entries', () => {
    expect(isProfile(maria)).toBe(true);
    expect(isProfile({ ...maria, name: '   ' })).toBe(false);
    expect(isProfile({ ...maria, name: 'x'.repeat(MAX_NAME + 1) })).toBe(false);
    expect(isProfile({ ...maria, id: 'short' })).toBe(false);
    expect(isProfile({ ...maria, id: 'has spaces in it' })).toBe(false);
    expect(isProfile({ ...maria, entries: undefined })).toBe(false);
    expect(isProfile({ ...maria, entries: [42] })).toBe(false);
    expect(isProfile({ ...maria, lessons: { x: { readAt: 5 } } })).toBe(false);
    expect(isProfile({ ...maria, attempts: { x: attempt() } })).toBe(false);
  });

  it('needs every attempt whole, with its mode (version 1 had none: that is what migrating adds)', () => {
    const { mode: _mode, ...noMode } = attempt();
    expect(isProfile({ ...maria, attempts: { x: [noMode] } })).toBe(false);
    expect(isProfile({ ...maria, attempts: { x: [attempt({ mode: 'wrong' })] } })).toBe(true);
  });
});

describe('names and ids', () => {
  it('cleans a typed name: trims, collapses inner spaces, refuses empty or too long', () => {
    expect(cleanName('  Maria   Lopes \n')).toBe('Maria Lopes');
    expect(cleanName(' \t ')).toBe('');
    expect(cleanName('x'.repeat(MAX_NAME))).toBe('x'.repeat(MAX_NAME));
    expect(cleanName('x'.repeat(MAX_NAME + 1))).toBe('');
  });

  it('property: a cleaned name is clean, stays the same when cleaned again, and makes a valid profile', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'é', ' ', '\t', '\n', 'Z', '\u00a0') }), (name) => {
        const clean = cleanName(name);
        expect(cleanName(clean)).toBe(clean);
        expect(clean).not.toMatch(/^\s|\s$|\s\s/);
        if (clean) expect(isProfile({ ...maria, name: clean })).toBe(true);
      }),
    );
  });

  it('new profile ids are valid and do not repeat', () => {
    const ids = Array.from({ length: 500 }, newProfileId);
    expect(new Set(ids).size).toBe(500);
    for (const id of ids) expect(isProfile({ ...maria, id })).toBe(true);
  });

  it('new profile ids are accepted in signed entries (they start with a letter or digit)', () => {
    // 2 of 64 base64url characters are "-" and "_": over 2,000 ids, a leading one is near certain.
    const ids = Array.from({ length: 2000 }, newProfileId);
    for (const id of ids) expect(checkTraineeId(id, 'trainee.id')).toBeUndefined();
  });
});

describe('renaming and removing trainees', () => {
  const state = deepFreeze(progressWith(maria, omar));

  it('renames with the cleaned name, leaving everything else as it was', () => {
    const result = renameProfile(state, omar.id, '  Omar   H. ');
    expect(result.ok && result.value.profiles[omar.id]).toEqual({ ...omar, name: 'Omar H.' });
    expect(result.ok && result.value.profiles[maria.id]).toBe(maria);
  });

  it('refuses an empty name or a trainee that is gone', () => {
    expect(renameProfile(state, omar.id, '   ')).toEqual({
      ok: false,
      reason: 'bad-name',
      message: `Type a name of 1 to ${MAX_NAME} characters.`,
    });
    expect(renameProfile(state, 'Z29uZV9hbHJlYWR5', 'X')).toMatchObject({ ok: false });
  });

  it('refuses a name that would display as another: invisible characters or a look-alike letter', () => {
    expect(renameProfile(state, omar.id, 'Omar\u200bH')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/invisible or direction-changing/),
    });
    // "Оmar" with a Cyrillic О: looks like Omar, is someone else's name to a computer.
    expect(renameProfile(state, omar.id, '\u041emar Other')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/mixes scripts/),
    });
    expect(renameProfile(state, omar.id, 'Омар Хасан')).toMatchObject({ ok: true });
  });

  it('removing the active trainee leaves none chosen; removing another keeps the choice', () => {
    const removedActive = removeProfile(state, maria.id);
    expect(removedActive.ok && removedActive.value).toEqual({
      ...state,
      active: null,
      profiles: { [omar.id]: omar },
    });
    const removedOther = removeProfile(state, omar.id);
    expect(removedOther.ok && removedOther.value).toEqual({ ...state, profiles: { [maria.id]: maria } });
    expect(removeProfile(state, 'Z29uZV9hbHJlYWR5')).toMatchObject({ ok: false });
  });
});
