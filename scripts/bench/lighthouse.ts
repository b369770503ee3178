/**
 * Real Lighthouse (mobile profile: its simulated slow 4G and 4× CPU slowdown) against a built
 * site, served as the end-to-end tests serve it: performance score, Total Blocking Time and the
 * longest main-thread task per page, median of three runs (the machine is shared, so one run is
 * noise). Optional: Lighthouse is not a dependency of the project. It is used from
 * LIGHTHOUSE_DIR (default /tmp/lh, made with `npm install --prefix /tmp/lh lighthouse`); when it
 * is missing, `lighthouseAvailable` says why and the bench skips this step. Measures; never
 * passes or fails.
 *
 *   npx node --import ./scripts/ts-resolve.mjs scripts/bench/lighthouse.ts DIST [page ...]
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

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export async function benchLighthouse(
  dist: string,
  pages: readonly string[] = LIGHTHOUSE_PAGES,
  runs = 3,
): Promise<LighthouseResult[]> {
  const server = await serveSite(dist);
  const out = mkdtempSync(path.join(os.tmpdir(), 'tandem-lh-'));
  const chrome = chromePath();
  const results: LighthouseResult[] = [];
  try {
    for (const page of pages) {
      const samples: { score: number; tbtMs: number; lcpMs: number; cls: number }[] = [];
      for (let i = 0; i < runs; i++) {
        const report = path.join(out, `report-${i}.json`);
        await run(
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
        );
        const lhr = JSON.parse(readFileSync(report, 'utf8')) as {
          categories: { performance: { score: number } };
          audits: Record<string, { numericValue?: number }>;
        };
        samples.push({
          score: Math.round(lhr.categories.performance.score * 100),
          tbtMs: lhr.audits['total-blocking-time']?.numericValue ?? NaN,
          lcpMs: lhr.audits['largest-contentful-paint']?.numericValue ?? NaN,
          cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN,
        });
      }
      results.push({
        page: page || '(home)',
        score: median(samples.map((s) => s.score)),
        tbtMs: median(samples.map((s) => s.tbtMs)),
        lcpMs: median(samples.map((s) => s.lcpMs)),
        cls: median(samples.map((s) => s.cls)),
        runs: samples.map((s) => ({ score: s.score, tbtMs: Math.round(s.tbtMs) })),
      });
    }
  } finally {
    await server.close();
    rmSync(out, { recursive: true, force: true });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dist, ...pages] = process.argv.slice(2);
  if (!dist) {
    console.error('Usage: scripts/bench/lighthouse.ts DIST [page ...]');
    process.exit(2);
  }
  const missing = lighthouseAvailable();
  if (missing) {
    console.log(`Lighthouse skipped: ${missing}`);
  } else {
    for (const r of await benchLighthouse(
      path.resolve(dist),
      pages.length ? pages.map((p) => (p === '/' ? '' : p)) : LIGHTHOUSE_PAGES,
    )) {
      console.log(
        `${r.page.padEnd(30)} score ${r.score}  TBT ${Math.round(r.tbtMs)} ms  LCP ${Math.round(r.lcpMs)} ms  CLS ${r.cls.toFixed(3)}  runs ${JSON.stringify(r.runs)}`,
      );
    }
  }
}
