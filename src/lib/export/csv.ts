/**
 * CSV export: one row per trainee, skill and step, for spreadsheets and HR
 * systems. Every skill of the course and all four steps appear, including those not started, so
 * every trainee has the same number of rows and a pivot table needs no gap-filling.
 *
 * The file follows RFC 4180: CRLF line ends, a header row, fields quoted when they hold a comma,
 * a double quote, CR or LF, and inner double quotes doubled.
 *
 * Formula injection: a spreadsheet treats a cell that starts with `=`, `+`, `-` or `@` (and, in
 * some programs, a tab, CR or NUL) as a formula, so a name or a note such as `=HYPERLINK(…)`
 * would run when HR opens the file; RFC 4180 quoting does not prevent it. Such a field gets a
 * leading apostrophe (`'`), as OWASP ASVS 5.0 requirement 1.2.10 and OWASP's "CSV Injection"
 * page prescribe: the cell is then text, never a formula. The apostrophe stays in the value a
 * program reads (some spreadsheets show it), so a name typed as "-Ann-" reads "'-Ann-". Our own
 * values (ids, dates, counts, yes/no) never start with those characters.
 *
 * What the entry-based columns mean. The "entry behind the status" of a step is: the sign-off
 * for a step signed off; the latest session for one practising; the re-opening for one
 * re-opened; none for one not started. `trainer`, `trainer_id`, `demo`, `earlier_version` and
 * `notes` describe that entry, and are empty when there is none. `signatures` says who signed it:
 * `trainer and trainee` (the trainee acknowledged it with their key, at `acknowledged_at`),
 * `trainer, awaiting trainee` (made for the trainee's key, not acknowledged), or `single-signed`
 * (made for no trainee key, as every entry before trainee keys).
 */
import { STEPS, STEP_INFO } from '../content/steps';
import type { SignoffPayload } from '../trust/entry';
import { skillSteps, type StepState, type StepStatus } from '../trust/ledger';
import type { TraineeRecord } from './types';

/** The header row, in column order. */
export const CSV_COLUMNS = [
  'trainee_id',
  'trainee_name',
  'skill_id',
  'skill',
  'required',
  'step_number',
  'step',
  'status',
  'practice_sessions',
  'first_activity',
  'signed_off_on',
  'signed_at',
  'reopened_at',
  'trainer',
  'trainer_id',
  'demo',
  'earlier_version',
  'skill_certified_at',
  'certification_expires',
  'certification_demo',
  'notes',
  'signatures',
  'acknowledged_at',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

export interface CsvOptions {
  /**
   * Start with a UTF-8 byte order mark, so Excel reads names with accents correctly instead of
   * guessing the legacy code page. Default: true. Turn it off for tools that would keep the BOM
   * as part of the first column's name.
   */
  bom?: boolean;
}

const STATUS_WORDS: Record<StepStatus, string> = {
  'not-started': 'not started',
  practising: 'practising',
  'signed-off': 'signed off',
  're-opened': 're-opened',
};

/** One row per trainee × skill × step, in the records' order, the course's skill order and step order. */
export function recordsToCsv(records: readonly TraineeRecord[], options: CsvOptions = {}): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const record of records) rows.push(...recordRows(record));
  return rowsToCsv(rows, options);
}

/** Rows as RFC 4180 text: every field through `csvField`, CRLF after every row (the last too). */
export function rowsToCsv(rows: readonly (readonly string[])[], options: CsvOptions = {}): string {
  const body = rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
  return (options.bom ?? true) ? `\uFEFF${body}` : body;
}

/** A field that could start a formula: `=`, `+`, `-`, `@`, tab, CR or NUL first. */
const FORMULA_START = /^[=+\-@\t\r\0]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field, protected from formula injection, then quoted when RFC 4180 requires it. */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function recordRows(record: TraineeRecord): string[][] {
  const rows: string[][] = [];
  const flags = new Map(record.signoffs.map((s) => [s.payload.id, s]));
  for (const skill of record.skills) {
    const payloads = record.signoffs.filter((s) => s.payload.skill === skill.id).map((s) => s.payload);
    const { steps } = skillSteps(payloads);
    const certification = latest(
      record.certifications.filter((c) => c.payload.scope === 'skill' && c.payload.skill === skill.id),
    );
    STEPS.forEach((step, i) => {
      const state = steps[step];
      const entry = entryBehind(state, payloads);
      const entryFlags = entry && flags.get(entry.id);
      const row: Record<CsvColumn, string> = {
        trainee_id: record.trainee.id,
        trainee_name: record.trainee.name,
        skill_id: skill.id,
        skill: skill.title,
        required: yesNo(skill.required),
        step_number: String(i + 1),
        step: STEP_INFO[step].label,
        status: STATUS_WORDS[state.state],
        practice_sessions: String(state.sessions),
        first_activity: state.firstActivityAt ?? '',
        signed_off_on: state.observedAt ?? '',
        signed_at: state.signedOffAt ?? '',
        reopened_at: state.reopenedAt ?? '',
        trainer: entry?.trainer.name ?? '',
        trainer_id: entry?.trainer.id ?? '',
        demo: entryFlags ? yesNo(entryFlags.demo) : '',
        earlier_version: entryFlags ? yesNo(entryFlags.earlierVersion) : '',
        skill_certified_at: certification?.payload.certifiedAt ?? '',
        certification_expires: certification?.payload.expiresAt ?? '',
        certification_demo: certification ? yesNo(certification.demo) : '',
        notes: entry?.notes ?? '',
        signatures: entry
          ? entryFlags?.ack
            ? 'trainer and trainee'
            : entry.trainee.kid
              ? 'trainer, awaiting trainee'
              : 'single-signed'
          : '',
        acknowledged_at: entryFlags?.ack?.at ?? '',
      };
      rows.push(CSV_COLUMNS.map((column) => row[column]));
    });
  }
  return rows;
}

/** The entry that gave the step its current status (see the module comment). */
function entryBehind(state: StepState, payloads: readonly SignoffPayload[]): SignoffPayload | undefined {
  const last = (outcome: SignoffPayload['outcome']) => state.history.findLast((p) => p.outcome === outcome);
  switch (state.state) {
    case 'signed-off':
      return last('signed-off');
    case 'practising':
      return last('practice');
    case 're-opened':
      // Re-opening an earlier step re-opens this one too, so the entry may be about another step.
      return payloads.findLast(
        (p) => p.outcome === 're-opened' && p.signedAt === state.reopenedAt && p.trainer.kid === state.reopenedBy?.kid,
      );
    case 'not-started':
      return undefined;
  }
}

function latest<T extends { payload: { certifiedAt: string } }>(list: readonly T[]): T | undefined {
  return list.reduce<T | undefined>(
    (best, c) => (!best || Date.parse(c.payload.certifiedAt) > Date.parse(best.payload.certifiedAt) ? c : best),
    undefined,
  );
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}
