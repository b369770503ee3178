/**
 * The personal layer of the course map and the module pages: for the trainee chosen on this
 * browser, marks the lessons done and the one to do next, counts what is done, and says what to
 * do next. The pages are static HTML; this reads the stored progress (the format of
 * lib/progress/format.ts) straight from localStorage once the page is up, and again when it
 * changes (another tab, or the trainee switcher in this one). Everything it writes goes into
 * elements that are already there, in space they already take: nothing moves. Kept small: it
 * ships on the home page, whose budget is tight (scripts/bench/budgets.ts).
 */
import { progressKey, readProgress, type TraineeProfile } from '../../lib/progress/format';
import { standing, type LessonRef } from '../../lib/progress/course-progress';
import { h } from '../dom';

function chosenTrainee(courseId: string): TraineeProfile | undefined {
  try {
    const raw = localStorage.getItem(progressKey(courseId));
    const read = raw === null ? undefined : readProgress(raw, courseId);
    return read?.ok && read.value.state.active ? read.value.state.profiles[read.value.state.active] : undefined;
  } catch {
    return undefined; // storage blocked: the page stays as built
  }
}

const refs = (root: ParentNode) =>
  [...root.querySelectorAll<HTMLElement>('[data-lesson-id]')].map((el): LessonRef & { el: HTMLElement } => ({
    el,
    id: el.dataset.lessonId ?? '',
    ...(el.dataset.quiz ? { quiz: el.dataset.quiz } : {}),
  }));

const lessonsText = (n: number) => `${n} lesson${n === 1 ? '' : 's'}`;

function show(): void {
  const profile = chosenTrainee(document.documentElement.dataset.course ?? '');
  const lessons = refs(document);
  const result = profile && standing(profile, lessons);
  for (const lesson of lessons) {
    const state = result?.states.get(lesson.id) ?? '';
    lesson.el.dataset.state = state;
    lesson.el.toggleAttribute('data-next', result?.next === lesson);
    const mark = lesson.el.querySelector('[data-lesson-mark]');
    if (mark)
      mark.textContent =
        state === 'done' ? ` · ✓ ${lesson.quiz ? 'quiz passed' : 'done'}` : state === 'started' ? ' · started' : '';
  }
  for (const card of document.querySelectorAll('[data-module-card]')) {
    const mine = profile && standing(profile, refs(card));
    const cell = card.querySelector('[data-module-done]');
    if (cell) cell.textContent = mine?.done ? ` · ${mine.done} done` : '';
  }
  const line = document.querySelector<HTMLElement>('[data-next-step]');
  if (!line || !profile || !result) return;
  line.dataset.personal = 'true';
  const link = (a: HTMLAnchorElement | null | undefined, text = a?.textContent?.trim()) =>
    h('a', { href: a?.href, text: `“${text ?? ''}”` });
  const nextModule = document.querySelector<HTMLAnchorElement>('[data-next-module]');
  const { done, total, quizzes, quizzesPassed, next } = result;
  line.replaceChildren(
    h('strong', {
      text:
        `${profile.name}: ${done} of ${lessonsText(total)} done${line.hasAttribute('data-module') ? ' in this module' : ''}` +
        // When every lesson has a quiz, a lesson done is a quiz passed: one count says both.
        (quizzes && quizzes !== total ? ` · ${quizzesPassed} of ${quizzes} quizzes passed` : '') +
        '. ',
    }),
    ...(next
      ? [done ? 'Continue with ' : 'Start with ', link(next.el.querySelector('a'))]
      : nextModule
        ? ['Next module: ', link(nextModule, nextModule.querySelector('.prev-next__title')?.textContent ?? '')]
        : [
            'Every lesson done: ',
            h('a', { href: line.dataset.checklist, text: 'your checklist' }),
            ' shows what to ask your trainer for',
          ]),
    '.',
  );
}

show();
// Another tab's change arrives as a storage event; this tab's own (the trainee switcher) as the
// store's event (stores/progress.ts). A page restored from the back/forward cache reads again.
addEventListener('storage', show);
document.addEventListener('tandem:progress', show);
addEventListener('pageshow', (e) => e.persisted && show());
