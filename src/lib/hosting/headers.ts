/**
 * Reads a `_headers` file (the format Netlify, Cloudflare Pages and other static hosts use) so
 * the local server (scripts/serve.mjs) sends exactly the headers the owner will deploy, and
 * tests can check the nginx sample against it. Plain TypeScript that Node runs directly.
 *
 *   # comment
 *   /path/or/pattern/*
 *     Header-Name: value
 */

export interface HeaderRule {
  /** The path pattern as written; `*` matches any run of characters. */
  pattern: string;
  headers: [name: string, value: string][];
}

export type HeadersParse = { ok: true; rules: HeaderRule[] } | { ok: false; line: number; reason: string };

export function parseHeadersFile(text: string): HeadersParse {
  const rules: HeaderRule[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      if (!line.startsWith('/')) return { ok: false, line: i + 1, reason: `a path must start with "/": ${line}` };
      rules.push({ pattern: line.trim(), headers: [] });
      continue;
    }
    const rule = rules.at(-1);
    if (!rule) return { ok: false, line: i + 1, reason: 'a header comes before any path' };
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim();
    if (colon < 0 || !/^[A-Za-z0-9-]+$/.test(name)) {
      return { ok: false, line: i + 1, reason: `expected "Header-Name: value", found: ${line.trim()}` };
    }
    rule.headers.push([name, line.slice(colon + 1).trim()]);
  }
  return { ok: true, rules };
}

/** Does `pathname` (relative to the site's root, starting with "/") match the rule's pattern? */
export function matchesPattern(pattern: string, pathname: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(pathname);
}

/** Every header that applies to `pathname`, later rules adding to earlier ones. */
export function headersFor(rules: HeaderRule[], pathname: string): [string, string][] {
  return rules.filter((rule) => matchesPattern(rule.pattern, pathname)).flatMap((rule) => rule.headers);
}
