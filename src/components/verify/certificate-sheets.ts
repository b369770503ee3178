/**
 * What a printed certificate says, from verified entries only: a skill certificate (one page:
 * the skill, the four steps signed off, the quiz results the trainer vouched for) and the course
 * transcript (at most two pages: every skill, then every lesson and its quiz in course order).
 * Quiz results the trainee's own browser holds are labelled as theirs, not vouched for. Each step
 * shows both signatures: the trainer's, and the trainee's acknowledgement of it (or that the step
 * is single-signed, or awaits the trainee's), worded as the verify page words them.
 */
import type { CourseManifest } from '../../lib/course/manifest';
import { STEP_INFO } from '../../lib/content/steps';
import type { AcceptedCertification } from '../../lib/trust/certification/verify';
import { latestCertification, type HeldCertifications } from '../../lib/trust/certification/held';
import type { TraineeProfile } from '../../lib/progress/format';
import { quizStatus } from '../../lib/quiz/score';
import type { VerifiedRecord } from '../../lib/trust/record';
import type { AckPayload } from '../../lib/trust/ack';
import type { SignoffPayload } from '../../lib/trust/entry';
import { h } from '../dom';
import { lazyDateFormat } from '../date-format';

export interface SheetInput {
  manifest: CourseManifest;
  profile: TraineeProfile;
  record: VerifiedRecord;
  held: HeldCertifications;
  /** The trainee's valid acknowledgements, by entry id (lib/progress/acks.ts `profileAcks`). */
  acks: ReadonlyMap<string, AckPayload>;
}

/** The step's second signature, in the verify page's words. */
export function secondSignature(p: SignoffPayload, acks: ReadonlyMap<string, AckPayload>): string {
  const ack = acks.get(p.id);
  if (ack) return `Acknowledged ${day(ack.at)}`;
  return p.trainee.kid === undefined ? 'Single-signed' : 'Awaiting the trainee’s acknowledgement';
}

const dateFormat = lazyDateFormat({ dateStyle: 'long' });
const day = (iso: string | undefined) => (iso ? dateFormat.format(new Date(iso)) : '');
// Short dates in the lesson table, so each lesson stays one printed line.
const shortFormat = lazyDateFormat({ dateStyle: 'medium' });
const short = (iso: string | undefined) => (iso ? shortFormat.format(new Date(iso)) : '');

/**
 * A table in a box that scrolls sideways when a phone is narrower than its columns (the demo
 * sheet clips what overflows it); focusable, so a keyboard can scroll it too.
 */
function table(headings: string[], rows: string[][], label: string): HTMLElement {
  return h(
    'div',
    { class: 'certificate__scroll', tabindex: '0', role: 'region', 'aria-label': label },
    h(
      'table',
      { class: 'progress-table certificate__table', 'aria-label': label },
      h('thead', {}, h('tr', {}, ...headings.map((text) => h('th', { scope: 'col', text })))),
      h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((text) => h('td', { text }))))),
    ),
  );
}

const signer = (manifest: CourseManifest, c: AcceptedCertification) =>
  manifest.roster.trainers.find((t) => t.id === c.payload.trainer.id)?.name ?? c.payload.trainer.name;

function validity(c: AcceptedCertification): string {
  const until = c.effectiveExpiresAt ?? c.payload.expiresAt;
  if (c.status === 'expired') return `That certification expired on ${day(until)} and is due for renewal.`;
  return until ? `Valid until ${day(until)}.` : 'It does not expire.';
}

/** One skill's certificate. */
export function skillSheet(input: SheetInput, cert: AcceptedCertification): HTMLElement[] {
  const { manifest, record } = input;
  const p = cert.payload;
  const skill = manifest.skills.find((s) => s.id === p.skill);
  const title = skill?.title ?? String(p.skill);
  const rests = new Set(p.rests.entries.map((e) => e.id));
  const steps = record.accepted
    .filter((a) => rests.has(a.payload.id))
    .sort((a, b) => a.payload.signedAt.localeCompare(b.payload.signedAt))
    // Three columns, so a phone shows both signatures without scrolling sideways.
    .map((a) => [
      STEP_INFO[a.payload.step].label,
      `${a.payload.trainer.name}, ${day(a.payload.signedAt)}`,
      secondSignature(a.payload, input.acks),
    ]);
  const order = Object.keys(manifest.lessons);
  const quizzes = [...p.rests.quizzes]
    .sort((a, b) => order.indexOf(a.lesson) - order.indexOf(b.lesson))
    .map((q) => [manifest.lessons[q.lesson]?.title ?? q.lesson, `${q.score} of ${q.total}`, day(q.at)]);
  return [
    h('p', { class: 'certificate__kind', text: 'Skill certificate' }),
    h('p', { class: 'certificate__name', 'data-name': true, text: p.trainee.name }),
    h('p', {
      class: 'certificate__status',
      'data-status': true,
      text: `${cert.status === 'expired' ? 'was' : 'is'} certified in ${title}, by ${signer(manifest, cert)} on ${day(p.certifiedAt)}. ${validity(cert)}`,
    }),
    h('h2', { text: 'The four steps, signed off' }),
    steps.length
      ? table(['Step', 'Trainer’s sign-off', 'Trainee’s signature'], steps, 'The four steps, signed off')
      : h('p', { text: 'The sign-offs behind it are not in this browser: the trainee’s signed record holds them.' }),
    h('h2', { text: 'Quiz results the trainer vouched for' }),
    quizzes.length
      ? table(['Lesson', 'Score', 'Taken'], quizzes, 'Quiz results the trainer vouched for')
      : h('p', { text: 'This skill has no quizzes.' }),
  ];
}

