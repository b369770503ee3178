/**
 * A pool of verification workers sized to the device's cores, the same in the
 * browser (Web Workers: src/components/verify-pool/) and in Node (worker_threads:
 * scripts/verify-pool.ts): each gives `createPool` a way to start one worker, and the pool hands
 * out small jobs (src/lib/pool/jobs.ts), a couple per worker at a time so none waits for the
 * next, and puts the answers back in order.
 *
 * A run can be cancelled (AbortSignal): its jobs not yet started are dropped and it rejects with
 * `Cancelled`; callers keep nothing from it. Progress is reported in entries (or files) done.
 */
import type { CourseManifest } from '../course/manifest';
import type { JudgeAll, Judged } from '../cohort/import';
import { checkAloneHere, type AloneChecker } from '../trust/record';
import type { VerifyResult } from '../trust/verify';
import type { SignoffPayload } from '../trust/entry';
import { rememberPayloadHash } from '../trust/payload-hash';
import type { CohortTrainee } from '../cohort/model';
import type { PoolRequest, PoolResponse, WireJudged } from './jobs';
import { Cancelled, isCancelled } from './cancelled';

export { Cancelled, isCancelled };

/** One worker, as the pool sees it, whatever the runtime. */
export interface PoolWorker {
  post(message: PoolRequest): void;
  /** `onError`: the worker died or could not start (its script missing, say). */
  listen(onMessage: (message: PoolResponse) => void, onError: (error: Error) => void): void;
  terminate(): void;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Called as jobs finish: entries (sign-offs) or files (bundles) done of the total. */
  onProgress?: (done: number, total: number) => void;
}

/** Sign-offs per job: a message each way costs about as much as a few signature checks. */
const SIGNOFFS_PER_JOB = 48;
/** Files per job (a trainee's file holds a few dozen entries). */
const FILES_PER_JOB = 2;
/** Jobs a worker holds at once: while it answers one, the next is already there. */
const IN_FLIGHT = 2;

interface Job {
  request: PoolRequest & { id: number };
  run: Run;
  settle: (response: PoolResponse) => void;
}

interface Run {
  cancelled: boolean;
}

export interface VerifyPool {
  readonly size: number;
  /** A `checkAlone` for `verifyEntries` / `verifyBundle` that uses the pool. */
  checker(options?: RunOptions): AloneChecker;
  /** A `judgeAll` for `importBundles` that uses the pool. */
  judge(options?: RunOptions): JudgeAll;
  /** Stops every worker; a pool closed cannot be used again. */
  close(): void;
}

