// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { pagefindIndex } from './src/integrations/pagefind.ts';
import { offlineWorker } from './src/integrations/offline.ts';
import { precompress } from './src/integrations/compress.ts';
import { lrsCsp } from './src/integrations/lrs-csp.ts';
import { wellKnownKeys } from './src/integrations/well-known.ts';
import { satteri } from '@astrojs/markdown-satteri';
import { baseLinksPlugin, focusableCodePlugin } from './src/integrations/markdown.ts';
import { normaliseBase } from './src/lib/paths.ts';

// BASE_PATH lets an owner host the course under a sub-path: BASE_PATH=/training/ npm run build
const base = normaliseBase(process.env.BASE_PATH);

export default defineConfig({
  base,
  // SITE_URL is optional; it only makes absolute URLs (e.g. in a future sitemap) possible.
  ...(process.env.SITE_URL ? { site: process.env.SITE_URL } : {}),
  // Separate caches let tests build other content folders without touching the main build's.
  ...(process.env.TANDEM_CACHE_DIR ? { cacheDir: process.env.TANDEM_CACHE_DIR } : {}),
  trailingSlash: 'always',
  // Astro 7's default ('jsx') drops line breaks between inline elements in templates; the
  // lossless mode keeps the spaces that prose needs.
  compressHTML: true,
  // Stylesheets stay external files: the strict CSP (public/_headers) has no 'unsafe-inline'.
  build: { format: 'directory', inlineStylesheets: 'never' },
  markdown: {
    processor: satteri({ hastPlugins: [baseLinksPlugin(base), focusableCodePlugin] }),
    // Code in the guides is configuration, not programs: plain, high-contrast blocks read best,
    // and Shiki's inline colour styles would fail both WCAG contrast and a strict CSP.
    syntaxHighlight: false,
  },
  // The service worker precaches the finished folder, search index included; precompression
  // comes after it, so sw.js is gzipped too (and the .gz copies are never precached). The published
  // keys (JWK Set, DID document) are written before both, from the built manifest.
  integrations: [mdx(), pagefindIndex(), wellKnownKeys(), offlineWorker(), lrsCsp(), precompress()],
  vite: {
    // The verification workers (src/components/verify-pool/) are module workers: the pure-JS
    // verifier for insecure origins is loaded on demand inside them, which needs code splitting.
    worker: { format: 'es' },
    // Keep every script an external file: a strict CSP forbids inline scripts.
    build: {
      assetsInlineLimit: 0,
      rolldownOptions: {
        // Rolldown warns, with a code frame, once per lesson that Astro's own
        // "use astro:head-inject" directive may not be preserved: noise that buries real
        // warnings (withastro/astro#18087). Every other warning is printed as before.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('astro:head-inject')) return;
          warn(warning);
        },
        output: {
          // Every page loads the trainee switcher; keep it, the stores it needs and the DOM helper
          // (components/dom.ts, which every page script uses) in one file
          // (split across small shared chunks it costs a plain lesson page ~0.4 KB gzipped more,
          // past its 4 KB budget in scripts/bench/budgets.ts).
          codeSplitting: {
            groups: [
              {
                name: 'progress',
                test: /node_modules[\\/](nanostores|@nanostores)[\\/]|src[\\/]stores[\\/]progress|src[\\/]lib[\\/]progress[\\/](format|migrate)|src[\\/]components[\\/]dom\.ts/,
              },
            ],
          },
        },
      },
    },
  },
});
