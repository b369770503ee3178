/**
 * A private copy of the built test site on its own port, for tests that need to take the
 * server away (offline) or deploy a new version (update notice) without disturbing the
 * shared servers the other tests use.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestInfo } from '@playwright/test';

export interface SiteCopy {
  /** The copy's folder: edit files here to "deploy" a change. */
  dir: string;
  /** The site's address, under /training/ for the sub-path project. */
  url: string;
  start: () => Promise<void>;
  stop: () => Promise<void>;
  remove: () => Promise<void>;
}

export function siteCopy(testInfo: TestInfo, slot: number): SiteCopy {
  const subpath = testInfo.project.name === 'subpath';
  const built = path.join(process.env.TANDEM_E2E_DIST ?? 'dist-test', subpath ? 'sub' : 'root');
  const dir = mkdtempSync(path.join(tmpdir(), 'tandem-site-'));
  cpSync(built, dir, { recursive: true });
  // Clear of the shared servers' ports (TANDEM_E2E_PORT, +1); one port per project and slot.
  const port = Number(process.env.TANDEM_E2E_PORT ?? 4401) + 10 + slot * 2 + (subpath ? 1 : 0);
  const base = subpath ? '/training/' : '/';
  const url = `http://127.0.0.1:${port}${base}`;
  let server: ChildProcess | undefined;

  const stop = async () => {
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill();
    await exited;
  };
  return {
    dir,
    url,
    stop,
    async start() {
      server = spawn(process.execPath, ['scripts/serve.mjs', dir, '--port', String(port), '--base', base], {
        stdio: 'ignore',
      });
      for (let tries = 0; tries < 100; tries++) {
        if (
          await fetch(url).then(
            (r) => r.ok,
            () => false,
          )
        )
          return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`the copy of the site did not start on port ${port}`);
    },
    async remove() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
