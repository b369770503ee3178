#!/usr/bin/env node
// Builds the sample course twice for the end-to-end tests: once for the domain root and once
// under /training/, so every test runs against both. SKIP_BUILD=1 reuses the last build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const dist = process.env.TANDEM_E2E_DIST ?? 'dist-test';
const sites = [
  { outDir: `${dist}/root`, base: '/' },
  { outDir: `${dist}/sub`, base: '/training/' },
];

for (const site of sites) {
  if (process.env.SKIP_BUILD === '1' && existsSync(`${site.outDir}/index.html`)) continue;
  const started = Date.now();
  const result = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', site.outDir], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, BASE_PATH: site.base },
  });
  if (result.status !== 0) {
    console.error(`Building ${site.outDir} (base ${site.base}) failed.`);
    process.exit(result.status ?? 1);
  }
  console.log(`built ${site.outDir} (base ${site.base}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
