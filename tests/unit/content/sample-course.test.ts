/**
 * The sample course is the product's default content: it must be a complete course, not a
 * stub. These checks read the real files in src/content.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { lessonSchema, moduleSchema, skillSchema } from '../../../src/lib/content/schema';
import { quizProblems } from '../../../src/lib/quiz/registry';
import { quizSchema } from '../../../src/lib/quiz/schemas';

const dir = 'src/content';
const lessonFiles = readdirSync(`${dir}/lessons`).filter((f) => f.endsWith('.mdx'));
const lessons = lessonFiles.map((file) => {
  const text = readFileSync(`${dir}/lessons/${file}`, 'utf8');
  const [, front = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
  return { id: file.replace(/\.mdx$/, ''), data: lessonSchema.parse(load(front)), body };
});
const modules = readdirSync(`${dir}/modules`).map((f) =>
  moduleSchema.parse(load(readFileSync(`${dir}/modules/${f}`, 'utf8'))),
);
const skills = readdirSync(`${dir}/skills`).map((f) =>
  skillSchema.parse(load(readFileSync(`${dir}/skills/${f}`, 'utf8'))),
);

/** Words of prose: component tags and Markdown markup are not words a trainee reads. */
function proseWords(body: string): number {
  const text = body.replace(/<\/?[A-Z][^>]*>/g, ' ').replace(/[#*_>|`-]+/g, ' ');
  return text.split(/\s+/).filter((w) => /[A-Za-z0-9]/.test(w)).length;
}

describe('the sample course', () => {
  it('has 12 modules and at least 24 lessons, at least one in every module', () => {
    expect(modules).toHaveLength(12);
    expect(lessons.length).toBeGreaterThanOrEqual(24);
    const used = new Set(lessons.map((l) => l.data.module));
    expect(used.size).toBe(12);
  });

  it.each(lessons.map((l) => [l.id, l] as const))(
    'lesson %s is 400-1,200 words with an example, a dialogue and a checklist',
    (_, l) => {
      const words = proseWords(l.body);
      expect(words).toBeGreaterThanOrEqual(400);
      expect(words).toBeLessThanOrEqual(1200);
      expect(l.body).toContain('<Example');
      expect(l.body).toContain('<Dialogue');
      expect(l.body).toContain('<Checklist');
      expect(l.body).not.toMatch(/lorem ipsum/i);
    },
  );

  it('has at least 9 required skills, each with checks at all four steps', () => {
    expect(skills.length).toBeGreaterThanOrEqual(9);
    for (const s of skills) {
      expect(s.required).toBe(true);
      for (const step of Object.values(s.steps)) expect(step.checks.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('has a valid quiz for every lesson: at least 5 questions with a scenario, 120+ in all', () => {
    let total = 0;
    for (const l of lessons) {
      const quiz = quizSchema.parse(load(readFileSync(`${dir}/quizzes/${l.id}.yaml`, 'utf8')));
      expect(quizProblems(quiz), l.id).toEqual([]);
      expect(quiz.questions.length, l.id).toBeGreaterThanOrEqual(5);
      expect(
        quiz.questions.some((q) => q.type === 'scenario'),
        l.id,
      ).toBe(true);
      total += quiz.questions.length;
    }
    expect(total).toBeGreaterThanOrEqual(120);
  });
});
