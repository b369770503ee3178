/**
 * Broken content must stop the real build with a message naming the file and the field.
 * Each case copies the sample course to a temporary folder, breaks one thing, and runs
 * `astro build` on it through TANDEM_CONTENT.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

function buildWith(breakIt: (dir: string) => void) {
  const work = mkdtempSync(path.join(tmpdir(), 'tandem-broken-'));
  const content = path.join(work, 'content');
  cpSync('src/content', content, { recursive: true });
  breakIt(content);
  const result = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', path.join(work, 'dist')], {
    encoding: 'utf8',
    env: { ...process.env, TANDEM_CONTENT: content, TANDEM_CACHE_DIR: path.join(work, 'cache'), ASTRO_TELEMETRY_DISABLED: '1' },
  });
  rmSync(work, { recursive: true, force: true });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

function edit(file: string, from: string | RegExp, to: string) {
  const text = readFileSync(file, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`fixture edit did not apply to ${file}`);
  writeFileSync(file, changed);
}

describe('a build of broken content', () => {
  it('stops when a lesson names an unknown module, naming the file and field', { timeout: 120_000 }, () => {
    const { status, output } = buildWith((dir) =>
      edit(path.join(dir, 'lessons/delivering-bad-news.mdx'), /^module: .*$/m, 'module: handling-complaint'),
    );
    expect(status).not.toBe(0);
    expect(output).toContain('lessons/delivering-bad-news.mdx → module: unknown module "handling-complaint"');
    expect(output).toContain('Fix: Use one of:');
  });

  it('stops when a skill names a lesson that does not exist', { timeout: 120_000 }, () => {
    const { status, output } = buildWith((dir) =>
      edit(path.join(dir, 'skills/active-listening.yaml'), 'mirroring-labeling-auditing', 'mirroring-and-labeling'),
    );
    expect(status).not.toBe(0);
    expect(output).toMatch(/skills\/active-listening\.yaml → lessons\[\d\]: unknown lesson "mirroring-and-labeling"/);
  });

  it('stops on a front matter field of the wrong type, naming the file and the field', { timeout: 120_000 }, () => {
    const { status, output } = buildWith((dir) =>
      edit(path.join(dir, 'lessons/outcome-vs-process.mdx'), /^minutes: .*$/m, 'minutes: about ten'),
    );
    expect(status).not.toBe(0);
    expect(output).toContain('outcome-vs-process');
    expect(output).toContain('minutes');
  });
});
