/**
 * The trainer's cohort: one compact summary per trainee, derived from a verified
 * progress bundle, and what the cohort desk shows of it — a cell per skill and step, filters and
 * sorting. Pure: no DOM, no storage. The summary is derived once, at import; expiry is judged at
 * view time (`now`), because "due within 30 days" changes while the summary does not.
 */
import { STEPS, type Step } from '../content/steps';
import type { CourseManifest } from '../course/manifest';
import type { TraineeRecord } from '../export/types';
import { skillSteps, type StepStatus } from '../trust/ledger';

/** Days before expiry from which a certification counts as due for recertification. */
export const DUE_WITHIN_DAYS = 30;
const DAY = 24 * 60 * 60 * 1000;

export interface CohortStep {
  state: StepStatus;
  /** Practice sessions logged since the step was last opened. */
  sessions: number;
  /** Day (YYYY-MM-DD) of the first practice or sign-off since the step was last opened. */
  since?: string;
  /** When the sign-off was signed, while the step is signed off. */
  signedAt?: string;
  /**
   * While signed off by an entry made for the trainee's key: 'two', the trainee acknowledged it
   * (two signatures); 'awaiting', not yet. Absent for a single-signed entry (made for no key).
   */
  ack?: 'two' | 'awaiting';
}

export interface CohortSkill {
  /** One per step, in step order. */
  steps: CohortStep[];
  /** The newest skill certification (current or expired). */
  certifiedAt?: string;
  expiresAt?: string;
  /** A step was re-opened after that certification: it no longer stands. */
  reopenedAfterCertification?: boolean;
}

/** What the cohort desk keeps of a trainee's verified bundle. */
export interface CohortTrainee {
  id: string;
  /** The name in the newest signed entry, else the one the file states. */
  name: string;
  exportedAt: string;
  /** Some valid entry was signed by a demo trainer. */
  demo: boolean;
  /** Skill id → state; every skill of the course. */
  skills: Record<string, CohortSkill>;
  /** Valid sign-off and certification entries. */
  entries: number;
  /** Valid acknowledgements by the trainee (absent: none). */
  acknowledged?: number;
  /** Signing time of the newest valid entry. */
  lastActivityAt?: string;
}

/** The summary of a verified record (`verifyBundle(...).record`). */
export function summariseRecord(record: TraineeRecord, exportedAt: string): CohortTrainee {
  const bySkill = new Map<string, TraineeRecord['signoffs'][number]['payload'][]>();
  for (const s of record.signoffs) {
    const list = bySkill.get(s.payload.skill) ?? [];
    list.push(s.payload);
    bySkill.set(s.payload.skill, list);
  }
  const acked = new Set(record.signoffs.filter((s) => s.ack).map((s) => s.payload.id));
  const skills: Record<string, CohortSkill> = {};
  for (const skill of record.skills) {
    const state = skillSteps(bySkill.get(skill.id) ?? []);
    const cert = record.certifications
      .filter((c) => c.payload.scope === 'skill' && c.payload.skill === skill.id)
      .map((c) => c.payload)
      .sort((a, b) => Date.parse(a.certifiedAt) - Date.parse(b.certifiedAt))
      .at(-1);
    const steps = STEPS.map((step): CohortStep => {
      const s = state.steps[step];
      // The entry that signed the step off: the last sign-off in its history while it stands.
      const by = s.state === 'signed-off' ? s.history.findLast((p) => p.outcome === 'signed-off') : undefined;
      const ack = by?.trainee.kid === undefined ? undefined : acked.has(by.id) ? 'two' : 'awaiting';
      return {
        state: s.state,
        sessions: s.sessions,
        ...(s.firstActivityAt !== undefined && { since: s.firstActivityAt }),
        ...(s.signedOffAt !== undefined && { signedAt: s.signedOffAt }),
        ...(ack && { ack }),
      };
    });
    const reopened =
      cert !== undefined &&
      STEPS.some((step) => Date.parse(state.steps[step].reopenedAt ?? '') > Date.parse(cert.certifiedAt));
    skills[skill.id] = {
      steps,
      ...(cert && { certifiedAt: cert.certifiedAt }),
      ...(cert?.expiresAt !== undefined && { expiresAt: cert.expiresAt }),
      ...(reopened && { reopenedAfterCertification: true }),
    };
  }
  const times = [
    ...record.signoffs.map((s) => s.payload.signedAt),
    ...record.certifications.map((c) => c.payload.certifiedAt),
  ].sort((x, y) => Date.parse(x) - Date.parse(y));
  const last = times.at(-1);
  return {
    id: record.trainee.id,
    name: record.trainee.name,
    exportedAt,
    demo: record.signoffs.some((s) => s.demo) || record.certifications.some((c) => c.demo),
    skills,
    entries: record.signoffs.length + record.certifications.length,
    ...(acked.size > 0 && { acknowledged: acked.size }),
    ...(last !== undefined && { lastActivityAt: last }),
  };
}

