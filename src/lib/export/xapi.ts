/**
 * xAPI 1.0.3 statements from a verified trainee record, for a learning record store (LRS). A
 * small structural validator for the 1.0.3 rules these statements rely on is in
 * ./xapi-validate.ts.
 *
 * What becomes a statement, and with which verb (ADL vocabulary, https://w3id.org/xapi/adl), is
 * decided by signed facts only (see `entryStatement`):
 * - a completed lesson: `completed`, object the lesson;
 * - a quiz attempt: `passed` or `failed`, object the lesson's quiz (an assessment), with the score;
 * - a trainer's entry about one step of a skill, object the step (parent the skill, grouping the
 *   course), trainer in `context.instructor`:
 *   - signed off: `passed` the step, `success: true` (the trainer watched it and judged it done);
 *   - practice: `attempted`, no `success` (a session is not a failure);
 *   - re-opened: no ADL verb means "an earlier pass no longer stands", so Tandem's own
 *     (`<site>xapi/verbs/re-opened`, in the profile). `voided` does not fit: it says a statement
 *     was wrong, while the sign-off was right when it was made;
 * - a certification: `passed` the skill (an objective) or the course, `success: true`. Steps are
 *   activities of their own, so "who passed skill X" counts certifications, never steps;
 * - the trainee's acknowledgement of a sign-off (the second signature): Tandem's `acknowledged`
 *   verb (`<site>xapi/verbs/acknowledged`, in the profile; ADL has none for "I confirm this
 *   training happened"), actor the trainee, object the sign-off's step, `context.statement` the
 *   sign-off's statement, the acknowledgement as signed and the trainee's public key in context
 *   extensions (see `ackStatement`).
 *
 * Every statement id is a name-based UUID (version 5, RFC 9562 §5.5) of where the statement came
 * from (entry id, acknowledgement, or lesson and time), so exporting the same record twice gives the same ids and
 * an LRS stores each statement once. For the same reason nothing here depends on the time of the
 * export: an LRS answers 409 Conflict to a known id with different content (xAPI 1.0.3 Part 3
 * §1.4.1), so the same source must always give the very same statement.
 *
 * Over 400 lines on purpose: every statement kind Tandem sends (lessons, quizzes, steps,
 * certifications, acknowledgements) is made here side by side from the same ids and vocabulary,
 * so one can check they agree with the published profile (./xapi-profile.ts) in one reading.
 */
import { siteRoot, uuidV5, URL_NAMESPACE } from './ids';
import type { SignoffPayload } from '../trust/entry';
import type { PublicJwk } from '../trust/roster';
import type { CertificationPayload, TraineeRecord } from './types';

/** Language of names in statements: the site's pages are `lang="en"`. */
const LANG = 'en';
export const XAPI_VERSION = '1.0.3';
const PLATFORM = 'Tandem';

/** ADL verbs used here (http://adlnet.gov/expapi/verbs/…, https://w3id.org/xapi/adl/verbs/…). */
export const VERB_IDS = {
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  attempted: 'http://adlnet.gov/expapi/verbs/attempted',
} as const;

/** ADL activity types. A skill is an `objective`: "determines whether competency has been achieved". */
export const ACTIVITY_TYPES = {
  course: 'http://adlnet.gov/expapi/activities/course',
  lesson: 'http://adlnet.gov/expapi/activities/lesson',
  assessment: 'http://adlnet.gov/expapi/activities/assessment',
  objective: 'http://adlnet.gov/expapi/activities/objective',
} as const;

export type LanguageMap = Record<string, string>;

export interface Agent {
  objectType: 'Agent';
  name?: string;
  account: { homePage: string; name: string };
}

export interface Activity {
  objectType: 'Activity';
  id: string;
  definition?: { type?: string; name?: LanguageMap; description?: LanguageMap };
}

export interface StatementResult {
  score?: { raw: number; min: number; max: number; scaled: number };
  success?: boolean;
  completion?: boolean;
  response?: string;
  extensions?: Record<string, unknown>;
}

