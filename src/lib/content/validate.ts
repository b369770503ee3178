/**
 * Rules that span several content files. zod checks one file at a time; these catch the
 * mistakes an owner makes when files disagree: a lesson naming a module that does not exist,
 * a skill naming a lesson that was renamed, two lessons claiming the same place in a module.
 *
 * Pure: takes plain entries, returns problems. The site turns errors into a failed build.
 */
import type { CourseData, LessonData, ModuleData, SkillData, TrainerData } from './schema';
import { quizProblems, type Quiz } from '../quiz/registry';
import { rosterProblems, type RosterCheckOptions } from '../course/roster-checks';
import { courseQuizQuality, type CourseQuizQuality } from './quiz-quality';

/** One content file as the validator sees it: its id, where it lives, and its parsed data. */
export interface Entry<T> {
  id: string;
  /** Path relative to the project root, for messages (e.g. src/content/lessons/foo.mdx). */
  file: string;
  data: T;
}

export interface CourseContent {
  course: Entry<CourseData>[];
  modules: Entry<ModuleData>[];
  lessons: Entry<LessonData>[];
  skills: Entry<SkillData>[];
  trainers: Entry<TrainerData>[];
  /** Quiz files; the id is the lesson id. */
  quizzes: Entry<Quiz>[];
}

export interface ContentProblem {
  severity: 'error' | 'warning';
  file: string;
  /** The field at fault, as a path into the file (e.g. `skills[1]`). */
  field: string;
  message: string;
  /** How to fix it, in the owner's terms. */
  hint: string;
}

/**
 * Lists every problem in the content; an empty list means the course can be built.
 * `options.production`: the site is built for publishing (see roster-checks.ts).
 */
