/**
 * The manifest `npm run verify` builds from src/content when there is no built site must be the
 * manifest the site publishes, hash for hash: otherwise every sign-off would look like it was made
 * against "an earlier version" of its skill.
 *
 * The site's own code (src/site/course.ts and src/site/manifest.ts) runs here unchanged, with
 * `astro:content` standing in for Astro's glob loader: each file parsed with Astro's own parsers
 * (its js-yaml, and the front matter reader of @astrojs/internal-helpers), checked with the
 * collection's schema, id from the file name. Both are compared on the sample course and on a
 * copy with the cases the sample lacks (a draft lesson, a quiz's own pass mark, an optional
 * skill, a revoked key, YAML dates and block text).
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { manifestFromFiles } from '../../../src/lib/course/manifest-from-files';
import { parseManifest } from '../../../src/lib/course/manifest-file';
import type { CourseManifest } from '../../../src/lib/course/manifest';

const content = vi.hoisted(() => ({ dir: 'src/content' }));

vi.mock('astro:content', async () => {
  const { createRequire } = await import('node:module');
  const { readFileSync: read, readdirSync: list } = await import('node:fs');
  const { join: joinPath } = await import('node:path');
  const { parseFrontmatter } = await import('@astrojs/internal-helpers/frontmatter');
  // Astro's own YAML parser (the version Astro depends on, which may differ from ours).
  const astroYaml = createRequire(createRequire(import.meta.url).resolve('astro/package.json'))('js-yaml') as {
    load(text: string): unknown;
  };
  const schemas = await import('../../../src/lib/content/schema');
  const { quizSchema } = await import('../../../src/lib/quiz/schemas');
  const collections = {
    course: ['.yaml', schemas.courseSchema],
    modules: ['.yaml', schemas.moduleSchema],
    lessons: ['.mdx', schemas.lessonSchema],
    skills: ['.yaml', schemas.skillSchema],
    trainers: ['.yaml', schemas.trainerSchema],
    quizzes: ['.yaml', quizSchema],
  } as const;
  return {
    getCollection: async (name: keyof typeof collections) => {
      const [ext, schema] = collections[name];
      const folder = joinPath(content.dir, name);
      return list(folder)
        .filter((f) => f.endsWith(ext))
        .map((f) => {
          const text = read(joinPath(folder, f), 'utf8');
          const raw = ext === '.mdx' ? parseFrontmatter(text).frontmatter : astroYaml.load(text);
          return { id: f.slice(0, -ext.length), filePath: joinPath(folder, f), data: schema.parse(raw) };
        });
    },
  };
});

/** The manifest the site build would publish for `dir` (a fresh module graph: the site caches it). */
async function siteManifest(dir: string): Promise<CourseManifest> {
  content.dir = dir;
  vi.resetModules();
  const { loadManifest } = await import('../../../src/site/manifest');
  return loadManifest();
}

const withoutBuiltAt = ({ builtAt: _, ...rest }: CourseManifest) => JSON.parse(JSON.stringify(rest)) as unknown;