/** A reference to another statement by its id (xAPI 1.0.3 Part 2 §2.4.4.3). */
export interface StatementRef {
  objectType: 'StatementRef';
  id: string;
}

export interface StatementContext {
  instructor?: Agent;
  platform?: string;
  registration?: string;
  /** The statement this one is about: an acknowledgement names the sign-off's. */
  statement?: StatementRef;
  contextActivities?: { parent?: Activity[]; grouping?: Activity[]; category?: Activity[] };
  extensions?: Record<string, unknown>;
}

export interface Statement {
  id: string;
  version: typeof XAPI_VERSION;
  actor: Agent;
  verb: { id: string; display: LanguageMap };
  object: Activity;
  result?: StatementResult;
  context?: StatementContext;
  timestamp: string;
}

export interface StatementOptions {
  /**
   * Public URL of the site (with or without the trailing slash). Activity ids, the accounts'
   * home page and Tandem's extension IRIs are made from it.
   */
  siteUrl: string;
}

/**
 * Tandem's own IRIs under the site: the verb, activity type and extensions that the xAPI profile
 * (src/lib/export/xapi-profile.ts, published at `<site>xapi/profile.jsonld`) defines.
 */
export function tandemIris(site: string) {
  const root = siteRoot(site);
  return {
    /** The profile's id, and where it is published. */
    profile: `${root}xapi/profile.jsonld`,
    /** The profile version statements name in `contextActivities.category` (xAPI Profiles §9). */
    profileVersion: `${root}xapi/profile.jsonld#v1`,
    reopened: `${root}xapi/verbs/re-opened`,
    acknowledged: `${root}xapi/verbs/acknowledged`,
    stepType: `${root}xapi/activity-types/step`,
    ext: (name: ExtensionName) => `${root}xapi/extensions/${name}`,
  };
}

/** Every extension Tandem writes (each one is described in the profile). */
export const EXTENSIONS = [
  'entry',
  'entry-id',
  'step',
  'outcome',
  'notes',
  'evidence',
  'skill-version',
  'observed-on',
  'signed-at',
  'certification',
  'expires',
  'quiz-version',
  'pass-mark',
  'acknowledgement',
  'trainee-key',
] as const;
export type ExtensionName = (typeof EXTENSIONS)[number];

/** One signed entry: its payload (verified) and, when known, the entry as signed (compact JWS). */
export type SignedFact =
  | { kind: 'signoff'; payload: SignoffPayload; jws?: string | undefined }
  | { kind: 'certification'; payload: CertificationPayload; jws?: string | undefined };

/**
 * The statement of one signed entry, made from the signed payload alone (and the site address),
 * so the same entry always gives the very same statement, whatever the content version, the
 * roster's demo flags or the day it is made: an LRS answers 409 Conflict, and refuses the whole
 * batch, when a known id comes back with other content (xAPI 1.0.3 Part 3 §1.4.1).
 *
 * - A sign-off passes the step (an activity of its own: parent the skill, grouping the course),
 *   with `success: true`; practice is `attempted` with no `success` (a session is not a
 *   failure); re-opening is Tandem's `re-opened` verb, no `success`. "Who passed skill X" thus
 *   never counts steps: only a certification passes the skill (or the course).
 * - `context.registration`: one UUID per trainee enrolment in the course; `context.instructor`:
 *   the trainer as signed; `timestamp`: the observation day (the signed `observedAt` is a day in
 *   the trainer's time zone: noon UTC keeps that calendar day in nearly every zone); the signing
 *   moment is in an extension. Trainer notes go in an extension, not `result.response`, which
 *   reports read as the learner's answer.
 * - The entry itself (compact JWS) travels in a context extension: see "xAPI statements" in
 *   docs/export-format.md for why an extension rather than an attachment.
 */
