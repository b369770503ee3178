/**
 * `npm run bench`: measures and prints; it never passes or fails on time.
 *
 * - builds of generated courses of 24, 240 and 1,200 lessons (scripts/bench/generate-course.ts)
 *   and of the sample course: build time, pages, pages per second, Pagefind index, output size,
 *   the service worker's precache when the build writes sw.js; a straight line through the
 *   generated courses' build times (the fixed cost of a build, and the cost per lesson); the
 *   largest page gzipped against its budget (scripts/bench/budgets.ts);
 * - JavaScript bytes (gzipped) per page type, on the sample course;
 * - sign and verify throughput of sign-off entries (WebCrypto, and the pure-JS fallback);
 * - verification of a large progress bundle;
 * - the trainer's cohort desk: import and first render;
 * - verification on every core (scripts/bench/pool-bench.ts): the 10,000-entry bundle
 *   in the CLI and the cohort desk importing 1,000 files in headless Chromium, each beside the raw
 *   WebCrypto ceiling of the same run, and main-thread blocking of the checklist, sign-off and
 *   verify pages under 4× CPU throttling (scripts/bench/blocking.ts; the browser parts need the
 *   sample course build);
 * - real Lighthouse on the checklist, sign-off, verify, lesson and home pages (mobile profile,
 *   median of 3: performance score and Total Blocking Time; scripts/bench/lighthouse.ts), when
 *   Lighthouse is installed outside the project (/tmp/lh or LIGHTHOUSE_DIR); skipped, saying
 *   so, when it is not.
 *
 * Every build runs in a copy of the project in a temporary folder (removed at the end, also on
 * failure or Ctrl-C), so the project's own .astro/ and dist/ are never touched. Exits non-zero
 * only when something breaks (a build fails, a bundle does not verify), naming what and why.
 *
 *   npm run bench -- [--sizes 24,240,1200] [--out bench-results.json] [--seed 1]
 *                    [--skip-build] [--skip-sample] [--skip-crypto] [--skip-browser]
 *                    [--pool-only] [--blocking-before DIST] [--skip-lighthouse] [--keep]
 *
 * Over 400 lines on purpose: one section per measurement listed above, each printing its own
 * table, in the order they run; the measuring itself lives in scripts/bench/.
 */
// First: one libuv thread per core, as `npm run verify` has (scripts/threadpool.ts).
import './threadpool.ts';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  buildSite,
  copyProject,
  failureReason,
  measureSite,
  stopRunningBuild,
  warmUp,
  type Phases,
} from './bench/build-site.ts';
import { generateCourse, type GeneratedCourse } from './bench/generate-course.ts';
import { pageJsWeight, pageTotalWeight } from './bench/page-weight.ts';
import { jsBudgets, largestPageBudget, pageBudgets, pageTypes, type PageType } from './bench/budgets.ts';
import { signSignoff, type Signer } from '../src/lib/trust/entry.ts';
import { thumbprint } from '../src/lib/trust/keys.ts';
import { verifySignoff, type CryptoBackend } from '../src/lib/trust/verify.ts';
import type { Roster } from '../src/lib/trust/roster.ts';
import { benchRecertifications, benchReverseOrder, benchVerify } from './bench/bundle-bench.ts';
import { benchCohort } from './bench/cohort-bench.ts';
import { benchBrowserCohort, benchPoolCli } from './bench/pool-bench.ts';
import { benchBlocking, type BlockingResult } from './bench/blocking.ts';
import { launchChromium } from './bench/browser.ts';
import { LIGHTHOUSE_PAGES, benchLighthouse, lighthouseAvailable } from './bench/lighthouse.ts';

const USAGE = `Usage: npm run bench -- [options]
  --sizes 24,240,1200  lesson counts of the generated courses to build (default 24,240,1200)
  --out FILE           where to write the results as JSON (default bench-results.json)
  --seed N             seed of the generated content (default 1)
  --skip-build         build nothing (no builds, no JavaScript per page type)
  --skip-sample        do not build the sample course (no JavaScript per page type)
  --skip-crypto        skip sign/verify, bundle and cohort measurements
  --skip-browser       skip the headless Chromium measurements (cohort import, page blocking)
  --pool-only          only the sample course build and the verification-pool measurements
  --blocking-before D  also measure page blocking on another build D (e.g. of the main branch)
  --skip-lighthouse    skip the Lighthouse runs (they also skip themselves when Lighthouse is missing)
  --keep               keep the temporary folder (generated content, builds) and print its path`;

