import { describe, expect, it } from 'vitest';
import { lessonState, standing } from '../../../src/lib/progress/course-progress';
import { HASH, attempt, profile } from '../../fixtures/progress';

const blank = profile({ lessons: {}, attempts: {}, entries: [] });

describe('a lesson on the course map', () => {
  it('is done when its quiz, as published now, is passed', () => {
    const p = { ...blank, attempts: { a: [attempt()] } };
    expect(lessonState(p, { id: 'a', quiz: HASH })).toBe('done');
  });

  it('is only started when the quiz was failed, or changed since it was passed', () => {
    const failed = { ...blank, attempts: { a: [attempt({ passed: false, score: 1 })] } };
    expect(lessonState(failed, { id: 'a', quiz: HASH })).toBe('started');
    const passedBefore = { ...blank, attempts: { a: [attempt()] } };
    expect(lessonState(passedBefore, { id: 'a', quiz: 'another-hash' })).toBe('started');
  });

  it('without a quiz is done when marked complete, started when opened, new otherwise', () => {
    const p = {
      ...blank,
      lessons: { done: { readAt: '2025-05-01', completedAt: '2025-05-02' }, read: { readAt: '2025-05-01' } },
    };
    expect(lessonState(p, { id: 'done' })).toBe('done');
    expect(lessonState(p, { id: 'read' })).toBe('started');
    expect(lessonState(p, { id: 'other' })).toBe('new');
  });

  it('with a quiz is not done by a "completed" date alone (the quiz decides, as on the checklist)', () => {
    const p = { ...blank, lessons: { a: { readAt: '2025-05-01', completedAt: '2025-05-02' } } };
    expect(lessonState(p, { id: 'a', quiz: HASH })).toBe('started');
  });

  it("is not confused by a lesson id that names one of Object's own members", () => {
    expect(lessonState(blank, { id: 'constructor', quiz: HASH })).toBe('new');
    expect(lessonState(blank, { id: '__proto__' })).toBe('new');
  });
});

describe('where a trainee stands', () => {
  const lessons = [{ id: 'a', quiz: HASH }, { id: 'b' }, { id: 'c', quiz: HASH }, { id: 'd' }];

  it('counts lessons done and quizzes passed, and the next lesson is the first not done, in course order', () => {
    const p = {
      ...blank,
      lessons: { b: { readAt: '2025-05-01', completedAt: '2025-05-01' }, d: { readAt: '2025-05-01' } },
      attempts: { a: [attempt()] },
    };
    const s = standing(p, lessons);
    expect(s).toMatchObject({ done: 2, total: 4, quizzesPassed: 1, quizzes: 2, next: { id: 'c', quiz: HASH } });
    expect(Object.fromEntries(s.states)).toEqual({ a: 'done', b: 'done', c: 'new', d: 'started' });
  });

  it('has no next lesson when every lesson is done', () => {
    const p = {
      ...blank,
      lessons: { b: { completedAt: '2025-05-01' }, d: { completedAt: '2025-05-01' } },
      attempts: { a: [attempt()], c: [attempt()] },
    };
    expect(standing(p, lessons)).toMatchObject({ done: 4, total: 4, next: undefined });
  });

  it('starts at the first lesson for a new trainee', () => {
    expect(standing(blank, lessons)).toMatchObject({ done: 0, quizzesPassed: 0, next: { id: 'a' } });
  });
});
