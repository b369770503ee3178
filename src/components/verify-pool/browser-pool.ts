/**
 * The page's verification pool: one Web Worker per core
 * (`navigator.hardwareConcurrency`), started the first time a page verifies something long,
 * kept for the page's life. Only the pages that verify files import this (verify, sign-off,
 * cohort desk), never every page.
 */
import type { CourseManifest } from '../../lib/course/manifest';
import type { AloneChecker } from '../../lib/trust/record';
import { checkerFor, createPool, type RunOptions, type VerifyPool } from '../../lib/pool/pool';
import type { PoolResponse } from '../../lib/pool/jobs';

/** More workers than this only queue for the same WebCrypto threads and memory. */
const MAX_WORKERS = 16;

let pool: VerifyPool | undefined;
let unavailable = false;

export function startPool(manifest: CourseManifest): VerifyPool | undefined {
  if (pool || unavailable) return pool;
  if (typeof Worker === 'undefined') {
    unavailable = true;
    return undefined;
  }
  try {
    const size = Math.min(Math.max(navigator.hardwareConcurrency || 2, 1), MAX_WORKERS);
    pool = createPool(spawn, size, manifest);
  } catch {
    unavailable = true; // verification goes on in the page, as before
  }
  return pool;
}

function spawn() {
  // Vite bundles the worker as a file of its own and gives its URL under the site's base path.
  const worker = new Worker(new URL('./verify-worker.ts', import.meta.url), { type: 'module', name: 'tandem-verify' });
  return {
    post: (message: unknown) => worker.postMessage(message),
    listen(onMessage: (m: PoolResponse) => void, onError: (e: Error) => void) {
      worker.addEventListener('message', (e: MessageEvent<PoolResponse>) => onMessage(e.data));
      worker.addEventListener('error', (e) => {
        e.preventDefault();
        unavailable = true;
        onError(new Error(e.message || 'a verification worker could not start'));
      });
    },
    terminate: () => worker.terminate(),
  };
}

/** `checkAlone` for `verifyBundle` / `verifyRecord`: every core for long records. */
export function pooledChecker(manifest: CourseManifest, options: RunOptions = {}): AloneChecker {
  return checkerFor(manifest, () => startPool(manifest), options);
}
