/**
 * Where a trainee stands in the course, for the course map and module pages: which lessons are
 * done (a lesson with a quiz is done when the quiz as published now is passed, as the checklist
 * counts it; one without, when it was marked complete), which were started, and the lesson to
 * do next. Pure and small: it ships on the home and module pages.
 */
import type { TraineeProfile } from './format';

/** A lesson as a page lists it: its id and, when it has a quiz, the quiz's content hash. */
export interface LessonRef {
  id: string;
  quiz?: string;
}

export type LessonState = 'done' | 'started' | 'new';

export function lessonState(profile: TraineeProfile, lesson: LessonRef): LessonState {
  // hasOwn: a lesson id such as "constructor" must not find Object's own members.
  const progress = Object.hasOwn(profile.lessons, lesson.id) ? profile.lessons[lesson.id] : undefined;
  const attempts = (Object.hasOwn(profile.attempts, lesson.id) ? profile.attempts[lesson.id] : undefined) ?? [];
  if (lesson.quiz !== undefined) {
    // As quizStatus (lib/quiz/score.ts) judges it, without the scoring code it would bring to
    // the home page: passed as published now, and the last attempt not on an older version.
    const current = attempts.at(-1)?.hash === lesson.quiz;
    if (current && attempts.some((a) => a.hash === lesson.quiz && a.passed)) return 'done';
    return attempts.length || progress?.readAt ? 'started' : 'new';
  }
  if (progress?.completedAt) return 'done';
  return progress?.readAt ? 'started' : 'new';
}

export interface Standing<T extends LessonRef = LessonRef> {
  done: number;
  total: number;
  /** Quizzes passed as published now, of the quizzes among `lessons`. */
  quizzesPassed: number;
  quizzes: number;
  /** The first lesson, in course order, that is not done; undefined when every one is. */
  next?: T | undefined;
  states: Map<string, LessonState>;
}

export function standing<T extends LessonRef>(profile: TraineeProfile, lessons: readonly T[]): Standing<T> {
  const states = new Map<string, LessonState>();
  let done = 0;
  let quizzesPassed = 0;
  let next: T | undefined;
  for (const lesson of lessons) {
    const state = lessonState(profile, lesson);
    states.set(lesson.id, state);
    if (state === 'done') {
      done++;
      if (lesson.quiz !== undefined) quizzesPassed++;
    } else next ??= lesson;
  }
  const quizzes = lessons.filter((l) => l.quiz !== undefined).length;
  return { done, total: lessons.length, quizzesPassed, quizzes, next, states };
}
