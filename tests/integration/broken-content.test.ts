/**
 * Broken content must stop the real build with a message naming the file and the field.
 * Each case builds a copy of the project with one thing broken in its content.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { buildCopy, edit } from './project-copy';

const buildWith = (breakIt: (contentDir: string) => void) => buildCopy(breakIt);

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
