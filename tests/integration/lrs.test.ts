/**
 * Tandem's statements against a real LRS: Learning Locker's statement service, run in
 * memory on loopback (tests/lrs/lrs.ts), and Learning Locker's own statement validator. Sending,
 * sending again, reading back page by page, and every entry judged as a file would be: an entry
 * altered in the LRS is refused with its reason, wrong credentials and a stopped LRS say so. A
 * two-party record goes through too: its acknowledgements come back as the trainee's second
 * signatures, judged by the one verdict, and a forged one is refused with its reason.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CourseManifest } from '../../src/lib/course/manifest';
import { importBundles } from '../../src/lib/cohort/import';
import { recordToStatements, type Statement } from '../../src/lib/export/xapi';
import {
  acknowledgementStatements,
  bundlesFromLrs,
  entriesFromStatements,
  statementsToSend,
} from '../../src/lib/lrs/carry';
import { verifyBundle } from '../../src/lib/bundle/verify';
import { tandemIris } from '../../src/lib/export/xapi';
import { twoPartyRecord } from '../fixtures/two-party';
import { readStatements, sendStatements, type LrsConnection } from '../../src/lib/lrs/client';
import {
  NOW,
  certifiedRecord,
  exportManifest,
  exportRoster,
  makeTrainers,
  type CertifiedRecord,
  type Trainers,
} from '../fixtures/export';
import { SITE_URL, recordFixtures } from '../fixtures/records';
import { startLrs, type TestLrs } from '../lrs/lrs';

const require = createRequire(import.meta.url);
type Warning = { path: string[]; message?: string };
const validate = (
  require('../lrs/node_modules/@learninglocker/xapi-validation') as { default: (s: unknown) => Warning[] }
).default;

/** The port of this file's LRS (the end-to-end tests use the two below it, TANDEM_LRS_PORT). */
const PORT = Number(process.env.TANDEM_LRS_PORT ?? 4945) + 2;
const A = { key: 'trainer-a-key', secret: 'trainer-a-secret' };
const B = { key: 'trainer-b-key', secret: 'trainer-b-secret' };
const now = new Date(NOW);

let lrs: TestLrs;
let manifest: CourseManifest;
let t: Trainers;
let tess: CertifiedRecord;
let statements: Statement[];
const conn = (credentials = A, f: typeof fetch = fetch): LrsConnection => ({
  endpoint: lrs.endpoint,
  credentials,
  fetch: f,
});

beforeAll(async () => {
  lrs = await startLrs(PORT, [A, B]);
  t = await makeTrainers();
  manifest = exportManifest(exportRoster(t));
  tess = await certifiedRecord(t.alice, manifest);
  const made = await statementsToSend([...tess.entries, ...tess.bundle.certifications], manifest, SITE_URL, now);
  expect(made.skipped).toEqual([]);
  statements = made.statements;
}, 60_000);
afterAll(() => lrs?.close());

describe('Learning Locker’s validator (@learninglocker/xapi-validation)', () => {
  it('finds nothing wrong with any statement Tandem makes', async () => {
    const f = await recordFixtures();
    const all = [
      ...statements,
      ...[f.certified, f.inProgress].flatMap((r) => recordToStatements(r, { siteUrl: SITE_URL })),
    ];
    expect(all.length).toBeGreaterThan(20);
    for (const s of all) expect(validate(s), JSON.stringify(s)).toEqual([]);
  });
});

