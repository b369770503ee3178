/**
 * Can a quiz be passed without reading the lesson? A quiz gates certification, so the build
 * asks a "pattern reader" to take every quiz: someone who knows the habits of careless quiz
 * writers but nothing about customer service. If that reader passes a quiz, the quiz tests
 * test-taking, not the lesson, and the build stops naming the file.
 *
 * The pattern reader, question by question (documented for owners in the owner's guide):
 *
 * - single choice and scenario: drops the options that contain an absolute word (never,
 *   always, only, must, nothing…: test-wise readers know those are usually wrong), then picks
 *   the longest remaining option (in characters; a tie between k options earns 1/k). If every
 *   option has an absolute word, it chooses among all of them. A writer who overcorrects gives
 *   the opposite tell, so the reader also tries the shortest option throughout a quiz, and is
 *   credited with whichever of the two habits scores better on that quiz.
 * - multiple response: when the prompt gives the count away ("which two…"), picks that many of
 *   the longest options without an absolute word; otherwise every option without an absolute
 *   word that is at least as long as the average option of the question (long, careful options
 *   "sound right"), or the single longest if that leaves none. Right only if that is exactly the
 *   right set.
 * - true / false: answers False when the statement contains an absolute word; otherwise gives
 *   the answer that is in the majority across the course's true/false questions (a reader
 *   notices after a few quizzes that most of them are False, or True). A tie means True.
 * - short text: right only when an accepted answer is written out in the prompt or situation
 *   itself (a giveaway); otherwise it cannot guess.
 * - ordering: they start shuffled, so it can only read the order off the page: right when the
 *   options' first words appear in the prompt or the lesson title in the right order (a lesson
 *   called "Listen, own, solve, follow up" gives its steps away); otherwise it cannot guess.
 *
 * A quiz fails the check when the reader reaches its pass mark (expected points × 100 ≥ pass
 * mark × questions, the trainee's rule) on the whole quiz, or on its guessable questions alone
 * (single, scenario, multiple, true/false): ordering and short-text questions, which the reader
 * cannot guess, must not be the only thing standing between a guesser and a pass. Pure and DOM-free: the build, the tests and `npm run verify` share it.
 */
import type { Option, Question, Quiz } from '../quiz/schemas';
import { normaliseText } from '../quiz/types/text';

