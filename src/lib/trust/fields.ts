/**
 * Field checks shared by sign-off entries and request links. Each returns a problem sentence
 * naming the field, or undefined when the value is fine, so callers can report the first
 * problem exactly.
 */
import type { Step } from '../content/schema';
import { STEP_ORDER } from './steps';
import { isRecord, unknownKeys } from './encoding';

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
/**
 * Characters that show as nothing, or that change how the text around them is shown, so that a
 * name can look like another: C0 and C1 controls (Cc); format characters (Cf: soft hyphen,
 * zero-width space and joiners, word joiner, BOM, the bidi marks U+200E/U+200F/U+061C, the bidi
 * embeddings, overrides and isolates U+202A–202E and U+2066–2069, invisible tags); line and
 * paragraph separators (U+2028/2029); and the Hangul fillers, blank glyphs used to fake spaces.
 */
const INVISIBLE_IN_NAME = /[\p{Cc}\p{Cf}\u2028\u2029\u115f\u1160\u3164\uffa0]/u;

/** The scripts told apart inside one word; a letter of any other script counts as "another script". */
const SCRIPTS: readonly (readonly [string, RegExp])[] = (
  [
    'Latin',
    'Cyrillic',
    'Greek',
    'Armenian',
    'Georgian',
    'Hebrew',
    'Arabic',
    'Syriac',
    'Thaana',
    'Devanagari',
    'Bengali',
    'Gurmukhi',
    'Gujarati',
    'Oriya',
    'Tamil',
    'Telugu',
    'Kannada',
    'Malayalam',
    'Sinhala',
    'Thai',
    'Lao',
    'Tibetan',
    'Myanmar',
    'Khmer',
    'Ethiopic',
    'Cherokee',
    'Mongolian',
    'Han',
    'Hiragana',
    'Katakana',
    'Hangul',
    'Bopomofo',
  ] as const
).map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const);
/** Scripts that are written together in one word: Japanese, Chinese with Bopomofo, Korean with Han. */
const WRITTEN_TOGETHER: readonly ReadonlySet<string>[] = [
  new Set(['Han', 'Hiragana', 'Katakana']),
  new Set(['Han', 'Bopomofo']),
  new Set(['Han', 'Hangul']),
];
/** Letters of no script (mathematical bold, double-struck…): styled copies of ordinary letters. */
const STYLED_LETTER = /(?=\p{L})\p{Script=Common}/u;
/** A word: letters and the marks on them; spaces, hyphens, apostrophes, digits separate words. */
const WORD = /[\p{L}\p{M}]+/gu;
const LETTER = /\p{L}/u;

const SCRIPT_NAMES = SCRIPTS.map(([name]) => name);
const OTHER = 'another script';

function scriptOf(letter: string): string {
  for (const [name, pattern] of SCRIPTS) if (pattern.test(letter)) return name;
  return OTHER;
}

/** The first word of `value` whose letters come from scripts not written together, with them. */
function mixedScripts(value: string): { word: string; scripts: string[] } | undefined {
  for (const [word] of value.matchAll(WORD)) {
    const scripts = new Set<string>();
    for (const ch of word) if (LETTER.test(ch)) scripts.add(scriptOf(ch));
    if (scripts.size > 1 && !WRITTEN_TOGETHER.some((together) => [...scripts].every((s) => together.has(s)))) {
      return { word, scripts: SCRIPT_NAMES.filter((s) => scripts.has(s)).concat(scripts.has(OTHER) ? [OTHER] : []) };
    }
  }
  return undefined;
}

/**
 * What makes `value` unfit to be shown as a person's name, beyond its length: invisible or
 * direction-changing characters, styled letters, or one word mixing scripts ("Аlice" with a
 * Cyrillic А looks exactly like "Alice"). Whole names in one script are fine in any script, as
 * are accents, hyphens, apostrophes and spaces, and a name with words in different scripts.
 */
function nameSpoofing(value: string, field: string): string | undefined {
  let found = spoofingSeen.get(value);
  if (found === undefined) {
    found = spoofingOf(value);
    if (spoofingSeen.size >= SPOOFING_SEEN_MAX) spoofingSeen.clear();
    spoofingSeen.set(value, found);
  }
  return found === null ? undefined : found(field);
}