describe('a real LRS', () => {
  it('stores every entry’s statement; sending the same again is harmless', async () => {
    const first = await sendStatements(conn(), statements);
    expect(first).toEqual({ stored: statements.map((s) => s.id), refused: [] });
    const again = await sendStatements(conn(), statements);
    expect(again).toEqual({ stored: statements.map((s) => s.id), refused: [] });
  });

  it('gives them back page by page to another trainer’s key, and the desk takes them as a file', async () => {
    const read = await readStatements(conn(B), SITE_URL, { pageSize: 4 });
    if (!read.ok) throw new Error(read.message);
    expect(read.value.pages).toBeGreaterThan(3);
    const { carried, refused } = entriesFromStatements(read.value.statements, SITE_URL);
    expect(refused).toEqual([]);
    expect(carried).toHaveLength(statements.length);
    const { files } = await bundlesFromLrs(carried, new Map(), manifest, now);
    expect(files).toHaveLength(1);
    const { results, put } = await importBundles(files, new Map(), manifest, now);
    expect(results.map((r) => r.status)).toEqual(['added']);
    expect(put[0]?.summary).toMatchObject({
      id: 'trainee-tess',
      name: 'Tess Trainee',
      skills: { 'active-listening': { certifiedAt: tess.skillCertifications[0]?.payload.certifiedAt } },
    });
    expect(put[0]?.summary.entries).toBe(tess.entries.length + tess.bundle.certifications.length);
  });

  it('refuses an entry altered in the LRS, with its reason, and keeps the genuine ones', async () => {
    const genuine = statements.find(
      (s) => s.context?.extensions?.[`${SITE_URL}xapi/extensions/outcome`] === 'practice',
    );
    const key = `${SITE_URL}xapi/extensions/entry`;
    const jws = genuine?.context?.extensions?.[key] as string;
    const [h, p, sig] = jws.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as { notes: string };
    payload.notes = 'Did brilliantly (this was not what the trainer wrote).';
    const altered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;
    const forged = structuredClone(genuine) as Statement;
    forged.id = '0b6b5b5e-6a7d-4e21-9f0a-3d1c2b4a5e6f';
    (forged.context?.extensions as Record<string, unknown>)[key] = altered;
    expect((await sendStatements(conn(B), [forged])).stored).toEqual([forged.id]);

    const read = await readStatements(conn(B), SITE_URL);
    if (!read.ok) throw new Error(read.message);
    const { carried } = entriesFromStatements(read.value.statements, SITE_URL);
    const { files, refused } = await bundlesFromLrs(carried, new Map(), manifest, now);
    expect(refused).toEqual([
      { statement: forged.id, trainee: 'Tess Trainee', message: expect.stringMatching(/^Signature does not match: /) },
    ]);
    const { put } = await importBundles(files, new Map(), manifest, now);
    expect(put[0]?.summary.entries).toBe(statements.length);
  });

  it('adds what the desk lacks on top of the file it holds, and nothing when it holds it all', async () => {
    const read = await readStatements(conn(B), SITE_URL);
    if (!read.ok) throw new Error(read.message);
    const { carried } = entriesFromStatements(read.value.statements, SITE_URL);
    const held = new Map([['trainee-tess', JSON.stringify(tess.bundle)]]);
    const same = await bundlesFromLrs(carried, held, manifest, now);
    expect(same.files).toEqual([]);
    // Only the altered entry of the test before is new to the desk, and it is refused again.
    expect(same.refused).toHaveLength(1);
    expect(same.unchanged).toBe(1);
    // A desk holding an older file (the certifications missing) gets them, its lessons kept.
    const older = { ...tess.bundle, certifications: [] };
    const more = await bundlesFromLrs(carried, new Map([['trainee-tess', JSON.stringify(older)]]), manifest, now);
    const merged = JSON.parse(more.files[0]?.text ?? '{}') as typeof tess.bundle;
    expect(merged.certifications).toHaveLength(3);
    expect(merged.lessons).toEqual(tess.bundle.lessons);
  });

  it('reports a statement the LRS holds otherwise (409) and still stores the rest of the batch', async () => {
    const changed = structuredClone(statements[0]) as Statement;
    changed.context = { ...changed.context, platform: 'Something else' };
    const fresh = structuredClone(statements[1]) as Statement;
    fresh.id = '9a1f0c4e-2b3d-4c5e-8f60-7a8b9c0d1e2f';
    const outcome = await sendStatements(conn(), [changed, fresh]);
    expect(outcome.stored).toEqual([fresh.id]);
    expect(outcome.refused).toEqual([
      { id: changed.id, message: expect.stringMatching(/different statement under this id \(409\)/) },
    ]);
    expect(outcome.stopped).toBeUndefined();
  });

  it('says when the key and secret are wrong, for sending and for reading', async () => {
    const wrong = { key: A.key, secret: 'not-the-secret' };
    const sent = await sendStatements(conn(wrong), statements.slice(0, 2));
    expect(sent.stored).toEqual([]);
    expect(sent.stopped).toMatchObject({
      reason: 'wrong-credentials',
      message: expect.stringMatching(/did not accept the key and secret \(401\)/),
    });
    expect(sent.stopped?.message).not.toContain('not-the-secret');
    const read = await readStatements(conn(wrong), SITE_URL);
    expect(read).toMatchObject({ ok: false, reason: 'wrong-credentials' });
  });

  it('tells a refused CORS check from an LRS that is down', async () => {
    // What a browser does when the LRS does not allow this site: the request fails, while a
    // no-cors request (whose answer the page cannot read) reaches the server.
    const corsRefused: typeof fetch = (input, init) =>
      init?.mode === 'no-cors' ? fetch(input, { method: 'GET' }) : Promise.reject(new TypeError('Failed to fetch'));
    const refused = await sendStatements(conn(A, corsRefused), statements.slice(0, 1));
    expect(refused.stopped).toMatchObject({ reason: 'cors-refused', message: expect.stringMatching(/CORS/) });

    await lrs.stop();
    try {
      const down = await sendStatements(conn(), statements.slice(0, 1));
      expect(down).toMatchObject({ stored: [], refused: [], stopped: { reason: 'unreachable' } });
      expect(down.stopped?.message).toMatch(new RegExp(`127\\.0\\.0\\.1:${PORT} cannot be reached`));
      expect(await readStatements(conn(), SITE_URL)).toMatchObject({ ok: false, reason: 'unreachable' });
      const offline = await sendStatements({ ...conn(), online: () => false }, statements.slice(0, 1));
      expect(offline.stopped).toMatchObject({ reason: 'offline' });
    } finally {
      await lrs.start();
    }
  });
});

