/**
 * Two-party records through `npm run verify` (the real CLI, which calls verifyBundle like every
 * page): a record whose entries were made for Tess's key and acknowledged with it has two
 * signatures; a forged acknowledgement, one by another trainee's key, an entry made for a key
 * swapped into the request and an entry by a trainer not qualified for the skill are each refused
 * with their reason; where the course requires acknowledgements, a certification resting on an
 * unacknowledged step is refused; an older single-signed record stays valid and says so.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import { buildBundle } from '../../../src/lib/bundle/build';
import { verifyBundle } from '../../../src/lib/bundle/verify';
import { signCertification } from '../../../src/lib/trust/certification/payload';
import { skillCertificationReady } from '../../../src/lib/trust/certification/readiness';
import { DEFAULT_ACK_STATEMENT, signAck } from '../../../src/lib/trust/ack';
import { parsePayload, type SignoffPayload } from '../../../src/lib/trust/entry';
import { type TraineeKey } from '../../../src/lib/trust/trainee-key';
import type { TraineeProfile } from '../../../src/lib/progress/format';
import { NOW, TESS_PROFILE, exportManifest, exportRoster, quizAttempt, type Trainers } from '../../fixtures/export';
import { SKILL_HASHES, TRAINEE, day, payloadOf, sign } from '../../fixtures/trust';
import { trainedCourse, twoTraineeKeys, type MadeTraineeKey } from '../../fixtures/setup';

const run = promisify(execFile);
const temp = mkdtempSync(join(tmpdir(), 'tandem-two-party-'));
let t: Trainers;
let manifest: CourseManifest;
let tess: MadeTraineeKey;
let omar: MadeTraineeKey;

beforeAll(async () => {
  ({ t, manifest } = await trainedCourse());
  ({ tess, omar } = await twoTraineeKeys());
}, 30_000);
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const listening = { skill: 'active-listening', skillHash: SKILL_HASHES['active-listening'] as string };
const STEPS = ['show', 'copilot', 'solo', 'teachback'] as const;

/** Tess's four steps of Active listening, made for her key (or `kid`), with her acknowledgements. */
async function record(
  o: { kid?: string | null; ackWith?: TraineeKey | null; certify?: boolean; m?: CourseManifest } = {},
): Promise<{ profile: TraineeProfile; certifications: string[] }> {
  const kid = o.kid === undefined ? tess.wrapped.kid : o.kid;
  const entries: string[] = [];
  for (const [i, step] of STEPS.entries()) {
    entries.push(
      await sign(t.alice, {
        ...listening,
        step,
        signedAt: day(2 + i),
        trainee: kid === null ? { ...TRAINEE } : { ...TRAINEE, kid },
      }),
    );
  }
  const payloads = entries.map((jws) => {
    const p = parsePayload(payloadOf(jws));
    if (!p.ok) throw new Error(p.message);
    return p.value;
  });
  const acks =
    o.ackWith === null || kid === null
      ? []
      : await Promise.all(
          payloads.map((p) =>
            o.ackWith ? forgeAck(p, o.ackWith) : signAck(p, DEFAULT_ACK_STATEMENT, tess.key, day(7)),
          ),
        );
  const attempts = { 'listening-basics': [quizAttempt('listening-basics', day(1, 11), 5)] };
  const certifications: string[] = [];
  if (o.certify) {
    const ready = await skillCertificationReady(payloads, attempts, o.m ?? manifest, 'active-listening');
    if (!ready.ok) throw new Error(ready.message);
    const c = await signCertification({ ...ready.value, certifiedAt: day(8) }, t.alice.signer);
    if (!c.ok) throw new Error(c.message);
    certifications.push(c.value.jws);
  }
  return {
    profile: {
      ...TESS_PROFILE,
      createdAt: day(1).toISOString(),
      lessons: {},
      attempts,
      entries,
      ...(kid !== null && { key: tess.wrapped }),
      ...(acks.length > 0 && { acks }),
    },
    certifications,
  };
}

/** An acknowledgement of Tess's entry signed with someone else's key (the entry names hers). */
async function forgeAck(p: SignoffPayload, key: TraineeKey): Promise<string> {
  return signAck({ ...p, trainee: { ...p.trainee, kid: key.kid } }, DEFAULT_ACK_STATEMENT, key, day(7));
}

