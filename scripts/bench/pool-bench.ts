/**
 * Verification at the hardware's pace, for `npm run bench` (scripts/bench.ts): each
 * figure beside the raw WebCrypto ceiling measured in the same run, on every core, and the ratio.
 *
 * - the CLI: the 10,000-entry bundle through `verifyBundle` on one thread and with the worker
 *   threads `npm run verify` uses (scripts/verify-pool.ts), against `crypto.subtle.verify` of
 *   the same signatures, all in flight at once and across one worker thread per core (the
 *   pool's size), before and after the runs, averaged (the machine is shared);
 * - the browser: the cohort desk of a built site in headless Chromium importing 1,000 trainee
 *   files (36 sign-offs each, signed with the published demo key) through its file input, with the
 *   page's worker pool and with the workers blocked (the page falls back to its own thread, as
 *   before the pool), against `crypto.subtle.verify` of the same signatures in as many workers
 *   as the pool starts, in a page of the same site, before and after the pool's import, averaged.
 *   The main thread's blocking during the import is measured too (long tasks).
 *
 * Measures and prints; never passes or fails on time.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker as ThreadWorker } from 'node:worker_threads';
import type { CourseManifest } from '../../src/lib/course/manifest.ts';
import { verifyBundle } from '../../src/lib/bundle/verify.ts';
import type { Signer } from '../../src/lib/trust/entry.ts';
import { restoreBackup } from '../../src/lib/trust/keys.ts';
import { fromBase64url } from '../../src/lib/trust/encoding.ts';
import { nodePool } from '../verify-pool.ts';
import { benchBundle } from './bundle-bench.ts';
import { signedCohortFiles } from './cohort-bench.ts';
import { launchChromium, serveSite } from './browser.ts';
import { childrenCpu, cpuBetween, processCpuMs, total } from './cpu.ts';

const ECDSA = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** What a signature check needs: the signed bytes and the 64-byte signature. */
function signatureParts(jws: string): { data: Uint8Array<ArrayBuffer>; signature: Uint8Array<ArrayBuffer> } {
  const dot = jws.lastIndexOf('.');
  return {
    data: new TextEncoder().encode(jws.slice(0, dot)),
    signature: fromBase64url(jws.slice(dot + 1)) as Uint8Array<ArrayBuffer>,
  };
}

/** Runs of each way in the CLI measurement. */
const RUNS = 3;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export interface CliPoolResult {
  entries: number;
  cores: number;
  /** The first run of each way (nothing compiled yet, as in one `npm run verify`). */
  oneThreadSeconds: number;
  poolSeconds: number;
  /** The median of `runs` runs of each way, the first included. */
  oneThreadMedianSeconds: number;
  poolMedianSeconds: number;
  runs: number;
  /** Starting the worker threads (once per command), not in poolSeconds. */
  poolStartMs: number;
  /** Signatures per second: all in flight on the main thread (libuv's threads), and across worker threads. */
  ceilingMainPerSecond: number;
  ceilingWorkersPerSecond: number;
  /** The best of the two ceilings, before and after the runs (how much the machine's load moved). */
  ceilingBeforeAfter: [number, number];
  /** Same verdict, entry for entry, with and without the pool, in every run. */
  identical: boolean;
  valid: boolean;
  /** CPU per entry (µs, every thread of the process): the pool's median run, and the ceiling's on the worker threads. */
  poolCpuPerEntryUs: number;
  ceilingCpuPerEntryUs: number;
  /** The pool's median run: its CPU over what the cores could give in that time (1: every core busy throughout). */
  poolBusy: number;
}

