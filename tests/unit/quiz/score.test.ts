import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Question } from '../../../src/lib/quiz/registry';
import { quizStatus, scoreResponses, type QuizAttempt } from '../../../src/lib/quiz/score';
import { attempt } from '../../fixtures/progress';

const base = { prompt: 'True or false?', explanation: 'Because.' };
/** `n` true/false questions q1…qn whose answers are all `true`. */
const trueFalse = (n: number): Question[] =>
  Array.from({ length: n }, (_, i) => ({ ...base, id: `q${i + 1}`, type: 'truefalse', answer: true }));
/** Responses answering the first `right` of `questions` rightly and the rest wrongly. */
const answering = (questions: Question[], right: number) =>
  Object.fromEntries(questions.map((q, i) => [q.id, i < right]));

describe('scoring an attempt', () => {
  it('4 of 5 passes at a pass mark of 80, exactly', () => {
    const qs = trueFalse(5);
    const s = scoreResponses(qs, answering(qs, 4), 80);
    expect(s).toMatchObject({ score: 4, total: 5, percent: 80, passed: true });
    expect(s.correct).toEqual(['q1', 'q2', 'q3', 'q4']);
    expect(s.wrong).toEqual(['q5']);
  });

  it('3 of 5 does not pass at 80', () => {
    const qs = trueFalse(5);
    expect(scoreResponses(qs, answering(qs, 3), 80)).toMatchObject({ percent: 60, passed: false });
  });

  it('79.x% shows as 79, never 80, and does not pass at 80', () => {
    const qs = trueFalse(24);
    const s = scoreResponses(qs, answering(qs, 19), 80); // 79.17%
    expect(s.percent).toBe(79);
    expect(s.passed).toBe(false);
    // 2 of 3 is 66.7%: rounded down too, not up to 67.
    const three = trueFalse(3);
    expect(scoreResponses(three, answering(three, 2), 67)).toMatchObject({ percent: 66, passed: false });
  });

  it('counts unanswered questions as wrong', () => {
    const qs = trueFalse(4);
    const s = scoreResponses(qs, { q1: true, q3: true }, 50);
    expect(s.correct).toEqual(['q1', 'q3']);
    expect(s.wrong).toEqual(['q2', 'q4']);
    expect(scoreResponses(qs, {}, 50)).toMatchObject({
      score: 0,
      percent: 0,
      passed: false,
      wrong: qs.map((q) => q.id),
    });
  });

  it('ignores responses to questions that are not in the quiz (e.g. one removed since)', () => {
    const qs = trueFalse(2);
    expect(scoreResponses(qs, { q1: true, q2: true, removed: true }, 100)).toMatchObject({ score: 2, total: 2 });
  });

  it("uses the quiz's own pass mark when it overrides the course default", () => {
    const qs = trueFalse(10);
    const responses = answering(qs, 6);
    expect(scoreResponses(qs, responses, 80).passed).toBe(false);
    expect(scoreResponses(qs, responses, 60).passed).toBe(true);
    expect(scoreResponses(qs, answering(qs, 9), 100).passed).toBe(false);
    expect(scoreResponses(qs, answering(qs, 10), 100).passed).toBe(true);
  });

  it('an empty quiz scores 0% and never passes', () => {
    expect(scoreResponses([], {}, 1)).toMatchObject({ score: 0, total: 0, percent: 0, passed: false });
  });

  it('property: right + wrong = total, and passed exactly when score/total reaches the pass mark', () => {
    const kind = fc.constantFrom('right', 'wrong', 'missing', 'junk');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), kind, fc.anything()), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 100 }),
        (spec, passMark) => {
          const questions: Question[] = spec.map(([answer], i) => ({
            ...base,
            id: `q${i}`,
            type: 'truefalse',
            answer,
          }));
          const responses: Record<string, unknown> = {};
          let expected = 0;
          spec.forEach(([answer, k, junk], i) => {
            if (k === 'right') {
              responses[`q${i}`] = answer;
              expected++;
            } else if (k === 'wrong') responses[`q${i}`] = !answer;
            else if (k === 'junk' && typeof junk !== 'boolean') responses[`q${i}`] = junk;
          });
          const s = scoreResponses(questions, responses, passMark);
          expect(s.score).toBe(expected);
          expect(s.score + s.wrong.length).toBe(s.total);
          expect(s.correct.length).toBe(s.score);
          expect([...s.correct, ...s.wrong].sort()).toEqual(questions.map((q) => q.id).sort());
          expect(s.passed).toBe(s.score * 100 >= passMark * s.total);
          // What the trainee reads agrees with the verdict: "80%" and "not passed" never together.
          expect(s.percent >= passMark).toBe(s.passed);
          expect(s.percent).toBeLessThanOrEqual((s.score * 100) / s.total);
          expect(s.percent).toBeGreaterThan((s.score * 100) / s.total - 1);
        },
      ),
    );
  });
});