export function entryStatement(fact: SignedFact, options: StatementOptions): Statement {
  const site = siteRoot(options.siteUrl);
  const iri = tandemIris(site);
  const p = fact.payload;
  const segment = encodeURIComponent;
  const course = activity(site, ACTIVITY_TYPES.course);
  const category = [{ objectType: 'Activity' as const, id: iri.profileVersion }];
  const common = {
    actor: agent(site, p.trainee),
    registration: registrationId(site, p.course, p.trainee.id),
    instructor: agent(site, p.trainer),
    entry: fact.jws !== undefined ? { [iri.ext('entry')]: fact.jws } : {},
  };
  const skillActivity = (id: string) => activity(`${site}skills/${segment(id)}/`, ACTIVITY_TYPES.objective);
  const id = (source: 'signoff' | 'certification') => entryStatementId(site, p.trainee.id, source, p.id);

  if (fact.kind === 'signoff') {
    const s = fact.payload;
    const step = stepActivity(site, s);
    const evidence = Object.keys(s.evidence).length > 0 ? { [iri.ext('evidence')]: s.evidence } : undefined;
    const result: StatementResult | undefined =
      s.outcome === 'signed-off'
        ? { success: true, completion: true, ...(evidence && { extensions: evidence }) }
        : evidence && { extensions: evidence };
    return {
      id: id('signoff'),
      version: XAPI_VERSION,
      actor: common.actor,
      verb: signoffVerb(iri.reopened, s),
      object: step,
      ...(result && { result }),
      context: {
        registration: common.registration,
        instructor: common.instructor,
        platform: PLATFORM,
        contextActivities: { parent: [skillActivity(s.skill)], grouping: [course], category },
        extensions: {
          [iri.ext('entry-id')]: s.id,
          [iri.ext('step')]: s.step,
          [iri.ext('outcome')]: s.outcome,
          [iri.ext('skill-version')]: s.skillHash,
          [iri.ext('observed-on')]: s.observedAt,
          [iri.ext('signed-at')]: s.signedAt,
          ...(s.notes !== '' && { [iri.ext('notes')]: s.notes }),
          ...common.entry,
        },
      },
      timestamp: `${s.observedAt}T12:00:00.000Z`,
    };
  }

  const c = fact.payload;
  const isSkill = c.scope === 'skill' && c.skill !== undefined;
  return {
    id: id('certification'),
    version: XAPI_VERSION,
    actor: common.actor,
    verb: verb(VERB_IDS.passed, 'passed'),
    object: isSkill ? skillActivity(c.skill as string) : course,
    result: {
      success: true,
      completion: true,
      ...(c.expiresAt !== undefined && { extensions: { [iri.ext('expires')]: c.expiresAt } }),
    },
    context: {
      registration: common.registration,
      instructor: common.instructor,
      platform: PLATFORM,
      contextActivities: { ...(isSkill && { parent: [course] }), grouping: [course], category },
      extensions: {
        [iri.ext('entry-id')]: c.id,
        [iri.ext('certification')]: c.scope,
        ...(isSkill && c.skillHash !== undefined && { [iri.ext('skill-version')]: c.skillHash }),
        ...common.entry,
      },
    },
    timestamp: c.certifiedAt,
  };
}

/** The id of an entry's statement: a UUID of the entry's id, scoped to the site and the trainee. */
function entryStatementId(site: string, traineeId: string, source: 'signoff' | 'certification', id: string): string {
  const segment = encodeURIComponent;
  return uuidV5(URL_NAMESPACE, `${site}xapi/statements/${segment(traineeId)}/${source}/${segment(id)}`);
}

function stepActivity(site: string, s: SignoffPayload): Activity {
  return activity(`${site}skills/${encodeURIComponent(s.skill)}/#step-${s.step}`, tandemIris(site).stepType);
}

