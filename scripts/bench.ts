/**
 * `npm run bench`: measures and prints; it never passes or fails on time.
 *
 * - build time of the sample course, and JavaScript bytes (gzipped) per page type;
 * - sign and verify throughput of sign-off entries (WebCrypto, and the pure-JS fallback);
 * - verification of a large progress bundle, when the export module provides it.
 *
 * Writes the figures to bench-results.json as well.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pageJsWeight } from '../tests/js-weight.ts';
import { signSignoff, type Signer } from '../src/lib/trust/entry.ts';
import { thumbprint } from '../src/lib/trust/keys.ts';
import { verifySignoff, type CryptoBackend } from '../src/lib/trust/verify.ts';
import type { Roster } from '../src/lib/trust/roster.ts';

const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };

function table(title: string, rows: (string | number)[][]): void {
  console.log(`\n${title}`);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const row of rows) console.log('  ' + row.map((c, i) => String(c).padEnd(widths[i]!)).join('  '));
}

// 1. Build the sample course and weigh each page type.
{
  const started = performance.now();
  const build = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], {
    encoding: 'utf8',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  const seconds = (performance.now() - started) / 1000;
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
  const pages = Number(/(\d+) page\(s\) built/.exec(build.stdout)?.[1] ?? 0);
  results.build = {
    lessons: 29,
    pages,
    seconds: Number(seconds.toFixed(2)),
    pagesPerSecond: Number((pages / seconds).toFixed(1)),
  };
  table('Build (sample course)', [
    ['lessons', 'pages', 'seconds', 'pages/s'],
    [29, pages, seconds.toFixed(2), (pages / seconds).toFixed(1)],
  ]);

  const pageTypes: Record<string, string> = {
    home: 'index.html',
    lesson: 'lessons/processing-a-return/index.html',
    'my progress': 'progress/index.html',
    checklist: 'checklist/index.html',
    trainer: 'trainer/index.html',
    'sign-off': 'trainer/sign/index.html',
    verify: 'verify/index.html',
    search: 'search/index.html',
  };
  const weights: Record<string, { files: number; bytes: number; gzip: number }> = {};
  const rows: (string | number)[][] = [['page type', 'files', 'bytes', 'gzip']];
  for (const [name, file] of Object.entries(pageTypes)) {
    if (!existsSync(`dist/${file}`)) continue;
    const w = pageJsWeight('dist', file);
    weights[name] = { files: w.files.length, bytes: w.bytes, gzip: w.gzip };
    rows.push([name, w.files.length, w.bytes, w.gzip]);
  }
  results.javascript = weights;
  table('JavaScript per page type (every chunk a page loads, gzip -9)', rows);
}

// 2. Sign and verify throughput.
{
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const { x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const jwk = { kty: 'EC', crv: 'P-256', x: x!, y: y! } as const;
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
    if (!result.ok) throw new Error(result.message);
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
      if (!v.ok) throw new Error(v.message);
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
  table('Sign-off entries (ES256)', [
    ['operation', 'per second'],
    ['sign (WebCrypto)', Math.round(signPerSecond)],
    ['verify (WebCrypto)', Math.round(webcrypto)],
    ['verify (pure JS fallback, @noble/curves)', Math.round(noble)],
  ]);
}

// 3. A large bundle, when the export module is there.
try {
  const bench = (await import('../src/lib/export/bench.ts')) as {
    benchVerify?: (n: number) => Promise<{ seconds: number }>;
  };
  if (bench.benchVerify) {
    const { seconds } = await bench.benchVerify(10_000);
    results.bundle = {
      entries: 10_000,
      seconds: Number(seconds.toFixed(2)),
      entriesPerSecond: Math.round(10_000 / seconds),
    };
    table('Verify a progress bundle', [
      ['entries', 'seconds', 'entries/s'],
      [10_000, seconds.toFixed(2), Math.round(10_000 / seconds)],
    ]);
  }
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
}

// 4. The trainer's cohort desk: import (verify every file) and the first screen's work.
{
  const { benchCohort } = await import('../src/lib/cohort/bench.ts');
  const rows: (string | number)[][] = [['trainees', 'entries', 'import s', 'first render ms']];
  const cohort: unknown[] = [];
  for (const n of [100, 1000]) {
    const r = await benchCohort(n);
    cohort.push({
      ...r,
      importSeconds: Number(r.importSeconds.toFixed(2)),
      firstRenderMs: Number(r.firstRenderMs.toFixed(1)),
    });
    rows.push([r.trainees, r.entries, r.importSeconds.toFixed(2), r.firstRenderMs.toFixed(1)]);
  }
  results.cohort = cohort;
  table('Cohort desk (12 skills, every step signed off)', rows);
}

writeFileSync('bench-results.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('\nWrote bench-results.json');