/** Words that make a statement or an option sound too sure of itself to be right. */
const ABSOLUTE =
  /\b(never|always|only|all|every|everything|everyone|none|nothing|nobody|no one|must|cannot|can't|guarantee[sd]?|completely|entirely)\b/i;

/** Whether a text carries an absolute word the pattern reader reacts to. */
export function hasAbsoluteWord(text: string): boolean {
  // "Choose all that apply" is the question's instruction, not a claim.
  return ABSOLUTE.test(text.replace(/choose all that apply/gi, ''));
}

export interface QuestionVerdict {
  id: string;
  type: Question['type'];
  /** Points the pattern reader expects to earn on this question, 0 to 1. */
  readerPoints: number;
  /** Single, scenario: whether the right option is (one of) the longest. */
  rightIsLongest?: boolean;
  /** Single, scenario: whether the right option is (one of) the shortest. */
  rightIsShortest?: boolean;
}

/** The answer patterns counted for one quiz, and summed for the course. */
export interface AnswerCounts {
  questions: number;
  /** Single-choice and scenario questions. */
  choiceQuestions: number;
  /** Of those, how many have the right answer as the (joint) longest option. */
  longestRight: number;
  /** Of those, how many have the right answer as the (joint) shortest option. */
  shortestRight: number;
  trueCount: number;
  falseCount: number;
}

export interface QuizQuality extends AnswerCounts {
  /** The quiz (lesson) id. */
  id: string;
  file: string;
  /** Expected points of the pattern reader. */
  readerPoints: number;
  /** The reader's expected score in percent (rounded down). */
  readerPercent: number;
  /** Single, scenario, multiple and true/false questions: the ones the reader can guess at. */
  guessable: number;
  /** The reader's expected score on those alone, in percent (rounded down). */
  guessablePercent: number;
  passMark: number;
  /** The length habit that scored better on this quiz (the one the figures show). */
  lengthHabit: 'longest' | 'shortest';
  /** Whether the pattern reader would pass: the quiz fails the quality check. */
  gameable: boolean;
  verdicts: QuestionVerdict[];
}

export interface CourseQuizQuality extends AnswerCounts {
  quizzes: QuizQuality[];
  /** The answer the reader gives to true/false statements without an absolute word. */
  majorityTrueFalse: boolean;

  /** The reader's expected score over all questions of the course, in percent (rounded down). */
  readerPercent: number;
  /** How many quizzes the pattern reader passes. */
  gameable: number;
}

export interface QuizInput {
  id: string;
  file: string;
  data: Quiz;
  /** The lesson's title, which the reader sees above the quiz. */
  title?: string | undefined;
}

/** Runs the pattern reader over every quiz; `passMark` is the course default. */
export function courseQuizQuality(quizzes: readonly QuizInput[], passMark: number): CourseQuizQuality {
  const tf = quizzes.flatMap((q) => q.data.questions).filter((q) => q.type === 'truefalse');
  const trues = tf.filter((q) => q.answer).length;
  const majorityTrueFalse = trues * 2 >= tf.length;
  const results = quizzes.map((q) => quizQuality(q, q.data.passMark ?? passMark, { majorityTrueFalse }));
  const sum = (f: (r: QuizQuality) => number) => results.reduce((a, r) => a + f(r), 0);
  const questions = sum((r) => r.questions);
  return {
    quizzes: results,
    questions,
    choiceQuestions: sum((r) => r.choiceQuestions),
    longestRight: sum((r) => r.longestRight),
    shortestRight: sum((r) => r.shortestRight),
    trueCount: sum((r) => r.trueCount),
    falseCount: sum((r) => r.falseCount),
    majorityTrueFalse,
    readerPercent: questions === 0 ? 0 : Math.floor((sum((r) => r.readerPoints) * 100) / questions),
    gameable: results.filter((r) => r.gameable).length,
  };
}

/** What the reader has learnt from the whole course: the answer it gives to plain true/false statements. */
export interface ReaderHabits {
  majorityTrueFalse: boolean;
}

/** The pattern reader on one quiz: both length habits are tried, and the better one counts. */
export function quizQuality(quiz: QuizInput, passMark: number, habits: ReaderHabits): QuizQuality {
  const take = (picksLongest: boolean) =>
    quiz.data.questions.map((q) => judge(q, { ...habits, picksLongest }, quiz.title ?? ''));
  const points = (vs: QuestionVerdict[]) => vs.reduce((a, v) => a + v.readerPoints, 0);
  const byLongest = take(true);
  const byShortest = take(false);
  const lengthHabit = points(byShortest) > points(byLongest) ? 'shortest' : 'longest';
  const verdicts = lengthHabit === 'longest' ? byLongest : byShortest;
  const questions = verdicts.length;
  const readerPoints = verdicts.reduce((a, v) => a + v.readerPoints, 0);
  const choice = verdicts.filter((v) => v.rightIsLongest !== undefined);
  const tf = quiz.data.questions.filter((q) => q.type === 'truefalse');
  const guess = verdicts.filter((v) => v.type !== 'ordering' && v.type !== 'text');
  const guessPoints = guess.reduce((a, v) => a + v.readerPoints, 0);
  const reaches = (points: number, of: number) => of > 0 && points * 100 >= passMark * of - 1e-9;
  return {
    id: quiz.id,
    file: quiz.file,
    questions,
    choiceQuestions: choice.length,
    longestRight: choice.filter((v) => v.rightIsLongest).length,
    shortestRight: choice.filter((v) => v.rightIsShortest).length,
    trueCount: tf.filter((q) => q.answer).length,
    falseCount: tf.filter((q) => !q.answer).length,
    readerPoints,
    readerPercent: questions === 0 ? 0 : Math.floor((readerPoints * 100) / questions),
    guessable: guess.length,
    guessablePercent: guess.length === 0 ? 0 : Math.floor((guessPoints * 100) / guess.length),
    passMark,
    lengthHabit,
    // The trainee's rule (src/lib/quiz/score.ts), with a small margin for floating point.
    gameable: reaches(readerPoints, questions) || reaches(guessPoints, guess.length),
    verdicts,
  };
}

const COUNTS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5 };

function judge(q: Question, habits: ReaderHabits & { picksLongest: boolean }, title: string): QuestionVerdict {
  const base = { id: q.id, type: q.type };
  switch (q.type) {
    case 'single':
    case 'scenario': {
      const candidates = withoutAbsolutes(q.options);
      const target = (habits.picksLongest ? Math.max : Math.min)(...candidates.map(len));
      const picks = candidates.filter((o) => len(o) === target);
      return {
        ...base,
        readerPoints: picks.some((o) => o.id === q.answer) ? 1 / picks.length : 0,
        rightIsLongest: rightIs(q, Math.max),
        rightIsShortest: rightIs(q, Math.min),
      };
    }
    case 'multiple': {
      const told = /\bwhich (one|two|three|four|five|[1-5])\b/i.exec(q.prompt)?.[1]?.toLowerCase();
      const mean = q.options.reduce((a, o) => a + len(o), 0) / q.options.length;
      let picks = told
        ? [...withoutAbsolutes(q.options)].sort((a, b) => len(b) - len(a)).slice(0, COUNTS[told])
        : q.options.filter((o) => !hasAbsoluteWord(o.text) && len(o) >= mean);
      if (picks.length === 0) {
        const longest = Math.max(...q.options.map(len));
        picks = q.options.filter((o) => len(o) === longest).slice(0, 1);
      }
      const chosen = new Set(picks.map((o) => o.id));
      const exact = chosen.size === q.answer.length && q.answer.every((a) => chosen.has(a));
      return { ...base, readerPoints: exact ? 1 : 0 };
    }
    case 'truefalse': {
      const guess = hasAbsoluteWord(q.prompt) ? false : habits.majorityTrueFalse;
      return { ...base, readerPoints: guess === q.answer ? 1 : 0 };
    }
    case 'text': {
      const shown = normaliseText(`${q.prompt} ${'situation' in q ? String(q.situation) : ''}`);
      const given = q.answer.some((a) => {
        const n = normaliseText(a);
        return n.length >= 3 && shown.includes(n);
      });
      return { ...base, readerPoints: given ? 1 : 0 };
    }
    case 'ordering':
      return { ...base, readerPoints: orderGivenAway(q.options, q.answer, `${q.prompt} ${title}`) ? 1 : 0 };
  }
}

