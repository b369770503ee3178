/**
 * The trainee progress kept in the browser, and how it is read back. Pure and small: it ships
 * on every page (the profile switcher), so validation is hand-written rather than zod.
 *
 * Stored under `progressKey(courseId)` as JSON. The version is in the key AND in the data: an
 * older format lives under its own key, so migrating never overwrites what an earlier version
 * of the site wrote (see ./migrate.ts).
 */
import type { WrappedTraineeKey } from '../trust/trainee-key';
import type { QuizAttempt } from '../quiz/score';
import { describeValue } from '../describe';
import type { Result } from '../result';

export const PROGRESS_VERSION = 2;

/** Earlier versions to migrate from (./migrate.ts), newest first, when the current key is empty. */
export const EARLIER_VERSIONS = [1] as const;

/** The localStorage key for this course's progress in the current format. */
export function progressKey(courseId: string, version = PROGRESS_VERSION): string {
  return `tandem:${courseId}:progress:v${version}`;
}

/** Where unreadable data is set aside (never deleted) so it can be recovered by hand. */
export function asideKey(courseId: string, at: string): string {
  return `tandem:${courseId}:set-aside:${at}`;
}

export interface LessonProgress {
  /** First time the lesson page was opened with this profile. */
  readAt?: string;
  /** When the lesson was completed: its quiz passed, or marked complete when it has none. */
  completedAt?: string;
}

export interface TraineeProfile {
  /** Made on this device when the profile is added; it goes into sign-off requests. */
  id: string;
  name: string;
  createdAt: string;
  /** Lesson id → progress. */
  lessons: Record<string, LessonProgress>;
  /** Lesson id → every completed quiz attempt, oldest first. */
  attempts: Record<string, QuizAttempt[]>;
  /** Trainer-signed entries (compact JWS) accepted for this trainee, oldest first. */
  entries: string[];
  /**
   * The trainee's own key, wrapped with their passphrase (lib/trust/trainee-key.ts): it moves
   * with the progress file, and unlocks the profile again on a shared PC. Absent: no key yet.
   */
  key?: WrappedTraineeKey;
  /**
   * The trainee's acknowledgements (compact JWS signed with their key, lib/trust/ack.ts) of
   * entries made for that key, oldest first. Verified again whenever shown, like the entries.
   */
  acks?: string[];
}

export interface ProgressState {
  v: typeof PROGRESS_VERSION;
  course: string;
  /** Id of the trainee using this browser now, or null when none is chosen. */
  active: string | null;
  profiles: Record<string, TraineeProfile>;
}

export function emptyProgress(courseId: string): ProgressState {
  return { v: PROGRESS_VERSION, course: courseId, active: null, profiles: {} };
}

export interface ReadProgress {
  state: ProgressState;
  /** Profiles that could not be read, kept by id. */
  dropped: Record<string, unknown>;
}

/** Why stored progress could not be read as a whole; the message is the short phrase the switcher puts in its sentence. */
export type ReadReason =
  'not-json' | 'no-profiles' | 'version' | 'wrong-course' | 'not-version' | 'no-migration' | 'too-deep';

// Objects rather than ok()/fail(): this module is on every page, and the home page's budget is tight.
export type ReadResult = Result<ReadProgress, ReadReason>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/** Longest trainee name we keep; longer names are refused rather than cut. */
export const MAX_NAME = 120;

/** A name as typed, trimmed with inner spaces collapsed; '' when empty or too long. */
export function cleanName(name: string): string {
  const clean = name.trim().replace(/\s+/g, ' ');
  return clean.length > MAX_NAME ? '' : clean;
}

/**
 * Deepest nesting of arrays and objects in a profile: a real one is about 6 levels (profile,
 * attempts, lesson, attempt, answers, answer). Deeper data is refused rather than kept, because
 * JSON.stringify overflows the stack on it (from about 10,000 levels) and every save would fail.
 */
export const MAX_PROFILE_DEPTH = 12;

/** Whether `value` nests arrays and objects at most `max` levels deep. Iterative, so it cannot overflow. */
export function nestedWithin(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, depth] = top;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return false;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return true;
}

/** Whether a value is a well-formed profile (the id it is filed under must match). */
export function isProfile(p: unknown): p is TraineeProfile {
  return (
    isObject(p) &&
    nestedWithin(p, MAX_PROFILE_DEPTH) &&
    isString(p.id) &&
    /^[A-Za-z0-9_-]{8,64}$/.test(p.id) &&
    // An id like "constructor" or "__proto__" would find a built-in of every object in `profiles[id]`.
    !(p.id in Object.prototype) &&
    isString(p.name) &&
    p.name.trim() !== '' &&
    p.name.length <= MAX_NAME &&
    isString(p.createdAt) &&
    isObject(p.lessons) &&
    Object.values(p.lessons).every(
      (l) =>
        isObject(l) &&
        (l.readAt === undefined || isString(l.readAt)) &&
        (l.completedAt === undefined || isString(l.completedAt)),
    ) &&
    isObject(p.attempts) &&
    Object.values(p.attempts).every((list) => Array.isArray(list) && list.every(isAttempt)) &&
    Array.isArray(p.entries) &&
    p.entries.every(isString) &&
    (p.acks === undefined || (Array.isArray(p.acks) && p.acks.every(isString)))
    // `key` is not checked here (this runs on every page, and home is tight): it is read in full
    // where it is used (lib/trust/trainee-key.ts, stores/trainee-key.ts, progress/receive.ts).
  );
}

function isAttempt(a: unknown): boolean {
  return (
    isObject(a) &&
    isString(a.at) &&
    isString(a.hash) &&
    isObject(a.answers) &&
    Array.isArray(a.correct) &&
    typeof a.score === 'number' &&
    typeof a.total === 'number' &&
    typeof a.passMark === 'number' &&
    typeof a.passed === 'boolean' &&
    (a.mode === 'all' || a.mode === 'wrong')
  );
}

/**
 * Reads stored progress. Whole-store problems (not JSON, another course, wrong version) give a
 * reason and no state; a single bad profile is left out and returned in `dropped`, so one
 * damaged profile does not cost the other trainees on a shared PC their progress.
 */
export function readProgress(raw: string, courseId: string): ReadResult {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not-json', message: 'not JSON' };
  }
  if (!isObject(data) || !isObject(data.profiles)) return { ok: false, reason: 'no-profiles', message: 'no profiles' };
  if (data.v !== PROGRESS_VERSION) return { ok: false, reason: 'version', message: `version ${describeValue(data.v)}` };
  if (data.course !== courseId)
    return { ok: false, reason: 'wrong-course', message: `course ${describeValue(data.course)}` };
  const profiles: Record<string, TraineeProfile> = {};
  // No prototype, so a damaged profile filed under "__proto__" is kept (and set aside) like any other.
  const dropped = Object.create(null) as Record<string, unknown>;
  for (const [id, p] of Object.entries(data.profiles)) {
    if (isProfile(p) && p.id === id) profiles[id] = p;
    else dropped[id] = p;
  }
  const active = isString(data.active) && Object.hasOwn(profiles, data.active) ? data.active : null;
  return { ok: true, value: { state: { v: PROGRESS_VERSION, course: courseId, active, profiles }, dropped } };
}

/**
 * A new profile id: 16 random bytes, base64url. `crypto.getRandomValues` also works on plain
 * HTTP, where `crypto.randomUUID` does not exist. It always starts with a letter or digit, as
 * signed entries require of trainee ids (an id starting with "-" reads like a command-line flag).
 */
export function newProfileId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const id = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  return /^[A-Za-z0-9]/.test(id) ? id : `t${id.slice(1)}`;
}
