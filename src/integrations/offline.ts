/**
 * Offline use: after the site is built (and indexed by Pagefind), Workbox writes `sw.js`, a
 * service worker that precaches every file of the built site, so after one visit every page
 * (lessons, quizzes, checklist, trainer and verify pages, search) opens with the network off.
 *
 * Workbox's precache keeps a content hash per file: a new deployment downloads only what
 * changed, and the new worker waits until the trainee chooses to reload (see
 * src/components/offline/offline.ts), so nobody loses a quiz half answered.
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { generateSW } from 'workbox-build';

export const SERVICE_WORKER = 'sw.js';

/** Writes sw.js into a built site's folder (the end-to-end tests call it to "deploy" a change). */
export async function writeServiceWorker(outDir: string): Promise<{ count: number; size: number; warnings: string[] }> {
  return generateSW({
    globDirectory: outDir,
    globPatterns: ['**/*'],
    // _headers is for the host, not the browser; maps are for developers. Pagefind writes
    // its ready-made search UIs too, which the course's own search page does not load.
    globIgnores: [
      '_headers',
      SERVICE_WORKER,
      '**/*.map',
      'pagefind/pagefind-ui.*',
      'pagefind/pagefind-component-ui.*',
      'pagefind/pagefind-modular-ui.*',
      'pagefind/pagefind-highlight.js',
    ],
    swDest: path.join(outDir, SERVICE_WORKER),
    // One self-contained file: no workbox-*.js beside it, no importScripts from a CDN
    // (a strict CSP and an offline training room allow neither).
    inlineWorkboxRuntime: true,
    mode: 'production',
    sourcemap: false,
    // The new version waits for the trainee's "Reload" (it sends SKIP_WAITING).
    skipWaiting: false,
    clientsClaim: true,
    cleanupOutdatedCaches: true,
    // Pages are folders (lessons/x/ → lessons/x/index.html); search/?q=… is the search page.
    directoryIndex: 'index.html',
    ignoreURLParametersMatching: [/.*/],
    // Pagefind's wasm and large lessons are a few hundred KB at most; this is a safety net.
    maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
  });
}

export function offlineWorker(): AstroIntegration {
  return {
    name: 'tandem:offline',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const { count, size, warnings } = await writeServiceWorker(fileURLToPath(dir));
        for (const warning of warnings) logger.warn(warning);
        logger.info(`service worker precaches ${count} files (${(size / 1024).toFixed(0)} KB)`);
      },
    },
  };
}
