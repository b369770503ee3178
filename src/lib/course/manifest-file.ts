/**
 * Reading a published course manifest (`/tandem/manifest.json`, or a copy of it) for the
 * `verify` command. The manifest is the trust anchor, so it is not second-guessed, but a wrong
 * or damaged file must give a clear message instead of a crash halfway through a verification.
 */
import { MANIFEST_FORMAT, MANIFEST_VERSION, type CourseManifest } from './manifest';
import { describeValue } from '../describe';
import { isRecord } from '../trust/encoding';
import { fail, ok, type Result } from '../result';

export type ManifestReason = 'not-json' | 'not-a-manifest' | 'unsupported-version' | 'damaged';

/** Parses a manifest's JSON text, checking the members verification relies on. Never throws. */
export function parseManifest(text: string): Result<CourseManifest, ManifestReason> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail('not-json', 'The manifest is not JSON.');
  }
  if (!isRecord(data) || data['format'] !== MANIFEST_FORMAT) {
    return fail('not-a-manifest', `The file is not a Tandem course manifest (its "format" is not ${MANIFEST_FORMAT}).`);
  }
  if (data['version'] !== MANIFEST_VERSION) {
    return fail(
      'unsupported-version',
      `The manifest has format version ${describeValue(data['version'])}; this code reads version ${MANIFEST_VERSION}.`,
    );
  }
  const problem = manifestProblem(data);
  return problem ? fail('damaged', `The manifest is damaged: ${problem}.`) : ok(data as unknown as CourseManifest);
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);

const isPeriod = (v: unknown): boolean =>
  isRecord(v) && (v['from'] === undefined || isString(v['from'])) && (v['until'] === undefined || isString(v['until']));

/** A trainer's qualifications must read one way: a damaged list would otherwise let anyone sign. */
function qualificationProblem(t: Record<string, unknown>): string | undefined {
  const skills = t['skills'];
  if (skills !== undefined) {
    if (!Array.isArray(skills)) return 'skills is not a list';
    for (const [j, s] of skills.entries()) {
      if (!isPeriod(s) || !isString((s as Record<string, unknown>)['skill']))
        return `skills[${j}] is not {skill, from?, until?}`;
    }
  }
  const certify = t['certify'];
  if (certify !== undefined && certify !== false && !isPeriod(certify))
    return 'certify is not false or {from?, until?}';
  return undefined;
}

/** Acknowledgement rules must read one way: a damaged `required` is never read as "not required". */
function isAckRules(a: unknown): boolean {
  return (
    isRecord(a) &&
    isString(a['statement']) &&
    typeof a['required'] === 'boolean' &&
    Array.isArray(a['earlier']) &&
    a['earlier'].every(isString)
  );
}

function manifestProblem(m: Record<string, unknown>): string | undefined {
  const course = m['course'];
  if (!isRecord(course) || !isString(course['id']) || !isString(course['title'])) return 'course is incomplete';
  if (!isString(course['organisation'])) return 'course.organisation is missing';
  if (typeof course['passMark'] !== 'number') return 'course.passMark is not a number';
  const months = course['certificationExpiryMonths'];
  if (typeof months !== 'number' || !Number.isInteger(months) || months < 0) {
    return 'course.certificationExpiryMonths is not a whole number';
  }
  const ack = course['acknowledgement'];
  if (ack !== undefined && !isAckRules(ack)) return 'course.acknowledgement is not {statement, required, earlier}';

  if (m['site'] !== undefined && !(isString(m['site']) && /^https?:\/\/[^/]+\/(.*\/)?$/.test(m['site']))) {
    return 'site is not an address ending in /';
  }

  const roster = m['roster'];
  if (!isRecord(roster) || !Array.isArray(roster['trainers'])) return 'roster.trainers is not a list';
  for (const [i, t] of roster['trainers'].entries()) {
    if (!isRecord(t) || !isString(t['id']) || !isString(t['name']) || typeof t['demo'] !== 'boolean') {
      return `roster.trainers[${i}] is not {id, name, demo, keys}`;
    }
    if (!Array.isArray(t['keys'])) return `roster.trainers[${i}].keys is not a list`;
    const qualification = qualificationProblem(t);
    if (qualification) return `roster.trainers[${i}].${qualification}`;
    for (const [j, k] of t['keys'].entries()) {
      const at = `roster.trainers[${i}].keys[${j}]`;
      if (!isRecord(k) || !isString(k['kid']) || !isString(k['validFrom'])) return `${at} has no kid or validFrom`;
      const jwk = k['jwk'];
      if (
        !isRecord(jwk) ||
        jwk['kty'] !== 'EC' ||
        jwk['crv'] !== 'P-256' ||
        !isString(jwk['x']) ||
        !isString(jwk['y'])
      ) {
        return `${at}.jwk is not a P-256 public key`;
      }
      if (k['status'] !== 'active' && k['status'] !== 'revoked') return `${at}.status is not active or revoked`;
      for (const field of ['validUntil', 'revokedAt', 'revokedReason'] as const) {
        if (k[field] !== undefined && !isString(k[field])) return `${at}.${field} is not text`;
      }
    }
  }

  const skills = m['skills'];
  if (!Array.isArray(skills)) return 'skills is not a list';
  for (const [i, s] of skills.entries()) {
    if (!isRecord(s) || !isString(s['id']) || !isString(s['title']) || !isString(s['hash'])) {
      return `skills[${i}] has no id, title or hash`;
    }
    if (typeof s['required'] !== 'boolean' || !isStrings(s['lessons']))
      return `skills[${i}] has no required or lessons`;
    if (!isRecord(s['steps'])) return `skills[${i}].steps is missing`;
  }

  const quizzes = m['quizzes'];
  if (!isRecord(quizzes)) return 'quizzes is not an object';
  for (const [id, q] of Object.entries(quizzes)) {
    if (!isRecord(q) || !isString(q['hash']) || typeof q['passMark'] !== 'number') return `quizzes.${id} is incomplete`;
  }
  const lessons = m['lessons'];
  if (!isRecord(lessons)) return 'lessons is not an object';
  for (const [id, l] of Object.entries(lessons)) {
    if (!isRecord(l) || !isString(l['title'])) return `lessons.${id} has no title`;
  }
  return undefined;
}