/** A trainee's acknowledgement of a sign-off, as verified (`TraineeRecord.signoffs[].ack`). */
export interface AcknowledgementFact {
  /** The sign-off acknowledged, as the trainer signed it (verified). */
  signoff: SignoffPayload;
  /** The acknowledgement (verified): when, what the trainee stated, and its compact JWS. */
  ack: { at: string; statement: string; jws: string };
  /** The trainee's public key the acknowledgement verifies with (the record's). */
  traineeKey?: PublicJwk | undefined;
}

/**
 * The statement of a trainee's acknowledgement: the second signature on a sign-off, so an LRS
 * report can show both. Made from the verified sign-off and acknowledgement alone, like
 * `entryStatement`, so the same acknowledgement always gives the very same statement.
 *
 * - actor the trainee, verb Tandem's `acknowledged`, object the sign-off's step (the same
 *   activity as the sign-off's statement), `context.statement` the sign-off's statement,
 *   `context.instructor` the trainer who signed it, `timestamp` when the trainee signed;
 * - `result.response`: the statement the trainee signed, word for word (it is their answer);
 * - context extensions: the sign-off's entry id and step, the acknowledgement as signed
 *   (`acknowledgement`, a compact JWS) and the trainee's public key (`trainee-key`, a JWK). The
 *   key travels so a desk reading the LRS can check the acknowledgement; it is believed only
 *   when its thumbprint is the one a trainer's verified entry names (lib/lrs/carry.ts).
 * - the id is a UUID of the acknowledgement itself (the entry it names and its signature), so
 *   sending it again is harmless, and another acknowledgement of the same entry is another
 *   statement.
 */
export function ackStatement(fact: AcknowledgementFact, options: StatementOptions): Statement {
  const site = siteRoot(options.siteUrl);
  const iri = tandemIris(site);
  const s = fact.signoff;
  const segment = encodeURIComponent;
  const signature = fact.ack.jws.split('.')[2] ?? '';
  return {
    id: uuidV5(
      URL_NAMESPACE,
      `${site}xapi/statements/${segment(s.trainee.id)}/acknowledgement/${segment(s.id)}/${signature}`,
    ),
    version: XAPI_VERSION,
    actor: agent(site, s.trainee),
    verb: verb(iri.acknowledged, 'acknowledged'),
    object: stepActivity(site, s),
    result: { response: fact.ack.statement },
    context: {
      registration: registrationId(site, s.course, s.trainee.id),
      instructor: agent(site, s.trainer),
      platform: PLATFORM,
      statement: { objectType: 'StatementRef', id: entryStatementId(site, s.trainee.id, 'signoff', s.id) },
      contextActivities: {
        parent: [activity(`${site}skills/${segment(s.skill)}/`, ACTIVITY_TYPES.objective)],
        grouping: [activity(site, ACTIVITY_TYPES.course)],
        category: [{ objectType: 'Activity', id: iri.profileVersion }],
      },
      extensions: {
        [iri.ext('entry-id')]: s.id,
        [iri.ext('step')]: s.step,
        [iri.ext('acknowledgement')]: fact.ack.jws,
        ...(fact.traineeKey && { [iri.ext('trainee-key')]: fact.traineeKey }),
      },
    },
    timestamp: fact.ack.at,
  };
}

/** One registration per trainee enrolment: the same course and trainee always give the same UUID. */
export function registrationId(siteUrl: string, course: string, traineeId: string): string {
  const site = siteRoot(siteUrl);
  return uuidV5(
    URL_NAMESPACE,
    `${site}xapi/registrations/${encodeURIComponent(course)}/${encodeURIComponent(traineeId)}`,
  );
}

/**
 * The record as xAPI 1.0.3 statements, oldest first: completed lessons, quiz attempts (both the
 * trainee's own, unsigned account), every trainer entry, the trainee's acknowledgement of each one
 * acknowledged, and every certification. Pure and
 * synchronous. Like the entry statements, lesson and quiz statements depend only on what the
 * record holds about them (no titles, which an owner may edit), so a later export of the same
 * record repeats them exactly.
 */
