/**
 * A verification worker for `npm run verify` and the bench (Node worker_threads; the pool is
 * scripts/verify-pool.ts): it runs src/lib/pool/jobs.ts, the handler the site's workers run.
 */
// The resolve hook is per thread: a worker needs its own before it loads the library.
import './ts-resolve.mjs';

const { parentPort } = await import('node:worker_threads');
const { handlePoolRequest } = await import('../src/lib/pool/jobs.ts');
// After jobs.ts, which gives the site's workers @noble/hashes: in Node the native hash and decoders are faster.
(await import('./node-native.ts')).useNodeNative();
type PoolRequest = import('../src/lib/pool/jobs.ts').PoolRequest;
type WorkerState = import('../src/lib/pool/jobs.ts').WorkerState;

const state: WorkerState = {};
parentPort?.on('message', (request: PoolRequest) => {
  void handlePoolRequest(state, request).then((response) => {
    if (response) parentPort?.postMessage(response);
  });
});
