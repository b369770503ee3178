#!/usr/bin/env node
// Builds the sample course twice for the end-to-end tests: once for the domain root and once
// under /training/, so every test runs against both. SKIP_BUILD=1 reuses the last build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const dist = process.env.TANDEM_E2E_DIST ?? 'dist-test';
// Each site names its own test LRS (tests/e2e/lrs.spec.ts starts Learning Locker's statement
// service on that loopback port), so the two projects can run at once without sharing statements.
// TANDEM_LRS_PORT moves both (root on it, sub-path one above) for a second run on the machine.
const lrsPort = Number(process.env.TANDEM_LRS_PORT ?? 4945);
const sites = [
  { outDir: `${dist}/root`, base: '/', lrs: `http://127.0.0.1:${lrsPort}/xAPI/` },
  { outDir: `${dist}/sub`, base: '/training/', lrs: `http://127.0.0.1:${lrsPort + 1}/xAPI/` },
];

for (const site of sites) {
  if (process.env.SKIP_BUILD === '1' && existsSync(`${site.outDir}/index.html`)) continue;
  const started = Date.now();
  const result = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', site.outDir], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, BASE_PATH: site.base, LRS_ENDPOINT: site.lrs },
  });
  if (result.status !== 0) {
    console.error(`Building ${site.outDir} (base ${site.base}) failed.`);
    process.exit(result.status ?? 1);
  }
  console.log(`built ${site.outDir} (base ${site.base}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
