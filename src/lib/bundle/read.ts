/**
 * Reading a signed progress bundle's file (docs/export-format.md): its format, version and
 * structure, field by field. Nothing about the entries in it is judged here (see ./verify.ts).
 */
import { describeValue } from '../describe';
import { nestedWithin } from '../progress/format';
import { isRecord, stripBom, unknownKeys } from '../trust/encoding';
import { checkName, checkTraineeId } from '../trust/fields';
import { readPublicJwk } from '../trust/public-jwk';
import type { ProgressBundle } from '../export/types';
import type { UnreadableBundle, UnreadableReason } from './verify';

export const BUNDLE_FORMAT = 'tandem-progress-bundle';
export const BUNDLE_VERSION = 1;
/**
 * Longest bundle read (characters). A real trainee's bundle is a few hundred KB; this leaves room
 * for ten thousand long entries and stops a wrong file (a video, a database dump) early.
 */
export const MAX_BUNDLE_LENGTH = 32 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Reading the file

const BUNDLE_KEYS = [
  'acknowledgements',
  'format',
  'version',
  'exportedAt',
  'exportedFrom',
  'course',
  'trainee',
  'lessons',
  'quizAttempts',
  'entries',
  'certifications',
] as const;
/** Answers are a question id → a value, a list or a small object; far deeper is damage (see MAX_PROFILE_DEPTH). */
const MAX_ANSWERS_DEPTH = 6;
const ATTEMPT_KEYS = ['at', 'hash', 'answers', 'correct', 'score', 'total', 'passMark', 'passed', 'mode'] as const;

export function unreadable(reason: UnreadableReason, message: string): UnreadableBundle {
  return { readable: false, reason, message };
}

/** The file's structure, checked field by field; nothing about the entries in it is judged here. */
export function readBundle(
  input: unknown,
  courseId: string,
): UnreadableBundle | { readable: true; bundle: ProgressBundle } {
  if (typeof input !== 'string') return unreadable('not-json', 'The file is not text, so it is not a progress bundle.');
  const text = stripBom(input);
  if (text.length > MAX_BUNDLE_LENGTH) {
    return unreadable(
      'too-large',
      `The file is ${mb(text.length)} long; a progress bundle is at most ${mb(MAX_BUNDLE_LENGTH)}.`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return unreadable('not-json', 'The file is not JSON, so it is not a progress bundle.');
  }
  if (!isRecord(data) || data['format'] !== BUNDLE_FORMAT) {
    return unreadable(
      'not-a-bundle',
      'The file is not a Tandem progress bundle (its "format" is not tandem-progress-bundle).',
    );
  }
  if (data['version'] !== BUNDLE_VERSION) {
    return unreadable(
      'unsupported-version',
      `The bundle has format version ${describeValue(data['version'])}; this site reads version ${BUNDLE_VERSION}.`,
    );
  }
  const course = data['course'];
  if (!isRecord(course) || typeof course['id'] !== 'string') return damaged('course.id is missing');
  if (course['id'] !== courseId) {
    return unreadable(
      'wrong-course',
      `The bundle is for the course "${clip(course['id'])}", not this course ("${courseId}"): verify it against that course's site.`,
    );
  }
  const problem = structureProblem(data);
  if (problem) return damaged(problem);
  return { readable: true, bundle: data as unknown as ProgressBundle };
}

function damaged(problem: string): UnreadableBundle {
  return unreadable('damaged', `The bundle is damaged: ${problem}.`);
}

function structureProblem(d: Record<string, unknown>): string | undefined {
  const extra = unknownKeys(d, BUNDLE_KEYS);
  if (extra.length > 0) return `it has an unknown field "${clip(extra[0] as string)}"`;
  if (!isTime(d['exportedAt'])) return 'exportedAt is not a date-time';
  if (d['exportedFrom'] !== 'trainee' && d['exportedFrom'] !== 'trainer') {
    return 'exportedFrom is not "trainee" or "trainer"';
  }
  const course = d['course'] as Record<string, unknown>;
  if (unknownKeys(course, ['id', 'title', 'contentVersion']).length > 0)
    return 'course is not {id, title, contentVersion}';
  if (typeof course['title'] !== 'string') return 'course.title is not text';
  if (typeof course['contentVersion'] !== 'string') return 'course.contentVersion is not text';

  const trainee = d['trainee'];
  if (!isRecord(trainee) || unknownKeys(trainee, ['id', 'name', 'key']).length > 0) {
    return 'trainee is not {id, name, key?}';
  }
  const traineeProblem = checkTraineeId(trainee['id'], 'trainee.id') ?? checkName(trainee['name'], 'trainee.name');
  if (traineeProblem) return traineeProblem;
  if (trainee['key'] !== undefined && !readPublicJwk(trainee['key'])) return 'trainee.key is not a P-256 public key';

  const lessons = d['lessons'];
  if (!isRecord(lessons)) return 'lessons is not an object';
  for (const [id, l] of Object.entries(lessons)) {
    if (!isRecord(l) || unknownKeys(l, ['readAt', 'completedAt']).length > 0)
      return `lessons.${clip(id)} is not {readAt, completedAt}`;
    if (l['readAt'] !== undefined && !isTime(l['readAt'])) return `lessons.${clip(id)}.readAt is not a date-time`;
    if (l['completedAt'] !== undefined && !isTime(l['completedAt'])) {
      return `lessons.${clip(id)}.completedAt is not a date-time`;
    }
  }

  const attempts = d['quizAttempts'];
  if (!isRecord(attempts)) return 'quizAttempts is not an object';
  for (const [id, list] of Object.entries(attempts)) {
    if (!Array.isArray(list)) return `quizAttempts.${clip(id)} is not a list`;
    for (const [i, a] of list.entries()) {
      const problem = attemptProblem(a);
      if (problem) return `quizAttempts.${clip(id)}[${i}] ${problem}`;
    }
  }

  for (const field of ['entries', 'certifications', 'acknowledgements'] as const) {
    const list = d[field];
    if (field === 'acknowledgements' && list === undefined) continue;
    if (!Array.isArray(list) || !list.every((e) => typeof e === 'string'))
      return `${field} is not a list of signed entries`;
  }
  return undefined;
}

function attemptProblem(a: unknown): string | undefined {
  if (!isRecord(a)) return 'is not an object';
  const extra = unknownKeys(a, ATTEMPT_KEYS);
  if (extra.length > 0) return `has an unknown field "${clip(extra[0] as string)}"`;
  if (!isTime(a['at'])) return 'has no date-time "at"';
  if (typeof a['hash'] !== 'string') return 'has no quiz hash';
  if (!isRecord(a['answers'])) return 'has no answers';
  if (!nestedWithin(a['answers'], MAX_ANSWERS_DEPTH)) return 'has answers nested too deeply';
  if (!Array.isArray(a['correct']) || !a['correct'].every((c) => typeof c === 'string')) return 'has no list "correct"';
  for (const n of ['score', 'total', 'passMark'] as const) {
    if (typeof a[n] !== 'number' || !Number.isFinite(a[n])) return `has no number "${n}"`;
  }
  if (typeof a['passed'] !== 'boolean') return 'has no "passed"';
  if (a['mode'] !== 'all' && a['mode'] !== 'wrong') return 'has no mode "all" or "wrong"';
  return undefined;
}

const isTime = (v: unknown): v is string => typeof v === 'string' && v.length <= 40 && !Number.isNaN(Date.parse(v));

/** The unverified payload, only to sort or group entries before verifying them. */
function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function mb(chars: number): string {
  return `${(chars / (1024 * 1024)).toFixed(1)} MB`;
}
