/**
 * The bench's CPU accounting (scripts/bench/cpu.ts), which its verification figures lean on to
 * say what bounds their ratio: a child process kept busy for a known time is seen using about
 * that much CPU, under its own name, and an idle one is not; this process's own count grows
 * with work done on it.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { childrenCpu, cpuBetween, processCpuMs, total, type CpuReading } from '../../../scripts/bench/cpu';

/** What one child's threads used between two readings. */
function cpuOf(before: CpuReading | undefined, after: CpuReading, pid: number | undefined): number {
  let ms = 0;
  for (const [key, t] of after) if (t.pid === pid) ms += t.ms - (before?.get(key)?.ms ?? 0);
  return ms;
}

const busyFor = (ms: number) => `const t = Date.now(); while (Date.now() - t < ${ms}); setTimeout(() => {}, 2000);`;

describe.runIf(process.platform === 'linux')('CPU of the processes started under the bench', () => {
  it('counts what a busy child used and not what an idle one did', async () => {
    const idle = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 3000)']);
    const busy = spawn(process.execPath, ['-e', `setTimeout(() => { ${busyFor(600)} }, 300)`]);
    try {
      await new Promise((r) => setTimeout(r, 250)); // both started, neither busy yet
      const before = childrenCpu();
      expect(before).toBeDefined();
      await new Promise((r) => setTimeout(r, 1100)); // the busy one has spun for 600 ms
      const after = childrenCpu() as CpuReading;
      const used = cpuBetween(before as CpuReading, after);
      // Every thread of both children; ticks are 10 ms, and the spin may start a little late.
      expect(total(used)).toBeGreaterThanOrEqual(450);
      expect(total(used)).toBeLessThan(1100);
      // Thread by thread: the idle child's main thread used (nearly) nothing of it.
      expect(cpuOf(before, after, idle.pid)).toBeLessThan(100);
      expect(cpuOf(before, after, busy.pid)).toBeGreaterThanOrEqual(450);
      // A Node child is no Chromium process: its threads come under 'browser', its main thread as 'main'.
      expect(used.get('browser:main') ?? 0).toBeGreaterThanOrEqual(450);
    } finally {
      await Promise.all(
        [idle, busy].map((c) => (c.exitCode !== null || c.kill() === false ? undefined : once(c, 'exit'))),
      );
    }
  });

  it('this process’s own CPU grows with the work done on it', () => {
    const from = process.cpuUsage();
    const t = performance.now();
    let x = 0;
    while (performance.now() - t < 200) x += Math.sqrt(x + 1);
    expect(x).toBeGreaterThan(0);
    expect(processCpuMs(from)).toBeGreaterThanOrEqual(150);
  });
});
