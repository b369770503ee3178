/**
 * Main-thread blocking of the pages that verify: checklist, sign-off and verify pages
 * opened in headless Chromium with the CPU slowed four times (the CPU of Lighthouse's mobile
 * profile; its network throttling is not applied, the site is served on loopback), each page's
 * Total Blocking Time summed as Lighthouse sums it (every long task's time past 50 ms, from the
 * first contentful paint) until the page has been quiet for two seconds. A fresh browser profile
 * each time, as Lighthouse uses: no trainee, no trainer key. Measures; never passes or fails.
 */
import type { Browser } from '@playwright/test';
import { serveSite } from './browser.ts';

/** The three pages that verify on first view, and the home page (Lighthouse's 99) to compare the harness against. */
export const BLOCKING_PAGES = ['checklist/', 'trainer/sign/', 'verify/', ''] as const;

export interface BlockingResult {
  page: string;
  /** Total Blocking Time (ms), median of the runs. */
  tbtMs: number;
  /** The longest task (ms), median of the runs. */
  longestMs: number;
  fcpMs: number;
}

export async function benchBlocking(browser: Browser, dist: string, runs = 5): Promise<BlockingResult[]> {
  const server = await serveSite(dist);
  const out: BlockingResult[] = [];
  try {
    for (const path of BLOCKING_PAGES) {
      const samples: { tbt: number; longest: number; fcp: number }[] = [];
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 412, height: 823 } });
        const page = await context.newPage();
        await page.addInitScript(() => {
          const w = window as unknown as { __tasks: { start: number; duration: number }[] };
          w.__tasks = [];
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) w.__tasks.push({ start: e.startTime, duration: e.duration });
          }).observe({ type: 'longtask', buffered: true });
        });
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
        await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
        // Quiet for two seconds: no long task started in them.
        for (let waited = 0; waited < 20_000; waited += 500) {
          await page.waitForTimeout(500);
          const last = await page.evaluate(() => {
            const w = window as unknown as { __tasks: { start: number; duration: number }[] };
            const end = Math.max(0, ...w.__tasks.map((t) => t.start + t.duration));
            return performance.now() - end;
          });
          if (last > 2000) break;
        }
        const r = await page.evaluate(() => {
          const w = window as unknown as { __tasks: { start: number; duration: number }[] };
          const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
          // As Lighthouse counts: only the part of a task after FCP, and only past 50 ms.
          const tbt = w.__tasks.reduce((sum, t) => {
            const end = t.start + t.duration;
            if (end <= fcp) return sum;
            return sum + Math.max(0, end - Math.max(t.start, fcp) - 50);
          }, 0);
          return { tbt, longest: Math.max(0, ...w.__tasks.map((t) => t.duration)), fcp };
        });
        samples.push(r);
        await context.close();
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
      out.push({
        page: `/${path}`,
        tbtMs: median(samples.map((s) => s.tbt)),
        longestMs: median(samples.map((s) => s.longest)),
        fcpMs: median(samples.map((s) => s.fcp)),
      });
    }
  } finally {
    await server.close();
  }
  return out;
}