export async function benchPoolCli(n: number): Promise<CliPoolResult> {
  const made = await benchBundle(n);
  const all = [...made.entries, ...made.certifications];
  const jwk = made.manifest.roster.trainers[0]?.keys[0]?.jwk;
  if (!jwk) throw new Error('the benchmark course has no trainer key');
  const cores = os.availableParallelism();

  // The ceiling: nothing but ECDSA verifications of the same signatures with the same key, all in
  // flight on this thread and across as many worker threads as the pool has. Measured before and
  // after the runs it is compared with, and averaged: the machine is shared, and a ceiling taken
  // at a quieter or busier moment than the pool would make the ratio say nothing.
  const key = await crypto.subtle.importKey('jwk', { ...jwk }, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'verify',
  ]);
  const parts = all.map(signatureParts);
  const ceilingCpu: number[] = [];
  const ceiling = async () => {
    const t0 = performance.now();
    const checks = await Promise.all(parts.map((p) => crypto.subtle.verify(ECDSA, key, p.signature, p.data)));
    const main = parts.length / ((performance.now() - t0) / 1000);
    if (!checks.every(Boolean)) throw new Error('a benchmark signature did not verify');
    const workers = await ceilingOnThreads(jwk, all, cores);
    ceilingCpu.push(workers.cpuMs);
    return { main, workers: workers.perSecond };
  };
  const before = await ceiling();

  // Each way RUNS times: the first is what one `npm run verify` of a file costs (its code not
  // yet compiled by the JIT); the median is the pace once it is.
  const oneThreadRuns: number[] = [];
  let alone: Awaited<ReturnType<typeof verifyBundle>> | undefined;
  for (let run = 0; run < RUNS; run++) {
    const t = performance.now();
    const verdict = await verifyBundle(made.text, made.manifest, { now: made.now });
    oneThreadRuns.push((performance.now() - t) / 1000);
    alone ??= verdict;
  }

  let t = performance.now();
  const pool = nodePool(made.manifest, cores);
  // Warm: each worker loads the library and imports the key once, as a real run does first.
  await pool.checker()(made.entries.slice(0, 64 * cores), { traineeId: 'bench-trainee-0001', now: made.now });
  const poolStartMs = performance.now() - t;
  const poolRuns: number[] = [];
  const poolCpu: number[] = [];
  let identical = true;
  for (let run = 0; run < RUNS; run++) {
    t = performance.now();
    const cpu = process.cpuUsage();
    const pooled = await verifyBundle(made.text, made.manifest, { now: made.now, checkAlone: pool.checker() });
    poolRuns.push((performance.now() - t) / 1000);
    poolCpu.push(processCpuMs(cpu));
    identical &&= JSON.stringify(alone) === JSON.stringify(pooled);
  }
  pool.close();
  const after = await ceiling();
  if (!alone) throw new Error('the bundle was not verified');

  return {
    entries: all.length,
    cores,
    oneThreadSeconds: oneThreadRuns[0] as number,
    poolSeconds: poolRuns[0] as number,
    oneThreadMedianSeconds: median(oneThreadRuns),
    poolMedianSeconds: median(poolRuns),
    runs: RUNS,
    poolStartMs,
    ceilingMainPerSecond: (before.main + after.main) / 2,
    ceilingWorkersPerSecond: (before.workers + after.workers) / 2,
    ceilingBeforeAfter: [Math.max(before.main, before.workers), Math.max(after.main, after.workers)],
    identical,
    valid: alone.readable && alone.valid,
    poolCpuPerEntryUs: (median(poolCpu) * 1000) / all.length,
    ceilingCpuPerEntryUs: (median(ceilingCpu) * 1000) / all.length,
    poolBusy: median(poolCpu.map((ms, i) => ms / ((poolRuns[i] as number) * 1000 * cores))),
  };
}

/**
 * `crypto.subtle.verify` of `jwsList` split across `threads` worker threads, each with all its
 * share in flight: signatures per second, and the CPU it took (every thread of the process).
 */
