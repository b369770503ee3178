/**
 * The course's canonical address: where the owner serves the built site. Badge issuer ids,
 * xAPI ids and the links printed on certificates are made from it, so a page opened on a
 * preview host, a laptop's 127.0.0.1 or a mirror still writes the same ids as the real site.
 * Without one, pages fall back to the address they were opened at, and the build says so.
 */
import { fail, ok, type Result } from '../result';
import type { CourseManifest } from './manifest';

/**
 * The canonical address from the owner's setting (`siteUrl` in settings.yaml, or SITE_URL at
 * build time) and the build's base path. The owner may write the bare origin
 * (`https://learn.example.com`) or the full address with the base path
 * (`https://learn.example.com/training/`); a different path is a mistake the build refuses,
 * since every id made from it would point where the course is not.
 */
export function canonicalSite(configured: string | undefined, base: string): Result<string | undefined> {
  const raw = configured?.trim();
  if (!raw) return ok(undefined);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(
      'not-a-url',
      `The site address "${raw}" is not an absolute address such as https://learn.example.com/.`,
    );
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    return fail('not-https', `The site address "${raw}" must start with https:// (plain http only for localhost).`);
  }
  if (url.search || url.hash || url.username || url.password) {
    return fail(
      'extra-parts',
      `The site address "${raw}" must be a plain address, without a query, fragment or user name.`,
    );
  }
  const basePath = base.endsWith('/') ? base : `${base}/`;
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  if (path !== '/' && path !== basePath) {
    return fail(
      'base-mismatch',
      `The site address "${raw}" ends in ${path}, but the site is built for ${basePath} (BASE_PATH). Give the origin alone, or the address with ${basePath}.`,
    );
  }
  return ok(new URL(basePath, url.origin).href);
}

/** What the build prints when no address is set: which ids will not be stable. */
export const NO_SITE_WARNING =
  'no site address set (siteUrl in src/content/course/settings.yaml, or SITE_URL at build time): ' +
  'Open Badge issuer ids, xAPI activity ids and certificate links will be made from the address ' +
  'each page is opened at, so a preview host or a copy of the site gives other ids than the real one.';

/**
 * The address to make ids and links from: the canonical one when the owner set it, otherwise
 * the site root the page was opened at (`pageRoot`, e.g. `new URL(base, location.href).href`).
 * `stable` says whether other copies of the site will make the same ids.
 */
export function siteAddress(
  manifest: Pick<CourseManifest, 'site'>,
  pageRoot: string,
): { url: string; stable: boolean } {
  return manifest.site ? { url: manifest.site, stable: true } : { url: pageRoot, stable: false };
}
