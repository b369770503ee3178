/**
 * The pattern reader (src/lib/content/quiz-quality.ts): a quiz it can pass without reading the
 * lesson stops the build; a fair quiz does not; and the sample course passes the check.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { courseQuizQuality, formatQuizQuality, hasAbsoluteWord } from '../../../src/lib/content/quiz-quality';
import { validateCourse } from '../../../src/lib/content/validate';
import { quizSchema, type Question, type Quiz } from '../../../src/lib/quiz/schemas';
import { validContent } from '../../fixtures/content';

const quiz = (questions: Question[]): Quiz => ({ shuffle: true, questions });
const opt = (id: string, text: string) => ({ id, text, feedback: 'Why.' });

/** Every tell at once: the right reply is the long careful one, false statements say "never". */
const gameable = quiz([
  {
    id: 'reply',
    type: 'scenario',
    situation: 'Customer: my order is late.',
    prompt: 'Best reply?',
    explanation: 'E',
    options: [
      opt('a', 'Not my problem.'),
      opt('b', "I'm sorry it's late. Let me check where it is right now and tell you when it will arrive."),
      opt('c', 'Call the courier.'),
    ],
    answer: 'b',
  },
  {
    id: 'first',
    type: 'single',
    prompt: 'What do you do first?',
    explanation: 'E',
    options: [opt('a', 'Hang up'), opt('b', 'Listen to the whole story before you answer'), opt('c', 'Guess')],
    answer: 'b',
  },
  {
    id: 'tf1',
    type: 'truefalse',
    prompt: 'You should never apologise. True or false?',
    explanation: 'E',
    answer: false,
  },
  {
    id: 'tf2',
    type: 'truefalse',
    prompt: 'Silence is always awkward. True or false?',
    explanation: 'E',
    answer: false,
  },
  {
    id: 'help',
    type: 'multiple',
    prompt: 'Which of these help? Choose all that apply.',
    explanation: 'E',
    options: [
      opt('a', 'Repeating the last few words back'),
      opt('b', 'Naming the feeling you hear in their voice'),
      opt('c', 'Yawning'),
      opt('d', 'Typing loudly'),
    ],
    answer: ['a', 'b'],
  },
]);

/** The same ideas, written so that only someone who read the lesson gets them right. */
const fair = quiz([
  {
    id: 'reply',
    type: 'scenario',
    situation: 'Customer: my order is late.',
    prompt: 'Best reply?',
    explanation: 'E',
    options: [
      opt('a', "I'm sorry about that. Orders this week are running a day or two behind everywhere."),
      opt('b', "I'm sorry it's late. Let me check where it is and when it will reach you."),
      opt('c', 'Couriers are busy, so give it till Friday.'),
    ],
    answer: 'b',
  },
  {
    id: 'first',
    type: 'single',
    prompt: 'What do you do first?',
    explanation: 'E',
    options: [opt('a', 'Listen to the whole story'), opt('b', 'Open the account to save time'), opt('c', 'Apologise')],
    answer: 'a',
  },
  {
    id: 'tf1',
    type: 'truefalse',
    prompt: 'A short pause can calm a call. True or false?',
    explanation: 'E',
    answer: true,
  },
  {
    id: 'tf2',
    type: 'truefalse',
    prompt: 'Matching a shout calms it. True or false?',
    explanation: 'E',
    answer: false,
  },
  {
    id: 'help',
    type: 'multiple',
    prompt: 'Which of these help? Choose all that apply.',
    explanation: 'E',
    options: [
      opt('a', 'Repeating their last words'),
      opt('b', 'Explaining the cause in detail at once'),
      opt('c', 'Naming the feeling you hear'),
      opt('d', 'Promising a call-back time you hope to hit'),
    ],
    answer: ['a', 'c'],
  },
]);

const entry = (id: string, data: Quiz) => ({ id, file: `src/content/quizzes/${id}.yaml`, data });