async function ceilingOnThreads(
  jwk: object,
  jwsList: readonly string[],
  threads: number,
): Promise<{ perSecond: number; cpuMs: number }> {
  const source = `
    const { parentPort } = require('node:worker_threads');
    parentPort.once('message', async ({ jwk, jws }) => {
      const key = await crypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
      const parts = jws.map((s) => {
        const dot = s.lastIndexOf('.');
        return [new TextEncoder().encode(s.slice(0, dot)), Buffer.from(s.slice(dot + 1), 'base64url')];
      });
      parentPort.postMessage('ready');
      await new Promise((r) => parentPort.once('message', r));
      const ok = await Promise.all(parts.map(([d, s]) => crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, s, d)));
      parentPort.postMessage(ok.every(Boolean));
    });`;
  const workers = Array.from({ length: threads }, () => new ThreadWorker(source, { eval: true }));
  try {
    const share = Math.ceil(jwsList.length / threads);
    await Promise.all(
      workers.map((w, i) => {
        w.postMessage({ jwk, jws: jwsList.slice(i * share, (i + 1) * share) });
        return new Promise((r) => w.once('message', r));
      }),
    );
    const t = performance.now();
    const cpu = process.cpuUsage();
    const done = await Promise.all(
      workers.map((w) => {
        w.postMessage('go');
        return new Promise<unknown>((r) => w.once('message', r));
      }),
    );
    const perSecond = jwsList.length / ((performance.now() - t) / 1000);
    const cpuMs = processCpuMs(cpu);
    if (!done.every((d) => d === true)) throw new Error('a benchmark signature did not verify on a worker thread');
    return { perSecond, cpuMs };
  } finally {
    for (const w of workers) void w.terminate();
  }
}

// ---------------------------------------------------------------------------------------------

export interface BrowserCohortResult {
  files: number;
  entries: number;
  cores: number;
  /** Seconds from the files being chosen to the desk saying how many were added. */
  poolSeconds: number;
  oneThreadSeconds: number;
  /** Main-thread blocking during the import (sum over long tasks of their time past 50 ms). */
  poolBlockingMs: number;
  oneThreadBlockingMs: number;
  /** Signatures per second in the same page: one worker per core, and the page's own thread. */
  ceilingPerSecond: number;
  /** The workers' ceiling before and after the pool's import (how much the machine's load moved). */
  ceilingBeforeAfter: [number, number];
  mainThreadPerSecond: number;
  added: { pool: string; oneThread: string };
  /**
   * CPU per entry (µs) of every Chromium thread (Linux only, else undefined): the pool's import,
   * from the files being chosen to the desk's answer, split into the verification workers', the
   * page's own thread and the rest (the browser's compiling, GC, file reading, storage); and the
   * ceiling's, the mean of before and after.
   */
  cpu?: { importUs: number; workersUs: number; pageUs: number; otherUs: number; ceilingUs: number; busy: number };
}

/** Files of `skills` × 4 sign-offs for `count` trainees, signed by `signer` against `manifest`. */
async function cohortFiles(signer: Signer, manifest: CourseManifest, count: number, skills: number) {
  const start = Date.parse('2026-01-05T09:00:00.000Z');
  const made = await signedCohortFiles(signer, manifest, manifest.skills.slice(0, skills), count, {
    start,
    traineeId: (t) => `bench-${String(t).padStart(4, '0')}`,
    exportedAt: start + 200 * 3_600_000,
  });
  const files = made.files.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.text) }));
  return { files, entryCount: made.entryCount };
}

/** What the ceiling's page keeps between its set-up and its timed run. */
interface CeilingState {
  parts: (readonly [Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>])[];
  workers: Worker[];
  next: (w: Worker) => Promise<unknown>;
  jwk: JsonWebKey;
}

/** The ceiling's worker, served by the bench at a same-origin address (the CSP allows only those). */
const CEILING_WORKER = `
  self.onmessage = async ({ data: { jwk, parts } }) => {
    const key = await crypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    postMessage('ready');
    self.onmessage = async () => {
      const ok = await Promise.all(parts.map(([d, s]) => crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, s, d)));
      postMessage(ok.every(Boolean));
    };
  };`;