export function validateCourse(content: CourseContent, options: RosterCheckOptions = {}): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const error = (file: string, field: string, message: string, hint: string) =>
    problems.push({ severity: 'error', file, field, message, hint });
  const warning = (file: string, field: string, message: string, hint: string) =>
    problems.push({ severity: 'warning', file, field, message, hint });

  if (content.course.length !== 1) {
    error(
      'src/content/course/settings.yaml',
      '(file)',
      `expected exactly one course settings file, found ${content.course.length}`,
      'Keep one settings.yaml in src/content/course with the course id, title and organisation.',
    );
  }

  // Ids become keys of plain objects in the browser (progress, sign-offs); a name that every
  // object already has, such as "constructor", would be mistaken for data.
  for (const entry of [
    ...content.modules,
    ...content.lessons,
    ...content.skills,
    ...content.trainers,
    ...content.quizzes,
  ]) {
    if (entry.id in Object.prototype) {
      error(
        entry.file,
        '(file name)',
        `"${entry.id}" cannot be used as an id`,
        'Rename the file (for example add a word).',
      );
    }
  }

  const moduleIds = new Set(content.modules.map((m) => m.id));
  const lessonIds = new Set(content.lessons.map((l) => l.id));
  const skillIds = new Set(content.skills.map((s) => s.id));

  for (const [order, entries] of groupBy(content.modules, (m) => m.data.order)) {
    if (entries.length > 1) {
      for (const m of entries.slice(1)) {
        error(
          m.file,
          'order',
          `module order ${order} is also used by ${entries[0]?.file ?? 'another module'}`,
          'Give every module its own order number (1, 2, 3…).',
        );
      }
    }
  }

  for (const lesson of content.lessons) {
    if (!moduleIds.has(lesson.data.module)) {
      error(
        lesson.file,
        'module',
        `unknown module "${lesson.data.module}"`,
        `Use one of: ${[...moduleIds].sort().join(', ')} (a file in src/content/modules/), or add that module.`,
      );
    }
    lesson.data.skills.forEach((skill, i) => {
      if (!skillIds.has(skill)) {
        error(
          lesson.file,
          `skills[${i}]`,
          `unknown skill "${skill}"`,
          `Use one of: ${[...skillIds].sort().join(', ')} (a file in src/content/skills/), or add that skill.`,
        );
      }
    });
  }

  const lessonsByModule = groupBy(content.lessons, (l) => l.data.module);
  for (const [moduleId, lessons] of lessonsByModule) {
    for (const [order, same] of groupBy(lessons, (l) => l.data.order)) {
      for (const l of same.slice(1)) {
        error(
          l.file,
          'order',
          `lesson order ${order} in module "${moduleId}" is also used by ${same[0]?.file ?? 'another lesson'}`,
          'Give each lesson of a module its own order number (1, 2, 3…).',
        );
      }
    }
  }
  for (const m of content.modules) {
    if (!lessonsByModule.has(m.id)) {
      warning(m.file, '(file)', 'this module has no lessons yet', 'Add a lesson whose `module` is ' + m.id + '.');
    }
  }

  for (const skill of content.skills) {
    skill.data.lessons.forEach((lessonId, i) => {
      if (!lessonIds.has(lessonId)) {
        error(
          skill.file,
          `lessons[${i}]`,
          `unknown lesson "${lessonId}"`,
          'Name a lesson by its file name in src/content/lessons/ without ".mdx".',
        );
      }
    });
    // A skill that lists a lesson which does not list the skill back is almost always a
    // forgotten edit; the course map would show the lesson under the skill but not vice versa.
    for (const lessonId of skill.data.lessons) {
      const lesson = content.lessons.find((l) => l.id === lessonId);
      if (lesson && !lesson.data.skills.includes(skill.id)) {
        warning(
          lesson.file,
          'skills',
          `skill "${skill.id}" lists this lesson, but the lesson does not list the skill`,
          `Add ${skill.id} to the lesson's skills, or remove the lesson from ${skill.file}.`,
        );
      }
    }
  }

  for (const quiz of content.quizzes) {
    if (!lessonIds.has(quiz.id)) {
      error(
        quiz.file,
        '(file)',
        `no lesson "${quiz.id}" for this quiz`,
        'Name a quiz file after its lesson: src/content/quizzes/<lesson-id>.yaml.',
      );
    }
    for (const p of quizProblems(quiz.data)) {
      error(
        quiz.file,
        `questions[${p.index}] (${p.question})`,
        p.message,
        'Correct the question so it can be answered.',
      );
    }
  }
  problems.push(...quizQualityProblems(content));
  const quizIds = new Set(content.quizzes.map((q) => q.id));
  for (const lesson of content.lessons) {
    if (!quizIds.has(lesson.id)) {
      warning(lesson.file, '(file)', 'this lesson has no quiz', `Add src/content/quizzes/${lesson.id}.yaml.`);
    }
  }

  for (const trainer of content.trainers) {
    const kids = new Set<string>();
    trainer.data.keys.forEach((key, i) => {
      if (kids.has(key.kid)) {
        error(trainer.file, `keys[${i}].kid`, `key id ${key.kid} is listed twice`, 'List each key once.');
      }
      kids.add(key.kid);
      if (key.status === 'revoked' && (!key.revokedAt || !key.revokedReason)) {
        error(
          trainer.file,
          `keys[${i}]`,
          'a revoked key needs revokedAt and revokedReason',
          'Add the date the key stopped being trusted and why (for example "laptop lost").',
        );
      }
      if (key.validUntil && key.validUntil < key.validFrom) {
        error(trainer.file, `keys[${i}].validUntil`, 'validUntil is before validFrom', 'Swap or correct the dates.');
      }
    });
  }
  problems.push(...qualificationProblems(content));
  problems.push(...rosterProblems(content, options));

  return problems;
}

/**
 * The pattern reader (./quiz-quality.ts) against every well-formed quiz: a quiz it passes is an
 * error, because passing it proves nothing about the lesson. Course-wide tells that do not yet
 * let it pass are warnings.
 */