describe('the pattern reader', () => {
  it('passes a quiz whose answers follow patterns: the check refuses it', () => {
    const report = courseQuizQuality([entry('gameable', gameable)], 80);
    expect(report.quizzes[0]).toMatchObject({
      readerPercent: 100,
      gameable: true,
      longestRight: 2,
      choiceQuestions: 2,
    });
    expect(report.gameable).toBe(1);
  });

  it('fails a fair quiz: the check accepts it', () => {
    const report = courseQuizQuality([entry('fair', fair)], 80);
    expect(report.quizzes[0]!.gameable).toBe(false);
    expect(report.quizzes[0]!.readerPercent).toBeLessThan(80);
    expect(report.quizzes[0]).toMatchObject({ trueCount: 1, falseCount: 1, longestRight: 0 });
  });

  it('shares points between options of equal length, and reads giveaways in text prompts', () => {
    const tie = quiz([
      {
        id: 't',
        type: 'single',
        prompt: 'P',
        explanation: 'E',
        options: [opt('a', 'same'), opt('b', 'four')],
        answer: 'a',
      },
      {
        id: 'g',
        type: 'text',
        prompt: 'HEARD stands for Hear, Empathise, Apologise, Resolve, Diagnose. What is the acronym?',
        explanation: 'E',
        answer: ['HEARD'],
      },
    ]);
    const [r] = courseQuizQuality([entry('tie', tie)], 80).quizzes;
    expect(r!.verdicts.map((v) => v.readerPoints)).toEqual([0.5, 1]);
  });

  it('reads an order off the lesson title, and a count off "which two"', () => {
    const given = quiz([
      {
        id: 'o',
        type: 'ordering',
        prompt: 'Put the steps in order.',
        explanation: 'E',
        options: [opt('a', 'Listen first'), opt('b', 'Own the problem'), opt('c', 'Solve it')],
        answer: ['a', 'b', 'c'],
      },
      {
        id: 'm',
        type: 'multiple',
        prompt: 'Which two cause a stalemate? Choose all that apply.',
        explanation: 'E',
        options: [
          opt('a', 'Not hearing each other'),
          opt('b', 'A real disagreement'),
          opt('c', 'Bad day'),
          opt('d', 'Rain'),
        ],
        answer: ['a', 'b'],
      },
    ]);
    const titled = { ...entry('given', given), title: 'Listen, own, solve, follow up' };
    expect(courseQuizQuality([titled], 80).quizzes[0]!.verdicts.map((v) => v.readerPoints)).toEqual([1, 1]);
    expect(courseQuizQuality([entry('given', given)], 80).quizzes[0]!.verdicts[0]!.readerPoints).toBe(0);
  });

  it('tries the shortest option too, for a quiz whose right answers are mostly the shortest', () => {
    const short = (id: string): Question => ({
      id,
      type: 'single',
      prompt: 'P',
      explanation: 'E',
      options: [opt('a', 'Ask first'), opt('b', 'Explain the whole policy'), opt('c', 'Transfer to a team lead')],
      answer: 'a',
    });
    const report = courseQuizQuality([entry('short', quiz([short('x'), short('y'), short('z')]))], 80);
    expect(report.shortestRight).toBe(3);
    expect(report.quizzes[0]).toMatchObject({ lengthHabit: 'shortest', gameable: true });
  });

  it('knows absolute words, but not the "choose all that apply" instruction', () => {
    expect(hasAbsoluteWord('You must always apologise')).toBe(true);
    expect(hasAbsoluteWord("That can't work")).toBe(true);
    expect(hasAbsoluteWord('Which help? Choose all that apply.')).toBe(false);
    expect(hasAbsoluteWord('Offer one or two options')).toBe(false);
  });

  it('stops the build naming the quiz file, and prints a table of figures', () => {
    const content = validContent();
    content.quizzes[1]!.data = gameable;
    const errors = validateCourse(content).filter((p) => p.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'src/content/quizzes/mirror.yaml', field: 'questions' });
    expect(errors[0]!.message).toContain('passes (pass mark 80%)');
    const table = formatQuizQuality(courseQuizQuality([entry('gameable', gameable), entry('fair', fair)], 80));
    expect(table).toContain('GAMEABLE');
    expect(table).toContain('passes 1 of 2 quizzes');
  });
});

describe('a course that mixes habits', () => {
  it('still catches one quiz biased the other way', () => {
    const short = (id: string): Question => ({
      id,
      type: 'single',
      prompt: 'P',
      explanation: 'E',
      options: [opt('a', 'Ask'), opt('b', 'Explain the policy'), opt('c', 'Transfer it')],
      answer: 'a',
    });
    const shortCourse = Array.from({ length: 5 }, (_, i) => entry(`short-${i}`, quiz([short('x'), short('y')])));
    const report = courseQuizQuality([...shortCourse, entry('gameable', gameable)], 80);
    expect(report.quizzes.find((q) => q.id === 'gameable')).toMatchObject({ lengthHabit: 'longest', gameable: true });
  });
});

describe('the quiz-quality setting', () => {
  it('turns the stop into a warning for a course that asks for it (a generated one)', () => {
    const content = validContent();
    content.quizzes[1]!.data = gameable;
    content.course[0]!.data = { ...content.course[0]!.data, quizQuality: 'warning' };
    const problems = validateCourse(content);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(problems.filter((p) => p.severity === 'warning').map((p) => p.file)).toContain(
      'src/content/quizzes/mirror.yaml',
    );
  });

  it('lists only the failing quizzes of a very large course', () => {
    const many = Array.from({ length: 70 }, (_, i) => entry(`fair-${i}`, fair));
    const table = formatQuizQuality(courseQuizQuality([...many, entry('gameable', gameable)], 80));
    expect(table).toContain('(70 more quizzes pass the check and are not listed)');
    expect(table.split('\n')).toHaveLength(4);
  });
});

describe('the sample course', () => {
  const dir = 'src/content/quizzes';
  const quizzes = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => {
      const id = f.replace(/\.yaml$/, '');
      const lesson = readFileSync(`src/content/lessons/${id}.mdx`, 'utf8');
      const title = /^title:\s*"?(.*?)"?\s*$/m.exec(lesson)?.[1];
      return { ...entry(id, quizSchema.parse(load(readFileSync(`${dir}/${f}`, 'utf8')))), title };
    });
  const report = courseQuizQuality(quizzes, 80);

  it('cannot be passed by a reader who follows patterns, quiz by quiz', () => {
    console.log(formatQuizQuality(report));
    expect(report.quizzes.filter((q) => q.gameable).map((q) => q.id)).toEqual([]);
  });

  it('has right answers that are the longest or the shortest option about as often as chance, and balanced true/false', () => {
    expect(report.longestRight / report.choiceQuestions).toBeLessThanOrEqual(0.4);
    expect(report.shortestRight / report.choiceQuestions).toBeLessThanOrEqual(0.4);
    const tf = report.trueCount + report.falseCount;
    expect(report.trueCount / tf).toBeGreaterThanOrEqual(0.35);
    expect(report.trueCount / tf).toBeLessThanOrEqual(0.65);
    expect(report.readerPercent).toBeLessThan(40);
  });
});
