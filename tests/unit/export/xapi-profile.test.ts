import { beforeAll, describe, expect, it } from 'vitest';
import { recordToStatements, type Statement } from '../../../src/lib/export/xapi';
import { xapiProfile } from '../../../src/lib/export/xapi-profile';
import { SITE_URL, recordFixtures } from '../../fixtures/records';

let statements: Statement[];
beforeAll(async () => {
  const f = await recordFixtures();
  statements = [f.certified, f.inProgress].flatMap((r) => recordToStatements(r, { siteUrl: SITE_URL }));
});

/** Every IRI under the site a statement uses as a verb, an activity type or an extension key. */
function tandemIrisUsed(list: Statement[]): Set<string> {
  const used = new Set<string>();
  const add = (iri: string | undefined) => iri?.startsWith(`${SITE_URL}xapi/`) && used.add(iri);
  for (const s of list) {
    add(s.verb.id);
    const activities = [s.object, ...Object.values(s.context?.contextActivities ?? {}).flat()];
    for (const a of activities) add(a.definition?.type);
    for (const key of Object.keys({ ...s.context?.extensions, ...s.result?.extensions })) add(key);
  }
  return used;
}

describe('the xAPI profile', () => {
  it('defines every verb, activity type and extension of Tandem’s statements, and nothing twice', () => {
    const profile = xapiProfile(SITE_URL) as { concepts: { id: string; type: string; inScheme: string }[] };
    const ids = profile.concepts.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const used = tandemIrisUsed(statements);
    expect(used.size).toBeGreaterThan(10);
    for (const iri of used) expect(ids, iri).toContain(iri);
    expect(profile.concepts.find((c) => c.id.endsWith('verbs/re-opened'))?.type).toBe('Verb');
    expect(profile.concepts.find((c) => c.id.endsWith('extensions/evidence'))?.type).toBe('ResultExtension');
    expect(profile.concepts.find((c) => c.id.endsWith('extensions/entry'))?.type).toBe('ContextExtension');
  });

  it('is a JSON-LD profile document whose version statements name in their category', () => {
    const profile = xapiProfile(SITE_URL) as { versions: { id: string }[]; concepts: { inScheme: string }[] };
    expect(profile).toMatchObject({
      '@context': 'https://w3id.org/xapi/profiles/context',
      id: `${SITE_URL}xapi/profile.jsonld`,
      type: 'Profile',
      conformsTo: 'https://w3id.org/xapi/profiles#1.0',
    });
    const version = profile.versions[0]?.id;
    for (const c of profile.concepts) expect(c.inScheme).toBe(version);
    const trainerStatements = statements.filter((s) => s.context?.instructor);
    expect(trainerStatements.length).toBeGreaterThan(0);
    for (const s of trainerStatements)
      expect(s.context?.contextActivities?.category).toEqual([{ objectType: 'Activity', id: version }]);
    // Same site, same document: no build date or random ids in it.
    expect(JSON.stringify(xapiProfile(SITE_URL))).toBe(JSON.stringify(xapiProfile(SITE_URL.replace(/\/$/, ''))));
  });
});
