/**
 * Migrations from every earlier stored format to the current one. Each step is a small pure
 * function from one version's data to the next's; `migrateToCurrent` chains them and then
 * validates the result like any stored progress. The earlier data stays under its own key
 * (see format.ts), so a migration never destroys anything.
 *
 * Version 1 was the first release's format: the same profiles, before sign-offs existed (no
 * `entries`) and before "retry the wrong questions" (attempts had no `mode`).
 */
import { PROGRESS_VERSION, readProgress, type ReadResult } from './format';
import { fail } from '../result';

type Loose = Record<string, unknown>;

/** Version 1 → 2: every profile gets an empty entry list, every attempt `mode: "all"`. */
export function migrateV1toV2(data: Loose): Loose {
  // No prototypes: a profile or lesson filed under "__proto__" is carried over (and then set
  // aside as damaged) instead of vanishing into the object's prototype.
  const profiles: Loose = Object.create(null) as Loose;
  for (const [id, p] of Object.entries((data.profiles ?? {}) as Record<string, Loose>)) {
    const attempts: Loose = Object.create(null) as Loose;
    for (const [lesson, list] of Object.entries((p?.attempts ?? {}) as Record<string, unknown>)) {
      attempts[lesson] = Array.isArray(list) ? list.map((a: Loose) => ({ mode: 'all', ...a })) : list;
    }
    profiles[id] = { ...p, attempts, entries: [] };
  }
  return { ...data, v: 2, profiles };
}

/** Step from version n to n + 1, by n. */
const steps: Record<number, (data: Loose) => Loose> = { 1: migrateV1toV2 };

/** Reads the raw text of an earlier version's key as current-format state. */
export function migrateToCurrent(raw: string, fromVersion: number, courseId: string): ReadResult {
  let data: Loose;
  try {
    data = JSON.parse(raw) as Loose;
  } catch {
    return fail('not-json', 'not JSON');
  }
  if (data?.v !== fromVersion) return fail('not-version', `not version ${fromVersion}`);
  for (let v = fromVersion; v < PROGRESS_VERSION; v++) {
    const step = steps[v];
    if (!step) return fail('no-migration', `no migration from version ${v}`);
    data = step(data);
  }
  let text: string;
  try {
    text = JSON.stringify(data);
  } catch {
    return fail('too-deep', 'nested too deeply'); // JSON.stringify overflows the stack
  }
  return readProgress(text, courseId);
}