const args = (() => {
  try {
    return parseArgs({
      options: {
        sizes: { type: 'string', default: '24,240,1200' },
        out: { type: 'string', default: 'bench-results.json' },
        seed: { type: 'string', default: '1' },
        'skip-build': { type: 'boolean', default: false },
        'skip-sample': { type: 'boolean', default: false },
        'skip-crypto': { type: 'boolean', default: false },
        'skip-browser': { type: 'boolean', default: false },
        'pool-only': { type: 'boolean', default: false },
        'blocking-before': { type: 'string' },
        'skip-lighthouse': { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
})();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const sizes = args.sizes
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean)
  .map(Number);
const seed = Number(args.seed);
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(seed)) {
  console.error(`--sizes takes whole numbers of lessons (e.g. 24,240) and --seed a whole number.\n\n${USAGE}`);
  process.exit(2);
}

const projectRoot = process.cwd();
const machine: Record<string, unknown> = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  memoryBytes: os.totalmem(),
  loadAverageAtStart: os.loadavg()[0] ?? 0,
};
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  node: process.version,
  machine,
  options: { sizes, seed },
};
/** What broke: printed at the end, and the reason for a non-zero exit. */
const failures: string[] = [];

const work = mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-'));
const cleanup = () => {
  if (args.keep) console.log(`\nKept the temporary folder: ${work}`);
  else rmSync(work, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopRunningBuild();
    cleanup();
    process.exit(130);
  });
}

/** The sample course's build, when this run made one: the browser measurements use it. */
let sampleDist: string | undefined;

