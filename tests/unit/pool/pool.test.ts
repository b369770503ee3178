/**
 * The verification pool gives exactly the verdicts of verification on one thread:
 * a property test over good and forged bundles (entries shuffled, dropped, repeated, re-signed,
 * altered, another trainee's, another trainer's), and cohort imports of such files; the pool's
 * workers answer out of order on purpose. Then the real Node worker threads `npm run verify`
 * uses, cancelling, progress, and a worker that dies.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import { verifyBundle } from '../../../src/lib/bundle/verify';
import type { ProgressBundle } from '../../../src/lib/export/types';
import { importBundles } from '../../../src/lib/cohort/import';
import { handlePoolRequest, type PoolRequest, type WorkerState } from '../../../src/lib/pool/jobs';
import { Cancelled, checkerFor, createPool, type PoolWorker, type VerifyPool } from '../../../src/lib/pool/pool';
import { judgeFor } from '../../../src/lib/pool/judge';
import { verifyRecord } from '../../../src/lib/trust/record';
import { mayBeNamed, payloadHash } from '../../../src/lib/trust/payload-hash';
import type { SignoffPayload } from '../../../src/lib/trust/entry';
import { nodePool } from '../../../scripts/verify-pool';
import { sampleCohort } from '../../fixtures/cohort';
import { NOW, certifiedRecord, exportManifest, exportRoster, makeTrainers, malleate } from '../../fixtures/export';
import { sign } from '../../fixtures/trust';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

/**
 * An import's outcome as the store keeps it: a worker sends each summary as JSON text too
 * (`CohortEntry.json`), which must be that very summary's text; without it, the same outcome.
 */
function asStored(imported: Awaited<ReturnType<typeof importBundles>>) {
  return {
    ...imported,
    put: imported.put.map(({ json, ...entry }) => {
      if (json !== undefined) expect(json).toBe(JSON.stringify(entry.summary));
      return entry;
    }),
  };
}

/** A worker in this thread that runs the real handler and answers after a random delay. */
function shuffledWorker(): PoolWorker {
  const state: WorkerState = {};
  let onMessage: (m: never) => void = () => {};
  return {
    post(request: PoolRequest) {
      void handlePoolRequest(state, request).then((response) => {
        if (response) setTimeout(() => onMessage(response as never), Math.random() * 4);
      });
    },
    listen(message) {
      onMessage = message as never;
    },
    terminate() {},
  };
}

let manifest: CourseManifest;
let tess: ProgressBundle;
let others: string[];
let files: ProgressBundle[];
let pool: VerifyPool;

beforeAll(async () => {
  const trainers = await makeTrainers();
  manifest = exportManifest(exportRoster(trainers));
  tess = (await certifiedRecord(trainers.alice, manifest)).bundle;
  const { ann, annLater, bo } = await sampleCohort(trainers.alice, manifest);
  files = [ann, annLater, bo, tess];
  // Genuine entries that do not belong in Tess's record: another trainee's, an unlisted
  // trainer's, a revoked key's after revocation, a demo trainer's.
  others = [
    ...ann.entries,
    await sign(trainers.mallory, { skill: 'active-listening', step: 'show' }),
    await sign(trainers.bob, { skill: 'active-listening', step: 'show', signedAt: new Date('2026-04-01T00:00:00Z') }),
    await sign(trainers.dana, { skill: 'de-escalation', step: 'show' }),
  ];
  pool = createPool(shuffledWorker, 3, manifest);
});

afterAll(() => pool.close());

/** What can happen to a list of entries on its way to a verifier. */
const edit = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('respell' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('alter' as const), at: fc.nat(), char: fc.nat() }),
  fc.record({ kind: fc.constant('foreign' as const), at: fc.nat(), which: fc.nat() }),
);
type Edit = typeof edit extends fc.Arbitrary<infer E> ? E : never;

function apply(list: string[], e: Edit): string[] {
  const out = [...list];
  if (out.length === 0) return out;
  const i = e.at % out.length;
  const jws = out[i] as string;
  if (e.kind === 'drop') out.splice(i, 1);
  if (e.kind === 'repeat') out.splice(e.to % (out.length + 1), 0, jws);
  if (e.kind === 'swap') [out[i], out[e.to % out.length]] = [out[e.to % out.length] as string, jws];
  if (e.kind === 'respell') out[i] = malleate(jws);
  if (e.kind === 'alter') {
    // One character of the payload changed: a forgery (or garbage) the signature must catch.
    const [h, p, s] = jws.split('.') as [string, string, string];
    const at = e.char % p.length;
    const c = p[at] === 'A' ? 'B' : 'A';
    out[i] = `${h}.${p.slice(0, at)}${c}${p.slice(at + 1)}.${s}`;
  }
  if (e.kind === 'foreign') out.splice(i, 0, others[e.which % others.length] as string);
  return out;
}