export function createPool(spawn: () => PoolWorker, size: number, manifest: CourseManifest): VerifyPool {
  const workers: { worker: PoolWorker; busy: Job[] }[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let broken: Error | undefined;
  let closed = false;

  for (let i = 0; i < Math.max(1, size); i++) {
    const worker = spawn();
    const slot = { worker, busy: [] as Job[] };
    worker.listen(
      (response) => {
        const at = slot.busy.findIndex((j) => j.request.id === response.id);
        if (at < 0) return;
        const [job] = slot.busy.splice(at, 1) as [Job];
        job.settle(response);
        pump();
      },
      (error) => fail(error),
    );
    worker.post({ kind: 'init', manifest });
    workers.push(slot);
  }

  /** A worker died: every job waiting or running fails with the reason, now and later. */
  function fail(error: Error): void {
    broken ??= error;
    const pending = [...queue.splice(0), ...workers.flatMap((w) => w.busy.splice(0))];
    for (const job of pending) job.settle({ id: job.request.id, error: error.message });
  }

  function pump(): void {
    for (const slot of workers) {
      while (slot.busy.length < IN_FLIGHT) {
        const job = queue.shift();
        if (!job) return;
        if (job.run.cancelled) continue;
        slot.busy.push(job);
        slot.worker.post(job.request);
      }
    }
  }

  /**
   * Splits `items` into jobs, runs them, and returns every answer in the order of `items`. An
   * item may still be coming (a file being read): its job is queued once all of its items are in.
   */
  function runAll<I, O>(
    items: readonly (I | Promise<I>)[],
    perJob: number,
    request: (id: number, chunk: I[]) => PoolRequest & { id: number },
    answer: (response: PoolResponse) => O[] | undefined,
    options: RunOptions,
  ): Promise<O[]> {
    if (closed) return Promise.reject(new Error('the verification pool was closed'));
    if (broken) return Promise.reject(broken);
    const { signal, onProgress } = options;
    if (signal?.aborted) return Promise.reject(new Cancelled());
    const run: Run = { cancelled: false };
    const out = new Array<O>(items.length);
    let done = 0;
    return new Promise<O[]>((resolve, reject) => {
      const chunks: { start: number; items: (I | Promise<I>)[] }[] = [];
      for (let start = 0; start < items.length; start += perJob) {
        chunks.push({ start, items: items.slice(start, start + perJob) });
      }
      if (chunks.length === 0) {
        resolve(out);
        return;
      }
      let left = chunks.length;
      const onAbort = () => {
        run.cancelled = true;
        reject(new Cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      /** The run fails: its other jobs are dropped, and the caller gets `error`. */
      const stop = (error: Error) => {
        run.cancelled = true;
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      };
      const enqueue = (chunk: { start: number; items: readonly I[] }) =>
        queue.push({
          request: request(nextId++, chunk.items as I[]),
          run,
          settle: (response) => {
            if (run.cancelled) return;
            let results: O[] | undefined;
            try {
              results = answer(response);
            } catch {
              results = undefined; // an answer that cannot be read (text that is not JSON) is a wrong one
            }
            if (!results || results.length !== chunk.items.length) {
              const why = 'error' in response ? response.error : 'a worker gave a wrong answer';
              stop(new Error(`Verification stopped: ${why}`));
              return;
            }
            results.forEach((r, i) => (out[chunk.start + i] = r));
            done += chunk.items.length;
            onProgress?.(done, items.length);
            if (--left === 0) {
              signal?.removeEventListener('abort', onAbort);
              resolve(out);
            }
          },
        });
      for (const chunk of chunks) {
        if (!chunk.items.some((item) => item instanceof Promise)) {
          enqueue(chunk as { start: number; items: I[] });
          continue;
        }
        Promise.all(chunk.items).then(
          (ready) => {
            if (run.cancelled) return;
            // A worker died while this job's items were coming: every job fails, this one too.
            if (broken || closed) {
              stop(broken ?? new Error('the verification pool was closed'));
              return;
            }
            enqueue({ start: chunk.start, items: ready });
            pump();
          },
          (error: unknown) => {
            // An item that could not be had (a file that could not be read) stops the run.
            if (!run.cancelled) stop(error instanceof Error ? error : new Error(String(error)));
          },
        );
      }
      pump();
    });
  }

  return {
    size: workers.length,
    checker(options = {}) {
      return (entries, job) =>
        runAll<string, VerifyResult>(
          entries,
          SIGNOFFS_PER_JOB,
          (id, chunk) => ({ kind: 'signoffs', id, entries: chunk, ...job }),
          (r) => {
            if (!('results' in r)) return undefined;
            return r.results.map((wire, i): VerifyResult => {
              if (!wire.ok) return wire;
              const { json, ...verdict } = wire;
              const payload = JSON.parse(json) as SignoffPayload;
              const hash = r.hashes?.[i];
              if (typeof hash === 'string') rememberPayloadHash(payload, hash);
              return { ...verdict, payload };
            });
          },
          options,
        );
    },
    judge(options = {}) {
      return (texts, now) =>
        runAll<string, Judged>(
          texts,
          FILES_PER_JOB,
          (id, chunk) => ({ kind: 'bundles', id, texts: chunk, now }),
          (r) => ('judged' in r ? r.judged.map(fromWire) : undefined),
          options,
        );
    },
    close() {
      closed = true;
      fail(new Error('the verification pool was closed'));
      for (const { worker } of workers) worker.terminate();
    },
  };
}

/** A worker's judged file as `importBundles` takes it; the caller puts the file's text back. */
function fromWire(judged: WireJudged): Judged {
  if (!judged.ok) return judged;
  const { id, json } = judged.value;
  return { ok: true, value: { id, text: '', summary: JSON.parse(json) as CohortTrainee, json } };
}

/**
 * Fewer entries than this are checked on the calling thread: starting workers and copying the
 * manifest to each costs more than a short record takes to verify.
 */
export const POOL_FROM_ENTRIES = 64;

/**
 * A `checkAlone` that checks short lists here and long ones with the pool, started on first
 * need (`start`; `undefined` where there are no workers). When the pool fails (a worker script
 * that cannot load, say) the same entries are checked here instead, and `start` is not asked
 * again: either way the verdicts are the same. A cancelled run stays cancelled.
 */
export function checkerFor(
  manifest: CourseManifest,
  start: () => VerifyPool | undefined,
  options: RunOptions = {},
): AloneChecker {
  let broken = false;
  return async (entries, job) => {
    const pool = entries.length >= POOL_FROM_ENTRIES && !broken ? start() : undefined;
    if (pool) {
      try {
        return await pool.checker(options)(entries, job);
      } catch (error) {
        if (isCancelled(error)) throw error;
        broken = true;
      }
    }
    const results = await checkAloneHere(entries, { manifest, ...job });
    if (options.signal?.aborted) throw new Cancelled();
    options.onProgress?.(entries.length, entries.length);
    return results;
  };
}
