/** Builds the course manifest (src/lib/course/manifest.ts) from the validated content, once per build. */
import { contentHash } from '../lib/hash';
import { MANIFEST_FORMAT, MANIFEST_VERSION, type CourseManifest } from '../lib/course/manifest';
import { rosterFromContent } from '../lib/trust/roster';
import { loadCourse } from './course';

let cached: Promise<CourseManifest> | undefined;

export function loadManifest(): Promise<CourseManifest> {
  cached ??= build();
  return cached;
}

async function build(): Promise<CourseManifest> {
  const course = await loadCourse();
  const { settings } = course;
  const skills = await Promise.all(
    course.skills.map(async (s) => ({
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
    },
    builtAt: new Date().toISOString(),
    roster: rosterFromContent(
      settings.id,
      course.trainers.map((t) => ({ id: t.id, data: t.data })),
    ),
    skills,
    quizzes: Object.fromEntries([...course.quizzes].map(([id, q]) => [id, { hash: q.hash, passMark: q.passMark }])),
    lessons: Object.fromEntries(course.sequence.map((l) => [l.id, { title: l.title }])),
  };
}
