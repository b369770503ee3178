import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isCorrect, quizProblems, type Question } from '../../../src/lib/quiz/registry';
import { quizSchema } from '../../../src/lib/quiz/schemas';
import { normaliseText } from '../../../src/lib/quiz/types/text';

const opts = (...ids: string[]) => ids.map((id) => ({ id, text: `Option ${id}` }));
const base = { prompt: 'P', explanation: 'E' };

const questions = {
  single: { ...base, id: 'q1', type: 'single', options: opts('a', 'b', 'c'), answer: 'b' },
  multiple: { ...base, id: 'q2', type: 'multiple', options: opts('a', 'b', 'c'), answer: ['a', 'c'] },
  truefalse: { ...base, id: 'q3', type: 'truefalse', answer: false },
  ordering: { ...base, id: 'q4', type: 'ordering', options: opts('x', 'y', 'z'), answer: ['y', 'z', 'x'] },
  text: { ...base, id: 'q5', type: 'text', answer: ['Active listening', 'listening'] },
  scenario: {
    ...base,
    id: 'q6',
    type: 'scenario',
    situation: 'Customer: where is my sofa?',
    options: [
      { id: 'a', text: 'Let me check now.', feedback: 'Owns it.' },
      { id: 'b', text: 'Policy says 30 days.', feedback: 'Process answer.' },
    ],
    answer: 'a',
  },
} as const;

const parse = (qs: unknown[]) => quizSchema.parse({ questions: qs });
const q = (name: keyof typeof questions) => parse([questions[name]]).questions[0] as Question;

describe('checking answers, per question type', () => {
  it('single choice: only the right option', () => {
    expect(isCorrect(q('single'), 'b')).toBe(true);
    expect(isCorrect(q('single'), 'a')).toBe(false);
    expect(isCorrect(q('single'), undefined)).toBe(false);
  });

  it('multiple response: exactly the right set, in any order', () => {
    expect(isCorrect(q('multiple'), ['c', 'a'])).toBe(true);
    expect(isCorrect(q('multiple'), ['a'])).toBe(false);
    expect(isCorrect(q('multiple'), ['a', 'b', 'c'])).toBe(false);
    expect(isCorrect(q('multiple'), 'a')).toBe(false);
  });

  it('true/false', () => {
    expect(isCorrect(q('truefalse'), false)).toBe(true);
    expect(isCorrect(q('truefalse'), true)).toBe(false);
    expect(isCorrect(q('truefalse'), 'false')).toBe(false);
  });

  it('ordering: the whole sequence must match', () => {
    expect(isCorrect(q('ordering'), ['y', 'z', 'x'])).toBe(true);
    expect(isCorrect(q('ordering'), ['x', 'y', 'z'])).toBe(false);
    expect(isCorrect(q('ordering'), ['y', 'z'])).toBe(false);
  });

  it('short text: any accepted alternative, ignoring case and spaces', () => {
    expect(isCorrect(q('text'), '  active   LISTENING ')).toBe(true);
    expect(isCorrect(q('text'), 'Listening')).toBe(true);
    expect(isCorrect(q('text'), 'mirroring')).toBe(false);
    expect(isCorrect(q('text'), 42)).toBe(false);
  });

  it('short text: a full stop, an apostrophe or a leading article does not make a right answer wrong', () => {
    const t = { ...questions.text, answer: ["Here's what I can do", 'close-ended', 'a day'] };
    for (const typed of [
      "here's what I can do.",
      'Here’s what I can do!',
      'Heres what I can do',
      'close ended',
      'Close-ended.',
      'day',
      'A day.',
      'the day',
    ])
      expect(isCorrect(t, typed), typed).toBe(true);
    for (const typed of ['what I can do', 'closed', 'a week', '...']) expect(isCorrect(t, typed), typed).toBe(false);
  });

  it('scenario: the best reply', () => {
    expect(isCorrect(q('scenario'), 'a')).toBe(true);
    expect(isCorrect(q('scenario'), 'b')).toBe(false);
  });

  it('never throws, whatever a stored or forged response holds', () => {
    const all = Object.keys(questions).map((k) => q(k as keyof typeof questions));
    fc.assert(
      fc.property(fc.anything(), (response) => {
        for (const question of all) expect(typeof isCorrect(question, response)).toBe('boolean');
      }),
    );
  });

  it('text normalisation is idempotent and ignores case, whitespace and punctuation', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(normaliseText(normaliseText(s))).toBe(normaliseText(s));
        expect(normaliseText(` ${s.toUpperCase()} `)).toBe(normaliseText(s.toLowerCase()));
        expect(normaliseText(`${s}.`)).toBe(normaliseText(s));
      }),
    );
  });
});

describe('quiz validation', () => {
  it('accepts a quiz using every type', () => {
    expect(quizProblems(parse(Object.values(questions)))).toEqual([]);
  });

  it('refuses an unknown question type, naming where', () => {
    const r = quizSchema.safeParse({ questions: [{ ...questions.single, type: 'essay' }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['questions', 0, 'type']);
  });

  it('refuses a multiple-response question with no correct answer', () => {
    const r = quizSchema.safeParse({ questions: [{ ...questions.multiple, answer: [] }] });
    expect(r.error?.issues.map((i) => i.message)).toContain('list at least one correct option');
  });

  it('reports a correct answer that is not among the options, naming the question', () => {
    expect(quizProblems(parse([{ ...questions.single, answer: 'd' }]))).toEqual([
      { question: 'q1', index: 0, message: 'answer "d" is not among the options (a, b, c)' },
    ]);
  });

  it('reports duplicate question ids', () => {
    expect(quizProblems(parse([questions.single, { ...questions.truefalse, id: 'q1' }]))).toEqual([
      { question: 'q1', index: 1, message: 'question id "q1" is used twice' },
    ]);
  });

  it('needs an ordering answer to list every option once', () => {
    expect(quizProblems(parse([{ ...questions.ordering, answer: ['y', 'x'] }])).map((p) => p.message)).toEqual([
      'answer must list every option once; missing: z',
    ]);
  });

  it('needs feedback on every option of a scenario', () => {
    const bare = { ...questions.scenario, options: opts('a', 'b') };
    expect(quizSchema.safeParse({ questions: [bare] }).success).toBe(false);
  });
});