let n = 0;
async function cli(
  r: { profile: TraineeProfile; certifications: string[] },
  m = manifest,
  edit?: (b: Record<string, unknown>) => void,
) {
  const bundle = (await buildBundle(r.profile, m, {
    exportedFrom: 'trainee',
    now: day(14),
    certifications: r.certifications,
  })) as unknown as Record<string, unknown>;
  edit?.(bundle);
  const file = join(temp, `record-${++n}.json`);
  const manifestFile = join(temp, `manifest-${n}.json`);
  writeFileSync(file, JSON.stringify(bundle));
  writeFileSync(manifestFile, JSON.stringify(m));
  try {
    const { stdout } = await run(process.execPath, [
      'scripts/verify.ts',
      file,
      '--manifest',
      manifestFile,
      '--now',
      NOW,
    ]);
    return { code: 0, stdout, bundle };
  } catch (error) {
    const e = error as { code?: number; stdout?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', bundle };
  }
}

describe('two signatures, through npm run verify', () => {
  it('a record made for Tess’s key and acknowledged with it is valid, with two signatures per step', async () => {
    const out = await cli(await record({ certify: true }));
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/Two signatures: the trainee acknowledged it with their key/);
    expect(out.stdout).toMatch(/Acknowledgements \(4\):/);
    expect(out.stdout).toMatch(/valid +Acknowledged by the trainee with their key on 2026-/);
    // The same verdict in-process, with the record the formats are made from.
    const v = await verifyBundle(JSON.stringify(out.bundle), manifest, { now: NOW, clock: NOW });
    if (!v.readable) throw new Error(v.message);
    expect(v.record.signoffs.every((s) => s.ack?.statement === DEFAULT_ACK_STATEMENT)).toBe(true);
    expect(v.record.trainee.kid).toBe(tess.wrapped.kid);
  }, 30_000);

  it('refuses a forged acknowledgement: someone else’s signature under Tess’s key id', async () => {
    const r = await record();
    const out = await cli(r, manifest, (b) => {
      const acks = b['acknowledgements'] as string[];
      const [h, p] = (acks[0] as string).split('.');
      const other = (acks[1] as string).split('.')[2];
      acks[0] = `${h}.${p}.${other}`;
    });
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(
      /#1 +INVALID +bad-signature \(Signature does not match\): The acknowledgement’s signature/,
    );
  }, 30_000);

  it('refuses an acknowledgement by another trainee’s key', async () => {
    const out = await cli(await record({ ackWith: omar.key }));
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/INVALID +ack-other-key \(Acknowledged with another trainee’s key\)/);
  }, 30_000);

  it('refuses entries made for a key swapped into the request', async () => {
    const out = await cli(await record({ kid: omar.wrapped.kid, ackWith: null }));
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/#1 +INVALID +wrong-trainee-key \(Made for another trainee’s key\)/);
  }, 30_000);

  it('refuses an entry by a trainer not qualified for the skill', async () => {
    const roster = exportRoster(t);
    const m = exportManifest({
      ...roster,
      trainers: roster.trainers.map((tr) =>
        tr.id === t.alice.id ? { ...tr, skills: [{ skill: 'de-escalation' }] } : tr,
      ),
    });
    const out = await cli(await record(), m);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/#1 +INVALID +not-qualified \(Trainer not qualified for this skill\)/);
  }, 30_000);

  it('where the course requires acknowledgements, refuses a certification resting on steps not acknowledged', async () => {
    const m = exportManifest(exportRoster(t), {
      course: {
        ...manifest.course,
        acknowledgement: { statement: DEFAULT_ACK_STATEMENT, earlier: [], required: true },
      },
    });
    const out = await cli(await record({ ackWith: null, certify: true, m }), m);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/Made for the trainee’s key; not acknowledged by the trainee/);
    expect(out.stdout).toMatch(/INVALID +not-acknowledged \(Not acknowledged by the trainee\)/);
    // Acknowledged, the same certification counts.
    const acked = await cli(await record({ certify: true, m }), m);
    expect(acked.code).toBe(0);
    expect(acked.stdout).toMatch(/Certified: Active listening/);
  }, 60_000);

  it('keeps an older single-signed record valid, and says it is single-signed', async () => {
    const out = await cli(await record({ kid: null, certify: true }));
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/Single-signed: made for no trainee key/);
    expect(out.stdout).toMatch(/Single-signed: no entry was made for a trainee key/);
    expect(out.bundle['acknowledgements']).toBeUndefined();
  }, 30_000);
});