describe('the pool gives the verdicts of one thread', () => {
  it('on good and forged bundles, entry by entry', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(edit, { maxLength: 6 }),
        fc.array(edit, { maxLength: 2 }),
        async (entryEdits, certEdits) => {
          const bundle = structuredClone(tess);
          bundle.entries = entryEdits.reduce(apply, bundle.entries);
          bundle.certifications = certEdits.reduce(apply, bundle.certifications);
          const text = JSON.stringify(bundle);
          const alone = await verifyBundle(text, manifest, { now: NOW });
          const pooled = await verifyBundle(text, manifest, { now: NOW, checkAlone: pool.checker() });
          expect(pooled).toEqual(alone);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a forged bundle is still refused, for the same reason', async () => {
    const bundle = structuredClone(tess);
    bundle.entries = apply(bundle.entries, { kind: 'alter', at: 2, char: 40 });
    const verdict = await verifyBundle(JSON.stringify(bundle), manifest, { now: NOW, checkAlone: pool.checker() });
    expect(verdict.readable && verdict.valid).toBe(false);
    expect(verdict.readable && verdict.entries[2]).toMatchObject({ status: 'invalid', reason: 'bad-signature' });
  });

  it('on cohort imports: the same files added, replaced, refused, with the same messages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.array(edit, { maxLength: 2 })), { minLength: 1, maxLength: 6 }),
        async (picks) => {
          const chosen = picks.map(([which, edits], n) => {
            const b = structuredClone(files[which % files.length] as ProgressBundle);
            b.entries = edits.reduce(apply, b.entries);
            return { name: `file-${n}.json`, text: JSON.stringify(b) };
          });
          const now = new Date(NOW);
          const alone = await importBundles(chosen, new Map(), manifest, now);
          const pooled = await importBundles(chosen, new Map(), manifest, now, undefined, pool.judge());
          expect(pooled.put.every((e) => e.json !== undefined)).toBe(true);
          expect(asStored(pooled)).toEqual(alone);
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe('files judged while they are still being read', () => {
  /** Each text a promise that comes in after a random delay, so later files are often read first. */
  const arriving = (texts: readonly string[]) =>
    texts.map((text) => new Promise<string>((resolve) => setTimeout(() => resolve(text), Math.random() * 6)));

  it('gives the verdicts of the same files already read, in the order given', async () => {
    const chosen = [...files, ...files, ...files].map((b, i) => ({ name: `f${i}.json`, text: JSON.stringify(b) }));
    const now = new Date(NOW);
    const read = await importBundles(chosen, new Map(), manifest, now);
    const texts = arriving(chosen.map((f) => f.text));
    const reading = chosen.map((f, i) => ({ name: f.name, text: texts[i] as Promise<string> }));
    expect(asStored(await importBundles(reading, new Map(), manifest, now, undefined, pool.judge()))).toEqual(read);
    // On this thread too (no workers): each file judged once it is in.
    const again = arriving(chosen.map((f) => f.text));
    const readingHere = chosen.map((f, i) => ({ name: f.name, text: again[i] as Promise<string> }));
    expect(await importBundles(readingHere, new Map(), manifest, now)).toEqual(read);
  });

  it('a file that cannot be read stops the import with its reason, and the pool goes on working', async () => {
    const texts = [
      Promise.resolve(JSON.stringify(tess)),
      Promise.reject(new Error('the file was moved before it could be read')),
      Promise.resolve(JSON.stringify(tess)),
    ];
    await expect(pool.judge()(texts, new Date(NOW))).rejects.toThrow(/moved before it could be read/);
    const [judged] = await pool.judge()([JSON.stringify(tess)], new Date(NOW));
    expect(judged?.ok).toBe(true);
  });

  it('a worker that dies while files are still being read fails the import instead of waiting for ever', async () => {
    let die: (error: Error) => void = () => {};
    const dying = createPool(
      () => ({
        post() {},
        listen(_message, onError) {
          die = onError;
        },
        terminate() {},
      }),
      1,
      manifest,
    );
    let read: (text: string) => void = () => {};
    const late = new Promise<string>((resolve) => (read = resolve));
    const run = dying.judge()([late, late, late], new Date(NOW));
    die(new Error('the worker ran out of memory'));
    read(JSON.stringify(tess));
    await expect(run).rejects.toThrow(/ran out of memory/);
    dying.close();
  });
});

describe('the pool in Node (worker threads, as `npm run verify` runs it)', () => {
  it('verifies a record and a forged one as one thread does', async () => {
    const threads = nodePool(manifest, 2);
    try {
      const forged = structuredClone(tess);
      forged.entries = apply(forged.entries, { kind: 'respell', at: 1 });
      forged.entries = apply(forged.entries, { kind: 'alter', at: 4, char: 7 });
      for (const b of [tess, forged]) {
        const text = JSON.stringify(b);
        const alone = await verifyBundle(text, manifest, { now: NOW });
        expect(await verifyBundle(text, manifest, { now: NOW, checkAlone: threads.checker() })).toEqual(alone);
      }
      const record = await verifyRecord(tess.entries, { manifest, traineeId: tess.trainee.id, now: NOW });
      expect(
        await verifyRecord(tess.entries, {
          manifest,
          traineeId: tess.trainee.id,
          now: NOW,
          checkAlone: threads.checker(),
        }),
      ).toEqual(record);
    } finally {
      threads.close();
    }
  });
});

describe('the payload hashes the workers hand over', () => {
  // A certification names what it rests on by payload hash: the workers hash what they accept,
  // so the calling thread need not after the last signature. A wrong hash there would refuse a
  // genuine certification (or, worse, accept one resting on an altered entry).
  it('are the hashes of exactly the sign-offs another entry may name, computed afresh', async () => {
    const state: WorkerState = {};
    await handlePoolRequest(state, { kind: 'init', manifest });
    const entries = [...tess.entries, ...others];
    const response = await handlePoolRequest(state, {
      kind: 'signoffs',
      id: 1,
      entries,
      traineeId: tess.trainee.id,
      now: NOW,
    });
    if (!response || !('results' in response)) throw new Error('no results');
    const { results, hashes = [] } = response;
    expect(hashes).toHaveLength(entries.length);
    // An accepted sign-off's payload comes as JSON text; read here, it is a fresh object, so
    // its hash is computed, not remembered.
    const payloads = results.map((r) => (r.ok ? (JSON.parse(r.json) as SignoffPayload) : undefined));
    let named = 0;
    for (const [i, payload] of payloads.entries()) {
      if (payload && mayBeNamed(payload)) {
        named++;
        expect(hashes[i]).toBe(await payloadHash(payload));
      } else expect(hashes[i]).toBeNull();
    }
    // Tess's record has signed-off steps and practice sessions; the foreign entries are refused.
    expect(named).toBeGreaterThan(0);
    expect(payloads.some((p) => p && !mayBeNamed(p))).toBe(true);
    expect(results.some((r) => !r.ok)).toBe(true);
  });

  it('from real worker threads, arrive with the sign-offs they are of', async () => {
    const threads = nodePool(manifest, 2);
    try {
      const results = await threads.checker()(tess.entries, { traineeId: tess.trainee.id, now: NOW });
      const signedOff = results.filter(
        (r): r is typeof r & { ok: true; payload: SignoffPayload } => r.ok && r.payload.outcome === 'signed-off',
      );
      expect(signedOff.length).toBeGreaterThan(0);
      for (const r of signedOff)
        expect(await payloadHash(r.payload)).toBe(await payloadHash(structuredClone(r.payload)));
    } finally {
      threads.close();
    }
  });
});

describe('payloadHash', () => {
  it('is the same for equal payloads, whichever object holds them, and remembered per object', async () => {
    const payload = structuredClone(
      (await verifyRecord(tess.entries, { manifest, traineeId: tess.trainee.id, now: NOW })).accepted[0]!.payload,
    );
    const first = payloadHash(payload);
    expect(payloadHash(payload)).toBe(first);
    expect(await payloadHash(structuredClone(payload))).toBe(await first);
    // A different payload hashes differently.
    expect(await payloadHash({ ...payload, note: 'x' } as SignoffPayload)).not.toBe(await first);
  });
});

describe('cancelling, progress, failure', () => {
  const many = () => Array.from({ length: 12 }, () => tess.entries).flat();

  it('reports progress up to every entry', async () => {
    const seen: [number, number][] = [];
    const entries = many();
    const checker = pool.checker({ onProgress: (done, total) => seen.push([done, total]) });
    await checker(entries, { traineeId: tess.trainee.id, now: NOW });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every(([, total]) => total === entries.length)).toBe(true);
    expect(seen.map(([d]) => d)).toEqual([...seen.map(([d]) => d)].sort((a, b) => a - b));
    expect(seen.at(-1)?.[0]).toBe(entries.length);
  });

  it('an answer that cannot be read stops the run with a reason, instead of leaving it waiting', async () => {
    // A worker whose accepted verdicts carry text that is not JSON, and one whose summaries do.
    const garbling = (): PoolWorker => {
      const real = shuffledWorker();
      return {
        post: (request) => real.post(request),
        listen: (onMessage, onError) =>
          real.listen((m) => {
            if ('results' in m) onMessage({ ...m, results: m.results.map((r) => (r.ok ? { ...r, json: '{' } : r)) });
            else if ('judged' in m)
              onMessage({
                ...m,
                judged: m.judged.map((j) => (j.ok ? { ok: true, value: { ...j.value, json: '' } } : j)),
              });
            else onMessage(m);
          }, onError),
        terminate: () => real.terminate(),
      };
    };
    const broken = createPool(garbling, 2, manifest);
    try {
      await expect(broken.checker()(tess.entries, { traineeId: tess.trainee.id, now: NOW })).rejects.toThrow(
        'Verification stopped: a worker gave a wrong answer',
      );
      await expect(broken.judge()([JSON.stringify(tess)], new Date(NOW))).rejects.toThrow(
        'Verification stopped: a worker gave a wrong answer',
      );
    } finally {
      broken.close();
    }
  });

  it('a cancelled run rejects as cancelled, and the pool goes on working', async () => {
    const abort = new AbortController();
    const checker = pool.checker({ signal: abort.signal, onProgress: () => abort.abort() });
    await expect(checker(many(), { traineeId: tess.trainee.id, now: NOW })).rejects.toBeInstanceOf(Cancelled);
    // Cancelled inside verifyRecord: the caller gets the rejection, not a partial record.
    const again = new AbortController();
    again.abort();
    await expect(
      verifyRecord(tess.entries, {
        manifest,
        traineeId: tess.trainee.id,
        checkAlone: pool.checker({ signal: again.signal }),
      }),
    ).rejects.toBeInstanceOf(Cancelled);
    const after = await verifyRecord(tess.entries, {
      manifest,
      traineeId: tess.trainee.id,
      now: NOW,
      checkAlone: pool.checker(),
    });
    expect(after.accepted).toHaveLength(tess.entries.length);
  });

  it('a worker that dies fails the run with a reason instead of waiting for ever', async () => {
    const dead = createPool(
      () => ({
        post() {},
        listen(_message, onError) {
          setTimeout(() => onError(new Error('the worker script could not be loaded')), 1);
        },
        terminate() {},
      }),
      2,
      manifest,
    );
    await expect(dead.checker()(tess.entries, { traineeId: tess.trainee.id })).rejects.toThrow(/could not be loaded/);
    dead.close();
  });

  it('when the workers cannot start, the page verifies on its own thread: same verdicts, nothing lost', async () => {
    const dead = () =>
      createPool(
        () => ({
          post() {},
          listen(_message, onError) {
            setTimeout(() => onError(new Error('the worker script could not be loaded')), 1);
          },
          terminate() {},
        }),
        2,
        manifest,
      );
    const long = structuredClone(tess);
    long.entries = Array.from({ length: 8 }, () => tess.entries).flat();
    const text = JSON.stringify(long);
    const alone = await verifyBundle(text, manifest, { now: NOW });
    const broken = dead();
    expect(await verifyBundle(text, manifest, { now: NOW, checkAlone: checkerFor(manifest, () => broken) })).toEqual(
      alone,
    );
    const chosen = files.map((b, i) => ({ name: `f${i}.json`, text: JSON.stringify(b) }));
    const now = new Date(NOW);
    expect(await importBundles(chosen, new Map(), manifest, now, undefined, judgeFor(manifest, dead))).toEqual(
      await importBundles(chosen, new Map(), manifest, now),
    );
  });
});
