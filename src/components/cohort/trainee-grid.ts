/**
 * The cohort desk's trainee table: the filters, the open sign-off requests, and trainees ×
 * skills with each step's state. Only the rows on screen are rendered (fixed row height, spacer
 * rows, re-rendered on scroll), so a thousand trainees stay responsive; which rows, and what
 * each cell says, are pure functions in src/lib/cohort/model.ts.
 */
import { STEP_INFO } from '../../lib/content/steps';
import type { CourseManifest } from '../../lib/course/manifest';
import {
  certificationState,
  openRequests,
  rowWindow,
  skillCellText,
  skillCells,
  viewCohort,
  type CohortFilter,
  type CohortTrainee,
  type SignoffRequestSeen,
  type SortKey,
} from '../../lib/cohort/model';
import { $cohort, allRequests } from '../../stores/cohort';
import { control, h, required } from '../dom';
import { stageOf, type Stage } from '../../lib/cohort/glance';
import { STAGE_WORDS } from './glance-panel';

/** Must match `.cohort-table tbody tr` in global.css. */
const ROW_HEIGHT = 44;

const MARKS: Record<string, string> = {
  'not-started': '·',
  practising: 'P',
  'signed-off': '✓',
  're-opened': '↺',
};

const CERT_WORDS = { certified: 'Certified', due: 'Due', overdue: 'Overdue' };

/**
 * A signed-off step's second signature on its mark: two ticks once the trainee acknowledged it;
 * awaiting, shown apart only where the course counts a step only once acknowledged.
 */
/** Two ticks for two signatures; a tick still waiting (not by colour alone) where it does not count yet. */
function markText(c: { state: string; ack?: 'two' | 'awaiting' }, ackRequired: boolean): string {
  if (c.ack === 'two') return '✓✓';
  if (c.ack === 'awaiting' && ackRequired) return '✓…';
  return MARKS[c.state] ?? '?';
}

function markOfAck(ack: 'two' | 'awaiting' | undefined, ackRequired: boolean): string {
  if (ack === 'two') return ' cohort-mark--two';
  return ack === 'awaiting' && ackRequired ? ' cohort-mark--awaiting' : '';
}

/**
 * Wires the trainees section; `open(id)` is called when a trainee's name is pressed. Returns
 * `showStage`, which the glance panel calls to list the trainees at one stage of one skill.
 */
