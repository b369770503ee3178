import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACTIVITY_TYPES,
  VERB_IDS,
  entryStatement,
  recordToStatements,
  registrationId,
  type Statement,
} from '../../../src/lib/export/xapi';
import { validateStatement } from '../../../src/lib/export/xapi-validate';
import { uuidV5 } from '../../../src/lib/export/ids';
import { SITE_URL, recordFixtures, type RecordFixtures } from '../../fixtures/records';

let f: RecordFixtures;
let tess: Statement[];
let omar: Statement[];
beforeAll(async () => {
  f = await recordFixtures();
  tess = recordToStatements(f.certified, { siteUrl: SITE_URL });
  omar = recordToStatements(f.inProgress, { siteUrl: SITE_URL });
});

const ext = (name: string) => `${SITE_URL}xapi/extensions/${name}`;
const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function byEntry(statements: Statement[], entryId: string): Statement {
  const s = statements.find((x) => x.context?.extensions?.[ext('entry-id')] === entryId);
  if (!s) throw new Error(`no statement for entry ${entryId}`);
  return s;
}

describe('uuidV5', () => {
  it('matches the RFC 9562 test vector (appendix A.4)', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });
});

describe('recordToStatements', () => {
  it('makes one statement per completed lesson, quiz attempt, trainer entry and certification', () => {
    const count = (verb: string) => tess.filter((s) => s.verb.id === verb).length;
    expect(tess).toHaveLength(2 + 3 + f.certified.signoffs.length + 3);
    expect(count(VERB_IDS.completed)).toBe(2);
    expect(count(VERB_IDS.failed)).toBe(1);
    expect(omar).toHaveLength(3);
  });

  it('passes the 1.0.3 validator, every statement', () => {
    for (const s of [...tess, ...omar]) expect(validateStatement(s), JSON.stringify(s)).toEqual([]);
  });

  it('gives the same ids on every export, whatever the site URL’s trailing slash', () => {
    const again = recordToStatements(structuredClone(f.certified), { siteUrl: SITE_URL.replace(/\/$/, '') });
    expect(again).toEqual(tess);
    const ids = tess.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID_V5);
  });

  it('makes the same statement of an entry whatever the content version, demo flags or titles of the day', () => {
    // What verifyBundle computes at export time (earlier version, demo, titles) must not reach
    // the statement: an LRS refuses a known id with other content (409), and the batch with it.
    const edited = structuredClone(f.certified);
    edited.course.title = 'A renamed course';
    edited.skills = edited.skills.map((s) => ({ ...s, title: `${s.title} (revised)` }));
    for (const l of Object.values(edited.lessons)) l.title = `${l.title} (revised)`;
    edited.signoffs = edited.signoffs.map((s) => ({ ...s, demo: !s.demo, earlierVersion: !s.earlierVersion }));
    edited.certifications = edited.certifications.map((c) => ({ ...c, demo: true, expired: true }));
    expect(recordToStatements(edited, { siteUrl: SITE_URL })).toEqual(tess);
    const entry = f.certified.signoffs[0] as (typeof f.certified.signoffs)[number];
    expect(entryStatement({ kind: 'signoff', payload: entry.payload, jws: entry.jws }, { siteUrl: SITE_URL })).toEqual(
      byEntry(tess, entry.payload.id),
    );
  });

  it('gives different ids on another site and for another trainee', () => {
    const elsewhere = recordToStatements(f.certified, { siteUrl: 'https://other.example.org/' });
    expect(elsewhere.map((s) => s.id)).not.toContain(tess[0]?.id);
    const renamed = recordToStatements(
      { ...f.certified, trainee: { id: 'someone-else', name: 'X' } },
      { siteUrl: SITE_URL },
    );
    expect(renamed.map((s) => s.id)).not.toContain(tess[0]?.id);
  });

  it('lists statements oldest first, with version 1.0.3, the trainee as an account Agent and one registration', () => {
    const times = tess.map((s) => Date.parse(s.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const registration = registrationId(SITE_URL, f.certified.course.id, 'trainee-tess');
    expect(registration).toMatch(UUID_V5);
    for (const s of tess) {
      expect(s.version).toBe('1.0.3');
      expect(s.actor).toEqual({
        objectType: 'Agent',
        name: 'Tess Trainee',
        account: { homePage: SITE_URL, name: 'trainee-tess' },
      });
      expect(s.context?.registration).toBe(registration);
    }
    expect(omar[0]?.context?.registration).not.toBe(registration);
  });

  it('reports a quiz attempt as passed or failed on the lesson’s quiz, with the score', () => {
    const failed = tess.find((s) => s.verb.id === VERB_IDS.failed);
    expect(failed).toMatchObject({
      verb: { id: 'http://adlnet.gov/expapi/verbs/failed' },
      object: {
        objectType: 'Activity',
        id: `${SITE_URL}lessons/listening-basics/#quiz`,
        definition: { type: ACTIVITY_TYPES.assessment },
      },
      result: { score: { raw: 3, min: 0, max: 5, scaled: 0.6 }, success: false, completion: true },
      context: {
        contextActivities: {
          parent: [{ id: `${SITE_URL}lessons/listening-basics/` }],
          grouping: [{ id: SITE_URL, definition: { type: ACTIVITY_TYPES.course } }],
        },
        extensions: { [ext('quiz-version')]: 'q'.repeat(43), [ext('pass-mark')]: 80 },
      },
      timestamp: '2026-03-01T09:00:00.000Z',
    });
    const passed = tess.filter((s) => s.verb.id === VERB_IDS.passed && s.object.id.endsWith('#quiz'));
    expect(passed.map((s) => s.result?.score?.scaled)).toEqual([1, 0.8]);
    expect(passed.every((s) => s.result?.success === true)).toBe(true);
  });

  it('reports a completed lesson', () => {
    expect(tess.find((s) => s.verb.id === VERB_IDS.completed && s.object.id.endsWith('calming-words/'))).toMatchObject({
      object: { id: `${SITE_URL}lessons/calming-words/`, definition: { type: ACTIVITY_TYPES.lesson } },
      result: { completion: true },
      timestamp: '2026-03-06T09:00:00.000Z',
    });
  });

  it('reports a sign-off as passed on the step (parent the skill, grouping the course), with the entry itself', () => {
    const entry = f.certified.signoffs[0];
    expect(byEntry(tess, entry?.payload.id as string)).toMatchObject({
      verb: { id: VERB_IDS.passed, display: { en: 'passed' } },
      object: {
        id: `${SITE_URL}skills/active-listening/#step-show`,
        definition: { type: `${SITE_URL}xapi/activity-types/step` },
      },
      result: { success: true, completion: true },
      context: {
        instructor: {
          objectType: 'Agent',
          name: 'Alice Adams',
          account: { homePage: SITE_URL, name: 'alice-trainer' },
        },
        contextActivities: {
          parent: [{ id: `${SITE_URL}skills/active-listening/`, definition: { type: ACTIVITY_TYPES.objective } }],
          grouping: [{ id: SITE_URL }],
          category: [{ id: `${SITE_URL}xapi/profile.jsonld#v1` }],
        },
        extensions: {
          [ext('step')]: 'show',
          [ext('outcome')]: 'signed-off',
          [ext('observed-on')]: '2026-03-02',
          [ext('signed-at')]: entry?.payload.signedAt,
          [ext('notes')]: 'Named three cues and why.',
          [ext('skill-version')]: entry?.payload.skillHash,
          [ext('entry')]: entry?.jws,
        },
      },
      // The observation day, at noon UTC (the signing moment is in its extension).
      timestamp: '2026-03-02T12:00:00.000Z',
    });
    expect(byEntry(tess, entry?.payload.id as string).result).not.toHaveProperty('response');
  });

  it('reports practice as attempted with no success, with its evidence', () => {
    const practice = f.certified.signoffs.find((s) => s.payload.outcome === 'practice')?.payload;
    const s = byEntry(tess, practice?.id as string);
    expect(s).toMatchObject({
      verb: { id: VERB_IDS.attempted },
      result: { extensions: { [ext('evidence')]: { debrief: 'Slow down before summarising.' } } },
      context: {
        extensions: {
          [ext('step')]: 'copilot',
          [ext('outcome')]: 'practice',
          [ext('notes')]: 'Needed prompts on the second call.',
        },
      },
    });
    expect(s.result).not.toHaveProperty('success');
    // Nothing the roster decides (demo) is in the statement: the verifier says it on reading.
    const demoSession = f.inProgress.signoffs.find((x) => x.demo)?.payload;
    expect(byEntry(omar, demoSession?.id as string).context?.instructor).toMatchObject({
      account: { name: 'demo-trainer' },
    });
  });

  it('reports a re-opening with Tandem’s verb and no success', () => {
    const reopened = f.certified.signoffs.find((s) => s.payload.outcome === 're-opened')?.payload;
    const s = byEntry(tess, reopened?.id as string);
    expect(s).toMatchObject({
      verb: { id: `${SITE_URL}xapi/verbs/re-opened` },
      context: { extensions: { [ext('notes')]: 'The escalation policy changed.' } },
    });
    expect(s.result?.success).toBeUndefined();
  });

  it('reports skill and course certifications as passed on the skill or the course, with the expiry', () => {
    const [skill, , course] = f.certified.certifications.map((c) => c.payload);
    expect(byEntry(tess, skill?.id as string)).toMatchObject({
      verb: { id: VERB_IDS.passed },
      object: { id: `${SITE_URL}skills/active-listening/` },
      result: { success: true, completion: true, extensions: { [ext('expires')]: '2027-03-12T13:00:00.000Z' } },
      context: { instructor: { name: 'Alice Adams' }, extensions: { [ext('certification')]: 'skill' } },
      timestamp: '2026-03-06T12:00:00.000Z',
    });
    const courseStatement = byEntry(tess, course?.id as string);
    expect(courseStatement.object).toEqual({
      objectType: 'Activity',
      id: SITE_URL,
      definition: { type: ACTIVITY_TYPES.course },
    });
    expect(courseStatement.context?.extensions?.[ext('certification')]).toBe('course');
    // "Who passed Active listening" finds the certification only, never a step.
    const passedSkill = tess.filter(
      (s) => s.verb.id === VERB_IDS.passed && s.object.id === `${SITE_URL}skills/active-listening/`,
    );
    expect(passedSkill.map((s) => s.context?.extensions?.[ext('entry-id')])).toEqual([skill?.id]);
  });

  it('refuses a site URL that is not absolute', () => {
    expect(() => recordToStatements(f.certified, { siteUrl: '/onboarding/' })).toThrow(/absolute/);
    expect(() => recordToStatements(f.certified, { siteUrl: 'ftp://example.org/' })).toThrow(/absolute/);
  });
});

/* eslint-disable @typescript-eslint/no-explicit-any -- the negative tests break statements in arbitrary ways */
describe('validateStatement', () => {
  let good: Statement;
  beforeAll(() => {
    const s = tess.find((x) => x.verb.id === VERB_IDS.failed);
    // A statement using every part the rules look at: score, instructor, extensions.
    good = {
      ...(s as Statement),
      result: { ...s?.result, extensions: { [ext('x')]: 1 } },
      context: {
        ...s?.context,
        instructor: byEntry(tess, f.certified.signoffs[0]?.payload.id as string).context?.instructor,
      },
    } as Statement;
  });

  /** A copy of the good statement with `edit` applied. */
  function broken(edit: (s: Record<string, any>) => void): unknown {
    const copy = structuredClone(good) as Record<string, any>;
    edit(copy);
    return copy;
  }

  it('accepts the good statement', () => {
    expect(validateStatement(good)).toEqual([]);
  });

  it.each<[string, (s: Record<string, any>) => void, string]>([
    ['an id that is not a UUID', (s) => (s.id = 'statement-1'), 'id: is not a UUID'],
    ['a missing id', (s) => delete s.id, 'id: is not a UUID'],
    ['another version', (s) => (s.version = '2.0.0'), 'version: is not 1.0.x'],
    [
      'an actor with two identifiers',
      (s) => (s.actor.mbox = 'mailto:tess@example.org'),
      'actor: has 2 inverse functional identifiers (mbox, account)',
    ],
    ['an actor with no identifier', (s) => delete s.actor.account, 'actor: has 0 inverse functional identifiers'],
    ['an actor that is a Group', (s) => (s.actor.objectType = 'Group'), 'actor: is not an Agent'],
    [
      'an account without a home page IRL',
      (s) => (s.actor.account.homePage = 'example.org'),
      'actor.account.homePage: is not an IRL',
    ],
    [
      'an mbox that is not mailto:',
      (s) => (s.actor = { mbox: 'tess@example.org' }),
      'actor.mbox: is not a mailto: IRI',
    ],
    ['a verb id that is not an IRI', (s) => (s.verb.id = 'passed'), 'verb.id: is not an IRI'],
    [
      'a verb display not keyed by language',
      (s) => (s.verb.display = { 'in english': 'passed' }),
      'verb.display: key "in english" is not a language tag',
    ],
    ['an object id that is not an IRI', (s) => (s.object.id = 'lessons/x/#quiz'), 'object.id: is not an IRI'],
    ['an object id with a space', (s) => (s.object.id = 'https://example.org/a b'), 'object.id: is not an IRI'],
    [
      'an activity type that is not an IRI',
      (s) => (s.object.definition.type = 'assessment'),
      'object.definition.type: is not an IRI',
    ],
    ['a scaled score above 1', (s) => (s.result.score.scaled = 1.5), 'result.score.scaled: is not between -1 and 1'],
    ['a scaled score below -1', (s) => (s.result.score.scaled = -1.01), 'result.score.scaled: is not between -1 and 1'],
    ['a raw score above max', (s) => (s.result.score.raw = 6), 'result.score.raw: is more than max'],
    ['a raw score below min', (s) => (s.result.score.raw = -1), 'result.score.raw: is less than min'],
    [
      'min not below max',
      (s) => Object.assign(s.result.score, { min: 5, raw: 5 }),
      'result.score.min: is not less than max',
    ],
    ['a score that is not a number', (s) => (s.result.score.raw = '3'), 'result.score.raw: is not a number'],
    ['success that is not a boolean', (s) => (s.result.success = 'yes'), 'result.success: is not true or false'],
    [
      'a result extension key that is not an IRI',
      (s) => (s.result.extensions = { score: 1 }),
      'result.extensions: key "score" is not an IRI',
    ],
    [
      'a context extension key that is not an IRI',
      (s) => (s.context.extensions = { step: 'show' }),
      'context.extensions: key "step" is not an IRI',
    ],
    [
      'an instructor that is not an Agent',
      (s) => (s.context.instructor = { objectType: 'Group', member: [] }),
      'context.instructor: is not an Agent',
    ],
    [
      'an instructor with no identifier',
      (s) => (s.context.instructor = { name: 'Alice' }),
      'context.instructor: has 0 inverse functional identifiers',
    ],
    [
      'a parent activity without an IRI',
      (s) => (s.context.contextActivities.parent[0].id = 'lesson'),
      'context.contextActivities.parent[0].id: is not an IRI',
    ],
    [
      'a timestamp without a time zone',
      (s) => (s.timestamp = '2026-03-01T09:00:00'),
      'timestamp: is not an ISO 8601 date-time',
    ],
    [
      'a timestamp that is not ISO 8601',
      (s) => (s.timestamp = '1 March 2026'),
      'timestamp: is not an ISO 8601 date-time',
    ],
    [
      'an impossible timestamp',
      (s) => (s.timestamp = '2026-13-45T09:00:00Z'),
      'timestamp: is not an ISO 8601 date-time',
    ],
    ['an unknown property', (s) => (s.grade = 'A'), 'statement: has an unknown property "grade"'],
    ['an unknown result property', (s) => (s.result.grade = 'A'), 'result: has an unknown property "grade"'],
  ])('catches %s', (_name, edit, problem) => {
    const problems = validateStatement(broken(edit));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(problem);
  });

  it('refuses what is not a statement at all', () => {
    expect(validateStatement(null)).toEqual(['statement: is not a JSON object']);
    expect(validateStatement([])).toEqual(['statement: is not a JSON object']);
    expect(validateStatement({}).length).toBeGreaterThanOrEqual(4);
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */
