/** The course manifest this page carries (embedded by components/trust/ManifestData.astro). */
import type { CourseManifest } from '../lib/course/manifest';

let manifest: CourseManifest | undefined;

export function readManifest(): CourseManifest {
  manifest ??= JSON.parse(document.getElementById('tandem-manifest')!.textContent!) as CourseManifest;
  return manifest;
}