export async function benchBrowserCohort(
  dist: string,
  demoKeyFile: string,
  count = 1000,
  skills = 9,
): Promise<BrowserCohortResult> {
  const manifest = JSON.parse(readFileSync(`${dist}/tandem/manifest.json`, 'utf8')) as CourseManifest;
  const key = await restoreBackup(readFileSync(demoKeyFile, 'utf8'), 'demo-trainer-passphrase');
  if (!key.ok) throw new Error(`the demo key did not open: ${key.message}`);
  const signer: Signer = {
    privateKey: key.value.privateKey,
    kid: key.value.kid,
    trainerId: key.value.trainerId,
    trainerName: manifest.roster.trainers.find((t) => t.id === key.value.trainerId)?.name ?? key.value.name,
  };
  const { files, entryCount } = await cohortFiles(signer, manifest, count, skills);
  const server = await serveSite(dist);
  const browser = await launchChromium();
  try {
    const importOnce = async (blockWorkers: boolean) => {
      const context = await browser.newContext({ serviceWorkers: 'block' });
      const page = await context.newPage();
      // Blocked workers: the desk verifies on its own thread, as it did before the pool.
      if (blockWorkers) await page.route(/verify-worker-[\w-]+\.js$/, (r) => r.fulfill({ status: 404, body: '' }));
      await page.goto(`${server.url}trainer/cohort/`);
      await page.evaluate(() => {
        const w = window as unknown as Record<string, number>;
        w['__blocking'] = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries())
            if (e.startTime >= (w['__t0'] ?? Infinity))
              w['__blocking'] = (w['__blocking'] ?? 0) + Math.max(0, e.duration - 50);
        }).observe({ type: 'longtask' });
        document.querySelector('input[type=file]')?.addEventListener('change', () => (w['__t0'] = performance.now()), {
          capture: true,
        });
        const status = document.querySelector('[data-import-status]');
        if (!status) throw new Error('the cohort desk has no import status');
        new MutationObserver(() => {
          if (/\d+ added/.test(status.textContent ?? '')) w['__t1'] ??= performance.now();
        }).observe(status, { childList: true, characterData: true, subtree: true });
      });
      // A trainer points at the file input before choosing files, and a file chooser stays open
      // for a second at least: the desk warms its pool meanwhile (import-panel.ts).
      const input = page.getByLabel('Trainees’ signed progress files');
      await input.hover();
      await page.waitForTimeout(1000);
      await input.setInputFiles(files);
      // Read as the files are handed over (the desk's change event is the last thing the
      // hand-over does), not before: Playwright's own copying of 30 MB into the page is no
      // part of an import a trainer makes.
      const cpuFrom = childrenCpu();
      await page.waitForFunction(() => (window as unknown as Record<string, number>)['__t1'] !== undefined, null, {
        timeout: 600_000,
        polling: 100,
      });
      const cpuTo = childrenCpu();
      const r = await page.evaluate(() => {
        const w = window as unknown as Record<string, number>;
        return {
          seconds: ((w['__t1'] ?? NaN) - (w['__t0'] ?? NaN)) / 1000,
          blocking: w['__blocking'] ?? 0,
          added: document.querySelector('[data-import-status]')?.textContent ?? '',
        };
      });
      await context.close();
      return { ...r, cpu: cpuFrom && cpuTo ? cpuBetween(cpuFrom, cpuTo) : undefined };
    };
    // The ceiling, in a page of the same site: nothing but verify() of the very signatures the
    // import checks, with the same key, in as many workers as the page's pool starts (one per
    // core, at most 16), each with all its share in flight; and on the page's own thread.
    const jwsList = files.flatMap((f) => (JSON.parse(f.buffer.toString()) as { entries: string[] }).entries);
    const jwk = manifest.roster.trainers
      .find((t) => t.id === signer.trainerId)
      ?.keys.find((k) => k.kid === signer.kid)?.jwk;
    if (!jwk) throw new Error('the demo key is not in the roster');
    const measureCeiling = async () => {
      const context = await browser.newContext({ serviceWorkers: 'block' });
      const page = await context.newPage();
      await page.route(/__bench-ceiling\.js$/, (r) =>
        r.fulfill({ status: 200, contentType: 'text/javascript', body: CEILING_WORKER }),
      );
      await page.goto(`${server.url}trainer/cohort/`);
      const cores = await page.evaluate(
        async ({ jwsList, jwk }) => {
          const parts = jwsList.map((s) => {
            const dot = s.lastIndexOf('.');
            const sig = atob(
              s
                .slice(dot + 1)
                .replace(/-/g, '+')
                .replace(/_/g, '/'),
            );
            return [new TextEncoder().encode(s.slice(0, dot)), Uint8Array.from(sig, (c) => c.charCodeAt(0))] as const;
          });
          const cores = Math.min(Math.max(navigator.hardwareConcurrency || 2, 1), 16);
          const share = Math.ceil(parts.length / cores);
          const workers = Array.from({ length: cores }, () => new Worker('/__bench-ceiling.js'));
          const next = (w: Worker) => new Promise<unknown>((r) => (w.onmessage = (e) => r(e.data)));
          await Promise.all(
            workers.map((w, i) => {
              const ready = next(w);
              w.postMessage({ jwk, parts: parts.slice(i * share, (i + 1) * share) });
              return ready;
            }),
          );
          Object.assign(window, { __ceiling: { parts, workers, next, jwk } });
          return cores;
        },
        { jwsList, jwk },
      );
      // The workers are ready with their shares: only the checks themselves are timed and counted.
      const cpuFrom = childrenCpu();
      const onWorkers = await page.evaluate(async () => {
        const { parts, workers, next } = (window as unknown as Record<string, CeilingState>)[
          '__ceiling'
        ] as CeilingState;
        const t = performance.now();
        const done = await Promise.all(
          workers.map((w) => {
            const result = next(w);
            w.postMessage('go');
            return result;
          }),
        );
        const perSecond = parts.length / ((performance.now() - t) / 1000);
        return { perSecond, ok: done.every((d) => d === true) };
      });
      // Read before the workers go: a thread that has ended is no longer seen.
      const cpuTo = childrenCpu();
      await page.evaluate(() => {
        for (const w of ((window as unknown as Record<string, CeilingState>)['__ceiling'] as CeilingState).workers)
          w.terminate();
      });
      const mainPerSecond = await page.evaluate(async () => {
        const { parts, jwk } = (window as unknown as Record<string, CeilingState>)['__ceiling'] as CeilingState;
        const key = await crypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
          'verify',
        ]);
        const t = performance.now();
        await Promise.all(parts.map(([d, s]) => crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, s, d)));
        return parts.length / ((performance.now() - t) / 1000);
      });
      const ceiling = {
        ...onWorkers,
        mainPerSecond,
        cores,
        cpuMs: cpuFrom && cpuTo ? total(cpuBetween(cpuFrom, cpuTo)) : undefined,
      };
      await context.close();
      if (!ceiling.ok) throw new Error('a benchmark signature did not verify in the browser');
      return ceiling;
    };
    // Before and after the pool's import, averaged: the machine is shared, and a ceiling taken at
    // a quieter or busier moment than the import would make the ratio say nothing.
    const before = await measureCeiling();
    const pool = await importOnce(false);
    const after = await measureCeiling();
    const oneThread = await importOnce(true);
    const perEntry = (ms: number) => (ms * 1000) / entryCount;
    const ceilingCpu =
      before.cpuMs !== undefined && after.cpuMs !== undefined ? (before.cpuMs + after.cpuMs) / 2 : undefined;
    const used = pool.cpu;
    const workersMs = used ? (used.get('renderer:DedicatedWorker') ?? 0) : 0;
    const pageMs = used ? (used.get('renderer:main') ?? 0) : 0;
    return {
      files: count,
      entries: entryCount,
      cores: before.cores,
      poolSeconds: pool.seconds,
      oneThreadSeconds: oneThread.seconds,
      poolBlockingMs: pool.blocking,
      oneThreadBlockingMs: oneThread.blocking,
      ceilingPerSecond: (before.perSecond + after.perSecond) / 2,
      ceilingBeforeAfter: [before.perSecond, after.perSecond],
      mainThreadPerSecond: (before.mainPerSecond + after.mainPerSecond) / 2,
      added: { pool: pool.added, oneThread: oneThread.added },
      ...(used &&
        ceilingCpu !== undefined && {
          cpu: {
            importUs: perEntry(total(used)),
            workersUs: perEntry(workersMs),
            pageUs: perEntry(pageMs),
            otherUs: perEntry(total(used) - workersMs - pageMs),
            ceilingUs: perEntry(ceilingCpu),
            busy: total(used) / (pool.seconds * 1000 * before.cores),
          },
        }),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
