/** The course manifest this page carries (embedded by components/trust/ManifestData.astro). */
import type { CourseManifest } from '../lib/course/manifest';
import { siteAddress } from '../lib/course/site';

let manifest: CourseManifest | undefined;

export function readManifest(): CourseManifest {
  if (manifest) return manifest;
  const data = document.getElementById('tandem-manifest');
  // A page that reads the manifest must embed it (components/trust/ManifestData.astro).
  if (!data) throw new Error('Missing #tandem-manifest: add <ManifestData /> to this page');
  manifest = JSON.parse(data.textContent ?? '') as CourseManifest;
  return manifest;
}

/**
 * The site's address for ids and links (src/lib/course/site.ts): the owner's canonical one
 * when the build has it, otherwise the root this page was opened at.
 */
export function siteUrl(): string {
  const opened = new URL(document.documentElement.dataset.base ?? '/', location.href).href;
  return siteAddress(readManifest(), opened).url;
}

/** An absolute link to one of the site's pages; `path` as the build wrote it (base included). */
export function siteLink(path: string): string {
  return new URL(path, siteUrl()).href;
}
