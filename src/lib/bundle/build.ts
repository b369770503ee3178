/**
 * Building a trainee's signed progress bundle (docs/export-format.md): one trainee's whole record
 * in one JSON file, and its suggested file name. Nothing is verified here.
 */
import { skillHashes, type CourseManifest } from '../course/manifest';
import { contentHash } from '../hash';
import type { TraineeProfile } from '../progress/format';
import type { ProgressBundle } from '../export/types';
import { BUNDLE_FORMAT, BUNDLE_VERSION } from './read';
import { unverifiedPayload } from '../trust/judge';

// ---------------------------------------------------------------------------------------------
// Building

export interface BuildBundleOptions {
  /** Whose device makes the file: shown, never trusted. */
  exportedFrom: ProgressBundle['exportedFrom'];
  now: Date | string;
  /** Certification entries (compact JWS) held for this trainee. */
  certifications: readonly string[];
}

/**
 * A trainee's bundle, from their profile (lessons, attempts, sign-off entries in the order they
 * were taken in) and their certification entries (skill ones are put before course ones). Nothing
 * is verified here: whoever reads the bundle verifies it.
 */
export async function buildBundle(
  profile: TraineeProfile,
  manifest: CourseManifest,
  options: BuildBundleOptions,
): Promise<ProgressBundle> {
  const scope = (jws: string) => (unverifiedPayload(jws)?.['scope'] === 'course' ? 1 : 0);
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: new Date(options.now).toISOString(),
    exportedFrom: options.exportedFrom,
    course: {
      id: manifest.course.id,
      title: manifest.course.title,
      contentVersion: await contentVersion(manifest),
    },
    trainee: { id: profile.id, name: profile.name, ...(profile.key && { key: profile.key.publicJwk }) },
    lessons: structuredClone(profile.lessons),
    quizAttempts: structuredClone(profile.attempts),
    entries: [...profile.entries],
    // A stable sort: the order among skill certifications is kept.
    certifications: [...options.certifications].sort((a, b) => scope(a) - scope(b)),
    ...(profile.acks && profile.acks.length > 0 && { acknowledgements: [...profile.acks] }),
  };
}

/** The course's content version: hash of every skill's and quiz's content hash. */
export function contentVersion(manifest: CourseManifest): Promise<string> {
  let version = contentVersions.get(manifest);
  if (!version) {
    version = contentHash({
      skills: skillHashes(manifest),
      quizzes: Object.fromEntries(Object.entries(manifest.quizzes).map(([lesson, q]) => [lesson, q.hash])),
    });
    contentVersions.set(manifest, version);
  }
  return version;
}

/**
 * Worked out once per manifest: every file of a cohort import is compared with it, and hashing
 * the canonical JSON of a large course for each was a cost per file for the same answer. A
 * manifest is read once and never changed after (the pages and the CLI parse a new one).
 */
const contentVersions = new WeakMap<CourseManifest, Promise<string>>();

/** Suggested file name: course, trainee and date, safe on every file system. */
export function bundleFileName(bundle: Pick<ProgressBundle, 'course' | 'trainee' | 'exportedAt'>): string {
  const name = bundle.trainee.name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
  return `${bundle.course.id}-${name || 'trainee'}-record-${bundle.exportedAt.slice(0, 10)}.json`;
}
