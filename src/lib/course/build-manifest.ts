/**
 * Builds the course manifest from validated content. One function for the site build
 * (src/site/manifest.ts) and for `npm run verify` without a build
 * (src/lib/course/manifest-from-files.ts), so both hash exactly alike.
 */
import type { CourseModel } from '../content/course';
import type { TrainerData } from '../content/schema';
import type { Question } from '../quiz/schemas';
import { contentHash } from '../hash';
import { rosterFromContent } from '../trust/roster';
import { MANIFEST_FORMAT, MANIFEST_VERSION, type CourseManifest } from './manifest';

/** A quiz's content hash: only the questions, so a new pass mark does not make earlier answers stale. */
export function quizHash(questions: readonly Question[]): Promise<string> {
  return contentHash(questions);
}

export async function buildManifest(input: {
  model: CourseModel;
  trainers: readonly { id: string; data: TrainerData }[];
  /** Lesson id → its quiz's hash, pass mark and questions. */
  quizzes: Iterable<[string, { hash: string; passMark: number; questions: readonly unknown[] }]>;
  builtAt: Date;
  /** The canonical address (src/lib/course/site.ts), when the owner set one. */
  site?: string | undefined;
}): Promise<CourseManifest> {
  const { model } = input;
  const { settings } = model;
  const skills = await Promise.all(
    model.skills.map(async (s) => ({
      id: s.id,
      title: s.data.title,
      required: s.data.required,
      // The whole definition: a changed check or lesson list is a new version of the skill.
      hash: await contentHash(s.data),
      lessons: s.data.lessons,
      steps: s.data.steps,
    })),
  );
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    course: {
      id: settings.id,
      title: settings.title,
      organisation: settings.organisation,
      passMark: settings.passMark,
      certificationExpiryMonths: settings.certificationExpiryMonths,
      acknowledgement: {
        statement: settings.acknowledgement.statement,
        required: settings.acknowledgement.required,
        earlier: settings.acknowledgement.earlierStatements,
      },
    },
    builtAt: input.builtAt.toISOString(),
    ...(input.site !== undefined && { site: input.site }),
    roster: rosterFromContent(settings.id, [...input.trainers]),
    skills,
    quizzes: Object.fromEntries(
      [...input.quizzes].map(([id, q]) => [id, { hash: q.hash, passMark: q.passMark, questions: q.questions.length }]),
    ),
    lessons: Object.fromEntries(model.sequence.map((l) => [l.id, { title: l.title }])),
  };
}
