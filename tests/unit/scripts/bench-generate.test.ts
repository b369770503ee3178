/**
 * The benchmark's course generator (scripts/bench/generate-course.ts) must write content the
 * real build accepts, or `npm run bench` measures a failed build. The manifest builder reads a
 * content folder with the site's own schemas and cross-file rules, so it stands in for a build.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { courseFiles, generateCourse } from '../../../scripts/bench/generate-course';
import { manifestFromFiles } from '../../../src/lib/course/manifest-from-files';
import { thumbprint } from '../../../src/lib/trust/keys';

const dir = mkdtempSync(path.join(tmpdir(), 'tandem-bench-generate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generated benchmark course', () => {
  it('is accepted by the content schemas and cross-file checks, with what was asked for', async () => {
    const summary = await generateCourse(dir, { lessons: 24, seed: 7 });
    const manifest = await manifestFromFiles(dir);
    if (!manifest.ok) throw new Error(manifest.message);

    expect(readdirSync(path.join(dir, 'lessons'))).toHaveLength(24);
    expect(readdirSync(path.join(dir, 'quizzes'))).toHaveLength(24);
    expect(Object.keys(manifest.value.quizzes)).toHaveLength(24);
    expect(manifest.value.skills).toHaveLength(summary.skills);
    expect(manifest.value.roster.trainers).toHaveLength(summary.trainers);
    expect(manifest.value.course.id).toBe(summary.courseId);
    // Every question type, so the quiz markup of each is built and indexed.
    expect(Object.keys(summary.questionTypes).sort()).toEqual(
      ['multiple', 'ordering', 'scenario', 'single', 'text', 'truefalse'].sort(),
    );
    // Skills name lessons that name them back (no warnings in the build's output).
    for (const skill of manifest.value.skills) {
      for (const lesson of skill.lessons) {
        const front = readFileSync(path.join(dir, 'lessons', `${lesson}.mdx`), 'utf8');
        expect(front).toContain(`- ${skill.id}\n`);
      }
    }
  });

  it('lists trainers with real public keys whose kid is their thumbprint', async () => {
    const manifest = await manifestFromFiles(dir);
    if (!manifest.ok) throw new Error(manifest.message);
    for (const trainer of manifest.value.roster.trainers) {
      for (const key of trainer.keys) expect(key.kid).toBe(await thumbprint(key.jwk));
    }
  });

  it('writes the same bytes for the same seed, and other bytes for another', async () => {
    const a = await courseFiles({ lessons: 12, seed: 3 });
    const b = await courseFiles({ lessons: 12, seed: 3 });
    const c = await courseFiles({ lessons: 12, seed: 4 });
    expect([...a.files]).toEqual([...b.files]);
    expect([...a.files]).not.toEqual([...c.files]);
  });

  it('keeps MDX-breaking characters out of lesson text', async () => {
    const { files } = await courseFiles({ lessons: 40, seed: 1 });
    for (const [file, text] of files) {
      if (!file.endsWith('.mdx')) continue;
      const body = text.replace(/<\/?(?:Dialogue|Checklist|Example|Aside)\b[^>]*>/g, '');
      expect(body, file).not.toMatch(/[{}<>]/);
    }
  });
});