/**
 * What `nameSpoofing` found per name already checked. A bundle names the same trainee and the
 * same few trainers in every entry, and these per-letter script tests were a tenth of what
 * verifying an entry cost besides its signature. Bounded: a file of thousands of distinct names
 * only empties it now and then.
 */
const spoofingSeen = new Map<string, ((field: string) => string) | null>();
const SPOOFING_SEEN_MAX = 1024;

function spoofingOf(value: string): ((field: string) => string) | null {
  const invisible = INVISIBLE_IN_NAME.exec(value);
  if (invisible) {
    const code = (invisible[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return (field) => `${field} contains invisible or direction-changing characters (U+${code})`;
  }
  const styled = STYLED_LETTER.exec(value);
  if (styled) return (field) => `${field} contains styled letters (such as ${styled[0]}) that imitate ordinary ones`;
  const mixed = mixedScripts(value);
  if (mixed) {
    const scripts = `${mixed.scripts.slice(0, -1).join(', ')} and ${mixed.scripts.at(-1)}`;
    return (field) =>
      `${field} mixes scripts (${scripts}) in one word ("${mixed.word}"), so it can imitate another name`;
  }
  return null;
}

export function checkContentId(value: unknown, field: string): string | undefined {
  if (typeof value !== 'string') return `${field} is missing or not text`;
  if (value.length > TEXT_LIMITS.id || !CONTENT_ID.test(value)) return `${field} is not a valid id`;
  return undefined;
}

/**
 * The head of every signed payload, a sign-off's and a certification's alike: only known
 * members, format version 1, its `typ`, a UUID id, a course id. The first problem, or undefined.
 */
export function checkHead(p: Record<string, unknown>, keys: readonly string[], typ: string): string | undefined {
  const extra = unknownKeys(p, keys);
  if (extra.length > 0) return `unknown field "${extra[0]}"`;
  if (p['v'] !== 1) return 'v (format version) is not 1';
  if (p['typ'] !== typ) return `typ is not "${typ}"`;
  if (typeof p['id'] !== 'string' || !UUID.test(p['id'])) return 'id is not a UUID';
  return checkContentId(p['course'], 'course');
}

/** The trainer a signed payload names: `{id, name, kid}`, each well-formed. */
export function checkTrainerRef(trainer: unknown): string | undefined {
  if (!isRecord(trainer) || unknownKeys(trainer, ['id', 'name', 'kid']).length > 0) {
    return 'trainer is not {id, name, kid}';
  }
  const problem = checkContentId(trainer['id'], 'trainer.id') ?? checkName(trainer['name'], 'trainer.name');
  if (problem) return problem;
  if (typeof trainer['kid'] !== 'string' || !HASH.test(trainer['kid'])) return 'trainer.kid is not a key id';
  return undefined;
}

export function checkTraineeId(value: unknown, field: string): string | undefined {
  if (typeof value !== 'string') return `${field} is missing or not text`;
  if (value.length > TEXT_LIMITS.id || !TRAINEE_ID.test(value)) return `${field} is not a valid id`;
  return undefined;
}

/**
 * A person's name or role: one line, not blank, at most `TEXT_LIMITS.name`, and not able to
 * pass for another name (no invisible or direction-changing characters, no styled letters, no
 * word mixing scripts). Every signed payload and request link checks its names with this.
 */
export function checkName(value: unknown, field: string): string | undefined {
  if (typeof value !== 'string') return `${field} is missing or not text`;
  if (value.trim() === '') return `${field} is empty`;
  if (value.length > TEXT_LIMITS.name) return `${field} is longer than ${TEXT_LIMITS.name} characters`;
  return nameSpoofing(value, field);
}

/**
 * For pages where a name is typed (trainee profile, trainer setup, teach-back audience): the
 * sentence saying why `name` would be refused when signed, or undefined when it is fine. The
 * same rule as `checkName`, so a name accepted while typing is never refused in a signed entry.
 */
export function nameProblem(name: string, label = 'The name'): string | undefined {
  return checkName(name, label);
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
  // Read field by field: this runs for every date of every entry of a bundle.
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return NaN;
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return NaN;
  return Date.parse(value);
}

/** Whether `value` is a signed UTC date-time naming a real moment (see `instant`). */
export function isInstant(value: unknown): value is string {
  return !Number.isNaN(instant(value));
}
