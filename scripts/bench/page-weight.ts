/**
 * What a page really makes the browser download in JavaScript: its module scripts and every
 * chunk they import statically, each counted once, gzipped (level 9) the way a server would
 * send them. Shared by the budget tests and `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface PageWeight {
  files: string[];
  bytes: number;
  gzip: number;
  /** Inline <script> elements that would run (a strict CSP forbids them); JSON data blocks don't count. */
  inlineScripts: number;
}

export function pageJsWeight(dist: string, htmlFile: string, base = '/'): PageWeight {
  const html = readFileSync(path.join(dist, htmlFile), 'utf8');
  const files = new Set<string>();
  const queue = [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => toFile(dist, m[1] ?? '', base));
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w{}\s,*$]+from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) {
      queue.push(path.resolve(path.dirname(file), m[1] ?? ''));
    }
  }
  let bytes = 0;
  let gzip = 0;
  for (const file of files) {
    const content = readFileSync(file);
    bytes += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
  }
  const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].filter(
    (m) => !/type="application\/(?:ld\+)?json"/.test(m[1] ?? ''),
  ).length;
  return { files: [...files].map((f) => path.relative(dist, f)), bytes, gzip, inlineScripts };
}

function toFile(dist: string, src: string, base: string): string {
  const local = src.startsWith(base) ? src.slice(base.length) : src.replace(/^\//, '');
  return path.join(dist, local);
}

export interface PageTotal {
  html: number;
  css: number;
  js: number;
  other: number;
  /** Everything the first view of the page downloads, gzipped as a server would send it. */
  total: number;
}

/**
 * The whole first view of a page: its HTML, stylesheets, JavaScript (as above) and the images
 * and icons it references, each gzipped. Fragments Pagefind fetches on a search and the
 * service worker's background copy of the site are not part of a page's first view.
 */
export function pageTotalWeight(dist: string, htmlFile: string, base = '/'): PageTotal {
  const htmlBytes = readFileSync(path.join(dist, htmlFile));
  const html = htmlBytes.toString('utf8');
  const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
  const linked = (pattern: RegExp) =>
    [...new Set([...html.matchAll(pattern)].map((m) => m[1] ?? ''))]
      .filter((src) => !src.startsWith('data:') && !/^[a-z]+:\/\//i.test(src))
      .map((src) => toFile(dist, src, base));
  const css = linked(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g).reduce((sum, f) => sum + gz(f), 0);
  const other = [...linked(/<img[^>]*\bsrc="([^"]+)"/g), ...linked(/<link[^>]*rel="icon"[^>]*href="([^"]+)"/g)].reduce(
    (sum, f) => sum + gz(f),
    0,
  );
  const js = pageJsWeight(dist, htmlFile, base).gzip;
  const htmlGz = gzipSync(htmlBytes, { level: 9 }).length;
  return { html: htmlGz, css, js, other, total: htmlGz + css + js + other };
}
