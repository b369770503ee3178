/**
 * The personal layer of the course map and the module pages: for the trainee chosen on this
 * browser, marks the lessons done and the one to do next, counts what is done, and says what to
 * do next. The pages are static HTML; this reads the stored progress (the format of
 * lib/progress/format.ts) straight from localStorage once the page is up, and again when it
 * changes (another tab, or the trainee switcher in this one). Everything it writes goes into
 * elements that are already there, in space they already take: nothing moves.
 */
import { progressKey, readProgress, type TraineeProfile } from '../../lib/progress/format';
import { standing, type LessonRef, type LessonState } from '../../lib/progress/course-progress';
import { count } from '../../lib/plural';
import { h } from '../dom';

const MARK: Record<LessonState, string> = { done: 'done', started: 'started', new: '' };

function chosenTrainee(courseId: string): TraineeProfile | null {
  try {
    const raw = localStorage.getItem(progressKey(courseId));
    const read = raw === null ? undefined : readProgress(raw, courseId);
    return read?.ok && read.state.active ? (read.state.profiles[read.state.active] ?? null) : null;
  } catch {
    return null; // storage blocked: the page stays as built
  }
}

const lessonRefs = (root: ParentNode): { el: HTMLElement; ref: LessonRef }[] =>
  [...root.querySelectorAll<HTMLElement>('[data-lesson-id]')].map((el) => ({
    el,
    ref: { id: el.dataset.lessonId ?? '', ...(el.dataset.quiz ? { quiz: el.dataset.quiz } : {}) },
  }));

function show(): void {
  const courseId = document.documentElement.dataset.course ?? 'course';
  const profile = chosenTrainee(courseId);
  const line = document.querySelector<HTMLElement>('[data-next-step]');
  const lessons = lessonRefs(document);
  const result = profile ? standing(profile, lessons.map((l) => l.ref)) : undefined;

  for (const { el, ref } of lessons) {
    const state = result?.states.get(ref.id) ?? 'new';
    el.dataset.state = profile ? state : '';
    el.toggleAttribute('data-next', result?.next?.id === ref.id);
    const mark = el.querySelector<HTMLElement>('[data-lesson-mark]');
    if (mark) mark.textContent = state === 'done' ? (ref.quiz ? ' · ✓ quiz passed' : ' · ✓ done') : MARK[state] && ` · ${MARK[state]}`;
  }
  for (const card of document.querySelectorAll<HTMLElement>('[data-module-card]')) {
    const cell = card.querySelector<HTMLElement>('[data-module-done]');
    const mine = profile ? standing(profile, lessonRefs(card).map((l) => l.ref)) : undefined;
    if (cell) cell.textContent = mine && mine.done ? ` · ${mine.done} done` : '';
    card.classList.toggle('module-card--done', Boolean(mine && mine.done === mine.total));
  }
  if (!line) return;
  line.dataset.personal = profile ? 'true' : '';
  if (!profile || !result) return;
  const lessonLink = (ref: LessonRef) => {
    const item = lessons.find((l) => l.ref.id === ref.id)?.el;
    const a = item?.querySelector<HTMLAnchorElement>('a');
    return h('a', { href: a?.href ?? '', text: `“${a?.textContent?.trim() ?? ref.id}”` });
  };
  const where = line.hasAttribute('data-module') ? ' in this module' : '';
  const counted = `${profile.name}: ${result.done} of ${count(result.total, 'lesson')} done${where}${
    // When every lesson has a quiz, a lesson done is a quiz passed: one count says both.
    result.quizzes && result.quizzes !== result.total
      ? ` · ${result.quizzesPassed} of ${count(result.quizzes, 'quiz', 'quizzes')} passed`
      : ''
  }.`;
  const nextModule = document.querySelector<HTMLAnchorElement>('[data-next-module]');
  const next = result.next
    ? [result.done ? 'Continue with ' : 'Start with ', lessonLink(result.next), '.']
    : nextModule
      ? ['Next module: ', h('a', { href: nextModule.href, text: nextModule.querySelector('.prev-next__title')?.textContent ?? '' }), '.']
      : [
          'Every lesson done: ',
          h('a', { href: line.dataset.checklist ?? '', text: 'your checklist' }),
          ' shows the sign-offs to ask your trainer for.',
        ];
  line.replaceChildren(h('span', { class: 'next-step__count', text: counted }), ' ', h('span', {}, ...next));
}

show();
// Another tab's change arrives as a storage event; this tab's own (the trainee switcher) as the
// store's event (stores/progress.ts). A page restored from the back/forward cache reads again.
addEventListener('storage', show);
document.addEventListener('tandem:progress', show);
addEventListener('pageshow', (e) => e.persisted && show());
