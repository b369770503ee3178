/**
 * Acknowledgements through an LRS, without one: statements made from a two-party record, read
 * back as an LRS would give them (JSON), turned back into a record on the desk and judged by the
 * one verdict. The trainee key that travels in the statements is believed only when a trainer's
 * genuine entry names it; a forged acknowledgement, one by another trainee's key and a key
 * swapped into a statement are each refused with their reason, and the genuine ones are kept.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import { verifyBundle } from '../../../src/lib/bundle/verify';
import { importBundles } from '../../../src/lib/cohort/import';
import { tandemIris, type Statement } from '../../../src/lib/export/xapi';
import {
  acknowledgementStatements,
  bundlesFromLrs,
  entriesFromStatements,
  statementsToSend,
} from '../../../src/lib/lrs/carry';
import { DEFAULT_ACK_STATEMENT, signAck } from '../../../src/lib/trust/ack';
import { NOW, exportManifest, exportRoster, makeTrainers } from '../../fixtures/export';
import { SITE_URL } from '../../fixtures/records';
import { day } from '../../fixtures/trust';
import { twoPartyRecord, type TwoPartyRecord } from '../../fixtures/two-party';

const now = new Date(NOW);
const iri = tandemIris(SITE_URL);
let manifest: CourseManifest;
let r: TwoPartyRecord;
let sent: Statement[];

beforeAll(async () => {
  const t = await makeTrainers();
  manifest = exportManifest(exportRoster(t));
  r = await twoPartyRecord(t, manifest);
  const text = JSON.stringify(r.bundle);
  const entries = await statementsToSend([...r.bundle.entries, ...r.bundle.certifications], manifest, SITE_URL, now);
  sent = [...entries.statements, ...(await acknowledgementStatements([text], manifest, SITE_URL, now))];
}, 30_000);

/** What a desk with nothing held makes of the statements: files, refusals, and the record. */
async function receive(statements: readonly unknown[]) {
  const fromLrs = entriesFromStatements(JSON.parse(JSON.stringify(statements)) as unknown[], SITE_URL);
  const made = await bundlesFromLrs(fromLrs.carried, new Map(), manifest, now, undefined, fromLrs.acks);
  const verdict = made.files[0] ? await verifyBundle(made.files[0].text, manifest, { now }) : undefined;
  return { fromLrs, made, verdict };
}

const ackStatements = () => sent.filter((s) => s.verb.id === iri.acknowledged);
const ackOf = (s: Statement) => s.context?.extensions?.[iri.ext('acknowledgement')] as string;

