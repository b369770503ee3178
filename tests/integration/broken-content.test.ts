/**
 * Broken content must stop the real build with a message naming the file and the field.
 * Each case copies the project (sharing node_modules) to a temporary folder, breaks one
 * thing in its content, and runs `astro build` there: a separate root keeps Astro's generated
 * .astro/ files and content cache away from the real project.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

function buildWith(breakIt: (contentDir: string) => void) {
  const work = mkdtempSync(path.join(tmpdir(), 'tandem-broken-'));
  for (const item of ['src', 'public', 'astro.config.mjs', 'tsconfig.json', 'package.json']) {
    cpSync(item, path.join(work, item), { recursive: true });
  }
  symlinkSync(path.resolve('node_modules'), path.join(work, 'node_modules'), 'dir');
  breakIt(path.join(work, 'src/content'));
  const result = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--root', work], {
    encoding: 'utf8',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', TANDEM_CONTENT: '', TANDEM_CACHE_DIR: '' },
  });
  rmSync(work, { recursive: true, force: true });
  return {
    status: result.status,
    output: `${result.stdout}
${result.stderr}`,
  };
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
