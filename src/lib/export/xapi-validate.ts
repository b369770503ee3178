/**
 * A small structural validator for the xAPI 1.0.3 rules Tandem's statements (./xapi.ts) rely on,
 * so a test can hold every statement we make against them before an LRS sees one.
 */
import { describeValue } from '../describe';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** An absolute IRI: a scheme, a colon, then no whitespace or characters RFC 3987 excludes. */
const IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/u;
/** RFC 3339 date-time (the profile of ISO 8601 that xAPI 1.0.3 Part 2 §4.5 recommends), zone required. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
/** RFC 5646 language tag, loosely: what a language map's keys must be. */
const LANGUAGE_TAG = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;
const SHA1_HEX = /^[0-9a-f]{40}$/i;

const STATEMENT_KEYS = [
  'id',
  'actor',
  'verb',
  'object',
  'result',
  'context',
  'timestamp',
  'stored',
  'authority',
  'version',
  'attachments',
];
const AGENT_KEYS = ['objectType', 'name', 'mbox', 'mbox_sha1sum', 'openid', 'account'];
const IFI_KEYS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;
const ACTIVITY_KEYS = ['objectType', 'id', 'definition'];
const DEFINITION_KEYS = [
  'name',
  'description',
  'type',
  'moreInfo',
  'extensions',
  'interactionType',
  'correctResponsesPattern',
  'choices',
  'scale',
  'source',
  'target',
  'steps',
];
const RESULT_KEYS = ['score', 'success', 'completion', 'response', 'duration', 'extensions'];
const SCORE_KEYS = ['scaled', 'raw', 'min', 'max'];
const CONTEXT_KEYS = [
  'registration',
  'instructor',
  'team',
  'contextActivities',
  'revision',
  'platform',
  'language',
  'statement',
  'extensions',
];
const CONTEXT_ACTIVITY_KEYS = ['parent', 'grouping', 'category', 'other'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIri = (v: unknown): v is string => typeof v === 'string' && IRI.test(v);

/**
 * Problems with a statement under the xAPI 1.0.3 rules Tandem's statements rely on, each naming
 * the property (`result.score.raw: …`); empty when there are none. Structural only, and only
 * for what we produce: Agents (not Groups) and Activities (not StatementRefs or SubStatements).
 *
 * Checked: no unknown properties (an LRS rejects them, 1.0.3 Part 2 §2.2); `id` a UUID; `version`
 * 1.0.x; `actor` and `context.instructor` Agents with exactly one inverse functional identifier
 * (§2.4.2.1); verb, object, activity type and extension keys IRIs; language maps keyed by
 * language tags; `score.scaled` in -1..1 and `raw` between `min` and `max`, `min` below `max`
 * (§2.4.5.1); `success`/`completion` booleans; `timestamp` an ISO 8601 date-time with a zone;
 * `context.statement` a StatementRef to a UUID (§2.4.6, what an acknowledgement names its
 * sign-off by).
 */
export function validateStatement(s: unknown): string[] {
  const problems: string[] = [];
  const report = (path: string, problem: string) => problems.push(`${path}: ${problem}`);
  if (!isObject(s)) return ['statement: is not a JSON object'];
  unknownKeys(s, STATEMENT_KEYS, 'statement', report);

  if (typeof s['id'] !== 'string' || !UUID.test(s['id'])) report('id', 'is not a UUID');
  if (s['version'] !== undefined && (typeof s['version'] !== 'string' || !/^1\.0(\.\d+)?$/.test(s['version']))) {
    report('version', 'is not 1.0.x');
  }
  checkAgent(s['actor'], 'actor', report);

  const v = s['verb'];
  if (!isObject(v)) report('verb', 'is missing or not an object');
  else {
    unknownKeys(v, ['id', 'display'], 'verb', report);
    if (!isIri(v['id'])) report('verb.id', 'is not an IRI');
    if (v['display'] !== undefined) checkLanguageMap(v['display'], 'verb.display', report);
  }

  checkActivity(s['object'], 'object', report);
  if (s['result'] !== undefined) checkResult(s['result'], report);
  if (s['context'] !== undefined) checkContext(s['context'], report);

  const t = s['timestamp'];
  if (t !== undefined && (typeof t !== 'string' || !TIMESTAMP.test(t) || Number.isNaN(Date.parse(t)))) {
    report('timestamp', 'is not an ISO 8601 date-time with a time zone');
  }
  return problems;
}

type Report = (path: string, problem: string) => void;

function unknownKeys(o: Record<string, unknown>, allowed: readonly string[], path: string, report: Report): void {
  for (const key of Object.keys(o)) if (!allowed.includes(key)) report(path, `has an unknown property "${key}"`);
}

function checkAgent(a: unknown, path: string, report: Report): void {
  if (!isObject(a)) return report(path, 'is missing or not an object');
  if (a['objectType'] !== undefined && a['objectType'] !== 'Agent') {
    return report(path, `is not an Agent (objectType "${describeValue(a['objectType'])}")`);
  }
  unknownKeys(a, AGENT_KEYS, path, report);
  if (a['name'] !== undefined && typeof a['name'] !== 'string') report(`${path}.name`, 'is not text');
  const ifis = IFI_KEYS.filter((k) => a[k] !== undefined);
  if (ifis.length !== 1) {
    return report(
      path,
      `has ${ifis.length} inverse functional identifiers (${ifis.join(', ') || 'none'}); exactly one is required`,
    );
  }
  const mbox = a['mbox'];
  if (mbox !== undefined && (typeof mbox !== 'string' || !/^mailto:[^\s@]+@[^\s@]+$/.test(mbox))) {
    report(`${path}.mbox`, 'is not a mailto: IRI');
  }
  const sum = a['mbox_sha1sum'];
  if (sum !== undefined && (typeof sum !== 'string' || !SHA1_HEX.test(sum))) {
    report(`${path}.mbox_sha1sum`, 'is not a SHA-1 hex digest');
  }
  if (a['openid'] !== undefined && !isIri(a['openid'])) report(`${path}.openid`, 'is not a URI');
  const account = a['account'];
  if (account !== undefined) {
    if (!isObject(account)) return report(`${path}.account`, 'is not an object');
    unknownKeys(account, ['homePage', 'name'], `${path}.account`, report);
    if (!isIri(account['homePage'])) report(`${path}.account.homePage`, 'is not an IRL');
    if (typeof account['name'] !== 'string' || account['name'] === '') report(`${path}.account.name`, 'is missing');
  }
}

function checkActivity(o: unknown, path: string, report: Report): void {
  if (!isObject(o)) return report(path, 'is missing or not an object');
  if (o['objectType'] !== undefined && o['objectType'] !== 'Activity') {
    return report(path, `is not an Activity (objectType "${describeValue(o['objectType'])}")`);
  }
  unknownKeys(o, ACTIVITY_KEYS, path, report);
  if (!isIri(o['id'])) report(`${path}.id`, 'is not an IRI');
  const d = o['definition'];
  if (d === undefined) return;
  if (!isObject(d)) return report(`${path}.definition`, 'is not an object');
  unknownKeys(d, DEFINITION_KEYS, `${path}.definition`, report);
  if (d['type'] !== undefined && !isIri(d['type'])) report(`${path}.definition.type`, 'is not an IRI');
  if (d['moreInfo'] !== undefined && !isIri(d['moreInfo'])) report(`${path}.definition.moreInfo`, 'is not an IRL');
  if (d['name'] !== undefined) checkLanguageMap(d['name'], `${path}.definition.name`, report);
  if (d['description'] !== undefined) checkLanguageMap(d['description'], `${path}.definition.description`, report);
  if (d['extensions'] !== undefined) checkExtensions(d['extensions'], `${path}.definition.extensions`, report);
}

function checkResult(r: unknown, report: Report): void {
  if (!isObject(r)) return report('result', 'is not an object');
  unknownKeys(r, RESULT_KEYS, 'result', report);
  for (const key of ['success', 'completion'] as const) {
    if (r[key] !== undefined && typeof r[key] !== 'boolean') report(`result.${key}`, 'is not true or false');
  }
  if (r['response'] !== undefined && typeof r['response'] !== 'string') report('result.response', 'is not text');
  if (r['extensions'] !== undefined) checkExtensions(r['extensions'], 'result.extensions', report);
  const score = r['score'];
  if (score === undefined) return;
  if (!isObject(score)) return report('result.score', 'is not an object');
  unknownKeys(score, SCORE_KEYS, 'result.score', report);
  const num = (key: string): number | undefined => {
    const value = score[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      report(`result.score.${key}`, 'is not a number');
      return undefined;
    }
    return value;
  };
  const [scaled, raw, min, max] = [num('scaled'), num('raw'), num('min'), num('max')];
  if (scaled !== undefined && (scaled < -1 || scaled > 1)) report('result.score.scaled', 'is not between -1 and 1');
  if (min !== undefined && max !== undefined && !(min < max)) report('result.score.min', 'is not less than max');
  if (raw !== undefined && min !== undefined && raw < min) report('result.score.raw', 'is less than min');
  if (raw !== undefined && max !== undefined && raw > max) report('result.score.raw', 'is more than max');
}

function checkContext(c: unknown, report: Report): void {
  if (!isObject(c)) return report('context', 'is not an object');
  unknownKeys(c, CONTEXT_KEYS, 'context', report);
  if (c['registration'] !== undefined && (typeof c['registration'] !== 'string' || !UUID.test(c['registration']))) {
    report('context.registration', 'is not a UUID');
  }
  if (c['instructor'] !== undefined) checkAgent(c['instructor'], 'context.instructor', report);
  for (const key of ['platform', 'revision', 'language'] as const) {
    if (c[key] !== undefined && typeof c[key] !== 'string') report(`context.${key}`, 'is not text');
  }
  if (c['extensions'] !== undefined) checkExtensions(c['extensions'], 'context.extensions', report);
  if (c['statement'] !== undefined) checkStatementRef(c['statement'], 'context.statement', report);
  const ca = c['contextActivities'];
  if (ca === undefined) return;
  if (!isObject(ca)) return report('context.contextActivities', 'is not an object');
  unknownKeys(ca, CONTEXT_ACTIVITY_KEYS, 'context.contextActivities', report);
  for (const key of CONTEXT_ACTIVITY_KEYS) {
    const value = ca[key];
    if (value === undefined) continue;
    // A single Activity is allowed as well as an array (1.0.3 Part 2 §2.4.6.2).
    const list = Array.isArray(value) ? value : [value];
    list.forEach((a, i) => checkActivity(a, `context.contextActivities.${key}[${i}]`, report));
  }
}

/** A Statement Reference (1.0.3 Part 2 §2.4.4.3): exactly `objectType: "StatementRef"` and a UUID `id`. */
function checkStatementRef(r: unknown, path: string, report: Report): void {
  if (!isObject(r)) return report(path, 'is not an object');
  unknownKeys(r, ['objectType', 'id'], path, report);
  if (r['objectType'] !== 'StatementRef') report(`${path}.objectType`, 'is not "StatementRef"');
  if (typeof r['id'] !== 'string' || !UUID.test(r['id'])) report(`${path}.id`, 'is not a UUID');
}

function checkExtensions(e: unknown, path: string, report: Report): void {
  if (!isObject(e)) return report(path, 'is not an object');
  for (const key of Object.keys(e)) if (!IRI.test(key)) report(path, `key "${key}" is not an IRI`);
}

function checkLanguageMap(m: unknown, path: string, report: Report): void {
  if (!isObject(m)) return report(path, 'is not a language map');
  for (const [key, value] of Object.entries(m)) {
    if (!LANGUAGE_TAG.test(key)) report(path, `key "${key}" is not a language tag`);
    if (typeof value !== 'string') report(`${path}.${key}`, 'is not text');
  }
}