/** The course transcript: the course's standing, every skill, every lesson and its quiz in course order. */
export function transcriptSheet(input: SheetInput): HTMLElement[] {
  const { manifest, profile, held } = input;
  const course = latestCertification(held);
  const required = manifest.skills.filter((s) => s.required);
  const current = required.filter((s) => latestCertification(held, s.id)?.status === 'valid');
  const status =
    course?.status === 'valid'
      ? `is certified in every required skill of this course, by ${signer(manifest, course)} on ${day(course.payload.certifiedAt)}. ${validity(course)}`
      : course
        ? `was certified in every required skill of this course on ${day(course.payload.certifiedAt)}. ${validity(course)}`
        : `is certified in ${current.length} of ${required.length} required skills; the course certification is not complete yet.`;
  const vouched = new Set(
    held.accepted
      .filter((c) => c.payload.scope === 'skill')
      .flatMap((c) => c.payload.rests.quizzes.map((q) => q.lesson)),
  );
  const skills = manifest.skills.map((skill) => {
    const cert = latestCertification(held, skill.id);
    if (!cert) return [skill.title + (skill.required ? '' : ' (optional)'), 'not yet', '', ''];
    const until = cert.effectiveExpiresAt ?? cert.payload.expiresAt;
    return [
      skill.title + (skill.required ? '' : ' (optional)'),
      cert.status === 'valid' ? day(cert.payload.certifiedAt) : `expired ${day(until)}`,
      `${signer(manifest, cert)}${cert.demo ? ' (DEMO)' : ''}`,
      until ? day(until) : 'no expiry',
    ];
  });
  // Every lesson in course order, opened or not, with its quiz: what is still open shows.
  const entries = Object.entries(manifest.lessons);
  const lessons = entries.map(([lesson, { title }]) => {
    const progress = profile.lessons[lesson];
    const state = progress?.completedAt ? 'completed' : progress?.readAt ? 'opened' : 'not opened';
    const quiz = manifest.quizzes[lesson];
    if (!quiz) return [title, state, 'no quiz', short(progress?.completedAt)];
    const status = quizStatus(profile.attempts[lesson] ?? [], quiz.hash);
    if (status.state === 'passed' || status.state === 'failed') {
      const best = status.best;
      return [
        title,
        state,
        `${status.state === 'passed' ? 'passed' : 'not passed'}, ${best.score} of ${best.total}${vouched.has(lesson) ? ' (vouched for)' : ''}`,
        short(best.at),
      ];
    }
    return [title, state, status.state === 'changed' ? 'quiz changed since the attempt' : 'not taken', ''];
  });
  const completed = entries.filter(([lesson]) => profile.lessons[lesson]?.completedAt).length;
  // Both signatures, for the steps the skill certifications shown rest on.
  const rests = new Set(
    manifest.skills.flatMap(
      (skill) => latestCertification(held, skill.id)?.payload.rests.entries.map((e) => e.id) ?? [],
    ),
  );
  const steps = input.record.accepted.filter((a) => rests.has(a.payload.id)).map((a) => a.payload);
  const two = steps.filter((p) => input.acks.has(p.id)).length;
  const single = steps.filter((p) => p.trainee.kid === undefined).length;
  const awaiting = steps.length - two - single;
  const signatures =
    steps.length === 0
      ? undefined
      : `Signatures: ${two} of ${steps.length} steps behind these certifications were also acknowledged by the trainee with their key` +
        (single ? `; ${single} single-signed (made for no trainee key)` : '') +
        (awaiting ? `; ${awaiting} awaiting the trainee’s acknowledgement` : '') +
        '.';
  return [
    h('p', { class: 'certificate__kind', text: 'Course transcript' }),
    h('p', { class: 'certificate__name', 'data-name': true, text: profile.name }),
    h('p', { class: 'certificate__status', 'data-status': true, text: status }),
    h('h2', { text: 'Skills' }),
    table(['Skill', 'Certified', 'Trainer', 'Valid until'], skills, 'Skills'),
    ...(signatures !== undefined
      ? [h('p', { class: 'certificate__note', 'data-signatures': true, text: signatures })]
      : []),
    h('h2', { text: 'Lessons and quizzes, in course order' }),
    h('p', {
      class: 'certificate__note',
      'data-lessons': true,
      text: `${completed} of ${entries.length} lessons completed, as the trainee’s own record says. Quiz results marked “vouched for” are in a trainer’s signed certification; the rest is the trainee’s own record.`,
    }),
    table(['Lesson', 'Progress', 'Quiz', 'Date'], lessons, 'Lessons and quizzes, in course order'),
  ];
}
