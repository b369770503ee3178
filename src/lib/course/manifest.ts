/**
 * The course manifest: what anyone checking a trainee's record needs to know about the course,
 * published with the site (`/tandem/manifest.json`, and embedded in the pages that sign or
 * verify). The built site is the trust anchor: the roster here is the only one a verifier
 * believes, never one carried inside a file.
 */
import type { AckRules } from './ack-rules';
import type { SignOffRule } from '../content/sign-off';
import type { Roster } from '../trust/roster';

export const MANIFEST_FORMAT = 'tandem-course-manifest';
export const MANIFEST_VERSION = 1;

export interface ManifestSkill {
  id: string;
  title: string;
  required: boolean;
  /** Content hash of the skill definition; sign-offs name the version they were made against. */
  hash: string;
  lessons: string[];
  /** What the trainer checks at each step, and when it may be signed off (absent in older manifests). */
  steps: Record<
    'show' | 'copilot' | 'solo' | 'teachback',
    { focus: string; checks: string[]; signOff?: SignOffRule | undefined }
  >;
  /**
   * Earlier versions of the skill that this site published (src/content/course/versions.json):
   * entries made against one of them still count, marked "earlier version"; an entry naming a
   * hash that is neither current nor listed here names a version that never existed.
   */
  earlier?: { hash: string; lessons: string[] }[];
}

export interface ManifestQuiz {
  hash: string;
  passMark: number;
  /** How many questions the quiz has: a vouched result out of another total is not this quiz's. */
  questions?: number;
  /** Hashes of earlier versions of the quiz that this site published (see `ManifestSkill.earlier`). */
  earlier?: string[];
}

export interface CourseManifest {
  format: typeof MANIFEST_FORMAT;
  version: typeof MANIFEST_VERSION;
  course: {
    id: string;
    title: string;
    organisation: string;
    passMark: number;
    certificationExpiryMonths: number;
    /**
     * The trainee's acknowledgements (settings.yaml `acknowledgement`): the statement they sign,
     * earlier wordings that still count, and whether a signed-off step made for a trainee key
     * counts toward certification only once acknowledged. Absent in manifests made before
     * acknowledgements: the default statement, not required (./ack-rules.ts).
     */
    acknowledgement?: AckRules;
  };
  /** When the site was built (ISO date-time). */
  builtAt: string;
  /**
   * The course's canonical address (src/lib/course/site.ts), with the base path and a trailing
   * slash; absent when the owner set none, and then ids come from the page's own address.
   */
  site?: string;
  roster: Roster;
  skills: ManifestSkill[];
  /** Lesson id → its quiz's hash and pass mark. */
  quizzes: Record<string, ManifestQuiz>;
  /** Lesson id → title, for showing quiz results. */
  lessons: Record<string, { title: string }>;
}

export type { AckRules };

/**
 * Both maps made once per list of skills: a worker judges a thousand-skill course's bundle in
 * jobs of a few dozen entries, and building them for each job cost as much as the entries'
 * own checks. A manifest is never changed once read (a new one is a new object), and the maps
 * are frozen so no caller can change what the next one is given.
 */
const hashMaps = new WeakMap<
  readonly ManifestSkill[],
  { current: Readonly<Record<string, string>>; earlier: Readonly<Record<string, readonly string[]>> }
>();

function hashMapsOf(manifest: CourseManifest) {
  let maps = hashMaps.get(manifest.skills);
  if (!maps) {
    maps = {
      current: Object.freeze(Object.fromEntries(manifest.skills.map((s) => [s.id, s.hash]))),
      earlier: Object.freeze(
        Object.fromEntries(manifest.skills.map((s) => [s.id, Object.freeze((s.earlier ?? []).map((e) => e.hash))])),
      ),
    };
    hashMaps.set(manifest.skills, maps);
  }
  return maps;
}

const skillsById = new WeakMap<readonly ManifestSkill[], Map<string, ManifestSkill>>();

/**
 * The course's skill with this id, if any. By map, made once per list of skills: every entry of a
 * bundle names its skill, and a thousand-skill course made a scan for each a cost of its own.
 */
export function skillById(manifest: CourseManifest, id: string): ManifestSkill | undefined {
  let byId = skillsById.get(manifest.skills);
  if (!byId) skillsById.set(manifest.skills, (byId = new Map(manifest.skills.map((s) => [s.id, s]))));
  return byId.get(id);
}

/** Skill id → current hash, as `verifySignoff` wants it. */
export function skillHashes(manifest: CourseManifest): Readonly<Record<string, string>> {
  return hashMapsOf(manifest).current;
}

/** Skill id → hashes of its earlier published versions, as `verifySignoff` wants them. */
export function earlierSkillHashes(manifest: CourseManifest): Readonly<Record<string, readonly string[]>> {
  return hashMapsOf(manifest).earlier;
}

/** Which published version of a skill `hash` names: the current one, an earlier one, or none. */
export function skillVersion(skill: ManifestSkill, hash: string): 'current' | 'earlier' | 'unknown' {
  if (hash === skill.hash) return 'current';
  return skill.earlier?.some((e) => e.hash === hash) ? 'earlier' : 'unknown';
}

/** Which published version of a lesson's quiz `hash` names (none when the lesson has no quiz). */
export function quizVersion(manifest: CourseManifest, lesson: string, hash: string): 'current' | 'earlier' | 'unknown' {
  const quiz = Object.hasOwn(manifest.quizzes, lesson) ? manifest.quizzes[lesson] : undefined;
  if (!quiz) return 'unknown';
  if (hash === quiz.hash) return 'current';
  return quiz.earlier?.includes(hash) ? 'earlier' : 'unknown';
}
