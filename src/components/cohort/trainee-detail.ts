/**
 * The cohort desk's trainee detail: one trainee's latest file verified again, with their
 * certifications, every session and sign-off, quiz results, entries this device signed that the
 * file lacks, and the actions on them (sign a step, download the file, remove from the desk).
 */
import { STEP_INFO } from '../../lib/content/steps';
import type { CourseManifest } from '../../lib/course/manifest';
import { bundleFileName } from '../../lib/bundle/build';
import { verifyBundle, type ReadBundle } from '../../lib/bundle/verify';
import { bundleOf, removeTrainee } from '../../stores/cohort';
import { missingFor } from '../../stores/trainer-log';
import { downloadFile } from '../download';
import { h, required } from '../dom';

const OUTCOMES = { 'signed-off': 'signed off', practice: 'practice session', 're-opened': 're-opened' };

export function traineeDetail(root: HTMLElement, manifest: CourseManifest, signUrl: string) {
  const detail = required(root, '[data-detail]');
  const body = required(detail, '[data-detail-body]');
  const heading = required(detail, 'h2');
  const titles = new Map(manifest.skills.map((s) => [s.id, s.title]));

  const close = () => {
    const id = detail.dataset.traineeId;
    detail.hidden = true;
    if (id) root.querySelector<HTMLButtonElement>(`[data-rows] button[data-trainee="${CSS.escape(id)}"]`)?.focus();
  };
  required(detail, '[data-detail-close]').addEventListener('click', close);

  const sections = (record: ReadBundle['record']): Node[] => {
    const certs = record.certifications.map(({ payload: p, expired, demo }) => {
      const what = p.scope === 'course' ? 'The course' : (titles.get(p.skill ?? '') ?? p.skill ?? '');
      const until = p.expiresAt ? `, expires ${p.expiresAt.slice(0, 10)}` : '';
      return h(
        'li',
        {},
        `${what}: certified ${p.certifiedAt.slice(0, 10)} by ${p.trainer.name}${until}${expired ? ' (expired)' : ''}${demo ? ' (demo)' : ''}.`,
      );
    });
    const history = record.signoffs.map(({ payload: p, demo, ack }) => {
      const ev = p.evidence;
      const notes = [
        ev.learningStyle && `Learning style: ${ev.learningStyle}.`,
        ev.explanation && `Trainee’s explanation: ${ev.explanation}`,
        ev.debrief && `Debrief: ${ev.debrief}`,
        ev.taught && `Taught ${ev.taught.name} (${ev.taught.role}).`,
        p.notes && `Notes: ${p.notes}`,
      ].filter((x): x is string => Boolean(x));
      return h(
        'li',
        {},
        h('strong', {
          text: `${p.observedAt} · ${titles.get(p.skill) ?? p.skill} · ${STEP_INFO[p.step].label}: ${OUTCOMES[p.outcome]}`,
        }),
        ` by ${p.trainer.name}${demo ? ' (demo)' : ''}`,
        // The second signature: the trainee's acknowledgement, or why there is none.
        h('span', {
          'data-signatures': ack ? 'two' : p.trainee.kid ? 'awaiting' : 'single',
          text: ack
            ? `; acknowledged by the trainee on ${ack.at.slice(0, 10)} with their key.`
            : p.trainee.kid
              ? '; not acknowledged by the trainee yet.'
              : '; single-signed (made for no trainee key).',
        }),
        notes.length > 0 && h('p', { text: notes.join(' ') }),
      );
    });
    const quizzes = Object.entries(record.quizAttempts).flatMap(([lesson, attempts]) => {
      const title = record.lessons[lesson]?.title ?? manifest.lessons[lesson]?.title ?? lesson;
      return attempts.map((a) =>
        h(
          'li',
          {},
          `${title}: ${a.score} of ${a.total} on ${a.at.slice(0, 10)} — ${a.passed ? 'passed' : 'not passed'}.`,
        ),
      );
    });
    return [
      h('h3', { text: 'Certifications' }),
      certs.length ? h('ul', {}, ...certs) : h('p', { text: 'None yet.' }),
      h('h3', { text: 'Sessions, sign-offs and re-opens' }),
      history.length ? h('ol', { class: 'cohort-history' }, ...history) : h('p', { text: 'No signed entries yet.' }),
      h('h3', { text: 'Quiz results' }),
      quizzes.length ? h('ul', {}, ...quizzes) : h('p', { text: 'None yet.' }),
    ];
  };

  const actions = (record: ReadBundle['record'], exportedAt: string, text: string): HTMLElement => {
    const name = record.trainee.name;
    const sign = h('a', {
      class: 'button',
      href: `${signUrl}?trainee=${encodeURIComponent(record.trainee.id)}`,
      text: `Sign a step for ${name}`,
    });
    const again = h('button', { type: 'button', class: 'button--quiet', text: 'Download this trainee’s file' });
    again.addEventListener('click', () => {
      const file = bundleFileName({
        course: { id: manifest.course.id, title: '', contentVersion: '' },
        trainee: record.trainee,
        exportedAt,
      });
      downloadFile(file, text, 'application/json');
    });
    const remove = h('button', { type: 'button', class: 'button--quiet', text: 'Remove from the desk…' });
    remove.addEventListener('click', () => {
      if (!remove.dataset.armed) {
        remove.dataset.armed = 'yes';
        remove.textContent = `Yes, remove ${name} from this desk (their own record is not affected)`;
        return;
      }
      void removeTrainee(record.trainee.id).then((removed) => {
        if (removed.ok) detail.hidden = true;
        else remove.textContent = removed.message;
      });
    });
    return h('p', { class: 'form-row' }, sign, again, remove);
  };

  const show = async (id: string): Promise<void> => {
    detail.dataset.traineeId = id;
    detail.hidden = false;
    body.replaceChildren(h('p', { text: 'Checking this trainee’s record…' }));
    const held = await bundleOf(id);
    const text = held.ok ? held.value : undefined;
    const verdict = text ? await verifyBundle(text, manifest, { now: new Date() }) : undefined;
    if (!text || !verdict?.readable) {
      body.replaceChildren(
        h('p', { text: held.ok ? 'This trainee’s file is no longer in this browser’s storage.' : held.message }),
      );
      return;
    }
    const { record, summary } = verdict;
    heading.textContent = record.trainee.name;
    // Entries you signed for this trainee that their latest file lacks (your log on this device).
    const ids = new Set([
      ...record.signoffs.map((s) => s.payload.id),
      ...record.certifications.map((c) => c.payload.id),
    ]);
    const missing = await missingFor(record.trainee.id, ids);
    const n = missing.length;
    body.replaceChildren(
      h(
        'p',
        {},
        `Trainee id ${record.trainee.id}; file exported ${summary.exportedAt.slice(0, 10)} from the ${summary.exportedFrom}’s device.`,
      ),
      ...(summary.demoKeysUsed
        ? [h('p', { class: 'cohort-demo-note', text: 'DEMO: some entries were signed with the published demo key.' })]
        : []),
      ...sections(record),
      ...(n === 0
        ? []
        : [
            h('p', {
              class: 'message message--error',
              text:
                `${n} entr${n === 1 ? 'y' : 'ies'} you signed for ${record.trainee.name} ` +
                `(logged ${missing.map((m) => m.at.slice(0, 10)).join(', ')}) ${n === 1 ? 'is' : 'are'} missing from this file.`,
            }),
          ]),
      actions(record, summary.exportedAt, text),
      h('p', {
        text: 'The sign-off page opens with this trainee’s latest file from your desk; what you sign there is added to it.',
      }),
    );
    heading.focus();
  };

  return { show };
}