try {
  if (!args['skip-build']) await builds();
  if (!args['skip-crypto'] && !args['pool-only']) {
    await signoffs();
    await bundle();
    await order();
    await cohort();
  }
  if (!args['skip-crypto']) await poolCli();
  if (!args['skip-browser']) await browserPool();
  if (!args['skip-browser'] && !args['skip-lighthouse'] && !args['pool-only']) await lighthouse();
} catch (error) {
  failures.push(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  cleanup();
}

results.failures = failures;
machine.loadAverageAtEnd = os.loadavg()[0] ?? 0;
// Timings on a busy machine are inflated; say so rather than let them pass for the real thing.
const busiest = Math.max(machine.loadAverageAtStart as number, machine.loadAverageAtEnd as number);
if (busiest > os.cpus().length) {
  console.log(
    `\nNote: the load average reached ${busiest.toFixed(1)} on ${os.cpus().length} CPUs (other work was running); times are inflated.`,
  );
}
writeFileSync(args.out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nWrote ${args.out}`);
if (failures.length > 0) {
  console.error(`\n${failures.length} thing${failures.length === 1 ? '' : 's'} broke:\n${failures.join('\n')}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------

/** 1. Builds: the sample course, then each generated size. */
async function builds(): Promise<void> {
  const root = copyProject(projectRoot, work);
  mkdirSync(path.join(work, 'logs'));
  process.stdout.write('preparing a copy of the project… ');
  const warm = await warmUp({ root, content: './src/content', cacheDir: path.join(work, 'cache', 'warm-up') });
  console.log(warm.ok ? `${warm.seconds.toFixed(1)} s (untimed)` : 'FAILED');
  if (!warm.ok) {
    failures.push(`preparing the project copy (astro sync) failed:\n${failureReason(warm.output)}`);
    return;
  }
  const rows: BuildRow[] = [];

  if (!args['skip-sample']) {
    // The sample course gives every lesson a quiz; without one quiz there is a plain lesson page
    // to weigh too (the same trick as tests/integration/budgets.test.ts).
    const content = './src/content'; // the copy's, so paths are exactly those of a real build
    const lessons = readdirSync(path.join(root, content, 'lessons')).filter((f) => f.endsWith('.mdx'));
    const plain = /^lessons\/([^/]+)\//.exec(pageTypes.lesson)?.[1];
    if (plain === undefined) throw new Error(`the lesson page type is not a lesson: ${pageTypes.lesson}`);
    rmSync(path.join(root, content, 'quizzes', `${plain}.yaml`), { force: true });
    const row = await buildOne('sample course', root, content, lessons.length, undefined);
    rows.push(row);
    if (!row.error) sampleDist = distOf('sample course');
  }

  for (const n of args['pool-only'] ? [] : sizes) {
    // Inside the copy, as src/content is, so that paths look like a real build's.
    const content = `./bench-content/${n}`;
    let generated: GeneratedCourse;
    const started = performance.now();
    try {
      generated = await generateCourse(path.join(root, content), { lessons: n, seed });
    } catch (error) {
      failures.push(`generating ${n} lessons failed: ${(error as Error).message}`);
      rows.push({ course: `${n} lessons`, lessons: n, error: (error as Error).message });
      continue;
    }
    const generateSeconds = (performance.now() - started) / 1000;
    rows.push(await buildOne(`${n} lessons`, root, content, n, { ...generated, generateSeconds }));
    // Each build can be large (1,200 lessons make ~100 MB): keep only what is still needed.
    if (!args.keep) rmSync(distOf(`${n} lessons`), { recursive: true, force: true });
  }
  results.builds = rows;

  table(
    'Builds (each in a copy of the project; wall-clock seconds of `astro build`, Pagefind and service worker included)',
    ['course', 'lessons', 'pages', 'content', 'generate s', 'build s', 'pages/s'],
    rows.map((r) =>
      !built(r)
        ? [r.course, r.lessons, 'FAILED', '', '', '', '']
        : [
            r.course,
            r.lessons,
            r.pages,
            r.content ? `${r.content.files} files, ${size(r.content.bytes)}` : '(src/content, 1 quiz left out)',
            r.content ? r.content.generateSeconds.toFixed(1) : '',
            r.seconds.toFixed(1),
            r.pagesPerSecond.toFixed(1),
          ],
    ),
  );
  costPerLesson(rows.filter(built).filter((r) => r.content));
  const s = (v: number | undefined, digits = 1) => (v === undefined ? '?' : v.toFixed(digits));
  table(
    'Where the build time goes (seconds, from Astro’s log; hooks = build-done steps other than Pagefind: the service worker and the .gz copies, shown apart)',
    ['course', 'start-up', 'setup', 'bundle', 'render', 'pagefind', 'hooks', 'sw.js', 'gzip', 'astro total'],
    rows.filter(built).map((r) => {
      const p = r.phases;
      const startUp = p.astro === undefined ? undefined : r.seconds - p.astro;
      return [
        r.course,
        s(startUp),
        s(p.setup),
        s(p.bundle),
        s(p.render),
        s(p.pagefind),
        s(p.hooks),
        s(p.serviceWorker, 2),
        s(p.gzip, 2),
        s(p.astro),
      ];
    }),
  );
  table(
    'Build output (dist without the .gz copies; gzip = the copies the build writes for servers with gzip_static)',
    ['course', 'dist', 'gzip copies', 'pagefind index', 'sw.js precache', 'largest page', 'manifest.json'],
    rows
      .filter(built)
      .map((r) => [
        r.course,
        `${size(r.dist.bytes)} in ${r.dist.files} files`,
        r.gzipCopies.files ? `${size(r.gzipCopies.bytes)} in ${r.gzipCopies.files} files` : 'none',
        `${size(r.pagefind.bytes)} in ${r.pagefind.files} files`,
        r.precache
          ? `${size(r.precache.bytes)} in ${r.precache.entries} URLs${r.precache.missing ? ` (${r.precache.missing} missing)` : ''}`
          : 'no sw.js',
        `${size(r.largestPage.bytes)} ${r.largestPage.file}`,
        r.manifestBytes !== undefined ? size(r.manifestBytes) : '-',
      ]),
  );
  table(
    `Largest page, gzipped (level 9), against its budget of ${size(largestPageBudget)} (scripts/bench/budgets.ts)`,
    ['course', 'page', 'bytes', 'gzipped', 'budget', 'verdict'],
    rows
      .filter(built)
      .map((r) => [
        r.course,
        r.largestPageGzip.file,
        size(r.largestPage.bytes),
        size(r.largestPageGzip.bytes),
        size(largestPageBudget),
        r.largestPageGzip.bytes <= largestPageBudget
          ? `within (${Math.round((100 * r.largestPageGzip.bytes) / largestPageBudget)}%)`
          : `OVER by ${size(r.largestPageGzip.bytes - largestPageBudget)}`,
      ]),
  );

  if (sampleDist) weightPerPage(sampleDist);
}

/**
 * The least-squares line through the generated courses' build times: its intercept is what
 * every build pays whatever the size of the course (start-up, bundling the scripts, the service
 * worker…), its slope what each lesson adds. Needs two sizes or more.
 */
function costPerLesson(rows: Build[]): void {
  const points = rows.map((r) => ({ x: r.lessons, y: r.seconds }));
  const xs = new Set(points.map((p) => p.x));
  if (xs.size < 2) {
    console.log('\nFixed and per-lesson cost: needs builds of two sizes or more (e.g. --sizes 24,240).');
    return;
  }
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const slope =
    points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0) / points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  const intercept = my - slope * mx;
  const residual = Math.max(...points.map((p) => Math.abs(p.y - (intercept + slope * p.x))));
  results.buildCost = {
    fixedSeconds: round(intercept, 2),
    secondsPerLesson: round(slope, 5),
    builds: n,
    largestResidualSeconds: round(residual, 2),
  };
  console.log(
    `\nBuild time ≈ ${intercept.toFixed(2)} s fixed + ${(slope * 1000).toFixed(1)} ms per lesson` +
      ` (least-squares line through ${n} generated builds; farthest build ${residual.toFixed(2)} s off the line)`,
  );
}

/** Where the build of `label` goes, inside the temporary folder. */
function distOf(label: string): string {
  return path.join(work, 'dist', label.replace(/\s+/g, '-'));
}

interface BuildBase {
  course: string;
  lessons: number;
  content?: Omit<GeneratedCourse, 'lessons'> & { generateSeconds: number };
}

interface FailedBuild extends BuildBase {
  error: string;
}

interface Build extends BuildBase {
  error?: undefined;
  seconds: number;
  pages: number;
  pagesPerSecond: number;
  phases: Phases;
  dist: { files: number; bytes: number };
  pagefind: { files: number; bytes: number };
  precache: { entries: number; bytes: number; missing: number } | undefined;
  largestPage: { file: string; bytes: number };
  largestPageGzip: { file: string; bytes: number };
  gzipCopies: { files: number; bytes: number };
  manifestBytes: number | undefined;
}

type BuildRow = FailedBuild | Build;

// A declaration, not a const: the measurements above run at the module's top level, before a
// const further down would exist (they stopped at the builds' table on it).
function built(r: BuildRow): r is Build {
  return r.error === undefined;
}

async function buildOne(
  label: string,
  root: string,
  content: string,
  lessons: number,
  generated: (GeneratedCourse & { generateSeconds: number }) | undefined,
): Promise<BuildRow> {
  const outDir = distOf(label);
  process.stdout.write(`building ${label}… `);
  const run = await buildSite({ root, content, outDir, cacheDir: path.join(work, 'cache', path.basename(outDir)) });
  console.log(run.ok ? `${run.seconds.toFixed(1)} s` : 'FAILED');
  const log = path.join(work, 'logs', `${path.basename(outDir)}.log`);
  writeFileSync(log, run.output);
  const base: BuildBase = { course: label, lessons };
  if (generated) {
    const { lessons: _, ...figures } = generated;
    base.content = figures;
  }
  if (!run.ok) {
    const reason = failureReason(run.output);
    const where = args.keep ? `full log: ${log}` : 'run with --keep to keep the full log';
    failures.push(`build of ${label} failed after ${run.seconds.toFixed(1)} s (${where}):\n${reason}`);
    return { ...base, error: reason };
  }
  const site = measureSite(outDir, run.output);
  return {
    ...base,
    seconds: round(run.seconds, 2),
    pages: site.pages,
    pagesPerSecond: round(site.pages / run.seconds, 1),
    phases: Object.fromEntries(
      (Object.entries(site.phases) as [string, number | undefined][]).map(([k, v]) => [
        k,
        v === undefined ? undefined : round(v, 2),
      ]),
    ) as unknown as Phases,
    dist: site.dist,
    pagefind: site.pagefind,
    precache: site.precache,
    largestPage: site.largestPage,
    largestPageGzip: site.largestPageGzip,
    gzipCopies: site.gzipCopies,
    manifestBytes: site.manifestBytes,
  };
}

/**
 * 2. Weight per page type on the sample course, beside the budgets the tests hold it to
 * (scripts/bench/budgets.ts, which also names the page measured for each type): JavaScript with every
 * chunk a page loads, and the whole first view (HTML, CSS, JavaScript, images), gzip -9.
 */
function weightPerPage(dist: string): void {
  const weights: Record<string, { page: string; files: number; bytes: number; gzip: number; total: number }> = {};
  const rows: (string | number)[][] = [];
  for (const [name, file] of Object.entries(pageTypes) as [PageType, string][]) {
    const page = `/${file.replace(/index\.html$/, '')}`;
    try {
      const js = pageJsWeight(dist, file);
      const total = pageTotalWeight(dist, file);
      weights[name] = { page: file, files: js.files.length, bytes: js.bytes, gzip: js.gzip, total: total.total };
      rows.push([name, page, js.files.length, js.bytes, js.gzip, jsBudgets[name], total.total, pageBudgets[name]]);
    } catch {
      rows.push([name, page, '-', 'no such page', '-', jsBudgets[name], '-', pageBudgets[name]]);
    }
  }
  results.javascript = weights;
  table(
    'Weight per page type (sample course; gzip -9; budgets from scripts/bench/budgets.ts)',
    ['page type', 'page', 'js files', 'js bytes', 'js gzip', 'js budget', 'page gzip', 'page budget'],
    rows,
  );
}

/** 3. Sign and verify throughput. */
async function signoffs(): Promise<void> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const { x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
  if (x === undefined || y === undefined) throw new Error('WebCrypto exported a public key without coordinates');
  const jwk = { kty: 'EC', crv: 'P-256', x, y } as const;
  const kid = await thumbprint(jwk);
  const signer: Signer = { privateKey: pair.privateKey, kid, trainerId: 'bench', trainerName: 'Bench Trainer' };
  const roster: Roster = {
    courseId: 'bench-course',
    trainers: [
      {
        id: 'bench',
        name: 'Bench Trainer',
        demo: false,
        keys: [{ kid, jwk, validFrom: '2020-01-01T00:00:00.000Z', status: 'active' }],
      },
    ],
  };
  const skillHash = 'h'.repeat(43);
  const n = 2000;
  const signed: string[] = [];
  let t = performance.now();
  for (let i = 0; i < n; i++) {
    const result = await signSignoff(
      {
        course: 'bench-course',
        skill: 'skill',
        skillHash,
        trainee: { id: `trainee-${i}`, name: `Trainee ${i}` },
        step: 'show',
        outcome: 'signed-off',
        observedAt: '2026-03-01',
        evidence: { learningStyle: 'visual' },
        notes: 'Benchmark entry.',
      },
      signer,
    );
    if (!result.ok) throw new Error(`signing a sign-off failed: ${result.message}`);
    signed.push(result.value.jws);
  }
  const signPerSecond = n / ((performance.now() - t) / 1000);
  const verifyRate = async (backend: CryptoBackend, count: number) => {
    t = performance.now();
    for (const jws of signed.slice(0, count)) {
      const v = await verifySignoff(jws, {
        roster,
        courseId: 'bench-course',
        skillHashes: { skill: skillHash },
        accepted: [],
        backend,
      });
      if (!v.ok) throw new Error(`verifying a sign-off (${backend}) failed: ${v.message}`);
    }
    return count / ((performance.now() - t) / 1000);
  };
  const webcrypto = await verifyRate('webcrypto', n);
  const noble = await verifyRate('noble', 300);
  results.signoffs = {
    signPerSecond: Math.round(signPerSecond),
    verifyPerSecond: Math.round(webcrypto),
    verifyPerSecondPureJs: Math.round(noble),
  };
  table(
    'Sign-off entries (ES256)',
    ['operation', 'per second'],
    [
      ['sign (WebCrypto)', Math.round(signPerSecond)],
      ['verify (WebCrypto)', Math.round(webcrypto)],
      ['verify (pure JS fallback, @noble/curves)', Math.round(noble)],
    ],
  );
}

/** 4. A large progress bundle, verified as the verify page and `npm run verify` do. */
async function bundle(): Promise<void> {
  const n = 10_000;
  const r = await benchVerify(n);
  if (!r.valid) failures.push(`the benchmark bundle of ${n} entries did not verify (a bug: it is built valid)`);
  results.bundle = {
    entries: r.entries,
    skills: r.skills,
    certifications: r.certifications,
    characters: r.length,
    seconds: round(r.seconds, 2),
    entriesPerSecond: Math.round(r.entries / r.seconds),
    valid: r.valid,
  };
  table(
    'Verify a progress bundle (WebCrypto)',
    ['entries', 'certifications', 'size', 'seconds', 'entries/s', 'valid'],
    [
      [
        r.entries,
        r.certifications,
        size(r.length),
        r.seconds.toFixed(2),
        Math.round(r.entries / r.seconds),
        r.valid ? 'yes' : 'NO',
      ],
    ],
  );
}

/**
 * 4b. Verification stays linear in the number of entries whatever their order: the worst order
 * for step checking (100,000 practice sessions of one skill, newest first), and many
 * certifications of one skill (10,000 sign-offs, 3,000 certifications), each beside the time the
 * signature checks alone take on the same entries.
 */
async function order(): Promise<void> {
  const reverse = await benchReverseOrder(100_000);
  const recert = await benchRecertifications(10_000);
  for (const [name, r] of [
    ['reverse order', reverse],
    ['re-certifications', recert],
  ] as const) {
    if (!r.valid) failures.push(`the ${name} benchmark record did not verify (a bug: it is built valid)`);
  }
  const row = (name: string, r: typeof reverse) => [
    name,
    r.entries,
    r.certifications,
    r.seconds.toFixed(2),
    r.signatureSeconds.toFixed(2),
    (r.seconds / r.signatureSeconds).toFixed(2),
    r.valid ? 'yes' : 'NO',
  ];
  results.order = {
    reverse: { ...reverse, seconds: round(reverse.seconds, 2), signatureSeconds: round(reverse.signatureSeconds, 2) },
    recertifications: {
      ...recert,
      seconds: round(recert.seconds, 2),
      signatureSeconds: round(recert.signatureSeconds, 2),
    },
  };
  table(
    'Verification against the signature checks alone (WebCrypto)',
    ['record', 'sign-offs', 'certifications', 'verify s', 'signatures alone s', 'ratio', 'valid'],
    [row('100,000 practice entries, newest first', reverse), row('10,000 sign-offs with re-certifications', recert)],
  );
}

/** 5. The trainer's cohort desk: import (verify every file) and the first screen's work. */
async function cohort(): Promise<void> {
  const rows: (string | number)[][] = [];
  const out: unknown[] = [];
  for (const n of [100, 1000]) {
    const r = await benchCohort(n);
    if (r.accepted !== r.trainees) {
      failures.push(`cohort import accepted ${r.accepted} of ${r.trainees} valid files (a bug: all are valid)`);
    }
    out.push({ ...r, importSeconds: round(r.importSeconds, 2), firstRenderMs: round(r.firstRenderMs, 1) });
    rows.push([r.trainees, r.entries, r.accepted, r.importSeconds.toFixed(2), r.firstRenderMs.toFixed(1)]);
  }
  results.cohort = out;
  table(
    'Cohort desk (12 skills, every step signed off)',
    ['trainees', 'entries', 'accepted', 'import s', 'first render ms'],
    rows,
  );
}

/**
 * 6. The 10,000-entry bundle in the CLI: one thread, and the worker threads `npm run verify`
 * uses, beside the raw WebCrypto ceiling on every core measured in the same run.
 */
async function poolCli(): Promise<void> {
  const r = await benchPoolCli(10_000);
  if (!r.valid) failures.push('the pool benchmark bundle did not verify (a bug: it is built valid)');
  if (!r.identical) failures.push('the worker pool gave another verdict than one thread (a bug)');
  const ceiling = Math.max(r.ceilingMainPerSecond, r.ceilingWorkersPerSecond);
  const rate = (seconds: number) => r.entries / seconds;
  results.poolCli = {
    ...r,
    ceilingPerSecond: Math.round(ceiling),
    ratio: round(rate(r.poolSeconds) / ceiling, 2),
    medianRatio: round(rate(r.poolMedianSeconds) / ceiling, 2),
  };
  const row = (how: string, seconds: number, same: string) => [
    how,
    seconds.toFixed(2),
    Math.round(rate(seconds)),
    Math.round(ceiling),
    (rate(seconds) / ceiling).toFixed(2),
    same,
  ];
  const pool = `worker threads (${r.cores}; start-up ${Math.round(r.poolStartMs)} ms, not counted)`;
  table(
    `Verify the ${r.entries.toLocaleString('en')}-entry bundle in the CLI (${r.cores} cores; ceiling: crypto.subtle.verify of the same signatures, best of all in flight on one thread and one worker thread per core: ${Math.round(r.ceilingMainPerSecond)} and ${Math.round(r.ceilingWorkersPerSecond)}/s, the mean of before and after the runs: ${r.ceilingBeforeAfter.map(Math.round).join(' and ')}/s; each way run ${r.runs} times: the first, as one \`npm run verify\` of a file, and the median)`,
    ['how', 'seconds', 'entries/s', 'ceiling/s', 'ratio', 'same verdict'],
    [
      row('one thread, first run', r.oneThreadSeconds, '-'),
      row(`one thread, median of ${r.runs}`, r.oneThreadMedianSeconds, '-'),
      row(`${pool}, first run`, r.poolSeconds, r.identical ? 'yes' : 'NO'),
      row(`${pool}, median of ${r.runs}`, r.poolMedianSeconds, r.identical ? 'yes' : 'NO'),
    ],
  );
  console.log(
    `  CPU per entry, every thread of the process: the worker threads' median run ${r.poolCpuPerEntryUs.toFixed(1)} µs ` +
      `(the cores ${Math.round(r.poolBusy * 100)}% busy), the ceiling on worker threads ${r.ceilingCpuPerEntryUs.toFixed(1)} µs. ` +
      `With every core busy throughout, the ratio cannot pass ${(r.ceilingCpuPerEntryUs / r.poolCpuPerEntryUs).toFixed(2)}.`,
  );
}

/** 7. Headless Chromium: the cohort desk importing 1,000 files, and the pages' main-thread blocking. */
async function browserPool(): Promise<void> {
  if (!sampleDist) {
    console.log(
      '\nBrowser measurements: they need the sample course build (leave out --skip-build and --skip-sample).',
    );
    return;
  }
  if (!args['skip-crypto']) {
    const r = await benchBrowserCohort(sampleDist, path.join(projectRoot, 'demo', 'demo-trainer.tandem-key.json'));
    const rate = (seconds: number) => r.entries / seconds;
    for (const [how, text] of Object.entries(r.added)) {
      if (!text.startsWith(`${r.files} added`)) failures.push(`the browser cohort import (${how}) said: ${text}`);
    }
    results.browserCohort = { ...r, ratio: round(rate(r.poolSeconds) / r.ceilingPerSecond, 2) };
    table(
      `Cohort desk in headless Chromium: ${r.files.toLocaleString('en')} files, ${r.entries.toLocaleString('en')} sign-offs (${r.cores} cores; ceiling: crypto.subtle.verify of the same signatures in a page of the same site, in as many workers as the pool, ${Math.round(r.ceilingPerSecond)}/s, the mean of before and after the pool's import: ${r.ceilingBeforeAfter.map(Math.round).join(' and ')}/s; on the page's own thread ${Math.round(r.mainThreadPerSecond)}/s)`,
      ['how', 'seconds', 'entries/s', 'ratio to ceiling', 'main thread blocked ms'],
      [
        [
          'worker pool',
          r.poolSeconds.toFixed(2),
          Math.round(rate(r.poolSeconds)),
          (rate(r.poolSeconds) / r.ceilingPerSecond).toFixed(2),
          Math.round(r.poolBlockingMs),
        ],
        [
          'page thread (workers blocked: as before)',
          r.oneThreadSeconds.toFixed(2),
          Math.round(rate(r.oneThreadSeconds)),
          (rate(r.oneThreadSeconds) / r.ceilingPerSecond).toFixed(2),
          Math.round(r.oneThreadBlockingMs),
        ],
      ],
    );
    if (r.cpu) {
      const c = r.cpu;
      console.log(
        `  CPU per entry, every Chromium thread (from the files handed over to the desk's answer): the worker pool's import ` +
          `${c.importUs.toFixed(1)} µs (its workers ${c.workersUs.toFixed(1)}, the page's thread ${c.pageUs.toFixed(1)}, ` +
          `the rest ${c.otherUs.toFixed(1)}: compiling, GC, reading and storing the files), the cores ${Math.round(c.busy * 100)}% busy; ` +
          `the ceiling ${c.ceilingUs.toFixed(1)} µs. With every core busy throughout, the ratio cannot pass ${(c.ceilingUs / c.importUs).toFixed(2)}.`,
      );
    }
  }
  const browser = await launchChromium();
  try {
    const after = await benchBlocking(browser, sampleDist);
    const before: BlockingResult[] | undefined = args['blocking-before']
      ? await benchBlocking(browser, path.resolve(args['blocking-before']))
      : undefined;
    results.blocking = { after, ...(before && { before, beforeDist: args['blocking-before'] }) };
    table(
      'Main-thread blocking on first view (headless Chromium, CPU 4× slower as in Lighthouse’s mobile profile, no network throttling; Total Blocking Time from FCP, median of 5; target < 200 ms)',
      ['page', ...(before ? ['before: TBT ms', 'longest ms'] : []), 'TBT ms', 'longest task ms', 'FCP ms'],
      after.map((a, i) => {
        const b = before?.[i];
        return [
          a.page,
          ...(b ? [Math.round(b.tbtMs), Math.round(b.longestMs)] : []),
          Math.round(a.tbtMs),
          Math.round(a.longestMs),
          Math.round(a.fcpMs),
        ];
      }),
    );
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------------------------------------

function table(title: string, header: string[], rows: (string | number)[][]): void {
  if (rows.length === 0) return;
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[\d.,]*$/.test(String(r[i] ?? ''))));
  const line = (r: (string | number)[]) =>
    '  ' +
    r
      .map((c, i) => (numeric[i] ? String(c).padStart(widths[i] ?? 0) : String(c).padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(line(row));
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

async function lighthouse(): Promise<void> {
  const missing = lighthouseAvailable();
  if (missing) {
    console.log(`\nLighthouse skipped: ${missing}.`);
    return;
  }
  if (!sampleDist) {
    console.log('\nLighthouse: it needs the sample course build (leave out --skip-build and --skip-sample).');
    return;
  }
  const runs = await benchLighthouse(sampleDist, LIGHTHOUSE_PAGES, 3);
  results.lighthouse = runs;
  table(
    'Lighthouse, mobile profile (simulated slow 4G, CPU 4× slower), performance only, median of 3 runs; target: TBT < 200 ms on the checklist, sign-off and verify pages',
    ['page', 'score', 'TBT ms', 'LCP ms', 'CLS', 'runs (score/TBT)'],
    runs.map((r) => [
      r.page,
      r.score,
      Math.round(r.tbtMs),
      Math.round(r.lcpMs),
      r.cls.toFixed(3),
      r.runs.map((x) => `${x.score}/${x.tbtMs}`).join(' '),
    ]),
  );
}
