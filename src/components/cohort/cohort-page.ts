/**
 * <tandem-cohort>: the trainer's cohort desk. Imports trainees' signed progress bundles (file
 * picker or drop, many at once), shows trainees × skills with each step's state, filters, sorts
 * and searches, and renders only the rows on screen (fixed row height, spacer rows, re-rendered
 * on scroll) so a thousand trainees stay responsive. Everything people typed is set as text.
 */
import { STEP_INFO } from '../../lib/content/steps';
import type { CourseManifest } from '../../lib/course/manifest';
import { bundleFileName, verifyBundle } from '../../lib/export/bundle';
import { cohortCsv, cohortStatements, cohortZip, verifiedRecords } from '../../lib/cohort/exports';
import type { ImportResult } from '../../lib/cohort/import';
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
import { readManifest } from '../../stores/manifest';
import { auditText, logStatus, missingFor } from '../../stores/trainer-log';
import { $trainerKey, loadTrainerKey } from '../../stores/trainer-key';
import {
  $cohort,
  $cohortStatus,
  allRequests,
  bundleOf,
  bundlesOf,
  importFiles,
  loadCohort,
  removeTrainee,
} from '../../stores/cohort';
import { downloadFile } from '../download';

/** Must match `.cohort-table tbody tr` in global.css. */
const ROW_HEIGHT = 44;

const MARKS: Record<string, string> = {
  'not-started': '·',
  practising: 'P',
  'signed-off': '✓',
  're-opened': '↺',
};

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  e.append(...children);
  return e;
}

class TandemCohort extends HTMLElement {
  private manifest!: CourseManifest;
  private shown: CohortTrainee[] = [];
  private scroller!: HTMLElement;
  private rows!: HTMLTableSectionElement;
  private frame = 0;
  private lastWindow = '';

