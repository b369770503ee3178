/**
 * Field checks shared by sign-off entries and request links. Each returns a problem sentence
 * naming the field, or undefined when the value is fine, so callers can report the first
 * problem exactly.
 */
import type { Step } from '../content/schema';
import { STEP_ORDER } from './steps';

/** Longest text accepted in each kind of field, in UTF-16 code units (what `maxlength` counts). */
export const TEXT_LIMITS = {
  /** Ids of courses, skills, trainers and trainees. */
  id: 100,
  /** Names of people and their roles. */
  name: 200,
  /** The trainee's explanation at the Show step. */
  explanation: 2000,
  /** A debrief after a Co-pilot or Solo session. */
  debrief: 2000,
  /** Free notes on any entry. */
  notes: 4000,
} as const;

/** Entry ids. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** SHA-256 hashes and key ids (RFC 7638 thumbprints), base64url without padding. */
export const HASH = /^[A-Za-z0-9_-]{43}$/;
/** The form `Date.prototype.toISOString` writes; UTC only, so entries sort the same everywhere. */
export const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/** Content ids (course, skill, trainer): kebab-case, as the content schema requires. */
const CONTENT_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Trainee ids are made by the site, not the owner: letters, digits, `-` and `_` (UUIDs fit). */
const TRAINEE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
// C0/C1 controls and bidi overrides can make a name display as something else.
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export function checkContentId(value: unknown, field: string): string | undefined {
  if (typeof value !== 'string') return `${field} is missing or not text`;
  if (value.length > TEXT_LIMITS.id || !CONTENT_ID.test(value)) return `${field} is not a valid id`;
  return undefined;
}

export function checkTraineeId(value: unknown, field: string): string | undefined {
  if (typeof value !== 'string') return `${field} is missing or not text`;
  if (value.length > TEXT_LIMITS.id || !TRAINEE_ID.test(value)) return `${field} is not a valid id`;
  return undefined;
}

/** A person's name or role: one line, not blank, at most `TEXT_LIMITS.name`. */
export function checkName(value: unknown, field: string): string | undefined {
  if (typeof value !== 'string') return `${field} is missing or not text`;
  if (value.trim() === '') return `${field} is empty`;
  if (value.length > TEXT_LIMITS.name) return `${field} is longer than ${TEXT_LIMITS.name} characters`;
  if (UNSAFE_IN_NAME.test(value)) return `${field} contains control characters`;
  return undefined;
}

/** Free text (may be empty, may have line breaks) of at most `max` characters. */
export function checkText(value: unknown, field: string, max: number): string | undefined {
  if (typeof value !== 'string') return `${field} is missing or not text`;
  if (value.length > max) return `${field} is longer than ${max} characters`;
  return undefined;
}

export function checkStep(value: unknown, field: string): string | undefined {
  return STEP_ORDER.includes(value as Step) ? undefined : `${field} is not one of ${STEP_ORDER.join(', ')}`;
}

export function checkEnum(value: unknown, field: string, allowed: readonly string[]): string | undefined {
  return allowed.includes(value as string) ? undefined : `${field} is not one of ${allowed.join(', ')}`;
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?Z$/;

/**
 * The moment a signed UTC date-time names, in ms, or NaN when it names none. Stricter than
 * `Date.parse`, which rolls 30 February over into March and reads 24:00 as the next day: a
 * signed date must name exactly one real moment, so two verifiers can never read it apart.
 */
export function instant(value: unknown): number {
  if (typeof value !== 'string') return NaN;
  const m = INSTANT.exec(value);
  if (!m) return NaN;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return NaN;
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return NaN;
  return Date.parse(value);
}

/** Whether `value` is a signed UTC date-time naming a real moment (see `instant`). */
export function isInstant(value: unknown): value is string {
  return !Number.isNaN(instant(value));
}
