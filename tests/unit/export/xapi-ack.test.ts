/**
 * The trainee's acknowledgement as an xAPI statement of its own: actor the trainee, Tandem's
 * `acknowledged` verb, object the sign-off's step, a reference to the sign-off's statement, and
 * the acknowledgement as signed with the trainee's key beside it. Valid under the structural
 * rules, defined in the profile, and the same statement on every export.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import { verifyBundle } from '../../../src/lib/bundle/verify';
import type { TraineeRecord } from '../../../src/lib/export/types';
import { VERB_IDS, recordToStatements, tandemIris, type Statement } from '../../../src/lib/export/xapi';
import { validateStatement } from '../../../src/lib/export/xapi-validate';
import { xapiProfile } from '../../../src/lib/export/xapi-profile';
import { DEFAULT_ACK_STATEMENT } from '../../../src/lib/trust/ack';
import { NOW, exportManifest, exportRoster, makeTrainers } from '../../fixtures/export';
import { SITE_URL } from '../../fixtures/records';
import { twoPartyRecord, type TwoPartyRecord } from '../../fixtures/two-party';

let manifest: CourseManifest;
let r: TwoPartyRecord;
let record: TraineeRecord;
let statements: Statement[];
const iri = tandemIris(SITE_URL);

beforeAll(async () => {
  const t = await makeTrainers();
  manifest = exportManifest(exportRoster(t));
  r = await twoPartyRecord(t, manifest);
  const v = await verifyBundle(JSON.stringify(r.bundle), manifest, { now: NOW, clock: NOW, siteUrl: SITE_URL });
  if (!v.readable || !v.valid) throw new Error('the two-party record does not verify');
  record = v.record;
  statements = recordToStatements(record, { siteUrl: SITE_URL });
}, 30_000);

const acks = () => statements.filter((s) => s.verb.id === iri.acknowledged);

describe('acknowledgement statements', () => {
  it('gives each acknowledged sign-off a statement of its own, by the trainee, on the sign-off’s step', () => {
    expect(acks()).toHaveLength(4);
    for (const [i, p] of r.payloads.entries()) {
      const signoff = statements.find(
        (s) => s.verb.id === VERB_IDS.passed && s.context?.extensions?.[iri.ext('entry-id')] === p.id,
      );
      const ack = acks().find((s) => s.context?.extensions?.[iri.ext('entry-id')] === p.id);
      expect(signoff, p.step).toBeDefined();
      expect(ack).toMatchObject({
        actor: { objectType: 'Agent', name: 'Tess Trainee', account: { homePage: SITE_URL, name: 'trainee-tess' } },
        verb: { id: `${SITE_URL}xapi/verbs/acknowledged`, display: { en: 'acknowledged' } },
        object: signoff?.object,
        result: { response: DEFAULT_ACK_STATEMENT },
        context: {
          registration: signoff?.context?.registration,
          instructor: signoff?.context?.instructor,
          statement: { objectType: 'StatementRef', id: signoff?.id },
          extensions: {
            [iri.ext('step')]: p.step,
            [iri.ext('acknowledgement')]: record.signoffs[i]?.ack?.jws,
            [iri.ext('trainee-key')]: r.tess.wrapped.publicJwk,
          },
        },
        timestamp: record.signoffs[i]?.ack?.at,
      });
      // Both signatures in one LRS: the trainer's entry in the sign-off, the trainee's here.
      expect(signoff?.context?.extensions?.[iri.ext('entry')]).toBe(record.signoffs[i]?.jws);
    }
  });

  it('passes the 1.0.3 validator and uses only IRIs the profile defines', () => {
    for (const s of acks()) expect(validateStatement(s), JSON.stringify(s)).toEqual([]);
    const profile = xapiProfile(SITE_URL) as { concepts: { id: string; type: string }[] };
    const type = (id: string) => profile.concepts.find((c) => c.id === id)?.type;
    expect(type(iri.acknowledged)).toBe('Verb');
    expect(type(iri.ext('acknowledgement'))).toBe('ContextExtension');
    expect(type(iri.ext('trainee-key'))).toBe('ContextExtension');
    for (const s of acks())
      for (const key of Object.keys(s.context?.extensions ?? {})) expect(type(key), key).toBeDefined();
  });

  it('is the same statement on every export (re-sending is harmless), and another for another acknowledgement', () => {
    const again = recordToStatements(structuredClone(record), { siteUrl: SITE_URL.replace(/\/$/, '') });
    expect(again.filter((s) => s.verb.id === iri.acknowledged)).toEqual(acks());
    expect(new Set(acks().map((s) => s.id)).size).toBe(4);
    // Acknowledged again (a new signature of the same entry): a statement of its own.
    const other = structuredClone(record);
    const first = other.signoffs[0]?.ack;
    if (!first) throw new Error('no acknowledgement');
    other.signoffs[0] = {
      ...(other.signoffs[0] as TraineeRecord['signoffs'][number]),
      ack: { ...first, jws: r.bundle.acknowledgements?.find((j) => j !== first.jws) as string },
    };
    const entryId = other.signoffs[0]?.payload.id;
    const of = (list: Statement[]) =>
      list.find((s) => s.verb.id === iri.acknowledged && s.context?.extensions?.[iri.ext('entry-id')] === entryId);
    const changed = of(recordToStatements(other, { siteUrl: SITE_URL }));
    expect(changed?.id).toBeDefined();
    expect(changed?.id).not.toBe(of(statements)?.id);
  });

  it('makes none for a single-signed or unacknowledged record', () => {
    const bare = { ...record, signoffs: record.signoffs.map(({ ack: _, ...s }) => s) };
    expect(recordToStatements(bare, { siteUrl: SITE_URL }).some((s) => s.verb.id === iri.acknowledged)).toBe(false);
  });
});

describe('validateStatement, context.statement', () => {
  const broken = (statement: unknown) => {
    const s = structuredClone(acks()[0]) as unknown as { context: Record<string, unknown> };
    s.context['statement'] = statement;
    return validateStatement(s);
  };
  it.each<[string, unknown, string]>([
    ['not an object', 'abc', 'context.statement: is not an object'],
    [
      'another objectType',
      { objectType: 'Activity', id: '8f0e6a9c-3b1d-5e2f-9a4c-7d6b5e4f3a21' },
      'context.statement.objectType: is not "StatementRef"',
    ],
    ['an id that is no UUID', { objectType: 'StatementRef', id: 'signoff-1' }, 'context.statement.id: is not a UUID'],
    [
      'an unknown property',
      { objectType: 'StatementRef', id: '8f0e6a9c-3b1d-5e2f-9a4c-7d6b5e4f3a21', x: 1 },
      'context.statement: has an unknown property "x"',
    ],
  ])('refuses a reference that is %s', (_, value, problem) => {
    expect(broken(value)).toEqual([problem]);
  });
});
