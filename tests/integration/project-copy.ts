/**
 * Builds a throwaway copy of the project (sharing node_modules) after changing its content.
 * A separate root keeps Astro's generated .astro/ files and content cache away from the real
 * project, so a test build of broken or altered content never disturbs the next real build.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface CopyBuild {
  status: number | null;
  output: string;
  /** The built site (only while `keep` is true; call `cleanup` when done). */
  dist: string;
  cleanup: () => void;
}

export function buildCopy(change: (contentDir: string) => void, { keep = false } = {}): CopyBuild {
  const work = mkdtempSync(path.join(tmpdir(), 'tandem-copy-'));
  for (const item of ['src', 'public', 'astro.config.mjs', 'tsconfig.json', 'package.json']) {
    cpSync(item, path.join(work, item), { recursive: true });
  }
  symlinkSync(path.resolve('node_modules'), path.join(work, 'node_modules'), 'dir');
  change(path.join(work, 'src/content'));
  const result = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--root', work], {
    encoding: 'utf8',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', TANDEM_CONTENT: '', TANDEM_CACHE_DIR: '', BASE_PATH: '' },
  });
  const cleanup = () => rmSync(work, { recursive: true, force: true });
  if (!keep) cleanup();
  return {
    status: result.status,
    output: `${result.stdout}\n${result.stderr}`,
    dist: path.join(work, 'dist'),
    cleanup,
  };
}

export function edit(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`fixture edit did not apply to ${file}`);
  writeFileSync(file, changed);
}
