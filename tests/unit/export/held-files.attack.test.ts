/**
 * Sign-off files and signing logs as someone might tamper with them: every refusal names its
 * reason (lib/export/held-files.ts, which the verify page and `npm run verify` share).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import { auditFile, nextRecord, type LogRecord } from '../../../src/lib/cohort/log';
import { verifySignoffFile, verifySigningLog } from '../../../src/lib/export/held-files';
import { signoffFile } from '../../../src/lib/trust/signoff-file';
import { NOW, type CertifiedRecord, type Trainers } from '../../fixtures/export';
import { editPayload, sign } from '../../fixtures/trust';
import { certifiedCourse } from '../../fixtures/setup';

let t: Trainers;
let manifest: CourseManifest;
let tess: CertifiedRecord;
let log: LogRecord[];
const now = new Date(NOW);

beforeAll(async () => {
  ({ t, manifest, tess } = await certifiedCourse());
  log = [];
  const entries = [...tess.entries, tess.courseCertification.jws];
  for (const [i, jws] of entries.entries()) {
    const p = JSON.parse(Buffer.from(jws.split('.')[1] as string, 'base64url').toString('utf8'));
    log.push(await nextRecord(log, { id: p.id, traineeId: p.trainee.id, jws }, new Date(Date.UTC(2026, 2, 1 + i))));
  }
});

const logText = (records: LogRecord[] = log, trainer = { id: t.alice.id, name: t.alice.name }) =>
  auditFile(records, trainer, now);

describe('a sign-off file', () => {
  it('verifies every entry on its own and names the trainee', async () => {
    const v = await verifySignoffFile(JSON.stringify(signoffFile(tess.entries.slice(0, 3))), manifest, now);
    expect(v).toMatchObject({ readable: true, valid: true, demo: false });
    expect(v.trainees).toEqual([{ id: tess.profile.id, name: tess.profile.name }]);
    expect(v.entries.map((e) => e.status)).toEqual(['valid', 'valid', 'valid']);
  });

  it('refuses an edited entry, a foreign key and an unknown course, each with its reason', async () => {
    const edited = editPayload(tess.entries[0] as string, (p) => (p['notes'] = 'Brilliant.'));
    const foreign = await sign(t.mallory);
    const v = await verifySignoffFile(
      JSON.stringify(signoffFile([edited, foreign, tess.entries[1] as string])),
      manifest,
      now,
    );
    expect(v.valid).toBe(false);
    expect(v.entries.map((e) => e.reason)).toEqual(['bad-signature', 'unknown-key', undefined]);
  });

  it('cannot be read when it is not a sign-off file', async () => {
    expect(
      await verifySignoffFile('{"format":"tandem-signoffs","version":2,"entries":["a"]}', manifest, now),
    ).toMatchObject({
      readable: false,
      reason: 'unsupported-version',
    });
  });
});

describe('a signing log', () => {
  it('holds when the chain, the head and every entry hold', async () => {
    const v = await verifySigningLog(logText(), manifest, now);
    expect(v).toMatchObject({ readable: true, valid: true, log: { records: log.length, chain: { ok: true } } });
    expect(v.entries.at(-1)).toMatchObject({ kind: 'certification', status: 'valid' });
  });

  it('refuses a removed, a re-ordered and an edited record, at the record where the chain breaks', async () => {
    const removed = [...log.slice(0, 2), ...log.slice(3)];
    expect(await verifySigningLog(logText(removed), manifest, now)).toMatchObject({
      valid: false,
      reason: 'broken-chain',
      log: { chain: { ok: false, seq: 2 } },
      // seq counts from 0 as the file does; people read records from 1, as the page lists them.
      message: expect.stringContaining('broken at record 3: Record 3 says it is record 4'),
    });
    const swapped = [log[0]!, log[2]!, log[1]!, ...log.slice(3)];
    expect((await verifySigningLog(logText(swapped), manifest, now)).log?.chain).toMatchObject({ ok: false, seq: 1 });
    const edited = log.map((r, i) => (i === 4 ? { ...r, at: '2026-01-01T00:00:00.000Z' } : r));
    expect(await verifySigningLog(logText(edited), manifest, now)).toMatchObject({
      valid: false,
      message: expect.stringContaining('broken at record 5: Record 5 was changed'),
    });
  });

  it('refuses a log cut short at its end (the head no longer matches)', async () => {
    const text = JSON.parse(logText());
    text.records = text.records.slice(0, -2);
    expect(await verifySigningLog(JSON.stringify(text), manifest, now)).toMatchObject({
      valid: false,
      reason: 'broken-chain',
      message: expect.stringContaining(`broken after record ${text.records.length}:`),
    });
  });

  it('refuses a chain rebuilt around a forged entry, naming the record', async () => {
    const forged = editPayload(tess.entries[1] as string, (p) => (p['notes'] = 'Rewritten.'));
    const rebuilt: LogRecord[] = [];
    for (const [i, r] of log.entries()) {
      rebuilt.push(
        await nextRecord(
          rebuilt,
          { id: r.entryId, traineeId: r.traineeId, jws: i === 1 ? forged : r.jws },
          new Date(r.at),
        ),
      );
    }
    const v = await verifySigningLog(logText(rebuilt), manifest, now);
    expect(v.log?.chain.ok).toBe(true);
    expect(v.valid).toBe(false);
    expect(v.entries[1]).toMatchObject({ status: 'invalid', reason: 'bad-signature' });
  });

  it('refuses entries another trainer signed in a log that says it is Alice’s', async () => {
    const bobs = await sign(t.bob, { signedAt: new Date('2026-03-01T10:00:00Z') });
    const p = JSON.parse(Buffer.from(bobs.split('.')[1] as string, 'base64url').toString('utf8'));
    const mixed = [...log, await nextRecord(log, { id: p.id, traineeId: p.trainee.id, jws: bobs }, now)];
    const v = await verifySigningLog(logText(mixed), manifest, now);
    expect(v.valid).toBe(false);
    expect(v.entries.at(-1)).toMatchObject({ status: 'invalid', reason: 'not-this-log' });
  });

  it('cannot be read when damaged', async () => {
    const text = JSON.parse(logText());
    text.records[0].seq = 'zero';
    expect(await verifySigningLog(JSON.stringify(text), manifest, now)).toMatchObject({
      readable: false,
      reason: 'damaged',
    });
  });
});
