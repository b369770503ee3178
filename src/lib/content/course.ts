/**
 * The course as pages need it: modules in order, each with its lessons in order, one reading
 * sequence across the whole course (for previous / next), and the links between lessons and
 * skills in both directions. Pure; built once per build from validated content.
 */
import type { CourseData, LessonData, ModuleData, SkillData } from './schema';
import type { Entry } from './validate';

export interface LessonRef {
  id: string;
  title: string;
  minutes: number;
  moduleId: string;
  summary: string;
}

export interface ModuleView {
  id: string;
  data: ModuleData;
  lessons: LessonRef[];
  minutes: number;
}

export interface CourseModel {
  settings: CourseData;
  modules: ModuleView[];
  /** Every lesson in reading order: module order, then lesson order. */
  sequence: LessonRef[];
  skills: Entry<SkillData>[];
  /** Skill ids per lesson, merging the lesson's own list and skills that list the lesson. */
  skillsOfLesson: Map<string, string[]>;
  totalMinutes: number;
}

export function buildCourseModel(
  settings: CourseData,
  modules: Entry<ModuleData>[],
  lessons: Entry<LessonData>[],
  skills: Entry<SkillData>[],
): CourseModel {
  const ref = (l: Entry<LessonData>): LessonRef => ({
    id: l.id,
    title: l.data.title,
    minutes: l.data.minutes,
    moduleId: l.data.module,
    summary: l.data.summary,
  });
  const orderedModules = [...modules].sort((a, b) => a.data.order - b.data.order);
  const views: ModuleView[] = orderedModules.map((m) => {
    const own = lessons.filter((l) => l.data.module === m.id).sort((a, b) => a.data.order - b.data.order);
    return { id: m.id, data: m.data, lessons: own.map(ref), minutes: sum(own.map((l) => l.data.minutes)) };
  });
  const sequence = views.flatMap((v) => v.lessons);

  const skillsOfLesson = new Map<string, string[]>(lessons.map((l) => [l.id, [...l.data.skills]]));
  for (const skill of skills) {
    for (const lessonId of skill.data.lessons) {
      const list = skillsOfLesson.get(lessonId);
      if (list && !list.includes(skill.id)) list.push(skill.id);
    }
  }

  return {
    settings,
    modules: views,
    sequence,
    skills: [...skills].sort((a, b) => a.data.title.localeCompare(b.data.title)),
    skillsOfLesson,
    totalMinutes: sum(sequence.map((l) => l.minutes)),
  };
}

/** The lessons before and after `lessonId` in reading order (undefined at either end). */
export function neighbours(
  model: CourseModel,
  lessonId: string,
): { prev: LessonRef | undefined; next: LessonRef | undefined } {
  const i = model.sequence.findIndex((l) => l.id === lessonId);
  if (i < 0) return { prev: undefined, next: undefined };
  return { prev: model.sequence[i - 1], next: model.sequence[i + 1] };
}

/** "1 h 05 min" style duration for course maps. */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')} min`;
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
