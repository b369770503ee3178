#!/usr/bin/env node
// `npm test` needs the test LRS (Learning Locker's statement service and its validator) in
// tests/lrs, installed apart from the project because it pulls old packages. Installing it here,
// once, keeps the README's two commands (`npm install`, `npm test`) enough on a fresh machine.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('tests/lrs/node_modules/xapi-statements/package.json')) {
  console.log('Installing the test LRS in tests/lrs (once)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--prefix', 'tests/lrs', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('Installing the test LRS failed: run `npm install --prefix tests/lrs` and look at its messages.');
    process.exit(result.status ?? 1);
  }
}
