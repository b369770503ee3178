import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emptyProgress, readProgress, type TraineeProfile } from '../../../src/lib/progress/format';
import {
  MAX_PROGRESS_FILE_BYTES,
  exportProgressFile,
  mergeProfile,
  parseProgressFile,
  progressFileName,
} from '../../../src/lib/progress/file';
import { COURSE, attempt, deepFreeze, profile, progressWith } from '../../fixtures/progress';

const NOW = '2025-06-01T09:30:00.000Z';
const maria = profile({ entries: ['eyJhbGciOiJFZERTQSJ9.eyJza2lsbCI6Imxpc3RlbiJ9.c2ln'] });
const omar = profile({ id: 'T21hcl9zaGFyZWRfcGMwMQ', name: 'Omar Haddad', lessons: {}, attempts: {} });

/** Exported from one browser, as the text of the downloaded file. */
const fileText = (p: TraineeProfile = maria) => JSON.stringify(exportProgressFile(progressWith(p), p.id, NOW));

function imported(text: string) {
  const parsed = parseProgressFile(text, COURSE);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value.profile;
}

describe('exporting progress', () => {
  it("holds the course, the date and the trainee's whole profile", () => {
    expect(exportProgressFile(progressWith(maria, omar), omar.id, NOW)).toEqual({
      format: 'tandem-progress',
      version: 1,
      course: COURSE,
      exportedAt: NOW,
      profile: omar,
    });
    expect(() => exportProgressFile(progressWith(maria), omar.id, NOW)).toThrow(omar.id);
  });

  it('suggests a file name with course, trainee and date, safe on every file system', () => {
    const name = (n: string) =>
      progressFileName(exportProgressFile(progressWith({ ...maria, name: n }), maria.id, NOW));
    expect(name('Maria Lopes')).toBe(`${COURSE}-maria-lopes-progress-2025-06-01.json`);
    expect(name('Zoë Ångström-O’Neill')).toBe(`${COURSE}-zoe-angstrom-o-neill-progress-2025-06-01.json`);
    expect(name('../../etc/passwd')).toBe(`${COURSE}-etc-passwd-progress-2025-06-01.json`);
    expect(name('李雷')).toBe(`${COURSE}-trainee-progress-2025-06-01.json`);
  });
});

describe('importing progress', () => {
  it('round-trips into an empty browser: the same trainee, made active', () => {
    const { state, summary } = mergeProfile(emptyProgress(COURSE), imported(fileText()));
    expect(state).toEqual({ ...emptyProgress(COURSE), active: maria.id, profiles: { [maria.id]: maria } });
    expect(summary).toEqual({ added: true, name: 'Maria Lopes', newAttempts: 2, newLessons: 2, newEntries: 1 });
    expect(readProgress(JSON.stringify(state), COURSE)).toEqual({ ok: true, value: { state, dropped: {} } });
  });

  it('importing the same file twice changes nothing the second time', () => {
    const once = mergeProfile(progressWith(omar), imported(fileText()));
    const twice = mergeProfile(once.state, imported(fileText()));
    expect(twice.state).toEqual(once.state);
    expect(twice.summary).toEqual({ added: false, name: 'Maria Lopes', newAttempts: 0, newLessons: 0, newEntries: 0 });
  });

  it('merging keeps the earliest dates, every attempt once in time order, and every entry once', () => {
    const lesson = 'everyone-wants-to-be-heard';
    const shared = attempt({ at: '2025-05-02T10:15:00.000Z' });
    const here: TraineeProfile = {
      ...maria,
      lessons: {
        [lesson]: { readAt: '2025-05-01T08:05:00.000Z', completedAt: '2025-05-04T12:00:00.000Z' },
        'only-here': { readAt: '2025-05-05T08:00:00.000Z' },
      },
      attempts: { [lesson]: [shared, attempt({ at: '2025-05-04T12:00:00.000Z' })] },
      entries: ['entry-a', 'entry-b'],
    };
    const there: TraineeProfile = {
      ...maria,
      lessons: {
        [lesson]: { readAt: '2025-05-02T07:00:00.000Z', completedAt: '2025-05-02T10:15:00.000Z' },
        'only-there': { readAt: '2025-05-06T08:00:00.000Z', completedAt: '2025-05-06T09:00:00.000Z' },
      },
      attempts: {
        [lesson]: [attempt({ at: '2025-05-01T09:00:00.000Z', score: 1, passed: false }), shared],
        'only-there': [attempt({ at: '2025-05-06T09:00:00.000Z' })],
      },
      entries: ['entry-b', 'entry-c'],
    };
    const { state, summary } = mergeProfile(progressWith(here), there);
    const merged = state.profiles[maria.id]!;
    expect(merged.lessons).toEqual({
      [lesson]: { readAt: '2025-05-01T08:05:00.000Z', completedAt: '2025-05-02T10:15:00.000Z' },
      'only-here': { readAt: '2025-05-05T08:00:00.000Z' },
      'only-there': { readAt: '2025-05-06T08:00:00.000Z', completedAt: '2025-05-06T09:00:00.000Z' },
    });
    expect(merged.attempts[lesson]!.map((a) => a.at)).toEqual([
      '2025-05-01T09:00:00.000Z',
      '2025-05-02T10:15:00.000Z',
      '2025-05-04T12:00:00.000Z',
    ]);
    expect(merged.attempts['only-there']).toHaveLength(1);
    expect(merged.entries).toEqual(['entry-a', 'entry-b', 'entry-c']);
    expect(summary).toEqual({ added: false, name: 'Maria Lopes', newAttempts: 2, newLessons: 2, newEntries: 1 });
  });

  it('leaves other trainees alone and never changes the state or the profile it is given', () => {
    const state = deepFreeze(progressWith(omar, { ...maria, lessons: {}, attempts: {}, entries: [] }));
    const incoming = deepFreeze(imported(fileText()));
    const { state: next } = mergeProfile(state, incoming);
    expect(next.profiles[omar.id]).toBe(omar);
    expect(next.active).toBe(maria.id);
    expect(next.profiles[maria.id]).toEqual(maria);
  });

  it('a lesson whose id names a built-in of every object ("constructor") merges like any other', () => {
    const odd = { ...maria, lessons: { constructor: { readAt: NOW } }, attempts: { constructor: [attempt()] } };
    const { state } = mergeProfile(progressWith(maria), imported(fileText(odd)));
    expect(state.profiles[maria.id]!.attempts['constructor']).toEqual([attempt()]);
    expect(state.profiles[maria.id]!.lessons['constructor']).toEqual({ readAt: NOW });
  });
});

