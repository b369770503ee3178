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
  const queue = [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => toFile(dist, m[1]!, base));
  while (queue.length) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w{}\s,*$]+from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) {
      queue.push(path.resolve(path.dirname(file), m[1]!));
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
    (m) => !/type="application\/(?:ld\+)?json"/.test(m[1]!),
  ).length;
  return { files: [...files].map((f) => path.relative(dist, f)), bytes, gzip, inlineScripts };
}

function toFile(dist: string, src: string, base: string): string {
  const local = src.startsWith(base) ? src.slice(base.length) : src.replace(/^\//, '');
  return path.join(dist, local);
}
