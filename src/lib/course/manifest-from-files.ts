/**
 * The course manifest built straight from `src/content` in plain Node, for `npm run verify` when
 * no built site is at hand. It must give the very manifest the site build publishes
 * (src/site/course.ts and src/site/manifest.ts): the same files, parsed the way Astro's glob
 * loader parses them (js-yaml; front matter between `---` lines; id from the file name unless
 * the data has a `slug`), checked with the same zod schemas and cross-file rules, and hashed the
 * same way. tests/unit/course/manifest.test.ts holds the two side by side.
 *
 * Node only (file system, zod): never import this from a page.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { load } from 'js-yaml';
import { buildCourseModel } from '../content/course';
import { courseSchema, lessonSchema, moduleSchema, skillSchema, trainerSchema } from '../content/schema';
import { formatProblems, validateCourse, type CourseContent, type Entry } from '../content/validate';
import type { CourseManifest } from './manifest';
import { buildManifest, quizHash } from './build-manifest';
import { VERSIONS_PATH, publishVersions } from './versions';
import { quizSchema } from '../quiz/schemas';
import { fail, ok, type Result } from '../result';

interface Schema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: ZodIssue[] } };
}
interface ZodIssue {
  path: PropertyKey[];
  message: string;
}

/** The collections as src/content.config.ts declares them: folder, file ending, schema. */
const COLLECTIONS = {
  course: { folder: 'course', ext: '.yaml', schema: courseSchema },
  modules: { folder: 'modules', ext: '.yaml', schema: moduleSchema },
  lessons: { folder: 'lessons', ext: '.mdx', schema: lessonSchema },
  skills: { folder: 'skills', ext: '.yaml', schema: skillSchema },
  quizzes: { folder: 'quizzes', ext: '.yaml', schema: quizSchema },
  trainers: { folder: 'trainers', ext: '.yaml', schema: trainerSchema },
} as const;

/**
 * Reads, checks and hashes the course in `contentDir` (default `src/content`, or
 * `$TANDEM_CONTENT` as the build uses it). Broken content is refused with every problem listed,
 * as the build would stop on it.
 */
export async function manifestFromFiles(
  contentDir: string = process.env['TANDEM_CONTENT'] || 'src/content',
  options: { builtAt?: Date } = {},
): Promise<Result<CourseManifest, 'content-error'>> {
  const problems: string[] = [];
  const read = async <T>(name: keyof typeof COLLECTIONS): Promise<Entry<T>[]> => {
    const { folder, ext, schema } = COLLECTIONS[name];
    return readCollection(join(contentDir, folder), ext, schema as unknown as Schema<T>, problems);
  };
  const [course, modules, allLessons, skills, trainers, quizzes] = await Promise.all([
    read<CourseContent['course'][number]['data']>('course'),
    read<CourseContent['modules'][number]['data']>('modules'),
    read<CourseContent['lessons'][number]['data']>('lessons'),
    read<CourseContent['skills'][number]['data']>('skills'),
    read<CourseContent['trainers'][number]['data']>('trainers'),
    read<CourseContent['quizzes'][number]['data']>('quizzes'),
  ]);
  if (problems.length > 0) {
    return fail('content-error', `The course content cannot be read:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  const lessons = allLessons.filter((l) => !l.data.draft);
  const content: CourseContent = { course, modules, lessons, skills, trainers, quizzes };
  const errors = validateCourse(content).filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    return fail(
      'content-error',
      `The course content has ${errors.length} error${errors.length === 1 ? '' : 's'}:\n${formatProblems(errors)}`,
    );
  }

  // From here on, what src/site/course.ts and src/site/manifest.ts do, with the same functions.
  const model = buildCourseModel((course[0] as (typeof course)[number]).data, modules, lessons, skills);
  const lessonIds = new Set(lessons.map((l) => l.id));
  const quizEntries = await Promise.all(
    quizzes
      .filter((q) => lessonIds.has(q.id))
      .map(async (q): Promise<[string, { hash: string; passMark: number; questions: readonly unknown[] }]> => [
        q.id,
        {
          hash: await quizHash(q.data.questions),
          passMark: q.data.passMark ?? model.settings.passMark,
          questions: q.data.questions,
        },
      ]),
  );
  const manifest = await buildManifest({
    model,
    trainers: trainers.map((t) => ({ id: t.id, data: t.data })),
    quizzes: quizEntries,
    builtAt: options.builtAt ?? new Date(),
  });
  // Read only: verifying a record never changes the content folder.
  return ok(await publishVersions(manifest, { file: join(contentDir, VERSIONS_PATH), write: false }));
}

/** One collection folder: `*.yaml` (or `*.mdx` front matter) files directly in it, parsed and checked. */
async function readCollection<T>(dir: string, ext: string, schema: Schema<T>, problems: string[]): Promise<Entry<T>[]> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter((d) => d.isFile() && d.name.endsWith(ext) && !d.name.startsWith('.'))
      .map((d) => d.name)
      .sort();
  } catch {
    return []; // a missing folder is an empty collection, as for Astro; validation says what is missing
  }
  const entries: Entry<T>[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const file = relative(process.cwd(), path) || path;
    let raw: unknown;
    try {
      const text = await readFile(path, 'utf8');
      raw = ext === '.mdx' ? frontMatter(text) : load(text);
    } catch (error) {
      problems.push(
        `${file}: cannot be parsed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      );
      continue;
    }
    if (typeof raw !== 'object' || raw === null) {
      problems.push(`${file}: data is not an object`);
      continue;
    }
    const slug = (raw as { slug?: unknown }).slug;
    const id = typeof slug === 'string' && slug ? slug : slugOf(name.slice(0, -ext.length));
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(`${file}: ${issue.path.map(String).join('.') || '(file)'}: ${issue.message}`);
      }
      continue;
    }
    entries.push({ id, file, data: parsed.data });
  }
  return entries;
}

/** YAML front matter, found the way Astro finds it (@astrojs/internal-helpers/frontmatter). */
function frontMatter(code: string): unknown {
  const match = /(?:^\uFEFF?|^\s*\n)(---|\+\+\+)([\s\S]*?\n)(?:---|\+\+\+)/.exec(code);
  if (!match) return {};
  if (match[1] === '+++') throw new Error('TOML front matter is not supported here; use YAML between --- lines');
  const parsed = load(match[2] as string);
  return parsed && typeof parsed === 'object' ? parsed : {};
}

/** A file name as an id, the way github-slugger (Astro's default ids) turns it into one. */
function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}
