/**
 * Taking progress bundles into the cohort. Every file is verified against the
 * published manifest; a file is refused, with its reason, when it cannot be read as a bundle of
 * this course or when any entry in it fails verification (a forged or altered entry means the
 * file as a whole cannot be trusted to say what the trainee did). An expired certification is no
 * reason to refuse: it is what "overdue" means. A trainee's newer bundle replaces the older one;
 * an older file never replaces a newer one. Pure: the store (src/stores/cohort.ts) keeps the
 * results.
 */
import type { CourseManifest } from '../course/manifest';
import { verifyBundle, type UnreadableReason } from '../bundle/verify';
import { fail, ok, type Result } from '../result';
import type { CryptoBackend } from '../trust/verify';
import { summariseRecord, type CohortTrainee } from './model';

/** What the store keeps per trainee: the file as it came, and what the desk shows of it. */
export interface CohortEntry {
  id: string;
  text: string;
  summary: CohortTrainee;
  /**
   * `summary` as JSON text, when the judge made it already: a pool's worker sends it so (the
   * page took a quarter less time to take in the workers' answers as text than as objects of a
   * few hundred members each), and the store keeps the text as it is.
   */
  json?: string;
}

export type ImportStatus = 'added' | 'replaced' | 'unchanged' | 'older' | 'refused';

export interface ImportResult {
  file: string;
  status: ImportStatus;
  /** A sentence for people: who was imported, or why the file was refused. */
  message: string;
  traineeId?: string;
}

/** Why the desk refuses a file: it is not a readable record of this course, an entry in it does not verify, or nothing in it is signed. */
export type JudgeReason = UnreadableReason | 'entry-invalid' | 'unsigned';

export type Judged = Result<CohortEntry, JudgeReason>;

/** Verifies one file's text; never throws. */
export async function judgeBundle(
  text: string,
  manifest: CourseManifest,
  now: Date,
  backend?: CryptoBackend,
): Promise<Judged> {
  const verdict = await verifyBundle(text, manifest, { now, ...(backend && { backend }) });
  if (!verdict.readable) return fail(verdict.reason, verdict.message);
  const bad = verdict.entries.filter((e) => e.status === 'invalid');
  if (bad.length > 0) {
    const first = bad[0] as (typeof bad)[number];
    const which = first.kind === 'signoff' ? 'sign-off' : 'certification';
    return fail(
      'entry-invalid',
      `${bad.length} entr${bad.length === 1 ? 'y does' : 'ies do'} not verify; the first, ${which} ${first.index + 1}: ${first.message}`,
    );
  }
  const summary = summariseRecord(verdict.record, verdict.summary.exportedAt);
  // Who a file is about is known only from what is signed in it: without a verified entry, its
  // trainee id and name are anyone's to write, and it could push out a genuine file.
  if (summary.entries === 0) {
    return fail(
      'unsigned',
      `The file has no signed entry, so nothing in it says whose record it is (it names ${verdict.summary.trainee.fileName}, unsigned); import it once a trainer has signed a step.`,
    );
  }
  return ok({ id: summary.id, text, summary });
}

/**
 * What a newer or older file of a trainee already held does to the cohort, decided by what is
 * signed in them, never by the file's own `exportedAt` (anyone can write any date there): the
 * file whose latest verified entry is later is newer; with the same latest entry, the one with
 * more verified entries, then the one with more of the trainee's acknowledgements. A file that holds less than the one held never replaces it.
 */
export function decide(
  held: Pick<CohortTrainee, 'lastActivityAt' | 'entries' | 'acknowledged'> | undefined,
  incoming: Pick<CohortTrainee, 'lastActivityAt' | 'entries' | 'acknowledged'>,
): 'added' | 'replaced' | 'unchanged' | 'older' {
  if (!held) return 'added';
  const a = Date.parse(incoming.lastActivityAt ?? '') || 0;
  const b = Date.parse(held.lastActivityAt ?? '') || 0;
  if (a !== b) return a > b ? 'replaced' : 'older';
  if (incoming.entries !== held.entries) return incoming.entries > held.entries ? 'replaced' : 'older';
  // The same entries: one the trainee has acknowledged more of holds more (the second signatures).
  const acks = (incoming.acknowledged ?? 0) - (held.acknowledged ?? 0);
  return acks > 0 ? 'replaced' : acks === 0 ? 'unchanged' : 'older';
}

/**
 * `judgeBundle` for many files, verdicts in the order given. A worker pool (src/lib/pool) passes
 * one that judges files on every core with the very same function; each file is judged on its
 * own, so only the decisions between files (`decide`) are left, in order, to `importBundles`.
 */
export type JudgeAll = (texts: readonly Text[], now: Date) => Promise<Judged[]>;

/**
 * A file's text, or the promise of it while it is still being read: the first files are judged
 * while the rest are read (reading a thousand chosen files took a tenth of their import).
 */
export type Text = string | Promise<string>;

/**
 * Judges a batch of files against the cohort held (trainee id → summary). Returns the entries
 * to store (one per trainee, the newest) and a result per file, in the order given.
 */
export async function importBundles(
  files: readonly { name: string; text: Text }[],
  held: ReadonlyMap<string, Pick<CohortTrainee, 'lastActivityAt' | 'entries' | 'acknowledged'>>,
  manifest: CourseManifest,
  now: Date,
  backend?: CryptoBackend,
  judgeAll?: JudgeAll,
): Promise<{ put: CohortEntry[]; results: ImportResult[] }> {
  const current = new Map(held);
  const put = new Map<string, CohortEntry>();
  const results: ImportResult[] = [];
  const pooled = judgeAll
    ? await judgeAll(
        files.map((f) => f.text),
        now,
      )
    : undefined;
  if (pooled && pooled.length !== files.length) throw new Error('a verdict is missing for some files');
  for (const [i, file] of files.entries()) {
    const text = await file.text;
    const judged = pooled ? withText(pooled[i] as Judged, text) : await judgeBundle(text, manifest, now, backend);
    if (!judged.ok) {
      results.push({ file: file.name, status: 'refused', message: judged.message });
      continue;
    }
    const { summary } = judged.value;
    const status = decide(current.get(summary.id), summary);
    const who = `${summary.name} (${summary.id})`;
    const message = {
      added: `${who}: added.`,
      replaced: `${who}: replaced by this newer file (latest signed entry ${(summary.lastActivityAt ?? '').slice(0, 10)}).`,
      unchanged: `${who}: the same file as the one held; nothing changed.`,
      older: `${who}: the file held has later or more signed entries; this one was not imported.`,
    }[status];
    results.push({ file: file.name, status, message, traineeId: summary.id });
    if (status === 'added' || status === 'replaced') {
      current.set(summary.id, summary);
      put.set(summary.id, judged.value);
    }
  }
  return { put: [...put.values()], results };
}

/** A worker sends a verdict back without the file's text (no need to copy it twice). */
function withText(judged: Judged, text: string): Judged {
  return judged.ok ? ok({ ...judged.value, text }) : judged;
}
