/**
 * A trainee's set of sign-off entries: verifying what is stored, taking in what arrives, and
 * the checklist state per skill. Pure (no DOM, no storage); the checklist page, the trainer's
 * sign page and the export/verify command all use it, so they agree on every verdict.
 *
 * Nothing read from storage is trusted: stored entries are verified again whenever they are
 * shown, because anyone with devtools can edit localStorage.
 */
import type { CourseManifest } from '../course/manifest';
import { earlierSkillHashes, skillHashes } from '../course/manifest';
import type { SignoffPayload } from './entry';
import { acceptedEntries, skillSteps, type AcceptedEntries, type SkillSteps } from './ledger';
import {
  checkAgainstAccepted,
  verifySignoffAlone,
  type AcceptedSignoff,
  type CryptoBackend,
  type VerifyReason,
  type VerifyResult,
} from './verify';
import { decodeBase64urlJson } from './encoding';

export interface RefusedEntry {
  jws: string;
  reason: VerifyReason;
  message: string;
}

export interface VerifiedRecord {
  /** Valid entries in the order they were taken in. */
  accepted: (AcceptedSignoff & { jws: string })[];
  /** Stored entries that no longer verify (edited, or their key left the roster). */
  refused: RefusedEntry[];
}

export interface RecordContext {
  manifest: CourseManifest;
  traineeId: string;
  /** Thumbprint of the trainee's own key (null: none): see `VerifyContext.traineeKid`. */
  traineeKid?: string | null;
  backend?: CryptoBackend;
  /** The moment to judge at (default: now): entries signed after it do not count yet. */
  now?: Date | string | number;
  /** The verifying device's clock (default: now); set only in tests. */
  clock?: Date | string | number;
  /**
   * Who checks each entry on its own (signature, signer, payload: `verifySignoffAlone`) before
   * step order is settled here. Default: this thread, a batch at a time. A worker pool
   * (src/lib/pool) passes one that runs the very same check on every core.
   */
  checkAlone?: AloneChecker;
}

/**
 * `verifySignoffAlone` for a list of entries of one trainee, results in the order given. It must
 * give exactly what `verifySignoffAlone` gives for each entry (src/lib/pool/jobs.ts does, in a
 * worker): everything that depends on other entries is decided after, on the results.
 */
export type AloneChecker = (
  entries: readonly string[],
  job: {
    traineeId: string;
    /** The record's trainee key (null: none): a worker must refuse bound entries exactly as here. */
    traineeKid?: string | null;
    now?: Date | string | number;
    clock?: Date | string | number;
  },
) => Promise<VerifyResult[]>;

/** Verifies a stored list of entries in order, each against the ones before it. */
export async function verifyRecord(entries: readonly string[], ctx: RecordContext): Promise<VerifiedRecord> {
  return (await verifyEntries(entries, ctx)).record;
}

/**
 * `verifyRecord` with a verdict for every entry, in the order given ('duplicate' for an entry
 * that repeats one already taken). Signatures are checked a batch at a time in parallel; then
 * step order is settled in signing order (signedAt as an instant, then id), whatever order the
 * entries come in: so the verdict does not depend on how a file lists them, and every entry is
 * checked against the replayed state in constant time, linear in the number of entries.
 */
export async function verifyEntries(
  entries: readonly string[],
  ctx: RecordContext,
): Promise<{ record: VerifiedRecord; verdicts: VerifyResult[] }> {
  const record: VerifiedRecord = { accepted: [], refused: [] };
  const index = acceptedEntries();
  const alone = ctx.checkAlone
    ? await ctx.checkAlone(entries, {
        traineeId: ctx.traineeId,
        ...(ctx.traineeKid !== undefined && { traineeKid: ctx.traineeKid }),
        ...(ctx.now !== undefined && { now: ctx.now }),
        ...(ctx.clock !== undefined && { clock: ctx.clock }),
      })
    : await checkAloneHere(entries, ctx);
  if (alone.length !== entries.length) throw new Error('a verdict is missing for some entries');
  const order = alone.map((_, i) => i);
  const key = alone.map((v) => (v.ok ? Date.parse(v.payload.signedAt) : -Infinity));
  order.sort((a, b) => {
    const va = alone[a] as VerifyResult;
    const vb = alone[b] as VerifyResult;
    if (!va.ok || !vb.ok) return Number(va.ok) - Number(vb.ok) || a - b;
    return (
      (key[a] as number) - (key[b] as number) ||
      (va.payload.id < vb.payload.id ? -1 : va.payload.id > vb.payload.id ? 1 : 0) ||
      a - b
    );
  });
  const verdicts: VerifyResult[] = new Array<VerifyResult>(entries.length);
  for (const i of order) verdicts[i] = settle(record, index, entries[i] as string, alone[i] as VerifyResult);
  return { record, verdicts };
}

/** Entries in flight at once: enough to keep WebCrypto's threads busy, few enough to stay small. */
const IN_FLIGHT = 256;

