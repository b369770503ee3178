/**
 * Headless Chromium against a built site, for the browser benchmarks (scripts/bench/pool-bench.ts,
 * scripts/bench/blocking.ts): the site served by scripts/serve.mjs, as the end-to-end tests
 * serve it (the site's own _headers, strict CSP included), on a free port of its own.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';

export async function launchChromium(): Promise<Browser> {
  const executablePath =
    process.env['CHROMIUM_PATH'] ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
  return chromium.launch({
    headless: true,
    ...(executablePath && { executablePath }),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function serveSite(dist: string): Promise<{ url: string; close(): Promise<void> }> {
  const port = await freePort();
  const serve = path.join(import.meta.dirname, '..', 'serve.mjs');
  const child = spawn(process.execPath, [serve, dist, '--port', String(port)], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