// ---------------------------------------------------------------------------------------------
// Cells

export type CertificationState = 'certified' | 'due' | 'overdue';
export type CellState = StepStatus | CertificationState;

/** A skill's certification as of `now`: none, current, due within 30 days, or expired. */
export function certificationState(skill: CohortSkill | undefined, now: number): CertificationState | undefined {
  if (!skill?.certifiedAt || skill.reopenedAfterCertification) return undefined;
  if (skill.expiresAt === undefined) return 'certified';
  const expires = Date.parse(skill.expiresAt);
  if (expires <= now) return 'overdue';
  return expires - now <= DUE_WITHIN_DAYS * DAY ? 'due' : 'certified';
}

export interface Cell {
  state: CellState;
  /** Practice sessions, for 'practising'. */
  sessions: number;
  /** A signed-off step's second signature (see `CohortStep.ack`). */
  ack?: 'two' | 'awaiting';
}

/** The state of each step of a skill as the desk shows it: a standing certification wins. */
export function skillCells(skill: CohortSkill | undefined, now: number): Cell[] {
  const cert = certificationState(skill, now);
  return STEPS.map((_, i) => {
    const step = skill?.steps[i];
    const ack = !cert && step?.state === 'signed-off' ? step.ack : undefined;
    return { state: cert ?? step?.state ?? 'not-started', sessions: step?.sessions ?? 0, ...(ack && { ack }) };
  });
}

/**
 * A signed-off step's second signature in words: acknowledged, or awaiting the trainee (and,
 * when the course counts a step only once acknowledged, that it does not count yet).
 */
export function ackWords(ack: Cell['ack'], required: boolean): string {
  if (ack === 'two') return ', acknowledged by the trainee';
  if (ack === 'awaiting') {
    return required
      ? ', awaiting the trainee’s acknowledgement (it does not count until then)'
      : ', awaiting the trainee’s acknowledgement';
  }
  return '';
}

export const CELL_WORDS: Record<CellState, string> = {
  'not-started': 'not started',
  practising: 'practising',
  'signed-off': 'signed off',
  're-opened': 're-opened',
  certified: 'certified',
  due: 'due for recertification within 30 days',
  overdue: 'recertification overdue',
};

/**
 * A sentence for screen readers (and the cell's title): the skill, then every step, with a
 * signed-off step's second signature. `ackRequired`: the course counts a step only once the
 * trainee acknowledged it.
 */
export function skillCellText(
  skillTitle: string,
  skill: CohortSkill | undefined,
  now: number,
  ackRequired = false,
): string {
  const cert = certificationState(skill, now);
  if (cert) {
    const until = skill?.expiresAt ? ` (expires ${skill.expiresAt.slice(0, 10)})` : '';
    return `${skillTitle}: ${CELL_WORDS[cert]}${until}.`;
  }
  const cells = skillCells(skill, now);
  const parts = STEPS.map((step: Step, i) => {
    const c = cells[i] as Cell;
    const words =
      c.state === 'practising'
        ? `practising, ${c.sessions} session${c.sessions === 1 ? '' : 's'}`
        : CELL_WORDS[c.state] + ackWords(c.ack, ackRequired);
    return `${STEP_LABELS[step]} ${words}`;
  });
  return `${skillTitle}: ${parts.join('; ')}.`;
}

const STEP_LABELS: Record<Step, string> = { show: 'Show', copilot: 'Co-pilot', solo: 'Solo', teachback: 'Teach-back' };

// ---------------------------------------------------------------------------------------------
// Filters and sorting

export interface CohortFilter {
  /** Part of the name or trainee id, any case and accents. */
  search?: string;
  /** Only this skill counts for the filters below (all skills when absent). */
  skill?: string;
  /**
   * Certified: the skill (or, with no skill chosen, every required skill) has a standing
   * certification, due or not; overdue ones do not count.
   */
  certified?: boolean;
  /** Some certification is due within 30 days or overdue. */
  due?: boolean;
  /** Some step has been practised (not yet signed off) for more than this many days. */
  practisingOverDays?: number;
  /** Only trainees with a sign-off request still open (see `openRequests`). */
  asked?: boolean;
  /** Ids of trainees with an open request; needed when `asked` is set. */
  askedIds?: ReadonlySet<string>;
}

/** A trainee's request for a sign-off, as the trainer's device saw it (not signed: a question). */
export interface SignoffRequestSeen {
  traineeId: string;
  name: string;
  skill: string;
  step: string;
  /** When this device opened the request (ISO date-time). */
  at: string;
}

/**
 * Requests still waiting: the asked-for step is not signed off (nor the skill certified) in the
 * trainee's latest file on the desk. Trainees not on the desk keep their requests open.
 */
export function openRequests(
  requests: readonly SignoffRequestSeen[],
  trainees: ReadonlyMap<string, CohortTrainee>,
): SignoffRequestSeen[] {
  return requests.filter((r) => {
    const skill = trainees.get(r.traineeId)?.skills[r.skill];
    if (!skill) return true;
    if (skill.certifiedAt && !skill.reopenedAfterCertification) return false;
    return skill.steps[STEPS.indexOf(r.step as Step)]?.state !== 'signed-off';
  });
}