function quizQualityProblems(content: CourseContent): ContentProblem[] {
  const report = quizQualityReport(content);
  const problems: ContentProblem[] = [];
  const severity = content.course[0]?.data.quizQuality ?? 'error';
  for (const q of report.quizzes.filter((r) => r.gameable)) {
    problems.push({
      severity,
      file: q.file,
      field: 'questions',
      message:
        `a reader who only follows answer patterns scores ${q.readerPercent}% (${q.guessablePercent}% on the ` +
        `${q.guessable} choice and true/false questions) and passes (pass mark ${q.passMark}%)`,
      hint:
        'Make wrong options as long and as plausible as the right one, avoid "never", "always" and "only" as tells, ' +
        'balance true and false answers, and keep answers out of the prompt. The owner’s guide (Quiz quality) explains the check.',
    });
  }
  const first = content.quizzes[0]?.file ?? 'src/content/quizzes';
  // Course-wide habits: warnings on the quizzes folder, not on one quiz.
  const course = (message: string, hint: string) =>
    problems.push({ severity: 'warning', file: first.replace(/[^/]+$/, ''), field: '(course)', message, hint });
  if (report.choiceQuestions >= 10 && report.longestRight * 100 > report.choiceQuestions * 40) {
    course(
      `the right answer is the longest option in ${report.longestRight} of ${report.choiceQuestions} single-choice and scenario questions`,
      'Lengthen wrong options with real agent mistakes, or tighten right ones, until it is near one in three.',
    );
  }
  if (report.choiceQuestions >= 10 && report.shortestRight * 100 > report.choiceQuestions * 40) {
    course(
      `the right answer is the shortest option in ${report.shortestRight} of ${report.choiceQuestions} single-choice and scenario questions`,
      'Vary it: sometimes the right answer is the longest, sometimes the shortest, most often in between.',
    );
  }
  const tf = report.trueCount + report.falseCount;
  if (tf >= 6 && (report.trueCount * 100 < tf * 35 || report.trueCount * 100 > tf * 65)) {
    course(
      `true/false answers are ${report.trueCount} true to ${report.falseCount} false`,
      'Turn some statements round so that about half the answers are true.',
    );
  }
  return problems;
}

/** The pattern reader's figures for the course, as the build prints them. */
export function quizQualityReport(content: CourseContent): CourseQuizQuality {
  const titles = new Map(content.lessons.map((l) => [l.id, l.data.title]));
  const wellFormed = content.quizzes
    .filter((q) => quizProblems(q.data).length === 0)
    .map((q) => ({ ...q, title: titles.get(q.id) }));
  return courseQuizQuality(wellFormed, content.course[0]?.data.passMark ?? 80);
}

/** Renders problems as the build prints them: one block per problem, file and field first. */
export function formatProblems(problems: ContentProblem[]): string {
  return problems
    .map(
      (p) =>
        `${p.severity === 'error' ? 'Error' : 'Warning'} in ${p.file} → ${p.field}: ${p.message}\n  Fix: ${p.hint}`,
    )
    .join('\n');
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/**
 * A trainer's `skills` must name skills of the course, once each, with periods that end after
 * they start: a misspelt id would silently leave the trainer unable to sign what the owner meant.
 */
function qualificationProblems(content: CourseContent): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const skillIds = new Set(content.skills.map((s) => s.id));
  const badPeriod = (p: { from?: Date | undefined; until?: Date | undefined }) =>
    p.from !== undefined && p.until !== undefined && p.until < p.from;
  for (const trainer of content.trainers) {
    const seen = new Set<string>();
    (trainer.data.skills ?? []).forEach((grant, i) => {
      const skill = typeof grant === 'string' ? grant : grant.skill;
      if (!skillIds.has(skill)) {
        problems.push({
          severity: 'error',
          file: trainer.file,
          field: `skills[${i}]`,
          message: `unknown skill "${skill}"`,
          hint: `Use one of: ${[...skillIds].sort().join(', ')} (a file in src/content/skills/), or remove it.`,
        });
      }
      if (seen.has(skill) && typeof grant === 'string') {
        problems.push({
          severity: 'error',
          file: trainer.file,
          field: `skills[${i}]`,
          message: `the skill "${skill}" is listed twice`,
          hint: 'List each skill once (a skill may be listed again only with another period).',
        });
      }
      seen.add(skill);
      if (typeof grant !== 'string' && badPeriod(grant)) {
        problems.push({
          severity: 'error',
          file: trainer.file,
          field: `skills[${i}].until`,
          message: 'until is before from',
          hint: 'Swap or correct the dates.',
        });
      }
    });
    const certify = trainer.data.certify;
    if (typeof certify === 'object' && badPeriod(certify)) {
      problems.push({
        severity: 'error',
        file: trainer.file,
        field: 'certify.until',
        message: 'until is before from',
        hint: 'Swap or correct the dates.',
      });
    }
  }
  return problems;
}
