/**
 * A verification worker: a same-origin file from /_astro/, so the strict CSP's
 * `worker-src 'self'` allows it and the service worker precaches it with the rest of the site.
 * It runs the handler `npm run verify`'s workers run (src/lib/pool/jobs.ts).
 */
import { handlePoolRequest, type PoolRequest, type WorkerState } from '../../lib/pool/jobs';

/** The worker's global scope; the project's types are the page's (DOM), not a worker's. */
const scope = self as unknown as {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<PoolRequest>) => void): void;
};

const state: WorkerState = {};
scope.addEventListener('message', (event) => {
  void handlePoolRequest(state, event.data).then((response) => {
    if (response) scope.postMessage(response);
  });
});