describe('acknowledgements from an LRS', () => {
  it('sends one statement per entry and per acknowledgement, each once', () => {
    expect(sent).toHaveLength(4 + 1 + 4);
    expect(new Set(sent.map((s) => s.id)).size).toBe(sent.length);
    expect(ackStatements().map(ackOf).sort()).toEqual([...(r.bundle.acknowledgements ?? [])].sort());
  });

  it('come back as the trainee’s acknowledgements, judged by the one verdict: two signatures on every step', async () => {
    const { fromLrs, made, verdict } = await receive(sent);
    expect(fromLrs.refused).toEqual([]);
    expect(fromLrs.acks).toHaveLength(4);
    expect(made.refused).toEqual([]);
    expect(made.files).toHaveLength(1);
    if (!verdict?.readable) throw new Error('unreadable');
    expect(verdict.valid).toBe(true);
    expect(verdict.record.trainee.kid).toBe(r.tess.wrapped.kid);
    expect(verdict.acknowledgements.map((a) => a.status)).toEqual(['valid', 'valid', 'valid', 'valid']);
    expect(
      verdict.entries.filter((e) => e.kind === 'signoff').map((e) => e.kind === 'signoff' && e.signatures),
    ).toEqual(['two', 'two', 'two', 'two']);
    // The desk's import takes the file, and its cells know both signatures.
    const { put } = await importBundles(made.files, new Map(), manifest, now);
    expect(put[0]?.summary.acknowledged).toBe(4);
    expect(put[0]?.summary.skills['active-listening']?.steps.map((s) => s.ack)).toEqual(['two', 'two', 'two', 'two']);
  });

  it('adds acknowledgements to a file the desk holds without them, and nothing when it holds them', async () => {
    const { carried, acks } = entriesFromStatements(sent, SITE_URL);
    const { acknowledgements: _, ...without } = r.bundle;
    const older = JSON.stringify(without);
    const more = await bundlesFromLrs(carried, new Map([['trainee-tess', older]]), manifest, now, undefined, acks);
    expect(more.files).toHaveLength(1);
    expect(JSON.parse(more.files[0]?.text ?? '{}').acknowledgements).toHaveLength(4);
    // The import takes it over the file held: the same entries, more second signatures.
    const held = await importBundles([{ name: 'held', text: older }], new Map(), manifest, now);
    const heldSummary = held.put[0]?.summary;
    if (!heldSummary) throw new Error('not held');
    const { results } = await importBundles(more.files, new Map([['trainee-tess', heldSummary]]), manifest, now);
    expect(results.map((x) => x.status)).toEqual(['replaced']);
    const same = await bundlesFromLrs(
      carried,
      new Map([['trainee-tess', JSON.stringify(r.bundle)]]),
      manifest,
      now,
      undefined,
      acks,
    );
    expect(same).toMatchObject({ files: [], refused: [], unchanged: 1 });
  });

  it('refuses a forged acknowledgement with its reason, and keeps the genuine ones', async () => {
    const forged = structuredClone(ackStatements()[0]) as Statement;
    const [h, p] = ackOf(forged).split('.');
    const otherSignature = ackOf(ackStatements()[1] as Statement).split('.')[2];
    (forged.context?.extensions as Record<string, unknown>)[iri.ext('acknowledgement')] = `${h}.${p}.${otherSignature}`;
    forged.id = '0b6b5b5e-6a7d-4e21-9f0a-3d1c2b4a5e6f';
    const { made, verdict } = await receive([...sent, forged]);
    expect(made.refused).toEqual([
      {
        statement: forged.id,
        trainee: 'Tess Trainee',
        message: expect.stringMatching(/^Signature does not match: The acknowledgement’s signature does not match/),
      },
    ]);
    if (!verdict?.readable) throw new Error('unreadable');
    expect(verdict.valid).toBe(true);
    expect(verdict.acknowledgements).toHaveLength(4);
  });

  it('refuses an acknowledgement signed with another trainee’s key, carrying that key', async () => {
    const target = r.payloads[0];
    if (!target) throw new Error('no entry');
    const omarAck = await signAck(
      { ...target, trainee: { ...target.trainee, kid: r.omar.key.kid } },
      DEFAULT_ACK_STATEMENT,
      r.omar.key,
      day(7),
    );
    const forged = structuredClone(ackStatements()[0]) as Statement;
    const ext = forged.context?.extensions as Record<string, unknown>;
    ext[iri.ext('acknowledgement')] = omarAck;
    ext[iri.ext('trainee-key')] = r.omar.key.publicJwk;
    forged.id = '1c7c6c6f-7b8e-4f32-8a1d-4e2d3c5b6f70';
    // Beside Tess's genuine ones: her key is the one the entries name, and his acknowledgement is refused.
    const beside = await receive([...sent, forged]);
    expect(beside.made.refused).toEqual([
      expect.objectContaining({
        statement: forged.id,
        message: expect.stringMatching(/^Acknowledged with another trainee’s key: /),
      }),
    ]);
    if (!beside.verdict?.readable) throw new Error('unreadable');
    expect(beside.verdict.valid).toBe(true);
    expect(beside.verdict.record.trainee.kid).toBe(r.tess.wrapped.kid);
  });

  it('believes no trainee key swapped into a statement: the one a genuine entry names wins', async () => {
    const swapped = sent.map((s, i) => {
      if (s.verb.id !== iri.acknowledged || i % 2 === 0) return s;
      const copy = structuredClone(s);
      (copy.context?.extensions as Record<string, unknown>)[iri.ext('trainee-key')] = r.omar.key.publicJwk;
      return copy;
    });
    const { made, verdict } = await receive(swapped);
    expect(made.refused).toEqual([]);
    if (!verdict?.readable) throw new Error('unreadable');
    expect(verdict.record.trainee.kid).toBe(r.tess.wrapped.kid);
    expect(verdict.acknowledgements.every((a) => a.status === 'valid')).toBe(true);
  });

  it('refuses a statement whose acknowledgement is not one, saying so', () => {
    const damaged = structuredClone(ackStatements()[0]) as Statement;
    (damaged.context?.extensions as Record<string, unknown>)[iri.ext('acknowledgement')] = 'not.an.ack';
    const { refused, acks } = entriesFromStatements([damaged], SITE_URL);
    expect(acks).toEqual([]);
    expect(refused).toEqual([
      { statement: damaged.id, message: expect.stringMatching(/not a readable Tandem acknowledgement/) },
    ]);
  });
});
