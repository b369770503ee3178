/** The course manifest this page carries (embedded by components/trust/ManifestData.astro). */
import type { CourseManifest } from '../lib/course/manifest';

let manifest: CourseManifest | undefined;

export function readManifest(): CourseManifest {
  if (manifest) return manifest;
  const data = document.getElementById('tandem-manifest');
  // A page that reads the manifest must embed it (components/trust/ManifestData.astro).
  if (!data) throw new Error('Missing #tandem-manifest: add <ManifestData /> to this page');
  manifest = JSON.parse(data.textContent ?? '') as CourseManifest;
  return manifest;
}
