/**
 * Offline use: after the site is built (and indexed by Pagefind), this writes `sw.js`, a
 * service worker that precaches every file of the built site, so after one visit every page
 * (lessons, quizzes, checklist, trainer and verify pages, search) opens with the network off.
 *
 * The precache keeps a content hash per file: a new deployment downloads only what changed,
 * and the new worker waits until the trainee chooses to reload (see
 * src/components/offline/offline.ts), so nobody loses a quiz half answered.
 *
 * The worker is Workbox's precaching (src/integrations/offline-worker.js), bundled here with
 * Rolldown (Vite's bundler, already loaded) and given the list of files. Workbox's own
 * generateSW did the same through Babel and Terser: about 1.5 s of every build, plus 0.8 s to
 * load workbox-build when Astro read the config, whatever the size of the course.
 */
import type { AstroIntegration } from 'astro';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
// Static, not import(): Astro closes the module runner that loaded the config before build:done.
import { rolldown } from 'rolldown';

export const SERVICE_WORKER = 'sw.js';

/** Pagefind's wasm and large lessons are a few hundred KB at most; this is a safety net. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

/**
 * Files the browser never asks for: the host's header file, source maps, the precompressed
 * copies (src/integrations/compress.ts; the server sends them in place of the original, so
 * caching both would download every text file twice), and Pagefind's ready-made search UIs,
 * which the course's own search page does not load. The published keys (`.well-known/`, and the
 * DID document of a site under a sub-path) are for other software, which asks the server: an
 * offline copy on a trainee's device would only go stale.
 */
export function precached(file: string): boolean {
  return !(
    file === '_headers' ||
    file === SERVICE_WORKER ||
    file.startsWith('.well-known/') ||
    file === 'did.json' ||
    /\.(map|gz|br)$/.test(file) ||
    /^pagefind\/pagefind-(ui|component-ui|modular-ui)\./.test(file) ||
    file === 'pagefind/pagefind-highlight.js'
  );
}

export interface PrecacheEntry {
  url: string;
  revision: string;
}

/** The precache list: every file of `outDir` the site uses, with the MD5 of its content. */
export function precacheManifest(outDir: string): { entries: PrecacheEntry[]; size: number; warnings: string[] } {
  const entries: PrecacheEntry[] = [];
  const warnings: string[] = [];
  let size = 0;
  const files = readdirSync(outDir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(outDir, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .filter(precached)
    .sort();
  for (const file of files) {
    const full = path.join(outDir, file);
    const bytes = statSync(full).size;
    if (bytes > MAX_FILE_BYTES) {
      warnings.push(`${file} is ${(bytes / 1024 / 1024).toFixed(1)} MB, past the precache's limit: not kept offline`);
      continue;
    }
    entries.push({ url: encodeURI(file), revision: createHash('md5').update(readFileSync(full)).digest('hex') });
    size += bytes;
  }
  return { entries, size, warnings };
}

let runtime: Promise<string> | undefined;

/** The worker's code, bundled once per process (the end-to-end tests write sw.js repeatedly). */
function workerRuntime(): Promise<string> {
  runtime ??= (async () => {
    const bundle = await rolldown({
      input: fileURLToPath(new URL('./offline-worker.js', import.meta.url)),
      platform: 'browser',
      // Workbox's development logging is dropped in production builds.
      transform: { define: { 'process.env.NODE_ENV': '"production"' } },
      logLevel: 'silent',
    });
    try {
      const { output } = await bundle.generate({ format: 'iife', minify: true });
      return output[0].code;
    } finally {
      await bundle.close();
    }
  })();
  return runtime;
}

/** Writes sw.js into a built site's folder (the end-to-end tests call it to "deploy" a change). */
export async function writeServiceWorker(outDir: string): Promise<{ count: number; size: number; warnings: string[] }> {
  const code = await workerRuntime();
  const { entries, size, warnings } = precacheManifest(outDir);
  if (!code.includes('self.__WB_MANIFEST')) throw new Error('the service worker bundle lost self.__WB_MANIFEST');
  writeFileSync(
    path.join(outDir, SERVICE_WORKER),
    code.replace('self.__WB_MANIFEST', () => JSON.stringify(entries)),
  );
  return { count: entries.length, size, warnings };
}

export function offlineWorker(): AstroIntegration {
  return {
    name: 'tandem:offline',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const started = performance.now();
        const { count, size, warnings } = await writeServiceWorker(fileURLToPath(dir));
        for (const warning of warnings) logger.warn(warning);
        logger.info(
          `service worker precaches ${count} files (${(size / 1024).toFixed(0)} KB) in ${Math.round(performance.now() - started)} ms`,
        );
      },
    },
  };
}
