/**
 * Scoring a quiz attempt and reading a trainee's quiz history. Pure; shared by the quiz in the
 * browser, the progress page and (later) certification, so "passed" means one thing.
 */
import { isCorrect, type Question } from './registry';

/** What the browser needs to run one lesson's quiz: questions with answers, hash, pass mark. */
export interface QuizKey {
  /** The lesson id (a quiz belongs to the lesson of the same name). */
  lesson: string;
  /** Content hash of the quiz; attempts made against another hash are "changed". */
  hash: string;
  /** Percentage needed to pass (the quiz's own, or the course default). */
  passMark: number;
  /** Whether option order is shuffled per attempt. */
  shuffle: boolean;
  /** When a wrong answer shows the right one: once the quiz is passed, or at once. */
  reveal: 'after-pass' | 'at-once';
  questions: Question[];
}

export interface Score {
  /** Ids of questions answered rightly, in quiz order. */
  correct: string[];
  /** Ids of questions answered wrongly or not at all, in quiz order. */
  wrong: string[];
  score: number;
  total: number;
  /** Whole percent, rounded down so 79.9% never shows as 80%. */
  percent: number;
  passed: boolean;
}

/** Scores responses (question id → response) against the questions. Missing answers are wrong. */
export function scoreResponses(
  questions: readonly Question[],
  responses: Record<string, unknown>,
  passMark: number,
): Score {
  const correct: string[] = [];
  const wrong: string[] = [];
  for (const q of questions) (isCorrect(q, responses[q.id]) ? correct : wrong).push(q.id);
  const total = questions.length;
  const score = correct.length;
  return {
    correct,
    wrong,
    score,
    total,
    percent: total === 0 ? 0 : Math.floor((score * 100) / total),
    // Compare in integers: 4 of 5 against a pass mark of 80 passes exactly.
    passed: total > 0 && score * 100 >= passMark * total,
  };
}

/** One completed attempt at a quiz, as kept in the trainee's progress. */
export interface QuizAttempt {
  /** When the last question of the attempt was checked (ISO date-time). */
  at: string;
  /** Hash of the quiz content this attempt answered. */
  hash: string;
  /** Question id → the trainee's response. */
  answers: Record<string, unknown>;
  /** Ids of the questions answered rightly. */
  correct: string[];
  score: number;
  total: number;
  passMark: number;
  passed: boolean;
  /** "all" for a whole attempt; "wrong" when only the wrong questions were retried. */
  mode: 'all' | 'wrong';
}

export type QuizStatus =
  | { state: 'not-started'; attempts: 0 }
  | { state: 'passed' | 'failed'; attempts: number; last: QuizAttempt; best: QuizAttempt }
  | { state: 'changed'; attempts: number; last: QuizAttempt; passedEarlier: boolean };

/**
 * Where a trainee stands on a quiz. Only attempts against the current content count: if the
 * newest attempt answered an older version, the quiz is "changed" and its answers are history,
 * not something to show as current.
 */
export function quizStatus(attempts: readonly QuizAttempt[], currentHash: string): QuizStatus {
  const last = attempts.at(-1);
  if (!last) return { state: 'not-started', attempts: 0 };
  const current = attempts.filter((a) => a.hash === currentHash);
  if (last.hash !== currentHash) {
    return { state: 'changed', attempts: attempts.length, last, passedEarlier: attempts.some((a) => a.passed) };
  }
  const best = current.reduce((b, a) => (a.score / a.total > b.score / b.total ? a : b));
  return { state: current.some((a) => a.passed) ? 'passed' : 'failed', attempts: attempts.length, last, best };
}
