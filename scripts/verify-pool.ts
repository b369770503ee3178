/**
 * The verification pool in Node: one worker thread per core
 * (`os.availableParallelism()`), each running scripts/verify-worker.ts. Node only: imported by
 * scripts/verify.ts, the bench and the tests, never by the site.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CourseManifest } from '../src/lib/course/manifest.ts';
import type { PoolRequest, PoolResponse } from '../src/lib/pool/jobs.ts';
import { createPool, type VerifyPool } from '../src/lib/pool/pool.ts';
import { useNodeNative } from './node-native.ts';

// What is left to this thread when the workers check the sign-offs (a bundle's certifications,
// the hashes of the entries they rest on) hashes synchronously and decodes natively, as the workers do.
useNodeNative();

const WORKER = new URL('./verify-worker.ts', import.meta.url);

export function nodePool(manifest: CourseManifest, size = os.availableParallelism()): VerifyPool {
  return createPool(
    () => {
      const worker = new Worker(WORKER);
      // An idle pool must not keep the command running once its work is done.
      worker.unref();
      return {
        post: (message: PoolRequest) => worker.postMessage(message),
        listen(onMessage, onError) {
          worker.on('message', (m: PoolResponse) => onMessage(m));
          worker.on('error', (e) => onError(e instanceof Error ? e : new Error(String(e))));
          worker.on('exit', (code) => {
            if (code !== 0) onError(new Error(`a verification worker stopped (exit code ${code})`));
          });
        },
        terminate: () => void worker.terminate(),
      };
    },
    size,
    manifest,
  );
}