/**
 * Each entry checked on its own, on this thread, `IN_FLIGHT` at a time. A window rather than
 * batches: as each signature check comes back the next entry is read and sent, so this thread's
 * share of the work (decoding, parsing, the payload checks) overlaps the signature checks on
 * WebCrypto's threads instead of waiting for the slowest of a batch.
 */
export async function checkAloneHere(entries: readonly string[], ctx: RecordContext): Promise<VerifyResult[]> {
  const judging = aloneContext(ctx);
  const alone = new Array<VerifyResult>(entries.length);
  let next = 0;
  const lane = async () => {
    while (next < entries.length) {
      const i = next++;
      alone[i] = await verifySignoffAlone(entries[i], judging);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, entries.length) }, lane));
  return alone;
}

export interface IncomingResult {
  jws: string;
  /** 'added': new and valid; 'duplicate': already stored; 'refused': see reason and message. */
  outcome: 'added' | 'duplicate' | 'refused';
  payload?: SignoffPayload;
  demo?: boolean;
  earlierVersion?: boolean;
  reason?: VerifyReason;
  message?: string;
}

/**
 * Verifies entries that arrived (link, QR code, file) against the stored record. Returns the
 * new list to store (the stored entries plus every newly valid one) and a verdict per entry.
 * Refused entries are not added; nothing already stored is dropped or changed.
 */
export async function takeIncoming(
  stored: readonly string[],
  incoming: readonly string[],
  ctx: RecordContext,
): Promise<{ entries: string[]; results: IncomingResult[] }> {
  const { record } = await verifyEntries(stored, ctx);
  const index = acceptedEntries(record.accepted.map((a) => a.payload));
  const judging = aloneContext(ctx);
  const entries = [...stored];
  const results: IncomingResult[] = [];
  // Oldest first, so a show sign-off and the co-pilot one after it arrive in a workable order.
  for (const jws of [...incoming].sort((a, b) => signedAtOf(a) - signedAtOf(b))) {
    const before = record.accepted.length;
    const verdict = settle(record, index, jws, await verifySignoffAlone(jws, judging));
    if (!verdict.ok) {
      results.push({ jws, outcome: 'refused', reason: verdict.reason, message: verdict.message });
    } else if (verdict.status === 'duplicate' || record.accepted.length === before) {
      results.push({ jws, outcome: 'duplicate', payload: verdict.payload });
    } else {
      entries.push(jws);
      results.push({
        jws,
        outcome: 'added',
        payload: verdict.payload,
        demo: verdict.demo,
        earlierVersion: verdict.earlierVersion,
      });
    }
  }
  return { entries, results };
}

/** What `verifySignoffAlone` judges every entry of a record against: made once per list, not per entry. */
function aloneContext(ctx: RecordContext): Parameters<typeof verifySignoffAlone>[1] {
  return {
    roster: ctx.manifest.roster,
    courseId: ctx.manifest.course.id,
    traineeId: ctx.traineeId,
    ...(ctx.traineeKid !== undefined && { traineeKid: ctx.traineeKid }),
    skillHashes: skillHashes(ctx.manifest),
    earlierSkillHashes: earlierSkillHashes(ctx.manifest),
    ...(ctx.backend && { backend: ctx.backend }),
    ...(ctx.now !== undefined && { now: ctx.now }),
    ...(ctx.clock !== undefined && { clock: ctx.clock }),
  };
}

/** The order and duplicate checks against what the record holds, and the record updated. */
function settle(record: VerifiedRecord, index: AcceptedEntries, jws: string, alone: VerifyResult): VerifyResult {
  const verdict = alone.ok ? checkAgainstAccepted(alone, index) : alone;
  if (!verdict.ok) record.refused.push({ jws, reason: verdict.reason, message: verdict.message });
  else if (verdict.status === 'valid') {
    record.accepted.push({ ...verdict, jws });
    index.add(verdict.payload);
  }
  return verdict;
}

/** The unverified signing time (ms), only to order a batch before verifying it. */
function signedAtOf(jws: string): number {
  const payload = decodeBase64urlJson(jws.split('.')[1] ?? '') as { signedAt?: unknown } | undefined;
  const t = typeof payload?.signedAt === 'string' ? Date.parse(payload.signedAt) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

export interface SkillChecklist {
  steps: SkillSteps;
  /** Entries about this skill signed by a demo trainer. */
  demo: boolean;
  /** Entries signed against an earlier version of the skill. */
  earlierVersion: boolean;
}

/** The checklist state of every skill in the manifest, from a verified record. */
export function checklist(record: VerifiedRecord, manifest: CourseManifest): Record<string, SkillChecklist> {
  return Object.fromEntries(
    manifest.skills.map((skill) => {
      const mine = record.accepted.filter((a) => a.payload.skill === skill.id);
      return [
        skill.id,
        {
          steps: skillSteps(mine.map((a) => a.payload)),
          demo: mine.some((a) => a.demo),
          earlierVersion: mine.some((a) => a.earlierVersion),
        },
      ];
    }),
  );
}