const OLD = 'old-hash';
const NEW = 'new-hash';
const at = (minute: number) => `2025-05-02T10:${String(minute).padStart(2, '0')}:00.000Z`;
const pass = (minute: number, hash = NEW, score = 5) =>
  attempt({ at: at(minute), hash, score, total: 5, passMark: 80, passed: true });
const fail = (minute: number, hash = NEW, score = 2) =>
  attempt({ at: at(minute), hash, score, total: 5, passMark: 80, passed: false });

describe('where a trainee stands on a quiz', () => {
  it('not started without attempts', () => {
    expect(quizStatus([], NEW)).toEqual({ state: 'not-started', attempts: 0 });
  });

  it('failed, then passed', () => {
    const status = quizStatus([fail(1), pass(2)], NEW);
    expect(status).toMatchObject({ state: 'passed', attempts: 2 });
  });

  it('a pass stays a pass after a later failed attempt; the last attempt is still the one shown', () => {
    const passed = pass(1);
    const failed = fail(2);
    const status = quizStatus([passed, failed], NEW);
    expect(status.state).toBe('passed');
    if (status.state !== 'passed') return;
    expect(status.last).toBe(failed);
    expect(status.best).toBe(passed);
  });

  it('best is the highest score, the earliest one on a tie', () => {
    const first4 = pass(2, NEW, 4);
    const status = quizStatus([fail(1, NEW, 3), first4, pass(3, NEW, 4), fail(4, NEW, 1)], NEW);
    expect(status.state === 'passed' && status.best).toBe(first4);
  });

  it('only failed attempts: failed', () => {
    expect(quizStatus([fail(1), fail(2, NEW, 3)], NEW)).toMatchObject({ state: 'failed', attempts: 2 });
  });

  it('a newest attempt on an older version of the quiz: changed, and says whether it was passed before', () => {
    const passedOld = quizStatus([fail(1, OLD), pass(2, OLD)], NEW);
    expect(passedOld).toMatchObject({ state: 'changed', attempts: 2, passedEarlier: true });
    expect(quizStatus([fail(1, OLD)], NEW)).toMatchObject({ state: 'changed', passedEarlier: false });
  });

  it('a newer attempt made on the old version (e.g. an old tab) after one on the current version: changed', () => {
    const old = fail(2, OLD);
    const status = quizStatus([pass(1, NEW), old], NEW);
    expect(status).toMatchObject({ state: 'changed', attempts: 2, passedEarlier: true });
    expect(status.state === 'changed' && status.last).toBe(old);
  });

  it('once the current version is attempted, passes on an older version no longer count', () => {
    expect(quizStatus([pass(1, OLD), fail(2, NEW)], NEW)).toMatchObject({ state: 'failed', attempts: 2 });
  });

  it('property: the state follows from the attempts', () => {
    const anAttempt = fc
      .record({ hash: fc.constantFrom(OLD, NEW), score: fc.integer({ min: 0, max: 5 }), passed: fc.boolean() })
      .map(({ hash, score, passed }) => attempt({ hash, score, total: 5, passed }));
    fc.assert(
      fc.property(fc.array(anAttempt, { maxLength: 12 }), (attempts: QuizAttempt[]) => {
        const status = quizStatus(attempts, NEW);
        const current = attempts.filter((a) => a.hash === NEW);
        expect(status.attempts).toBe(attempts.length);
        if (attempts.length === 0) expect(status.state).toBe('not-started');
        else if (attempts.at(-1)!.hash !== NEW) expect(status.state).toBe('changed');
        else expect(status.state).toBe(current.some((a) => a.passed) ? 'passed' : 'failed');
        if (status.state === 'passed' || status.state === 'failed') {
          expect(current).toContain(status.best);
          expect(Math.max(...current.map((a) => a.score))).toBe(status.best.score);
        }
      }),
    );
  });
});
