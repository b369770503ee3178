/**
 * Broken content must stop the real build with a message naming the file and the field.
 * Each case builds a copy of the project with one thing broken in its content.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { copyFileSync } from 'node:fs';
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

  it('stops when a key id is not the thumbprint of its key', { timeout: 120_000 }, () => {
    const { status, output } = buildWith((dir) =>
      edit(path.join(dir, 'trainers/demo-trainer.yaml'), /kid: "A/, 'kid: "B'),
    );
    expect(status).not.toBe(0);
    expect(output).toMatch(
      /trainers\/demo-trainer\.yaml → keys\[0\]\.kid: key id B\S+ is not the RFC 7638 thumbprint of keys\[0\]\.jwk/,
    );
    expect(output).toContain('Fix: Copy the key id and the public key again');
  });

  it('stops when one public key is listed under two trainers', { timeout: 120_000 }, () => {
    const { status, output } = buildWith((dir) => {
      const copy = path.join(dir, 'trainers/sam-okafor.yaml');
      copyFileSync(path.join(dir, 'trainers/demo-trainer.yaml'), copy);
      edit(copy, /^demo: true$/m, 'demo: false');
      edit(copy, /^name: .*$/m, 'name: "Sam Okafor"');
    });
    expect(status).not.toBe(0);
    expect(output).toMatch(
      /trainers\/(sam-okafor|demo-trainer)\.yaml → keys\[0\]\.jwk: this public key is also listed under trainer "(demo-trainer|sam-okafor)"/,
    );
    expect(output).toContain('Fix: A key belongs to one trainer');
  });

  it('stops a production build with an active demo trainer unless the settings allow it', { timeout: 120_000 }, () => {
    const { status, output } = buildWith((dir) =>
      edit(path.join(dir, 'course/settings.yaml'), /^allowDemoTrainer: true$/m, ''),
    );
    expect(status).not.toBe(0);
    expect(output).toContain(
      'trainers/demo-trainer.yaml → demo (keys[0].status: active): the demo trainer "Dana Demo" is active in a production build',
    );
    expect(output).toContain('set allowDemoTrainer: true in src/content/course/settings.yaml');
  });
});