export function recordToStatements(record: TraineeRecord, options: StatementOptions): Statement[] {
  const site = siteRoot(options.siteUrl);
  const iri = tandemIris(site);
  const segment = encodeURIComponent;
  const actor = agent(site, record.trainee);
  const registration = registrationId(site, record.course.id, record.trainee.id);
  const course = activity(site, ACTIVITY_TYPES.course);
  const lessonActivity = (id: string) => activity(`${site}lessons/${segment(id)}/`, ACTIVITY_TYPES.lesson);
  /** The statement's id: a UUID of what it is about, scoped to the site and the trainee. */
  const make = (source: string, body: Omit<Statement, 'id' | 'version' | 'actor'>): Statement => ({
    id: uuidV5(URL_NAMESPACE, `${site}xapi/statements/${segment(record.trainee.id)}/${source}`),
    version: XAPI_VERSION,
    actor,
    ...body,
  });

  const out: Statement[] = [];

  for (const [id, lesson] of Object.entries(record.lessons)) {
    if (!lesson.completedAt) continue;
    out.push(
      make(`lesson/${segment(id)}/${lesson.completedAt}`, {
        verb: verb(VERB_IDS.completed, 'completed'),
        object: lessonActivity(id),
        result: { completion: true },
        context: { registration, platform: PLATFORM, contextActivities: { parent: [course] } },
        timestamp: lesson.completedAt,
      }),
    );
  }

  for (const [lesson, attempts] of Object.entries(record.quizAttempts)) {
    const seen = new Map<string, number>();
    for (const a of attempts) {
      // Two attempts stamped with the same instant still get different ids.
      const n = seen.get(a.at) ?? 0;
      seen.set(a.at, n + 1);
      out.push(
        make(`quiz/${segment(lesson)}/${a.at}${n > 0 ? `/${n}` : ''}`, {
          verb: a.passed ? verb(VERB_IDS.passed, 'passed') : verb(VERB_IDS.failed, 'failed'),
          object: activity(`${site}lessons/${segment(lesson)}/#quiz`, ACTIVITY_TYPES.assessment),
          result: {
            ...(a.total > 0 && { score: { raw: a.score, min: 0, max: a.total, scaled: a.score / a.total } }),
            success: a.passed,
            completion: true,
          },
          context: {
            registration,
            platform: PLATFORM,
            contextActivities: { parent: [lessonActivity(lesson)], grouping: [course] },
            extensions: {
              [iri.ext('quiz-version')]: a.hash,
              ...(a.passMark !== undefined && { [iri.ext('pass-mark')]: a.passMark }),
            },
          },
          timestamp: a.at,
        }),
      );
    }
  }

  for (const s of record.signoffs) {
    out.push(entryStatement({ kind: 'signoff', payload: s.payload, jws: s.jws }, options));
    if (s.ack) out.push(ackStatement({ signoff: s.payload, ack: s.ack, traineeKey: record.trainee.key }, options));
  }
  for (const c of record.certifications) {
    out.push(entryStatement({ kind: 'certification', payload: c.payload, jws: c.jws }, options));
  }

  return out.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp) || (a.id < b.id ? -1 : 1));
}

function agent(site: string, who: { id: string; name: string }): Agent {
  return { objectType: 'Agent', name: who.name, account: { homePage: site, name: who.id } };
}

/**
 * An activity with its type only: names live on the site (the id is the page's address), since
 * a title an owner edits would change the statement and make the LRS refuse it.
 */
function activity(id: string, type: string): Activity {
  return { objectType: 'Activity', id, definition: { type } };
}

function verb(id: string, display: string): Statement['verb'] {
  return { id, display: { [LANG]: display } };
}

/** One display per verb id: some LRSs keep the first display they see for a verb. */
function signoffVerb(reopened: string, p: SignoffPayload): Statement['verb'] {
  if (p.outcome === 'signed-off') return verb(VERB_IDS.passed, 'passed');
  if (p.outcome === 'practice') return verb(VERB_IDS.attempted, 'attempted');
  return verb(reopened, 're-opened');
}