export type SortKey = 'name' | 'progress' | 'expiry' | 'updated';

const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('en');

function skillsOf(filter: CohortFilter, manifest: CourseManifest) {
  return manifest.skills.filter((s) => (filter.skill ? s.id === filter.skill : true));
}

/** Whether a trainee passes every filter set. */
export function matches(t: CohortTrainee, filter: CohortFilter, manifest: CourseManifest, now: number): boolean {
  if (filter.asked && !filter.askedIds?.has(t.id)) return false;
  if (filter.search?.trim()) {
    const q = fold(filter.search.trim());
    if (!fold(t.name).includes(q) && !fold(t.id).includes(q)) return false;
  }
  const skills = skillsOf(filter, manifest);
  if (filter.certified) {
    const needed = filter.skill ? skills : skills.filter((s) => s.required);
    const ok =
      needed.length > 0 &&
      needed.every((s) => {
        const c = certificationState(t.skills[s.id], now);
        return c === 'certified' || c === 'due';
      });
    if (!ok) return false;
  }
  if (filter.due) {
    const ok = skills.some((s) => {
      const c = certificationState(t.skills[s.id], now);
      return c === 'due' || c === 'overdue';
    });
    if (!ok) return false;
  }
  if (filter.practisingOverDays !== undefined) {
    const limit = now - filter.practisingOverDays * DAY;
    const ok = skills.some((s) =>
      (t.skills[s.id]?.steps ?? []).some(
        (step) => step.state === 'practising' && step.since !== undefined && Date.parse(step.since) < limit,
      ),
    );
    if (!ok) return false;
  }
  return true;
}

/** Steps signed off (a standing certification counts all four), over every skill. */
export function progressOf(t: CohortTrainee, now: number): number {
  let n = 0;
  for (const skill of Object.values(t.skills)) {
    const cert = certificationState(skill, now);
    n +=
      cert === 'certified' || cert === 'due'
        ? STEPS.length
        : skill.steps.filter((s) => s.state === 'signed-off').length;
  }
  return n;
}

/** The soonest expiry of any skill certification that still stands (overdue included). */
export function nextExpiry(t: CohortTrainee): string | undefined {
  return Object.values(t.skills)
    .filter((s) => s.certifiedAt && s.expiresAt && !s.reopenedAfterCertification)
    .map((s) => s.expiresAt as string)
    .sort()[0];
}

// One collator for every comparison: localeCompare with options makes one per call, which in
// a sort of a thousand trainees was most of the sort. Made on first use: pages that load this
// module without sorting (the sign-off page) do not pay for it in their first view.
let names: Intl.Collator | undefined;
const byName = (a: CohortTrainee, b: CohortTrainee) =>
  (names ??= new Intl.Collator('en', { sensitivity: 'base' })).compare(a.name, b.name) || a.id.localeCompare(b.id);

/**
 * The trainees that pass the filter, sorted: by name; by progress (most steps first); by the
 * soonest expiry (trainees with none last); by the newest file first. Ties go by name, so the
 * order is always the same for the same cohort.
 */
export function viewCohort(
  trainees: readonly CohortTrainee[],
  filter: CohortFilter,
  sort: SortKey,
  manifest: CourseManifest,
  now: number,
): CohortTrainee[] {
  const shown = trainees.filter((t) => matches(t, filter, manifest, now));
  switch (sort) {
    case 'name':
      return shown.sort(byName);
    case 'progress': {
      const p = new Map(shown.map((t) => [t.id, progressOf(t, now)]));
      return shown.sort((a, b) => (p.get(b.id) as number) - (p.get(a.id) as number) || byName(a, b));
    }
    case 'expiry': {
      const e = new Map(shown.map((t) => [t.id, nextExpiry(t) ?? '\uffff']));
      return shown.sort((a, b) => (e.get(a.id) as string).localeCompare(e.get(b.id) as string) || byName(a, b));
    }
    case 'updated':
      return shown.sort((a, b) => b.exportedAt.localeCompare(a.exportedAt) || byName(a, b));
  }
}

// ---------------------------------------------------------------------------------------------
// Windowing

export interface RowWindow {
  /** First row to render (inclusive) and last (exclusive). */
  start: number;
  end: number;
  /** Heights of the spacers before and after the rendered rows. */
  before: number;
  after: number;
}

/** The rows a scrolled list of fixed-height rows must render, with `overscan` rows either side. */
export function rowWindow(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  total: number,
  overscan = 8,
): RowWindow {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewport) / rowHeight) + 1;
  const start = Math.max(0, Math.min(total, first - overscan));
  const end = Math.max(start, Math.min(total, first + visible + overscan));
  return { start, end, before: start * rowHeight, after: (total - end) * rowHeight };
}
