/**
 * Precompression: after every other build step (Pagefind, the service worker), writes a gzip
 * copy (`page.html.gz`) next to each text file of the built site, once, at the highest level.
 * nginx sends these in place of the original with `gzip_static on` (docs/hosting/nginx.conf),
 * and so does `npm start` (scripts/serve.mjs): a lesson page is about a quarter of its size on
 * the wire, with no compression work per request. Hosts that compress by themselves (Netlify,
 * Cloudflare Pages) ignore the copies. The service worker never precaches them
 * (src/integrations/offline.ts).
 */
import type { AstroIntegration } from 'astro';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/**
 * Text formats worth compressing. Pagefind's index files (.pf_*, .pagefind) are gzipped by
 * Pagefind itself, and images and fonts are compressed formats already.
 */
const TEXT = /\.(html|css|js|mjs|json|svg|xml|txt|webmanifest)$/;
/** Below this, gzip's header and the extra file cost more than they save. */
const MIN_BYTES = 1024;

export function compressible(file: string): boolean {
  return TEXT.test(file) && path.basename(file) !== '_headers';
}

export interface Precompressed {
  files: number;
  bytes: number;
  gzipBytes: number;
}

/** Writes FILE.gz beside every compressible file of `outDir` that gzip makes smaller. */
export async function precompressSite(outDir: string): Promise<Precompressed> {
  const files = readdirSync(outDir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && compressible(d.name))
    .map((d) => path.join(d.parentPath, d.name));
  const result: Precompressed = { files: 0, bytes: 0, gzipBytes: 0 };
  let next = 0;
  // zlib works in libuv's thread pool: a few files in flight keep every core busy.
  const worker = async () => {
    for (let file = files[next++]; file !== undefined; file = files[next++]) {
      const data = readFileSync(file);
      if (data.length < MIN_BYTES) continue;
      const packed = await gzipAsync(data, { level: constants.Z_BEST_COMPRESSION });
      // A copy that saves under a tenth is not worth a second file.
      if (packed.length > data.length * 0.9) continue;
      writeFileSync(`${file}.gz`, packed);
      result.files++;
      result.bytes += data.length;
      result.gzipBytes += packed.length;
    }
  };
  await Promise.all(Array.from({ length: Math.max(2, availableParallelism()) * 2 }, worker));
  return result;
}

export function precompress(): AstroIntegration {
  return {
    name: 'tandem:compress',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const started = performance.now();
        const r = await precompressSite(fileURLToPath(dir));
        logger.info(
          `gzipped ${r.files} files (${(r.bytes / 1024).toFixed(0)} KB → ${(r.gzipBytes / 1024).toFixed(0)} KB) in ${Math.round(performance.now() - started)} ms`,
        );
      },
    },
  };
}
