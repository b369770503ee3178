import { describe, expect, it } from 'vitest';
import { formatProblems, validateCourse } from '../../../src/lib/content/validate';
import { lesson, validContent } from '../../fixtures/content';

const errorsOf = (content: ReturnType<typeof validContent>) =>
  formatProblems(validateCourse(content).filter((p) => p.severity === 'error'));

describe('validateCourse', () => {
  it('accepts a consistent course', () => {
    expect(validateCourse(validContent())).toEqual([]);
  });

  it('names the lesson file and field when a lesson names an unknown module', () => {
    const content = validContent();
    content.lessons[2]!.data.module = 'answerz';
    expect(errorsOf(content)).toMatchInlineSnapshot(`
      "Error in src/content/lessons/outcomes.mdx → module: unknown module "answerz"
        Fix: Use one of: answers, listening (a file in src/content/modules/), or add that module."
    `);
  });

  it('names the position of an unknown skill in a lesson', () => {
    const content = validContent();
    content.lessons[1]!.data.skills = ['active-listening', 'telepathy'];
    expect(errorsOf(content)).toMatchInlineSnapshot(`
      "Error in src/content/lessons/mirror.mdx → skills[1]: unknown skill "telepathy"
        Fix: Use one of: active-listening (a file in src/content/skills/), or add that skill."
    `);
  });

  it('names the skill file and index when a skill names an unknown lesson', () => {
    const content = validContent();
    content.skills[0]!.data.lessons = ['hear', 'mirorr'];
    expect(errorsOf(content)).toMatchInlineSnapshot(`
      "Error in src/content/skills/active-listening.yaml → lessons[1]: unknown lesson "mirorr"
        Fix: Name a lesson by its file name in src/content/lessons/ without ".mdx"."
    `);
  });

  it('reports duplicate lesson order numbers within a module, naming both files', () => {
    const content = validContent();
    content.lessons.push(lesson('label', 'listening', 2, []));
    expect(errorsOf(content)).toMatchInlineSnapshot(`
      "Error in src/content/lessons/label.mdx → order: lesson order 2 in module "listening" is also used by src/content/lessons/mirror.mdx
        Fix: Give each lesson of a module its own order number (1, 2, 3…)."
    `);
  });

  it('allows the same lesson order number in different modules', () => {
    const content = validContent();
    content.lessons.push(lesson('answers-2', 'answers', 2, []));
    expect(errorsOf(content)).toBe('');
  });

  it('reports duplicate module order numbers', () => {
    const content = validContent();
    content.modules[1]!.data.order = 1;
    expect(errorsOf(content)).toContain(
      'Error in src/content/modules/answers.yaml → order: module order 1 is also used by',
    );
  });

  it('needs exactly one course settings file', () => {
    const content = validContent();
    content.course = [];
    expect(errorsOf(content)).toContain('expected exactly one course settings file, found 0');
  });

  it('warns (without failing) when a skill lists a lesson that does not list the skill back', () => {
    const content = validContent();
    content.lessons[0]!.data.skills = [];
    const problems = validateCourse(content);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(problems).toContainEqual(
      expect.objectContaining({ severity: 'warning', file: 'src/content/lessons/hear.mdx', field: 'skills' }),
    );
  });

  it('requires a date and reason for a revoked trainer key', () => {
    const content = validContent();
    const jwk = { kty: 'EC' as const, crv: 'P-256' as const, x: 'x'.repeat(43), y: 'y'.repeat(43) };
    content.trainers.push({
      id: 'sam',
      file: 'src/content/trainers/sam.yaml',
      data: {
        name: 'Sam',
        demo: false,
        keys: [{ kid: 'k'.repeat(43), jwk, validFrom: new Date('2026-01-01'), status: 'revoked' }],
      },
    });
    expect(errorsOf(content)).toContain(
      'Error in src/content/trainers/sam.yaml → keys[0]: a revoked key needs revokedAt and revokedReason',
    );
  });
});

describe('validateCourse on quizzes', () => {
  it('names the quiz file and question when an answer is not among the options', () => {
    const content = validContent();
    content.quizzes[0]!.data.questions = [
      {
        id: 'pick',
        type: 'single',
        prompt: 'P',
        explanation: 'E',
        options: [
          { id: 'a', text: 'A' },
          { id: 'b', text: 'B' },
        ],
        answer: 'c',
      },
    ];
    expect(errorsOf(content)).toMatchInlineSnapshot(`
      "Error in src/content/quizzes/hear.yaml → questions[0] (pick): answer "c" is not among the options (a, b)
        Fix: Correct the question so it can be answered."
    `);
  });

  it('refuses a quiz whose lesson does not exist', () => {
    const content = validContent();
    content.quizzes[2]!.id = 'outcome';
    expect(errorsOf(content)).toContain(
      'Error in src/content/quizzes/outcomes.yaml → (file): no lesson "outcome" for this quiz',
    );
  });
});

describe('reserved ids', () => {
  it('refuses a lesson whose file name is a name every object has', () => {
    const content = validContent();
    content.lessons.push(lesson('constructor', content.modules[0]!.id, 99, []));
    const problems = validateCourse(content).filter((p) => p.severity === 'error');
    expect(problems.map((p) => p.message)).toContain('"constructor" cannot be used as an id');
  });
});
