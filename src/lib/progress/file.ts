/**
 * The plain progress file a trainee exports and imports (one profile). The signed bundle of the
 * export issue builds on it; this file is for moving one's own progress between browsers.
 * Importing verifies the file completely first and returns a new state: nothing is changed
 * until the caller stores the result, and a refused file changes nothing.
 */
import { PROGRESS_VERSION, isProfile, type ProgressState, type TraineeProfile } from './format';
import type { QuizAttempt } from '../quiz/score';
import { describeValue } from '../describe';
import { fail, ok, type Result } from '../result';

export const PROGRESS_FILE_FORMAT = 'tandem-progress';
export const PROGRESS_FILE_VERSION = 1;
/** Far above any real trainee's progress (a few hundred KB at most); stops a wrong file early. */
export const MAX_PROGRESS_FILE_BYTES = 5_000_000;

export interface ProgressFile {
  format: typeof PROGRESS_FILE_FORMAT;
  version: typeof PROGRESS_FILE_VERSION;
  course: string;
  exportedAt: string;
  profile: TraineeProfile;
}

export function exportProgressFile(state: ProgressState, profileId: string, now: string): ProgressFile {
  const profile = state.profiles[profileId];
  if (!profile) throw new Error(`no profile "${profileId}"`);
  return {
    format: PROGRESS_FILE_FORMAT,
    version: PROGRESS_FILE_VERSION,
    course: state.course,
    exportedAt: now,
    profile,
  };
}

/** Suggested download name: course, trainee and date, safe on every file system. */
export function progressFileName(file: ProgressFile): string {
  const name = file.profile.name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // the accents NFKD splits off: "Zoë" gives "zoe", not "zoe-"
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
  return `${file.course}-${name || 'trainee'}-progress-${file.exportedAt.slice(0, 10)}.json`;
}

/** Why a text is not a progress file of this course; the sentence says it for people. */
export type ProgressFileReason =
  'too-large' | 'not-json' | 'not-a-progress-file' | 'version' | 'wrong-course' | 'no-date' | 'bad-profile';

export type ParseResult = Result<ProgressFile, ProgressFileReason>;

export function parseProgressFile(text: string, courseId: string): ParseResult {
  if (text.length > MAX_PROGRESS_FILE_BYTES)
    return fail('too-large', 'The file is too large to be a Tandem progress file.');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail('not-json', 'The file is not JSON, so it is not a Tandem progress file.');
  }
  if (typeof data !== 'object' || data === null)
    return fail('not-a-progress-file', 'The file is not a Tandem progress file.');
  const d = data as Record<string, unknown>;
  if (d.format !== PROGRESS_FILE_FORMAT) return fail('not-a-progress-file', 'The file is not a Tandem progress file.');
  if (d.version !== PROGRESS_FILE_VERSION) {
    return fail(
      'version',
      `The file has format version ${describeValue(d.version)}; this site reads version ${PROGRESS_FILE_VERSION}.`,
    );
  }
  if (d.course !== courseId) {
    return fail(
      'wrong-course',
      `The file is for the course "${describeValue(d.course)}", not this course ("${courseId}").`,
    );
  }
  if (typeof d.exportedAt !== 'string') return fail('no-date', 'The file has no export date.');
  if (!isProfile(d.profile)) return fail('bad-profile', 'The trainee profile in the file is damaged or incomplete.');
  return ok(data as ProgressFile);
}

export interface MergeSummary {
  /** True when the trainee was not on this browser before. */
  added: boolean;
  name: string;
  newAttempts: number;
  newLessons: number;
  newEntries: number;
}

const attemptKey = (a: QuizAttempt) => `${a.at}|${a.hash}|${a.score}`;
const earliest = (a: string | undefined, b: string | undefined) =>
  a === undefined ? b : b === undefined ? a : a < b ? a : b;

/**
 * Adds an imported profile to the state: a new trainee is added; a trainee already here gets
 * the union of both (earliest read/completed dates, every attempt once, every entry once).
 * Importing the same file twice changes nothing the second time. The imported trainee becomes
 * the active one.
 */
export function mergeProfile(
  state: ProgressState,
  incoming: TraineeProfile,
): { state: ProgressState; summary: MergeSummary } {
  const current = state.profiles[incoming.id];
  const summary: MergeSummary = { added: !current, name: incoming.name, newAttempts: 0, newLessons: 0, newEntries: 0 };
  const base: TraineeProfile = current ?? { ...incoming, lessons: {}, attempts: {}, entries: [] };

  const lessons = { ...base.lessons };
  for (const [id, l] of Object.entries(incoming.lessons)) {
    const had = Object.hasOwn(lessons, id) ? lessons[id] : undefined;
    const merged = { readAt: earliest(had?.readAt, l.readAt), completedAt: earliest(had?.completedAt, l.completedAt) };
    if (!had || had.readAt !== merged.readAt || had.completedAt !== merged.completedAt) summary.newLessons++;
    lessons[id] = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined));
  }

  const attempts = { ...base.attempts };
  for (const [lesson, list] of Object.entries(incoming.attempts)) {
    // hasOwn: a lesson id such as "constructor" must not find Object's own `constructor`.
    const old = (Object.hasOwn(attempts, lesson) ? attempts[lesson] : undefined) ?? [];
    const have = new Set(old.map(attemptKey));
    const added = list.filter((a) => !have.has(attemptKey(a)));
    summary.newAttempts += added.length;
    if (added.length) attempts[lesson] = [...old, ...added].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  const entries = [...base.entries];
  for (const e of incoming.entries) {
    if (!entries.includes(e)) {
      entries.push(e);
      summary.newEntries++;
    }
  }

  const acks = [...(base.acks ?? [])];
  for (const a of incoming.acks ?? []) if (!acks.includes(a)) acks.push(a);

  const profile: TraineeProfile = { ...base, lessons, attempts, entries, ...(acks.length > 0 && { acks }) };
  return {
    state: {
      ...state,
      v: PROGRESS_VERSION,
      active: incoming.id,
      profiles: { ...state.profiles, [incoming.id]: profile },
    },
    summary,
  };
}
