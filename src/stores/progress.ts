/**
 * Trainee progress in this browser: profiles, lessons read and completed, quiz attempts.
 *
 * One persistent atom (@nanostores/persistent) holds the whole state as JSON under a
 * namespaced, versioned key, so every tab sees one consistent value and the `storage` event
 * keeps tabs in sync. What the library does not do for us, done here:
 * - unreadable data is copied aside under its own key and reported, never silently replaced;
 * - an earlier format is migrated once, leaving the old key untouched;
 * - a write that fails (storage full, private mode) is reported and the saved state is kept.
 */
import { atom } from 'nanostores';
import { persistentAtom } from '@nanostores/persistent';
import {
  MAX_NAME,
  cleanName,
  asideKey,
  EARLIER_VERSIONS,
  emptyProgress,
  newProfileId,
  progressKey,
  readProgress,
  type ProgressState,
  type TraineeProfile,
} from '../lib/progress/format';
import { migrateToCurrent } from '../lib/progress/migrate';
import type { QuizAttempt } from '../lib/quiz/score';
import type { Result } from '../lib/result';

/** A problem the trainee should hear about; shown by the profile switcher on every page. */
export interface StorageProblem {
  kind: 'write-failed' | 'set-aside' | 'unreadable';
  message: string;
}

/** Minimal storage the stores need; `localStorage` in the browser, a Map-backed fake in tests. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Why a change was not saved: storage full or blocked, no trainee chosen, a name that cannot be kept, a trainee gone. */
export type ActionReason = 'not-saved' | 'no-trainee' | 'bad-name' | 'no-such-trainee';

export type ActionResult<T = void> = Result<T, ActionReason>;

// Objects rather than ok()/fail(): this store is on every page, and the home page's budget is tight.
const done: ActionResult = { ok: true, value: undefined };

