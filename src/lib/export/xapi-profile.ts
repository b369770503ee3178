/**
 * Tandem's xAPI profile (xAPI Profiles 1.0, JSON-LD), published by the site at
 * `<site>xapi/profile.jsonld` (src/pages/xapi/profile.jsonld.ts): what Tandem's own verb, activity
 * type and extensions mean, so the IRIs in its statements point at something an LRS, a report
 * writer or an auditor can read. Every IRI comes from `tandemIris` (./xapi.ts), the one place
 * statements take them from, and a test holds every IRI a statement uses against this document.
 */
import { EXTENSIONS, tandemIris, type ExtensionName } from './xapi';
import { siteRoot } from './ids';

interface Concept {
  id: string;
  type: 'Verb' | 'ActivityType' | 'ContextExtension' | 'ResultExtension';
  inScheme: string;
  prefLabel: { en: string };
  definition: { en: string };
  inlineSchema?: string;
}

const text = { type: 'string' };
const date = { type: 'string', format: 'date' };
const dateTime = { type: 'string', format: 'date-time' };

/** What each extension holds, where it sits, and the JSON Schema of its value. */
const EXTENSION_TEXT: Record<
  ExtensionName,
  [where: 'context' | 'result', label: string, meaning: string, schema: object]
> = {
  entry: [
    'context',
    'Signed entry',
    'The Tandem entry this statement was made from, as the trainer signed it: a compact JWS (ES256) whose payload is described in Tandem’s export format documentation. Tandem trusts nothing else in the statement: it verifies this entry against the course’s published roster (<site>tandem/manifest.json).',
    text,
  ],
  'entry-id': [
    'context',
    'Entry id',
    'The id (a UUID) of the signed entry the statement was made from (for an acknowledgement: the sign-off acknowledged).',
    text,
  ],
  step: [
    'context',
    'Step',
    'The step of the four-step method: show, copilot, solo or teachback.',
    { enum: ['show', 'copilot', 'solo', 'teachback'] },
  ],
  outcome: [
    'context',
    'Outcome',
    'What the trainer recorded: signed-off, practice (a session, the step not yet signed off) or re-opened.',
    { enum: ['signed-off', 'practice', 're-opened'] },
  ],
  notes: ['context', 'Trainer’s notes', 'The trainer’s free notes on the session (not the learner’s answer).', text],
  evidence: [
    'result',
    'Evidence',
    'What the trainer recorded of the session: learningStyle, explanation, debrief, taught {name, role}.',
    { type: 'object' },
  ],
  'skill-version': [
    'context',
    'Skill version',
    'Content hash (SHA-256, base64url) of the skill definition the trainer signed against.',
    text,
  ],
  'observed-on': ['context', 'Observed on', 'The day of the session, in the trainer’s time zone.', date],
  'signed-at': ['context', 'Signed at', 'When the trainer signed the entry, by the signing device’s clock.', dateTime],
  certification: [
    'context',
    'Certification scope',
    'skill: the skill’s four steps and quizzes are complete; course: every required skill is certified.',
    { enum: ['skill', 'course'] },
  ],
  expires: ['result', 'Certified until', 'When the certification is due for renewal.', dateTime],
  'quiz-version': [
    'context',
    'Quiz version',
    'Content hash of the quiz the attempt was made on (the trainee’s own, unsigned account).',
    text,
  ],
  'pass-mark': ['context', 'Pass mark', 'The pass mark (percent) the attempt was scored against.', { type: 'number' }],
  acknowledgement: [
    'context',
    'Trainee’s acknowledgement',
    'The trainee’s acknowledgement of the sign-off, as they signed it with their own key: a compact JWS (ES256, typ tandem-ack+jws) over the sign-off’s payload hash and the course’s statement. The second signature on the step; verify it with the trainee key below, against the signed entry of the sign-off statement it names (context.statement).',
    text,
  ],
  'trainee-key': [
    'context',
    'Trainee key',
    'The public half of the trainee’s own key (a P-256 JWK) that the acknowledgement verifies with. Believe it only when its RFC 7638 thumbprint is the trainee key id that the trainer’s signed entry names.',
    { type: 'object', required: ['kty', 'crv', 'x', 'y'] },
  ],
};

/** The profile document for the site at `siteUrl`. Deterministic: the same site, the same bytes. */
export function xapiProfile(siteUrl: string): Record<string, unknown> {
  const site = siteRoot(siteUrl);
  const iri = tandemIris(site);
  const concept = (id: string, type: Concept['type'], label: string, meaning: string, schema?: object): Concept => ({
    id,
    type,
    inScheme: iri.profileVersion,
    prefLabel: { en: label },
    definition: { en: meaning.replace('<site>', site) },
    ...(schema && { inlineSchema: JSON.stringify(schema) }),
  });
  return {
    '@context': 'https://w3id.org/xapi/profiles/context',
    id: iri.profile,
    type: 'Profile',
    conformsTo: 'https://w3id.org/xapi/profiles#1.0',
    prefLabel: { en: 'Tandem trainer-led certification' },
    definition: {
      en:
        'Statements of a Tandem course: a trainer signs each of four steps of a skill (show, co-pilot, solo, ' +
        'teach-back) for a trainee, and certifies a skill or the course. A step is an activity of its own ' +
        '(parent the skill, grouping the course): a sign-off passes the step, practice is attempted, and only a ' +
        'certification passes the skill or the course. Every trainer statement carries the signed entry it was ' +
        'made from; verify it, not the statement. A trainee’s acknowledgement of a sign-off is a statement of its own ' +
        '(verb acknowledged, actor the trainee) carrying the acknowledgement the trainee signed.',
    },
    author: { type: 'Organization', name: 'Tandem' },
    versions: [{ id: iri.profileVersion, generatedAtTime: '2026-12-01T00:00:00Z' }],
    concepts: [
      concept(
        iri.reopened,
        'Verb',
        're-opened',
        'A trainer re-opened a step signed off earlier: it (and every later step) is to be done again. The earlier sign-off was right when it was made, so it is not voided.',
      ),
      concept(
        iri.acknowledged,
        'Verb',
        'acknowledged',
        'The trainee signed, with their own key, that the training of a step a trainer signed off was given as the course’s statement says (for example: training given, questions answered, practice provided). The object is the step; context.statement is the trainer’s sign-off.',
      ),
      concept(
        iri.stepType,
        'ActivityType',
        'Certification step',
        'One of the four steps of a skill (show, copilot, solo, teachback): the activity id is the skill’s address with #step-<step>.',
      ),
      ...EXTENSIONS.map((name) => {
        const [where, label, meaning, schema] = EXTENSION_TEXT[name];
        return concept(
          iri.ext(name),
          where === 'result' ? 'ResultExtension' : 'ContextExtension',
          label,
          meaning,
          schema,
        );
      }),
    ],
  };
}
