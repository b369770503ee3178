/** The course manifest (src/lib/course/manifest.ts) of this build, made once from the validated content. */
import type { CourseManifest } from '../lib/course/manifest';
import { buildManifest } from '../lib/course/build-manifest';
import { VERSIONS_PATH, publishVersions } from '../lib/course/versions';
import { NO_SITE_WARNING, canonicalSite } from '../lib/course/site';
import { loadCourse } from './course';

let cached: Promise<CourseManifest> | undefined;

export function loadManifest(): Promise<CourseManifest> {
  cached ??= loadCourse().then(async (course) => {
    const site = canonicalSite(process.env['SITE_URL'] || course.settings.siteUrl, import.meta.env.BASE_URL);
    if (!site.ok) throw new Error(`[tandem] ${site.message}`);
    if (site.value === undefined) console.warn(`\n[tandem] ${NO_SITE_WARNING}`);
    const manifest = await buildManifest({
      site: site.value,
      model: course,
      trainers: course.trainers.map((t) => ({ id: t.id, data: t.data })),
      quizzes: course.quizzes,
      builtAt: new Date(),
    });
    // The build records the versions it publishes, so later builds still know them as earlier.
    const root = (process.env['TANDEM_CONTENT'] || 'src/content').replace(/\/+$/, '');
    return publishVersions(manifest, { file: `${root}/${VERSIONS_PATH}`, write: true });
  });
  return cached;
}