describe('acknowledgements through a real LRS', () => {
  // After the LRS restarted above it holds nothing (it runs in memory): only this record is in it.
  it('sends a two-party record, gives it back with both signatures, and refuses a forged acknowledgement', async () => {
    const iri = tandemIris(SITE_URL);
    const r = await twoPartyRecord(t, manifest);
    const entries = await statementsToSend([...r.bundle.entries, ...r.bundle.certifications], manifest, SITE_URL, now);
    const acks = await acknowledgementStatements([JSON.stringify(r.bundle)], manifest, SITE_URL, now);
    expect(acks).toHaveLength(4);
    for (const s of acks) expect(validate(s), JSON.stringify(s)).toEqual([]);
    const all = [...entries.statements, ...acks];
    expect((await sendStatements(conn(), all)).stored).toEqual(all.map((s) => s.id));
    // Sending again is harmless: the same ids, the same statements.
    expect(await sendStatements(conn(), all)).toEqual({ stored: all.map((s) => s.id), refused: [] });

    const read = await readStatements(conn(B), SITE_URL, { pageSize: 4 });
    if (!read.ok) throw new Error(read.message);
    const back = entriesFromStatements(read.value.statements, SITE_URL);
    expect(back.refused).toEqual([]);
    expect(back.acks).toHaveLength(4);
    const made = await bundlesFromLrs(back.carried, new Map(), manifest, now, undefined, back.acks);
    expect(made.refused).toEqual([]);
    const verdict = await verifyBundle(made.files[0]?.text ?? '', manifest, { now });
    if (!verdict.readable) throw new Error(verdict.message);
    expect(verdict.valid).toBe(true);
    expect(verdict.record.signoffs.map((s) => s.ack?.jws).sort()).toEqual(
      [...(r.bundle.acknowledgements ?? [])].sort(),
    );
    const { put } = await importBundles(made.files, new Map(), manifest, now);
    expect(put[0]?.summary.skills['active-listening']?.steps.map((s) => s.ack)).toEqual(['two', 'two', 'two', 'two']);

    // Someone with a key to the LRS stores an acknowledgement under another signature.
    const forged = structuredClone(acks[0]) as Statement;
    const ext = forged.context?.extensions as Record<string, unknown>;
    const [h, p] = String(ext[iri.ext('acknowledgement')]).split('.');
    const otherSignature = String(acks[1]?.context?.extensions?.[iri.ext('acknowledgement')]).split('.')[2];
    ext[iri.ext('acknowledgement')] = `${h}.${p}.${otherSignature}`;
    forged.id = '2d8d7d7a-8c9f-4a43-9b2e-5f3e4d6c7a81';
    expect((await sendStatements(conn(B), [forged])).stored).toEqual([forged.id]);
    const again = await readStatements(conn(B), SITE_URL);
    if (!again.ok) throw new Error(again.message);
    const carried = entriesFromStatements(again.value.statements, SITE_URL);
    const held = new Map([['trainee-tess', made.files[0]?.text ?? '']]);
    const second = await bundlesFromLrs(carried.carried, held, manifest, now, undefined, carried.acks);
    expect(second.files).toEqual([]);
    expect(second.refused).toEqual([
      {
        statement: forged.id,
        trainee: 'Tess Trainee',
        message: expect.stringMatching(/^Signature does not match: The acknowledgement’s signature/),
      },
    ]);
  }, 60_000);
});
