/**
 * Build time only (node:fs). The versions of skills and quizzes this site has published, kept in
 * `src/content/course/versions.json` beside the content and committed with it.
 *
 * Why a file and not the git history: a signed entry names the content hash of the skill it was
 * made against, and a verifier must tell an earlier version of the skill (the owner edited it
 * since: the entry still counts, marked as such) from a hash nobody ever published (invented:
 * refused). Hosts often build from shallow clones, where the history is missing, so the build
 * keeps its own list: every build adds the versions it publishes, the owner commits the file,
 * and may remove a version from it to stop entries made against it from counting.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { isRecord, parseJson } from '../trust/encoding';
import type { CourseManifest } from './manifest';

/** Where the file lives inside a content folder. */
export const VERSIONS_PATH = 'course/versions.json';
export const VERSIONS_FILE = `src/content/${VERSIONS_PATH}`;

export interface PublishedVersions {
  /** Skill id → every published version: its hash, its lessons, and the day it was first built. */
  skills: Record<string, { hash: string; lessons: string[]; since: string }[]>;
  /** Lesson id → every published version of its quiz. */
  quizzes: Record<string, { hash: string; questions: number; since: string }[]>;
}

const empty = (): PublishedVersions => ({ skills: {}, quizzes: {} });

/** Reads the file; a missing file is an empty history, a broken one is an error naming the file. */
export async function readVersions(file: string = VERSIONS_FILE): Promise<PublishedVersions> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return empty();
  }
  const data = parseJson(text);
  if (!isRecord(data) || !isRecord(data['skills']) || !isRecord(data['quizzes'])) {
    throw new Error(`${file} is not a versions file ({"skills": {…}, "quizzes": {…}}): fix it or delete it.`);
  }
  return data as unknown as PublishedVersions;
}

/**
 * The history with the manifest's current versions added (first built `today`), and whether
 * anything was added.
 */
export function withCurrent(
  history: PublishedVersions,
  manifest: CourseManifest,
  today: string,
): { versions: PublishedVersions; changed: boolean } {
  const versions: PublishedVersions = structuredClone(history);
  let changed = false;
  for (const s of manifest.skills) {
    const list = (versions.skills[s.id] ??= []);
    if (!list.some((v) => v.hash === s.hash)) {
      list.push({ hash: s.hash, lessons: [...s.lessons], since: today });
      changed = true;
    }
  }
  for (const [lesson, q] of Object.entries(manifest.quizzes)) {
    const list = (versions.quizzes[lesson] ??= []);
    if (!list.some((v) => v.hash === q.hash)) {
      list.push({ hash: q.hash, questions: q.questions ?? 0, since: today });
      changed = true;
    }
  }
  return { versions, changed };
}

/** The manifest with every earlier published version listed beside the current one. */
export function withEarlierVersions(manifest: CourseManifest, versions: PublishedVersions): CourseManifest {
  return {
    ...manifest,
    skills: manifest.skills.map((s) => {
      const earlier = (Object.hasOwn(versions.skills, s.id) ? (versions.skills[s.id] ?? []) : [])
        .filter((v) => v.hash !== s.hash)
        .map((v) => ({ hash: v.hash, lessons: v.lessons }));
      return earlier.length > 0 ? { ...s, earlier } : s;
    }),
    quizzes: Object.fromEntries(
      Object.entries(manifest.quizzes).map(([lesson, q]) => {
        const earlier = (Object.hasOwn(versions.quizzes, lesson) ? (versions.quizzes[lesson] ?? []) : [])
          .filter((v) => v.hash !== q.hash)
          .map((v) => v.hash);
        return [lesson, earlier.length > 0 ? { ...q, earlier } : q];
      }),
    ),
  };
}

/**
 * The manifest with its earlier versions, recording the current ones in the file when `write`
 * (the site build does; `npm run verify` without a build only reads).
 */
export async function publishVersions(
  manifest: CourseManifest,
  o: { file?: string; write: boolean; today?: string },
): Promise<CourseManifest> {
  const file = o.file ?? VERSIONS_FILE;
  const history = await readVersions(file);
  const { versions, changed } = withCurrent(history, manifest, o.today ?? manifest.builtAt.slice(0, 10));
  if (changed && o.write) await writeFile(file, `${JSON.stringify(versions, null, 2)}\n`);
  return withEarlierVersions(manifest, versions);
}