/** Whether the right option of a single or scenario question is the longest (Math.max) or shortest (Math.min). */
function rightIs(q: Question, pick: (...xs: number[]) => number): boolean {
  if (q.type !== 'single' && q.type !== 'scenario') return false;
  const right = q.options.find((o) => o.id === q.answer);
  return right !== undefined && len(right) === pick(...q.options.map(len));
}

/** Whether each option's first word shows up, in the right order, in the text above the list. */
function orderGivenAway(options: readonly Option[], answer: readonly string[], shown: string): boolean {
  const words = shown.toLowerCase().split(/[^\p{L}\p{N}']+/u);
  const positions = answer.map((id) => {
    const first = options
      .find((o) => o.id === id)
      ?.text.toLowerCase()
      .split(/[^\p{L}\p{N}']+/u)
      .find((w) => w.length >= 3);
    return first ? words.indexOf(first) : -1;
  });
  return positions.every((p, i) => p >= 0 && (i === 0 || p > (positions[i - 1] ?? -1)));
}

function withoutAbsolutes(options: readonly Option[]): readonly Option[] {
  const plain = options.filter((o) => !hasAbsoluteWord(o.text));
  return plain.length > 0 ? plain : options;
}

function len(o: Option): number {
  return o.text.trim().length;
}

/**
 * The figures as the build prints them: one row per quiz, then the course. A course of more than
 * `maxRows` quizzes (a generated one) lists only the quizzes that fail, to stay readable.
 */
export function formatQuizQuality(report: CourseQuizQuality, maxRows = 60): string {
  const pct = (n: number, d: number) => (d === 0 ? '  -' : `${String(Math.round((n * 100) / d)).padStart(3)}%`);
  const width = Math.max(12, ...report.quizzes.map((q) => q.id.length));
  const head = `${'quiz'.padEnd(width)}  qs  right-is-longest  right-is-shortest  true:false  reader  on-guessable  pass  verdict`;
  const row = (q: QuizQuality) =>
    [
      q.id.padEnd(width),
      String(q.questions).padStart(3),
      `${`${q.longestRight}/${q.choiceQuestions}`.padStart(6)} ${pct(q.longestRight, q.choiceQuestions)}`.padEnd(16),
      `${`${q.shortestRight}/${q.choiceQuestions}`.padStart(6)} ${pct(q.shortestRight, q.choiceQuestions)}`.padEnd(17),
      `${q.trueCount}:${q.falseCount}`.padStart(10),
      `${String(q.readerPercent).padStart(5)}%`,
      `${String(q.guessablePercent).padStart(11)}%`,
      `${String(q.passMark).padStart(4)}%`,
      q.gameable ? 'GAMEABLE' : 'ok',
    ].join('  ');
  const total =
    `course: ${report.quizzes.length} quizzes, ${report.questions} questions; right answer is the longest option in ` +
    `${report.longestRight} of ${report.choiceQuestions} single/scenario questions (${pct(report.longestRight, report.choiceQuestions).trim()}) ` +
    `and the shortest in ${report.shortestRight} (${pct(report.shortestRight, report.choiceQuestions).trim()}); ` +
    `true/false ${report.trueCount} true : ${report.falseCount} false; pattern reader scores ${report.readerPercent}% ` +
    `over the course and passes ${report.gameable} of ${report.quizzes.length} quizzes.`;
  const shown = report.quizzes.length > maxRows ? report.quizzes.filter((q) => q.gameable) : report.quizzes;
  const hidden = report.quizzes.length - shown.length;
  const more = hidden > 0 ? [`(${hidden} more quizzes pass the check and are not listed)`] : [];
  return [head, ...shown.map(row), ...more, total].join('\n');
}
