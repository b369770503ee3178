/**
 * The course manifest: what anyone checking a trainee's record needs to know about the course,
 * published with the site (`/tandem/manifest.json`, and embedded in the pages that sign or
 * verify). The built site is the trust anchor: the roster here is the only one a verifier
 * believes, never one carried inside a file.
 */
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
}

export interface ManifestQuiz {
  hash: string;
  passMark: number;
}

export interface CourseManifest {
  format: typeof MANIFEST_FORMAT;
  version: typeof MANIFEST_VERSION;
  course: { id: string; title: string; organisation: string; passMark: number; certificationExpiryMonths: number };
  /** When the site was built (ISO date-time). */
  builtAt: string;
  roster: Roster;
  skills: ManifestSkill[];
  /** Lesson id → its quiz's hash and pass mark. */
  quizzes: Record<string, ManifestQuiz>;
  /** Lesson id → title, for showing quiz results. */
  lessons: Record<string, { title: string }>;
}

/** Skill id → current hash, as `verifySignoff` wants it. */
export function skillHashes(manifest: CourseManifest): Record<string, string> {
  return Object.fromEntries(manifest.skills.map((s) => [s.id, s.hash]));
}