  connectedCallback(): void {
    this.manifest = readManifest();
    void loadTrainerKey();
    void this.showLog();
    this.scroller = this.querySelector<HTMLElement>('[data-scroll]')!;
    this.rows = this.querySelector<HTMLTableSectionElement>('[data-rows]')!;
    // Columns in the manifest's skill order, the order every row's cells are made in.
    const head = this.querySelector<HTMLTableRowElement>('[data-head]')!;
    for (const skill of this.manifest.skills) {
      const th = el('th', { text: skill.title });
      th.scope = 'col';
      head.append(th);
    }

    const input = this.querySelector<HTMLInputElement>('[data-files]')!;
    input.addEventListener('change', () => {
      const files = [...(input.files ?? [])];
      input.value = '';
      void this.import(files);
    });
    const drop = this.querySelector<HTMLElement>('[data-drop]')!;
    drop.addEventListener('dragover', (e) => {
      e.preventDefault();
      drop.classList.add('is-over');
    });
    drop.addEventListener('dragleave', () => drop.classList.remove('is-over'));
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      drop.classList.remove('is-over');
      void this.import([...(e.dataTransfer?.files ?? [])]);
    });

    // By link: a file the trainee (or HR) put on a web server the desk can reach. Fetched as
    // text, then treated like any chosen file: verified before anything is kept.
    const linkForm = this.querySelector<HTMLFormElement>('[data-link-form]')!;
    linkForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      const input = linkForm.elements.namedItem('link') as HTMLInputElement;
      const status = this.querySelector<HTMLElement>('[data-import-status]')!;
      let url: URL;
      try {
        url = new URL(input.value.trim(), location.href);
      } catch {
        status.textContent = 'That is not a link.';
        return;
      }
      status.textContent = `Fetching ${url.href}…`;
      try {
        const response = await fetch(url, { credentials: 'omit' });
        if (!response.ok) throw new Error(`the server answered ${response.status}`);
        const text = await response.text();
        const name = decodeURIComponent(url.pathname.split('/').pop() || url.host);
        await this.import([new File([text], name, { type: 'application/json' })]);
        input.value = '';
      } catch (error) {
        status.textContent = `Nothing was imported from the link: ${error instanceof Error ? error.message : String(error)} (the server may not allow this site to read it).`;
      }
    });

    const filters = this.querySelector<HTMLFormElement>('[data-filters]')!;
    filters.addEventListener('input', () => this.refresh());
    filters.addEventListener('submit', (e) => e.preventDefault());
    this.scroller.addEventListener('scroll', () => {
      cancelAnimationFrame(this.frame);
      this.frame = requestAnimationFrame(() => this.renderRows());
    });
    window.addEventListener('resize', () => this.renderRows());
    this.rows.addEventListener('click', (e) => {
      const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-trainee]');
      if (button) void this.showDetail(button.dataset.trainee!);
    });
    this.querySelector('[data-export-csv]')!.addEventListener('click', () => void this.exportCsv());
    this.querySelector('[data-export-zip]')!.addEventListener('click', () => void this.exportZip());
    this.querySelector('[data-export-xapi]')!.addEventListener('click', () => void this.exportXapi());
    this.querySelector('[data-detail-close]')!.addEventListener('click', () => this.closeDetail());

    $cohortStatus.subscribe((status) => {
      const note = this.querySelector<HTMLElement>('[data-storage]')!;
      note.hidden = status !== 'unavailable';
    });
    $cohort.subscribe(() => this.refresh());
    void loadCohort();
    void this.loadRequests();
  }

  private filter(): { filter: CohortFilter; sort: SortKey } {
    const form = this.querySelector<HTMLFormElement>('[data-filters]')!;
    const data = new FormData(form);
    const days = Number(data.get('days'));
    const filter: CohortFilter = {
      search: String(data.get('search') ?? ''),
      certified: data.get('certified') === 'on',
      due: data.get('due') === 'on',
      asked: data.get('asked') === 'on',
      askedIds: new Set(this.open.map((r) => r.traineeId)),
      ...(String(data.get('skill') ?? '') && { skill: String(data.get('skill')) }),
      ...(data.get('practising') === 'on' && { practisingOverDays: Number.isFinite(days) && days >= 0 ? days : 14 }),
    };
    return { filter, sort: (String(data.get('sort')) || 'name') as SortKey };
  }

  /** Sign-off requests opened on this device whose step is not signed off yet. */
  private open: SignoffRequestSeen[] = [];
  private requests: SignoffRequestSeen[] = [];

  private async loadRequests(): Promise<void> {
    this.requests = await allRequests();
    this.refresh();
  }

  private showRequests(): void {
    const box = this.querySelector<HTMLElement>('[data-requests]')!;
    box.hidden = this.open.length === 0;
    box.querySelector('[data-requests-summary]')!.textContent = `Open sign-off requests (${this.open.length})`;
    const titles = new Map(this.manifest.skills.map((s) => [s.id, s.title]));
    box.querySelector('[data-requests-list]')!.replaceChildren(
      ...this.open.map((r) =>
        el('li', {
          text: `${r.name}: ${titles.get(r.skill) ?? r.skill}, ${STEP_INFO[r.step as keyof typeof STEP_INFO]?.label ?? r.step} (opened ${r.at.slice(0, 10)})`,
        }),
      ),
    );
  }

  private refresh(): void {
    const all = $cohort.get();
    this.open = openRequests(this.requests, new Map(all.map((t) => [t.id, t])));
    this.showRequests();
    const { filter, sort } = this.filter();
    this.shown = viewCohort(all, filter, sort, this.manifest, Date.now());
    this.querySelector<HTMLElement>('[data-count]')!.textContent =
      all.length === 0
        ? 'No trainees yet: import their progress files above.'
        : `${this.shown.length} of ${all.length} trainee${all.length === 1 ? '' : 's'} shown.`;
    this.querySelector<HTMLTableElement>('table')!.setAttribute('aria-rowcount', String(this.shown.length + 1));
    this.lastWindow = '';
    this.renderRows();
  }

  private renderRows(): void {
    const w = rowWindow(this.scroller.scrollTop, this.scroller.clientHeight || 600, ROW_HEIGHT, this.shown.length);
    const key = `${w.start}:${w.end}:${this.shown.length}`;
    if (key === this.lastWindow) return;
    this.lastWindow = key;
    const now = Date.now();
    const spacer = (h: number) => {
      const tr = el('tr', { className: 'cohort-spacer' });
      tr.setAttribute('aria-hidden', 'true');
      tr.style.height = `${h}px`;
      return tr;
    };
    const rows: HTMLTableRowElement[] = [];
    if (w.before > 0) rows.push(spacer(w.before));
    for (let i = w.start; i < w.end; i++) rows.push(this.row(this.shown[i] as CohortTrainee, i, now));
    if (w.after > 0) rows.push(spacer(w.after));
    this.rows.replaceChildren(...rows);
  }

  private row(t: CohortTrainee, i: number, now: number): HTMLTableRowElement {
    const tr = el('tr');
    tr.setAttribute('aria-rowindex', String(i + 2));
    const name = el('button', { className: 'cohort-name', text: t.name });
    name.type = 'button';
    name.dataset.trainee = t.id;
    name.setAttribute('aria-label', `${t.name}: details`);
    const th = el('th', {}, name);
    th.scope = 'row';
    if (t.demo) th.append(el('span', { className: 'cohort-demo', text: 'demo' }));
    tr.append(th);
    for (const skill of this.manifest.skills) {
      const s = t.skills[skill.id];
      const td = el('td');
      const text = skillCellText(skill.title, s, now);
      const cert = certificationState(s, now);
      const visual = el('span', { className: 'cohort-cell' });
      visual.setAttribute('aria-hidden', 'true');
      if (cert) {
        const word = { certified: 'Certified', due: 'Due', overdue: 'Overdue' }[cert];
        visual.append(el('span', { className: `cohort-cert cohort-cert--${cert}`, text: word }));
      } else {
        for (const c of skillCells(s, now)) {
          const mark = c.state === 'practising' ? `P${c.sessions}` : (MARKS[c.state] ?? '?');
          visual.append(el('span', { className: `cohort-mark cohort-mark--${c.state}`, text: mark }));
        }
      }
      td.title = text;
      td.append(visual, el('span', { className: 'visually-hidden', text }));
      tr.append(td);
    }
    return tr;
  }

  private async import(files: File[]): Promise<void> {
    if (files.length === 0) return;
    const status = this.querySelector<HTMLElement>('[data-import-status]')!;
    status.textContent = `Checking ${files.length} file${files.length === 1 ? '' : 's'}…`;
    let results: ImportResult[];
    try {
      results = await importFiles(files, this.manifest);
    } catch (error) {
      status.textContent = `Nothing was imported: ${error instanceof Error ? error.message : String(error)}`;
      return;
    }
    const count = (s: ImportResult['status']) => results.filter((r) => r.status === s).length;
    const refused = results.filter((r) => r.status === 'refused');
    status.textContent =
      `${count('added')} added, ${count('replaced')} replaced by a newer file, ` +
      `${count('unchanged') + count('older')} already held, ${refused.length} refused.`;
    const panel = this.querySelector<HTMLElement>('[data-refused]')!;
    const list = panel.querySelector('ul')!;
    list.replaceChildren(...refused.map((r) => el('li', {}, el('strong', { text: r.file }), `: ${r.message}`)));
    panel.hidden = refused.length === 0;
  }

  private closeDetail(): void {
    const detail = this.querySelector<HTMLElement>('[data-detail]')!;
    const id = detail.dataset.traineeId;
    detail.hidden = true;
    if (id) this.rows.querySelector<HTMLButtonElement>(`button[data-trainee="${CSS.escape(id)}"]`)?.focus();
  }

  private async showDetail(id: string): Promise<void> {
    const detail = this.querySelector<HTMLElement>('[data-detail]')!;
    const body = detail.querySelector<HTMLElement>('[data-detail-body]')!;
    const heading = detail.querySelector<HTMLElement>('h2')!;
    detail.dataset.traineeId = id;
    detail.hidden = false;
    body.replaceChildren(el('p', { text: 'Checking this trainee’s record…' }));
    const text = await bundleOf(id);
    const verdict = text ? await verifyBundle(text, this.manifest, { now: new Date() }) : undefined;
    if (!verdict?.readable) {
      body.replaceChildren(el('p', { text: 'This trainee’s file is no longer in this browser’s storage.' }));
      return;
    }
    const { record, summary } = verdict;
    heading.textContent = `${record.trainee.name}`;
    const titles = new Map(this.manifest.skills.map((s) => [s.id, s.title]));
    const parts: Node[] = [
      el(
        'p',
        {},
        `Trainee id ${record.trainee.id}; file exported ${summary.exportedAt.slice(0, 10)} from the ${summary.exportedFrom}’s device.`,
      ),
    ];
    if (summary.demoKeysUsed) {
      parts.push(
        el('p', { className: 'cohort-demo-note', text: 'DEMO: some entries were signed with the published demo key.' }),
      );
    }

    const certs = el('ul');
    for (const c of record.certifications) {
      const p = c.payload;
      const what = p.scope === 'course' ? 'The course' : (titles.get(p.skill ?? '') ?? p.skill ?? '');
      const until = p.expiresAt ? `, expires ${p.expiresAt.slice(0, 10)}` : '';
      certs.append(
        el(
          'li',
          {},
          `${what}: certified ${p.certifiedAt.slice(0, 10)} by ${p.trainer.name}${until}${c.expired ? ' (expired)' : ''}${c.demo ? ' (demo)' : ''}.`,
        ),
      );
    }
    parts.push(
      el('h3', { text: 'Certifications' }),
      record.certifications.length ? certs : el('p', { text: 'None yet.' }),
    );

    const history = el('ol', { className: 'cohort-history' });
    for (const s of record.signoffs) {
      const p = s.payload;
      const outcome =
        p.outcome === 'signed-off' ? 'signed off' : p.outcome === 'practice' ? 'practice session' : 're-opened';
      const item = el(
        'li',
        {},
        el('strong', {
          text: `${p.observedAt} · ${titles.get(p.skill) ?? p.skill} · ${STEP_INFO[p.step].label}: ${outcome}`,
        }),
        ` by ${p.trainer.name}${s.demo ? ' (demo)' : ''}.`,
      );
      const ev = p.evidence;
      const notes = [
        ev.learningStyle && `Learning style: ${ev.learningStyle}.`,
        ev.explanation && `Trainee’s explanation: ${ev.explanation}`,
        ev.debrief && `Debrief: ${ev.debrief}`,
        ev.taught && `Taught ${ev.taught.name} (${ev.taught.role}).`,
        p.notes && `Notes: ${p.notes}`,
      ].filter((x): x is string => Boolean(x));
      if (notes.length) item.append(el('p', { text: notes.join(' ') }));
      history.append(item);
    }
    parts.push(
      el('h3', { text: 'Sessions, sign-offs and re-opens' }),
      record.signoffs.length ? history : el('p', { text: 'No signed entries yet.' }),
    );

    const quizzes = el('ul');
    for (const [lesson, attempts] of Object.entries(record.quizAttempts)) {
      const title = record.lessons[lesson]?.title ?? this.manifest.lessons[lesson]?.title ?? lesson;
      for (const a of attempts) {
        quizzes.append(
          el(
            'li',
            {},
            `${title}: ${a.score} of ${a.total} on ${a.at.slice(0, 10)} — ${a.passed ? 'passed' : 'not passed'}.`,
          ),
        );
      }
    }
    parts.push(
      el('h3', { text: 'Quiz results' }),
      quizzes.childElementCount ? quizzes : el('p', { text: 'None yet.' }),
    );

    const sign = el('a', { className: 'button', text: `Sign a step for ${record.trainee.name}` });
    sign.href = `${this.dataset.signUrl ?? '../sign/'}?trainee=${encodeURIComponent(record.trainee.id)}`;
    const again = el('button', { className: 'button--quiet', text: 'Download this trainee’s file' });
    again.type = 'button';
    again.addEventListener('click', () => {
      const name = bundleFileName({
        course: { id: this.manifest.course.id, title: '', contentVersion: '' },
        trainee: record.trainee,
        exportedAt: summary.exportedAt,
      });
      downloadFile(name, text as string, 'application/json');
    });
    // Entries you signed for this trainee that their latest file lacks (your log on this device).
    const held = new Set([
      ...record.signoffs.map((s) => s.payload.id),
      ...record.certifications.map((c) => c.payload.id),
    ]);
    const missing = await missingFor(record.trainee.id, held);
    if (missing.length > 0) {
      parts.push(
        el('p', {
          className: 'message message--error',
          text:
            `${missing.length} entr${missing.length === 1 ? 'y' : 'ies'} you signed for ${record.trainee.name} ` +
            `(logged ${missing.map((m) => m.at.slice(0, 10)).join(', ')}) ${missing.length === 1 ? 'is' : 'are'} missing from this file.`,
        }),
      );
    }
    const remove = el('button', { className: 'button--quiet', text: 'Remove from the desk…' });
    remove.type = 'button';
    remove.addEventListener('click', async () => {
      if (!remove.dataset.armed) {
        remove.dataset.armed = 'yes';
        remove.textContent = `Yes, remove ${record.trainee.name} from this desk (their own record is not affected)`;
        return;
      }
      await removeTrainee(record.trainee.id);
      $cohort.set($cohort.get().filter((t) => t.id !== record.trainee.id));
      detail.hidden = true;
    });
    parts.push(
      el('p', { className: 'form-row' }, sign, again, remove),
      el('p', {
        text: 'The sign-off page opens with this trainee’s latest file from your desk; what you sign there is added to it.',
      }),
    );
    body.replaceChildren(...parts);
    heading.focus();
  }

  /** The signing log panel: how many entries, whether the chain holds, and the audit download. */
  private async showLog(): Promise<void> {
    const status = this.querySelector<HTMLElement>('[data-log-status]');
    if (!status) return;
    const { records, check } = await logStatus();
    status.textContent = check.ok
      ? `${records} entr${records === 1 ? 'y' : 'ies'} signed on this device; the log's chain is intact.`
      : `The log is broken: ${check.message}`;
    this.querySelector<HTMLButtonElement>('[data-log-download]')!.onclick = async () => {
      const key = $trainerKey.get();
      const trainer = key.status === 'locked' || key.status === 'unlocked' ? key.identity : undefined;
      const text = await auditText({ id: trainer?.trainerId ?? 'unknown', name: trainer?.name ?? 'unknown' });
      downloadFile(`${this.manifest.course.id}-signing-log.json`, text, 'application/json');
    };
  }

  private async exporting(what: string, run: () => Promise<void>): Promise<void> {
    const status = this.querySelector<HTMLElement>('[data-export-status]')!;
    status.textContent = `Preparing the ${what}…`;
    try {
      await run();
      status.textContent = `The ${what} is downloaded.`;
    } catch (error) {
      status.textContent = `The ${what} could not be made: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private stamp(): string {
    return `${this.manifest.course.id}-cohort-${new Date().toISOString().slice(0, 10)}`;
  }

  private siteUrl(): string {
    return new URL(this.dataset.siteBase ?? '/', location.href).href;
  }

  private async records() {
    return verifiedRecords(await bundlesOf(this.sortedIds()), this.manifest, new Date(), this.siteUrl());
  }

  /** Every trainee held, by name: the exports cover the cohort, whatever the filters. */
  private sortedIds(): string[] {
    return viewCohort($cohort.get(), {}, 'name', this.manifest, Date.now()).map((t) => t.id);
  }

  private exportCsv(): Promise<void> {
    return this.exporting('CSV', async () =>
      downloadFile(`${this.stamp()}.csv`, cohortCsv(await this.records()), 'text/csv;charset=utf-8'),
    );
  }

  private exportZip(): Promise<void> {
    return this.exporting('zip of files', async () => {
      const zip = cohortZip(await bundlesOf(this.sortedIds()), this.manifest.course.id);
      downloadFile(`${this.stamp()}.zip`, zip.slice().buffer, 'application/zip');
    });
  }

  private exportXapi(): Promise<void> {
    return this.exporting('xAPI statements', async () => {
      const statements = cohortStatements(await this.records(), this.siteUrl());
      downloadFile(`${this.stamp()}-xapi.json`, JSON.stringify(statements, null, 2), 'application/json');
    });
  }
}

customElements.define('tandem-cohort', TandemCohort);