export function createProgressStores(
  courseId: string,
  storage: KeyValueStorage | undefined,
  now = () => new Date().toISOString(),
) {
  const key = progressKey(courseId);
  const $problem = atom<StorageProblem | null>(null);
  // Set when unreadable data could not be copied aside: then we must not write over it.
  let writesBlocked = false;

  /** Copies unreadable text aside, then stores `cleaned` so the same text is not set aside again. */
  const setAside = (raw: string, reason: string, cleaned: ProgressState): void => {
    const at = now();
    try {
      storage?.setItem(asideKey(courseId, at), raw);
      storage?.setItem(key, JSON.stringify(cleaned));
      $problem.set({
        kind: 'set-aside',
        message: `Saved progress could not be read (${reason}); it was kept aside. See My progress.`,
      });
    } catch {
      writesBlocked = true;
      $problem.set({
        kind: 'unreadable',
        message: `Saved progress could not be read (${reason}) and storage is full: nothing will be saved until space is freed.`,
      });
    }
  };

  const decode = (raw: string): ProgressState => {
    const result = readProgress(raw, courseId);
    if (!result.ok) {
      const empty = emptyProgress(courseId);
      setAside(raw, result.message, empty);
      return empty;
    }
    const dropped = Object.keys(result.value.dropped);
    if (dropped.length > 0)
      setAside(
        droppedText(result.value.dropped, raw),
        `${dropped.length} damaged profile${dropped.length === 1 ? '' : 's'}`,
        result.value.state,
      );
    return result.value.state;
  };

  const $progress = persistentAtom<ProgressState>(key, migrateEarlier() ?? emptyProgress(courseId), {
    encode: JSON.stringify,
    decode,
  });

  /** The trainee using this browser now, or null. */
  const activeProfile = (s = $progress.get()): TraineeProfile | null =>
    s.active ? (s.profiles[s.active] ?? null) : null;

  /** Calls `show` with the progress now and after every change, in this tab or another. */
  const watch = (show: (state: ProgressState, active: TraineeProfile | null) => void): (() => void) =>
    $progress.subscribe((s) => show(s, activeProfile(s)));

  /**
   * When the current key is empty but an earlier version's key is not, migrate once. The old
   * key is left as it was; if it cannot be migrated it stays there untouched. Returns the
   * migrated state when there was no room to save it, so the page still shows it (and the
   * next write that fits saves it) instead of an empty store that a new profile would fill.
   */
  function migrateEarlier(): ProgressState | undefined {
    if (!storage || storage.getItem(key) !== null) return undefined;
    for (const version of EARLIER_VERSIONS) {
      const raw = storage.getItem(progressKey(courseId, version));
      const result = raw === null ? null : migrateToCurrent(raw, version, courseId);
      if (!result?.ok) continue;
      try {
        storage.setItem(key, JSON.stringify(result.value.state));
      } catch {
        // No room: the earlier key still holds everything; the next page load tries again.
        return result.value.state;
      }
      // Trainees that could not be migrated are kept aside and reported, like damaged current ones.
      const dropped = Object.keys(result.value.dropped);
      if (dropped.length > 0) {
        setAside(
          droppedText(result.value.dropped, raw ?? ''),
          `${dropped.length} damaged profile${dropped.length === 1 ? '' : 's'} in earlier data`,
          result.value.state,
        );
      }
      return undefined;
    }
    return undefined;
  }

  /** The one way state changes: compute the next state, try to save it, report failure. */
  function update(change: (s: ProgressState) => ProgressState): ActionResult {
    if (writesBlocked)
      return { ok: false, reason: 'not-saved', message: $problem.get()?.message ?? 'Not saved: storage is full.' };
    const before = $progress.get();
    const next = change(before);
    // Cleared before saving, not after: a watcher may save again while this change is shown,
    // and a failure of that save must stay reported.
    if ($problem.get()?.kind === 'write-failed') $problem.set(null);
    try {
      $progress.set(next);
      return done;
    } catch (error) {
      // The persistent atom writes before it updates: a changed store means the write worked
      // and a watcher threw, which is a bug to surface, not full storage.
      if ($progress.get() !== before) throw error;
      // The store still holds what is saved.
      const message = 'Not saved: this browser’s storage is full or blocked. What was saved before is kept.';
      $problem.set({ kind: 'write-failed', message });
      return { ok: false, reason: 'not-saved', message };
    }
  }

  function changeActive(change: (p: TraineeProfile) => TraineeProfile): ActionResult {
    const active = activeProfile();
    if (!active) return { ok: false, reason: 'no-trainee', message: 'Choose or add a trainee first.' };
    return update((s) => ({ ...s, profiles: { ...s.profiles, [active.id]: change(s.profiles[active.id] ?? active) } }));
  }

  const actions = {
    /** The new trainee's id. */
    addProfile(name: string): ActionResult<string> {
      const clean = cleanName(name);
      if (!clean) return { ok: false, reason: 'bad-name', message: `Type a name of 1 to ${MAX_NAME} characters.` };
      const id = newProfileId();
      const profile: TraineeProfile = { id, name: clean, createdAt: now(), lessons: {}, attempts: {}, entries: [] };
      const result = update((s) => ({ ...s, active: id, profiles: { ...s.profiles, [id]: profile } }));
      return result.ok ? { ok: true, value: id } : result;
    },
    switchProfile(id: string | null): ActionResult {
      if (id !== null && !$progress.get().profiles[id])
        return { ok: false, reason: 'no-such-trainee', message: 'That trainee is no longer on this browser.' };
      return update((s) => ({ ...s, active: id }));
    },
    markLessonRead(lesson: string): ActionResult {
      if (activeProfile()?.lessons[lesson]?.readAt) return done; // nothing to write: keeps the first date
      return changeActive((p) => ({
        ...p,
        lessons: { ...p.lessons, [lesson]: { ...p.lessons[lesson], readAt: now() } },
      }));
    },
    markLessonCompleted(lesson: string): ActionResult {
      if (activeProfile()?.lessons[lesson]?.completedAt) return done;
      const at = now();
      return changeActive((p) => ({
        ...p,
        lessons: { ...p.lessons, [lesson]: { readAt: p.lessons[lesson]?.readAt ?? at, completedAt: at } },
      }));
    },
    recordAttempt(lesson: string, attempt: QuizAttempt): ActionResult {
      return changeActive((p) => {
        const lessons =
          attempt.passed && !p.lessons[lesson]?.completedAt
            ? { ...p.lessons, [lesson]: { readAt: p.lessons[lesson]?.readAt ?? attempt.at, completedAt: attempt.at } }
            : p.lessons;
        return { ...p, lessons, attempts: { ...p.attempts, [lesson]: [...(p.attempts[lesson] ?? []), attempt] } };
      });
    },
    /** Replaces the whole state: imports, renames and removals compute it with lib/progress. */
    replace(next: ProgressState): ActionResult {
      return update(() => next);
    },
  };

  return { $progress, $problem, activeProfile, watch, actions };
}

export type ProgressStores = ReturnType<typeof createProgressStores>;

/** The damaged profiles as JSON, or the whole stored text when they cannot be written out (nested too deeply). */
function droppedText(dropped: Record<string, unknown>, raw: string): string {
  try {
    return JSON.stringify(dropped);
  } catch {
    return raw;
  }
}

let shared: ProgressStores | undefined;

/** This page's stores, for the course named on <html data-course>. */
export function progressStores(): ProgressStores {
  if (!shared) {
    const courseId = document.documentElement.dataset.course ?? 'course';
    shared = createProgressStores(courseId, safeLocalStorage());
    // Scripts that read the stored progress without the store (the course map's marks,
    // components/course/course-progress.ts) hear of this tab's changes here; other tabs' changes
    // reach them as storage events.
    shared.$progress.listen(() => document.dispatchEvent(new Event('tandem:progress')));
    // The trainee switcher's first-paint script (components/progress/profile-boot.ts) then loads the trainee
    // switcher too, so the header follows what this page changes.
    document.documentElement.setAttribute('data-progress-live', '');
  }
  return shared;
}

function safeLocalStorage(): KeyValueStorage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // some browsers throw on access when storage is disabled
  }
}