export function traineeGrid(
  root: HTMLElement,
  manifest: CourseManifest,
  open: (id: string) => void,
): { showStage(skill: string, stage: Stage): void } {
  const scroller = required(root, '[data-scroll]');
  const rows = required<HTMLTableSectionElement>(root, '[data-rows]');
  const filters = required<HTMLFormElement>(root, '[data-filters]');
  const requestsBox = required(root, '[data-requests]');
  const count = required(root, '[data-count]');
  const table = required(root, 'table');
  const titles = new Map(manifest.skills.map((s) => [s.id, s.title]));
  // Whether the course counts a step only once the trainee acknowledged it: such a step is shown apart.
  const ackRequired = manifest.course.acknowledgement?.required === true;
  let shown: CohortTrainee[] = [];
  /** Sign-off requests opened on this device, and those whose step is not signed off yet. */
  let requests: SignoffRequestSeen[] = [];
  let open_: SignoffRequestSeen[] = [];
  let frame = 0;
  let lastWindow = '';

  // Columns in the manifest's skill order, the order every row's cells are made in.
  required(root, '[data-head]').append(...manifest.skills.map((s) => h('th', { scope: 'col', text: s.title })));

  const filter = (): { filter: CohortFilter; sort: SortKey } => {
    const data = new FormData(filters);
    const text = (name: string) => {
      const value = data.get(name);
      return typeof value === 'string' ? value : '';
    };
    const days = Number(text('days'));
    return {
      filter: {
        search: text('search'),
        certified: text('certified') === 'on',
        due: text('due') === 'on',
        asked: text('asked') === 'on',
        askedIds: new Set(open_.map((r) => r.traineeId)),
        ...(text('skill') && { skill: text('skill') }),
        ...(text('practising') === 'on' && { practisingOverDays: Number.isFinite(days) && days >= 0 ? days : 14 }),
      },
      sort: (text('sort') || 'name') as SortKey,
    };
  };

  const showRequests = () => {
    requestsBox.hidden = open_.length === 0;
    required(requestsBox, '[data-requests-summary]').textContent = `Open sign-off requests (${open_.length})`;
    required(requestsBox, '[data-requests-list]').replaceChildren(
      ...open_.map((r) =>
        h('li', {
          text: `${r.name}: ${titles.get(r.skill) ?? r.skill}, ${STEP_INFO[r.step as keyof typeof STEP_INFO]?.label ?? r.step} (opened ${r.at.slice(0, 10)})`,
        }),
      ),
    );
  };

  const row = (t: CohortTrainee, i: number, now: number): HTMLTableRowElement => {
    const name = h('button', {
      type: 'button',
      class: 'cohort-name',
      'data-trainee': t.id,
      'aria-label': `${t.name}: details`,
      text: t.name,
    });
    const cells = manifest.skills.map((skill) => {
      const s = t.skills[skill.id];
      const text = skillCellText(skill.title, s, now, ackRequired);
      const cert = certificationState(s, now);
      const visual = h(
        'span',
        { class: 'cohort-cell', 'aria-hidden': 'true' },
        ...(cert
          ? [h('span', { class: `cohort-cert cohort-cert--${cert}`, text: CERT_WORDS[cert] })]
          : skillCells(s, now).map((c) =>
              h('span', {
                class: `cohort-mark cohort-mark--${c.state}${markOfAck(c.ack, ackRequired)}`,
                text: c.state === 'practising' ? `P${c.sessions}` : markText(c, ackRequired),
              }),
            )),
      );
      return h('td', { title: text }, visual, h('span', { class: 'visually-hidden', text }));
    });
    return h(
      'tr',
      { 'aria-rowindex': i + 2 },
      h('th', { scope: 'row' }, name, t.demo && h('span', { class: 'cohort-demo', text: 'demo' })),
      ...cells,
    );
  };

  const renderRows = () => {
    const w = rowWindow(scroller.scrollTop, scroller.clientHeight || 600, ROW_HEIGHT, shown.length);
    const key = `${w.start}:${w.end}:${shown.length}`;
    if (key === lastWindow) return;
    lastWindow = key;
    const now = Date.now();
    const spacer = (height: number) => {
      const tr = h('tr', { class: 'cohort-spacer', 'aria-hidden': 'true' });
      // A style property, not a style attribute: the strict CSP forbids inline style attributes.
      tr.style.height = `${height}px`;
      return tr;
    };
    const out: HTMLTableRowElement[] = [];
    if (w.before > 0) out.push(spacer(w.before));
    for (const [offset, t] of shown.slice(w.start, w.end).entries()) out.push(row(t, w.start + offset, now));
    if (w.after > 0) out.push(spacer(w.after));
    rows.replaceChildren(...out);
  };

  const stageInput = required<HTMLInputElement>(filters, '[name="stage"]');
  const stageNote = required(root, '[data-stage-note]');
  const refresh = () => {
    const all = $cohort.get();
    open_ = openRequests(requests, new Map(all.map((t) => [t.id, t])));
    showRequests();
    const { filter: f, sort } = filter();
    const now = Date.now();
    shown = viewCohort(all, f, sort, manifest, now);
    // A stage chosen in the glance panel narrows the view to that skill's trainees at that stage.
    const stage = stageInput.value as Stage | '';
    stageNote.hidden = !(stage && f.skill);
    if (stage && f.skill) {
      const skill = f.skill;
      shown = shown.filter((t) => stageOf(t.skills[skill], now) === stage);
      required(stageNote, '[data-stage-text]').textContent =
        `Only trainees at “${STAGE_WORDS[stage]}” in ${titles.get(skill) ?? skill}.`;
    }
    count.textContent =
      all.length === 0
        ? 'No trainees yet: import their progress files above.'
        : `${shown.length} of ${all.length} trainee${all.length === 1 ? '' : 's'} shown.`;
    table.setAttribute('aria-rowcount', String(shown.length + 1));
    lastWindow = '';
    renderRows();
  };

  filters.addEventListener('input', (e) => {
    // Choosing another skill by hand ends the glance panel's stage filter.
    if ((e.target as HTMLElement).getAttribute('name') === 'skill') stageInput.value = '';
    refresh();
  });
  required(root, '[data-stage-clear]').addEventListener('click', () => {
    stageInput.value = '';
    refresh();
  });
  filters.addEventListener('submit', (e) => e.preventDefault());
  scroller.addEventListener('scroll', () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(renderRows);
  });
  addEventListener('resize', renderRows);
  rows.addEventListener('click', (e) => {
    const id = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-trainee]')?.dataset.trainee;
    if (id) open(id);
  });
  $cohort.subscribe(refresh);
  void allRequests().then((held) => {
    requests = held.ok ? held.value : [];
    refresh();
  });
  return {
    showStage(skill, stage) {
      control<HTMLSelectElement>(filters, 'skill').value = skill;
      stageInput.value = stage;
      refresh();
      required(root, '#trainees-heading').focus();
    },
  };
}
