/** The course manifest (src/lib/course/manifest.ts) of this build, made once from the validated content. */
import type { CourseManifest } from '../lib/course/manifest';
import { buildManifest } from '../lib/course/build-manifest';
import { loadCourse } from './course';

let cached: Promise<CourseManifest> | undefined;

export function loadManifest(): Promise<CourseManifest> {
  cached ??= loadCourse().then((course) =>
    buildManifest({
      model: course,
      trainers: course.trainers.map((t) => ({ id: t.id, data: t.data })),
      quizzes: course.quizzes,
      builtAt: new Date(),
    }),
  );
  return cached;
}
