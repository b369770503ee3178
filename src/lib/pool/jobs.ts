/**
 * What a verification worker does: the messages a pool sends its workers and the one
 * handler every worker runs, in the browser (src/components/verify-pool/verify-worker.ts) and in
 * Node (scripts/verify-worker.ts). Pure: no DOM, no storage.
 *
 * A worker runs only checks that stand alone: `verifySignoffAlone` on a sign-off (signature,
 * signer, payload, course, trainee, skill version), or `judgeBundle` on a whole file. Everything
 * that depends on other entries (step order, duplicates, certifications) or other files (which
 * of a trainee's files is newer) is decided by the caller on the results, in order, by the same
 * code as without workers: so verdicts are identical, only made on every core.
 */
import type { CourseManifest } from '../course/manifest';
import { judgeBundle, type JudgeReason } from '../cohort/import';
import type { Result } from '../result';
import { checkAloneHere } from '../trust/record';
import type { AcceptedSignoff, RefusedSignoff } from '../trust/verify';
import { sha256 } from '@noble/hashes/sha2.js';
import { useSyncSha256 } from '../hash';
import { mayBeNamed, payloadHash } from '../trust/payload-hash';

// The entries a certification rests on or an acknowledgement names are hashed; on a worker
// thread a synchronous SHA-256 costs half of WebCrypto's round trip for each (src/lib/hash.ts).
// Only workers load this module.
useSyncSha256(sha256);

type Moment = Date | string | number;

export type PoolRequest =
  /** Sent once, first: the manifest every later job is judged against. */
  | { kind: 'init'; manifest: CourseManifest }
  | {
      kind: 'signoffs';
      id: number;
      entries: string[];
      traineeId: string;
      traineeKid?: string | null;
      now?: Moment;
      clock?: Moment;
    }
  | { kind: 'bundles'; id: number; texts: string[]; now: Date };

export type PoolResponse =
  | {
      id: number;
      results: WireResult[];
      /** Per result: the payload hash of an accepted sign-off another entry may name, else null. */
      hashes?: (string | null)[];
    }
  | { id: number; judged: WireJudged[] }
  | { id: number; error: string };

/**
 * A sign-off's verdict as a worker sends it: an accepted one with its payload as JSON text. Text
 * crosses threads for a fraction of what an object costs to copy member by member; taking in
 * the verdicts on 10,000 sign-offs cost the calling thread 36 ms as objects, 19 ms as text.
 */
export type WireResult = RefusedSignoff | (Omit<AcceptedSignoff, 'payload'> & { json: string });

/**
 * A judged file as a worker sends it: without the file's text (the caller has it: sending it
 * back would copy every file twice) and with its summary as JSON text (`CohortEntry.json`).
 */
export type WireJudged = Result<{ id: string; json: string }, JudgeReason>;

/** A worker's state: the manifest it was given. */
export interface WorkerState {
  manifest?: CourseManifest;
}

/**
 * Handles one message; `undefined` for 'init', which has no answer. Never throws: a failure is
 * answered as `error`, so the pool can say what went wrong instead of waiting for ever.
 */
export async function handlePoolRequest(state: WorkerState, request: PoolRequest): Promise<PoolResponse | undefined> {
  if (request.kind === 'init') {
    state.manifest = request.manifest;
    return undefined;
  }
  try {
    const manifest = state.manifest;
    if (!manifest) throw new Error('the worker was given no course manifest');
    if (request.kind === 'signoffs') {
      const results = await checkAloneHere(request.entries, {
        manifest,
        traineeId: request.traineeId,
        ...(request.traineeKid !== undefined && { traineeKid: request.traineeKid }),
        ...(request.now !== undefined && { now: request.now }),
        ...(request.clock !== undefined && { clock: request.clock }),
      });
      // Hashed here, beside the signature checks, rather than by the caller once they are all in.
      const hashes = await Promise.all(
        results.map(async (r) => (r.ok && mayBeNamed(r.payload) ? payloadHash(r.payload) : null)),
      );
      const wire = results.map((r): WireResult => {
        if (!r.ok) return r;
        const { payload, ...verdict } = r;
        return { ...verdict, json: JSON.stringify(payload) };
      });
      return { id: request.id, results: wire, hashes };
    }
    const judged: WireJudged[] = [];
    for (const text of request.texts) {
      const j = await judgeBundle(text, manifest, request.now);
      judged.push(j.ok ? { ok: true, value: { id: j.value.id, json: JSON.stringify(j.value.summary) } } : j);
    }
    return { id: request.id, judged };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}