const temp = mkdtempSync(join(tmpdir(), 'tandem-manifest-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
beforeEach(() => vi.spyOn(console, 'warn').mockImplementation(() => {}));

describe('the manifest built from the content files', () => {
  it('is the manifest the site publishes, for the sample course', async () => {
    const fromFiles = await manifestFromFiles('src/content');
    if (!fromFiles.ok) throw new Error(fromFiles.message);
    const site = await siteManifest('src/content');
    expect(withoutBuiltAt(fromFiles.value)).toEqual(withoutBuiltAt(site));
    expect(fromFiles.value.skills.length).toBeGreaterThan(5);
    expect(fromFiles.value.skills.every((s) => /^[A-Za-z0-9_-]{43}$/.test(s.hash))).toBe(true);
  });

  it('is the manifest the site publishes, with drafts, pass marks, optional skills and revoked keys', async () => {
    const dir = join(temp, 'content');
    cpSync('src/content', dir, { recursive: true });
    const skill = readdirSync(join(dir, 'skills'))[0] as string;
    const skillPath = join(dir, 'skills', skill);
    writeFileSync(
      skillPath,
      readFileSync(skillPath, 'utf8').replace(/^required: true$/m, 'required: false') +
        '\n# a comment, which changes nothing\n',
    );
    const quiz = join(dir, 'quizzes', readdirSync(join(dir, 'quizzes'))[0] as string);
    writeFileSync(quiz, `passMark: 90\nshuffle: false\n${readFileSync(quiz, 'utf8')}`);
    writeFileSync(
      join(dir, 'lessons', 'zz-draft-lesson.mdx'),
      '---\ntitle: "A draft"\nmodule: being-heard\norder: 99\nsummary: >\n  Not yet.\nminutes: 5\ndraft: true\n---\n\nText.\n',
    );
    const demo = readFileSync(join(dir, 'trainers', 'demo-trainer.yaml'), 'utf8');
    // A key of her own: one public key may be listed under one trainer only.
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
    const { x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
    const kid = await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: x!, y: y! }, 'sha256');
    writeFileSync(
      join(dir, 'trainers', 'zz-retired.yaml'),
      demo
        .replace(/^( +- kid: ).*$/m, `$1"${kid}"`)
        .replace(/^( +x: ).*$/m, `$1"${x}"`)
        .replace(/^( +y: ).*$/m, `$1"${y}"`)
        .replace(/^name: .*$/m, 'name: "Rita Retired — ünïcode"')
        .replace(/^demo: true$/m, 'demo: false')
        .replace(
          /^ {4}status: active$/m,
          '    validUntil: 2026-12-31T18:00:00Z\n    status: revoked\n    revokedAt: 2026-06-01\n    revokedReason: |\n      Laptop lost\n      on the train',
        ),
    );

    const fromFiles = await manifestFromFiles(dir);
    if (!fromFiles.ok) throw new Error(fromFiles.message);
    const site = await siteManifest(dir);
    expect(withoutBuiltAt(fromFiles.value)).toEqual(withoutBuiltAt(site));
    // The edits took effect.
    expect(fromFiles.value.skills.some((s) => !s.required)).toBe(true);
    expect(Object.values(fromFiles.value.quizzes).some((q) => q.passMark === 90)).toBe(true);
    expect(fromFiles.value.lessons['zz-draft-lesson']).toBeUndefined();
    expect(fromFiles.value.roster.trainers.find((t) => t.id === 'zz-retired')?.keys[0]).toMatchObject({
      status: 'revoked',
      revokedAt: '2026-06-01T00:00:00.000Z',
      validUntil: '2026-12-31T18:00:00.000Z',
      revokedReason: 'Laptop lost\non the train\n',
    });
  });

  it('refuses broken content, naming the file and field, as the build does', async () => {
    const dir = join(temp, 'broken');
    cpSync('src/content', dir, { recursive: true });
    const skill = join(dir, 'skills', readdirSync(join(dir, 'skills'))[0] as string);
    writeFileSync(skill, readFileSync(skill, 'utf8').replace(/^title: .*$/m, 'title: 42'));
    writeFileSync(
      join(dir, 'quizzes', 'no-such-lesson.yaml'),
      readFileSync(join(dir, 'quizzes', readdirSync(join(dir, 'quizzes'))[0] as string)),
    );
    const broken = await manifestFromFiles(dir);
    expect(broken).toMatchObject({ ok: false, reason: 'content-error' });
    if (!broken.ok) expect(broken.message).toMatch(/skills\/[a-z-]+\.yaml: title: /);

    writeFileSync(skill, readFileSync(join('src/content/skills', readdirSync('src/content/skills')[0] as string)));
    const crossFile = await manifestFromFiles(dir);
    expect(crossFile).toMatchObject({ ok: false, reason: 'content-error' });
    if (!crossFile.ok) expect(crossFile.message).toMatch(/no-such-lesson/);
  });
});

describe('reading a published manifest', () => {
  it('accepts the manifest the site publishes', async () => {
    const fromFiles = await manifestFromFiles('src/content');
    if (!fromFiles.ok) throw new Error(fromFiles.message);
    expect(parseManifest(JSON.stringify(fromFiles.value))).toEqual({ ok: true, value: fromFiles.value });
  });

  it.each([
    ['not JSON', 'nope', 'not-json'],
    ['another file', '{"format":"tandem-progress-bundle","version":1}', 'not-a-manifest'],
    ['another version', '{"format":"tandem-course-manifest","version":9}', 'unsupported-version'],
    [
      'no roster',
      '{"format":"tandem-course-manifest","version":1,"course":{"id":"c","title":"t","organisation":"o","passMark":80,"certificationExpiryMonths":0}}',
      'damaged',
    ],
  ])('refuses %s', (_, text, reason) => {
    expect(parseManifest(text)).toMatchObject({ ok: false, reason });
  });
});
