/**
 * The one place pages get the course from. It reads every collection, runs the cross-file
 * checks, and stops the build with the owner-facing message when content is broken — so a
 * typo in a module id fails `npm run build` instead of publishing a page with a hole in it.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { AstroError } from 'astro/errors';
import { buildCourseModel, type CourseModel } from '../lib/content/course';
import { formatQuizQuality } from '../lib/content/quiz-quality';
import { formatProblems, quizQualityReport, validateCourse, type Entry } from '../lib/content/validate';
import { quizHash } from '../lib/course/build-manifest';
import type { QuizKey } from '../lib/quiz/score';

export interface LoadedCourse extends CourseModel {
  lessonEntries: Map<string, CollectionEntry<'lessons'>>;
  trainers: CollectionEntry<'trainers'>[];
  /** Lesson id → its quiz as the browser runs it (with the content hash attempts are keyed by). */
  quizzes: Map<string, QuizKey>;
}

let cached: Promise<LoadedCourse> | undefined;

/** Loads and validates the course once per build (every page calls this). */
export function loadCourse(): Promise<LoadedCourse> {
  cached ??= load();
  return cached;
}

async function load(): Promise<LoadedCourse> {
  const [course, modules, allLessons, skills, trainers, quizzes] = await Promise.all([
    getCollection('course'),
    getCollection('modules'),
    getCollection('lessons'),
    getCollection('skills'),
    getCollection('trainers'),
    getCollection('quizzes'),
  ]);
  const lessons = allLessons.filter((l) => !l.data.draft);
  const asEntry = <T>(e: { id: string; filePath?: string; data: T }, folder: string): Entry<T> => ({
    id: e.id,
    file: e.filePath ?? `src/content/${folder}/${e.id}`,
    data: e.data,
  });
  const content = {
    course: course.map((e) => asEntry(e, 'course')),
    modules: modules.map((e) => asEntry(e, 'modules')),
    lessons: lessons.map((e) => asEntry(e, 'lessons')),
    skills: skills.map((e) => asEntry(e, 'skills')),
    trainers: trainers.map((e) => asEntry(e, 'trainers')),
    quizzes: quizzes.map((e) => asEntry(e, 'quizzes')),
  };
  // The figures are printed even when nothing fails, so an owner writing their own course sees
  // how a reader who only follows answer patterns would do (see the owner's guide, Quiz quality).
  console.log(
    `[tandem] quiz quality, by a reader who only follows answer patterns:\n${formatQuizQuality(quizQualityReport(content))}`,
  );
  // Every build but `astro dev` (mode "development") is a build for publishing, and refuses an
  // active demo trainer unless the settings allow it. Not PROD, which follows NODE_ENV: a build
  // run from a test runner has NODE_ENV and MODE "test", and must be refused all the same.
  const production = import.meta.env.MODE !== 'development';
  const problems = validateCourse(content, { production });
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  if (errors.length > 0) {
    throw new AstroError(
      `The course content has ${errors.length} error${errors.length === 1 ? '' : 's'}:\n${formatProblems(errors)}`,
      'Fix the files named above; docs: the owner’s guide (/guides/owner/) lists every field.',
    );
  }
  if (warnings.length > 0) console.warn(`[tandem] content warnings:\n${formatProblems(warnings)}`);
  for (const t of trainers) {
    if (t.data.demo && t.data.keys.some((k) => k.status === 'active')) {
      console.warn(
        `[tandem] WARNING: demo trainer "${t.data.name}" (${t.filePath}) is active. Anyone can sign as this trainer; ` +
          'everything it signs is marked "demo". Remove the file or revoke its key before real use.',
      );
    }
  }
  // validateCourse above stops the build without exactly one settings file; this only narrows the type.
  const settings = content.course[0];
  if (!settings) throw new Error('[tandem] src/content/course/settings.yaml is missing.');
  const model = buildCourseModel(settings.data, content.modules, content.lessons, content.skills);
  const lessonIds = new Set(lessons.map((l) => l.id));
  const quizKeys = await Promise.all(
    quizzes
      .filter((q) => lessonIds.has(q.id))
      .map(async (q): Promise<QuizKey> => ({
        lesson: q.id,
        hash: await quizHash(q.data.questions),
        passMark: q.data.passMark ?? model.settings.passMark,
        shuffle: q.data.shuffle,
        questions: q.data.questions,
      })),
  );
  return {
    ...model,
    lessonEntries: new Map(lessons.map((l) => [l.id, l])),
    trainers,
    quizzes: new Map(quizKeys.map((k) => [k.lesson, k])),
  };
}