describe('refusing files that are not this course’s progress', () => {
  const file = () => JSON.parse(fileText()) as Record<string, unknown>;
  const refusals = {
    'not JSON': 'Maria Lopes, 3 lessons',
    'JSON but not an object': '[1,2,3]',
    'another format': JSON.stringify({ ...file(), format: 'tandem-bundle' }),
    'another version': JSON.stringify({ ...file(), version: 2 }),
    'another course': JSON.stringify({ ...file(), course: 'other-course' }),
    'no export date': JSON.stringify({ ...file(), exportedAt: undefined }),
    'a damaged profile': JSON.stringify({ ...file(), profile: { ...maria, name: '' } }),
    oversized: JSON.stringify({ ...file(), padding: 'x'.repeat(MAX_PROGRESS_FILE_BYTES) }),
  };

  it('each with a reason the trainee can act on', () => {
    const reasons = Object.values(refusals).map((text) => {
      const result = parseProgressFile(text, COURSE);
      expect(result.ok).toBe(false);
      return result.ok ? '' : result.message;
    });
    expect(reasons).toEqual([
      'The file is not JSON, so it is not a Tandem progress file.',
      'The file is not a Tandem progress file.',
      'The file is not a Tandem progress file.',
      'The file has format version 2; this site reads version 1.',
      `The file is for the course "other-course", not this course ("${COURSE}").`,
      'The file has no export date.',
      'The trainee profile in the file is damaged or incomplete.',
      'The file is too large to be a Tandem progress file.',
    ]);
  });

  it('property: a damaged file (fields removed or replaced) is accepted whole or refused, never throws', () => {
    /** Every path in the file, e.g. ['profile', 'attempts', 'everyone-wants-to-be-heard', 0, 'score']. */
    const paths = (v: unknown, at: (string | number)[] = []): (string | number)[][] =>
      typeof v === 'object' && v !== null
        ? [at, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, Array.isArray(v) ? Number(k) : k]))]
        : [at];
    const allPaths = paths(JSON.parse(fileText())).filter((p) => p.length > 0);
    const odd = fc.constantFrom('constructor', '__proto__', 'toString', 'valueOf');
    const damage = fc.record({
      path: fc.constantFrom(...allPaths),
      action: fc.constantFrom('delete', 'replace', 'rename'),
      value: fc.oneof(fc.jsonValue(), odd),
      key: fc.oneof(fc.string(), odd),
    });
    const local = deepFreeze(progressWith(omar, maria));
    fc.assert(
      fc.property(fc.array(damage, { minLength: 1, maxLength: 4 }), (damages) => {
        const data = JSON.parse(fileText()) as Record<string | number, unknown>;
        for (const { path, action, value, key } of damages) {
          let parent: unknown = data;
          for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, unknown> | null)?.[step];
          if (typeof parent !== 'object' || parent === null) continue;
          const record = parent as Record<string | number, unknown>;
          const last = path.at(-1)!;
          if (!Object.hasOwn(record, last)) continue;
          if (action === 'delete') delete record[last];
          else if (action === 'replace') record[last] = value;
          else Object.defineProperty(record, key, { value: record[last], enumerable: true, writable: true });
        }
        const result = parseProgressFile(JSON.stringify(data), COURSE);
        if (!result.ok) {
          expect(result.message).toMatch(/^The (file|trainee profile in the file) /);
          return;
        }
        // Accepted: it merges without throwing, into a browser that has this trainee or not, and
        // what it gives can be read back by the store.
        for (const into of [local, emptyProgress(COURSE)]) {
          const { state } = mergeProfile(into, result.value.profile);
          expect(readProgress(JSON.stringify(state), COURSE)).toMatchObject({ ok: true, value: { dropped: {} } });
        }
      }),
      { numRuns: 300 },
    );
  });
});
