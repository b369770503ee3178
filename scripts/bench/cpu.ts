/**
 * CPU time, for the verification benches (scripts/bench/pool-bench.ts): where a run's seconds
 * go when every core is busy. The ratio to the signature ceiling can then be read as what it is:
 * with the cores kept busy, a run cannot beat the ceiling by more than the ceiling's CPU per
 * entry over the run's (every entry's signature costs the same in both; the rest is the run's
 * own work). Measures; never passes or fails.
 *
 * - This process (`npm run verify`'s worker threads and libuv's included): process.cpuUsage().
 * - Chromium's processes, a sampler over /proc (Linux only; elsewhere it reports nothing):
 *   every thread of every process started under this one, by thread name, so an import's CPU
 *   can be split into the workers', the page's and the rest (compiling, GC, file reading,
 *   storage).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** CPU milliseconds of this process, every thread, since `from` (a process.cpuUsage()). */
export function processCpuMs(from?: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
}

/** A thread's CPU so far (ms), with its process and name. */
interface ThreadCpu {
  pid: number;
  tid: string;
  name: string;
  ms: number;
}

/** A reading of every thread under this process, by `pid/tid`. */
export type CpuReading = Map<string, ThreadCpu>;

/** Clock ticks per second of /proc's figures: 100 on every Linux we run on (USER_HZ). */
const TICKS_PER_SECOND = 100;

/**
 * One /proc file of each of a process's threads (`stat`, `children`), with the thread's id;
 * none for a process that has ended, and none for a thread that ended meanwhile.
 */
function perThread(pid: number, file: string): [tid: string, text: string][] {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tids.flatMap((tid): [string, string][] => {
    try {
      return [[tid, readFileSync(`/proc/${pid}/task/${tid}/${file}`, 'utf8')]];
    } catch {
      return [];
    }
  });
}

/** A process's children: those of every one of its threads (a child belongs to the thread that started it). */
function children(pid: number): number[] {
  return perThread(pid, 'children').flatMap(([, text]) => text.split(/\s+/).filter(Boolean).map(Number));
}

/** Every process started under `root`, at any depth. */
function descendants(root: number): number[] {
  const out: number[] = [];
  const queue = children(root);
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    out.push(pid);
    queue.push(...children(pid));
  }
  return out;
}

/** Chromium's kind of process, from its command line: 'renderer', 'gpu-process', 'utility'; else 'browser'. */
function processKind(pid: number): string {
  try {
    const type = /--type=([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
    return type?.[1] ?? 'browser';
  } catch {
    return 'gone';
  }
}

/** Every thread of `pid`, named `kind:thread` ('renderer:main' is a page's own thread). */
function threadsOf(pid: number): ThreadCpu[] {
  const kind = processKind(pid);
  return perThread(pid, 'stat').map(([tid, stat]) => {
    // The name is in parentheses and may hold spaces; the fields after it are plain.
    const close = stat.lastIndexOf(')');
    const name = `${kind}:${tid === String(pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, close)}`;
    const fields = stat.slice(close + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
    return { pid, tid, name, ms: (ticks * 1000) / TICKS_PER_SECOND };
  });
}

/** The CPU of every thread under this process so far; undefined off Linux. */
export function childrenCpu(): CpuReading | undefined {
  if (process.platform !== 'linux') return undefined;
  const pids = descendants(process.pid);
  if (pids.length === 0) return undefined;
  const reading: CpuReading = new Map();
  for (const pid of pids) for (const t of threadsOf(pid)) reading.set(`${pid}/${t.tid}`, t);
  return reading;
}

/**
 * What the threads under this process used between two readings, by process kind and thread
 * name. Thread by thread: a thread started in between counts from nothing; one that ended in
 * between is not seen (what it used is lost), so a bench keeps its threads until the second reading.
 */
export function cpuBetween(before: CpuReading, after: CpuReading): Map<string, number> {
  const used = new Map<string, number>();
  for (const [key, t] of after) {
    const d = t.ms - (before.get(key)?.ms ?? 0);
    if (d > 0) used.set(t.name, (used.get(t.name) ?? 0) + d);
  }
  return used;
}

export function total(used: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const ms of used.values()) sum += ms;
  return sum;
}
