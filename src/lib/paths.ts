/**
 * Base-aware URLs. The site may be hosted at the domain root or under a sub-path
 * (BASE_PATH=/training/), so no page may write an absolute path by hand.
 */

/** Normalises a base path to "/" or "/something/" (leading and trailing slash). */
export function normaliseBase(base: string | undefined): string {
  const trimmed = (base ?? '/').trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

/** Joins a site path ("/lessons/x/", "lessons/x/") onto the base; leaves external URLs alone. */
export function withBase(base: string, path: string): string {
  if (/^([a-z][a-z0-9+.-]*:|\/\/|#)/i.test(path)) return path;
  const b = normaliseBase(base);
  const p = path.replace(/^\/+/, '');
  return b + p;
}
