/**
 * Real Lighthouse (mobile profile: its simulated slow 4G and 4× CPU slowdown) against a built
 * site, served as the end-to-end tests serve it: performance score, Total Blocking Time and the
 * longest main-thread task per page, median of three runs (the machine is shared, so one run is
 * noise). Optional: Lighthouse is not a dependency of the project. It is used from
 * LIGHTHOUSE_DIR (default /tmp/lh, made with `npm install --prefix /tmp/lh lighthouse`); when it
 * is missing, `lighthouseAvailable` says why and the bench skips this step. Measures; never
 * passes or fails.
 *
 *   npx node --import ./scripts/ts-resolve.mjs scripts/bench/lighthouse.ts DIST [--before DIST] [page ...]
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { serveSite } from './browser.ts';

const run = promisify(execFile);

/** The pages the issue names (checklist, sign-off, verify) and the lesson and home pages beside them. */
export const LIGHTHOUSE_PAGES = ['checklist/', 'trainer/sign/', 'verify/', 'lessons/continued-practice/', ''] as const;

export interface LighthouseResult {
  page: string;
  /** Performance score, 0–100, median of the runs. */
  score: number;
  /** Total Blocking Time (ms), median. */
  tbtMs: number;
  /** Largest Contentful Paint (ms), median. */
  lcpMs: number;
  /** Cumulative Layout Shift, median. */
  cls: number;
  runs: { score: number; tbtMs: number }[];
}

function lighthouseBin(): string {
  const dir = process.env['LIGHTHOUSE_DIR'] ?? '/tmp/lh';
  return path.join(dir, 'node_modules', '.bin', 'lighthouse');
}

function chromePath(): string | undefined {
  return process.env['CHROME_PATH'] ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
}

/** Undefined when Lighthouse can run, else the reason it cannot. */
export function lighthouseAvailable(): string | undefined {
  if (!existsSync(lighthouseBin()))
    return `no Lighthouse at ${lighthouseBin()} (install it outside the project: npm install --prefix /tmp/lh lighthouse, or set LIGHTHOUSE_DIR)`;
  if (!chromePath()) return 'no Chromium found (set CHROME_PATH)';
  return undefined;
}

/** Lighthouse now and then loses a trace on a loaded machine (NO_NAVSTART, NO_FCP): run again, twice at most. */
async function retried<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= attempts) throw error;
    }
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export async function benchLighthouse(
  dist: string,
  pages: readonly string[] = LIGHTHOUSE_PAGES,
  runs = 3,
): Promise<LighthouseResult[]> {
  const [results] = await compareLighthouse([dist], pages, runs);
  return results ?? [];
}

/**
 * The same pages on several builds (e.g. before and after a change), their runs interleaved
 * (page by page, build by build, run by run) so the machine's load falls on each alike.
 */
export async function compareLighthouse(
  dists: readonly string[],
  pages: readonly string[] = LIGHTHOUSE_PAGES,
  runs = 3,
): Promise<LighthouseResult[][]> {
  const servers = await Promise.all(dists.map((d) => serveSite(d)));
  const out = mkdtempSync(path.join(os.tmpdir(), 'tandem-lh-'));
  const chrome = chromePath();
  const results: LighthouseResult[][] = dists.map(() => []);
  try {
    for (const page of pages) {
      const samples = dists.map(() => [] as { score: number; tbtMs: number; lcpMs: number; cls: number }[]);
      for (let i = 0; i < runs; i++) {
        for (const [d, server] of servers.entries()) {
          const report = path.join(out, `report-${d}-${i}.json`);
          await retried(() =>
            run(
              lighthouseBin(),
              [
                server.url + page,
                '--only-categories=performance',
                '--output=json',
                `--output-path=${report}`,
                '--quiet',
                '--chrome-flags=--headless --no-sandbox --disable-gpu',
              ],
              { env: { ...process.env, ...(chrome && { CHROME_PATH: chrome }) }, maxBuffer: 64 * 1024 * 1024 },
            ),
          );
          const lhr = JSON.parse(readFileSync(report, 'utf8')) as {
            categories: { performance: { score: number } };
            audits: Record<string, { numericValue?: number }>;
          };
          samples[d]?.push({
            score: Math.round(lhr.categories.performance.score * 100),
            tbtMs: lhr.audits['total-blocking-time']?.numericValue ?? NaN,
            lcpMs: lhr.audits['largest-contentful-paint']?.numericValue ?? NaN,
            cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN,
          });
        }
      }
      for (const [d, s] of samples.entries()) {
        results[d]?.push({
          page: page || '(home)',
          score: median(s.map((x) => x.score)),
          tbtMs: median(s.map((x) => x.tbtMs)),
          lcpMs: median(s.map((x) => x.lcpMs)),
          cls: median(s.map((x) => x.cls)),
          runs: s.map((x) => ({ score: x.score, tbtMs: Math.round(x.tbtMs) })),
        });
      }
    }
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(out, { recursive: true, force: true });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const b = argv.indexOf('--before');
  const before = b >= 0 ? argv.splice(b, 2)[1] : undefined;
  const [dist, ...pages] = argv;
  if (!dist) {
    console.error('Usage: scripts/bench/lighthouse.ts DIST [--before DIST] [page ...]');
    process.exit(2);
  }
  const missing = lighthouseAvailable();
  if (missing) {
    console.log(`Lighthouse skipped: ${missing}`);
  } else {
    const dists = [...(before ? [before] : []), dist].map((d) => path.resolve(d));
    const all = await compareLighthouse(
      dists,
      pages.length ? pages.map((p) => (p === '/' ? '' : p)) : LIGHTHOUSE_PAGES,
    );
    for (const [d, results] of all.entries()) {
      console.log(`\n${dists[d]}`);
      for (const r of results)
        console.log(
          `${r.page.padEnd(30)} score ${r.score}  TBT ${Math.round(r.tbtMs)} ms  LCP ${Math.round(r.lcpMs)} ms  CLS ${r.cls.toFixed(3)}  runs ${JSON.stringify(r.runs)}`,
        );
    }
  }
}
