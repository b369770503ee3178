/**
 * The verdicts on two files a person may hold besides a signed record: a sign-off file (the
 * entries a trainer's device handed over) and a trainer's signing log (the hash-chained list of
 * everything they signed, `lib/cohort/log.ts`). The verify page and `npm run verify` both judge
 * them here, so they say the same.
 *
 * Neither file is a trainee's record, so neither can say where an entry stands in one: each entry
 * is checked on its own (signature by a roster key valid then, the signer's name and
 * qualification, this course, a published skill version, not signed in the future), never for
 * step order, and a bound entry's trainee key is not checked (the trainee's record carries it).
 * The log's chain shows it was not edited by someone who cannot recompute it; the trainer, who
 * holds the log, could rebuild it whole, so a chain that holds proves less than the signatures.
 */
import type { CourseManifest } from '../course/manifest';
import { earlierSkillHashes, skillById, skillHashes } from '../course/manifest';
import { checkLog, GENESIS, logBreak, type LogRecord } from '../cohort/log';
import { decodeBase64urlJson, isRecord, parseJson } from '../trust/encoding';
import { parseSignoffFile } from '../trust/signoff-file';
import { verifySignoffAlone } from '../trust/verify';
import { verifyCertificationAlone } from '../trust/certification/verify';
import { entryKind } from '../trust/certification/held';
import { STEP_INFO } from '../content/steps';

/** One entry's verdict in a held file. */
export interface HeldEntry {
  index: number;
  kind: 'signoff' | 'certification' | 'unknown';
  status: 'valid' | 'expired' | 'invalid';
  reason?: string;
  message: string;
  demo: boolean;
  /** The trainee the entry is about (signed), when it verified. */
  trainee?: { id: string; name: string };
  trainer?: { id: string; name: string };
}

export interface HeldFileVerdict {
  kind: 'signoff-file' | 'signing-log';
  /** The file could be read as its kind. */
  readable: boolean;
  /** Every entry genuine (expired certifications count as genuine), and for a log the chain holds. */
  valid: boolean;
  reason?: string;
  message: string;
  entries: HeldEntry[];
  /** The trainees the valid entries are about. */
  trainees: { id: string; name: string }[];
  demo: boolean;
  /** A signing log: the trainer the file says it is, the records, and whether the chain holds. */
  log?: {
    trainer: { id: string; name: string };
    records: number;
    chain: { ok: true } | { ok: false; seq: number; message: string };
  };
}

const unreadable = (kind: HeldFileVerdict['kind'], reason: string, message: string): HeldFileVerdict => ({
  kind,
  readable: false,
  valid: false,
  reason,
  message,
  entries: [],
  trainees: [],
  demo: false,
});

async function judgeEntry(jws: string, index: number, manifest: CourseManifest, now: Date): Promise<HeldEntry> {
  const kind = entryKind(jws);
  if (kind === 'certification') {
    const v = await verifyCertificationAlone(jws, manifest, now);
    if (!v.ok) return { index, kind, status: 'invalid', reason: v.reason, message: v.message, demo: false };
    return {
      index,
      kind,
      status: v.status,
      message:
        v.status === 'expired'
          ? v.message
          : `${v.payload.scope === 'course' ? 'The course' : (skillById(manifest, String(v.payload.skill))?.title ?? String(v.payload.skill))}: certified by ${v.payload.trainer.name} on ${v.payload.certifiedAt.slice(0, 10)}; genuine.`,
      demo: v.demo,
      trainee: v.payload.trainee,
      trainer: { id: v.payload.trainer.id, name: v.payload.trainer.name },
    };
  }
  const v = await verifySignoffAlone(jws, {
    roster: manifest.roster,
    courseId: manifest.course.id,
    skillHashes: skillHashes(manifest),
    earlierSkillHashes: earlierSkillHashes(manifest),
    now,
  });
  if (!v.ok) return { index, kind, status: 'invalid', reason: v.reason, message: v.message, demo: false };
  const p = v.payload;
  const skill = skillById(manifest, p.skill)?.title ?? p.skill;
  const outcome = { 'signed-off': 'signed off', practice: 'practice logged', 're-opened': 're-opened' }[p.outcome];
  return {
    index,
    kind: 'signoff',
    status: 'valid',
    message: `${skill}, ${STEP_INFO[p.step].label}: ${outcome} by ${p.trainer.name} on ${p.signedAt.slice(0, 10)}; genuine.`,
    demo: v.demo,
    trainee: { id: p.trainee.id, name: p.trainee.name },
    trainer: { id: p.trainer.id, name: p.trainer.name },
  };
}

function traineesOf(entries: readonly HeldEntry[]): { id: string; name: string }[] {
  const seen = new Map<string, { id: string; name: string }>();
  for (const e of entries) if (e.trainee && !seen.has(e.trainee.id)) seen.set(e.trainee.id, e.trainee);
  return [...seen.values()];
}

/** A sign-off file: every entry checked on its own. Never throws. */
export async function verifySignoffFile(text: string, manifest: CourseManifest, now: Date): Promise<HeldFileVerdict> {
  const parsed = parseSignoffFile(text);
  if (!parsed.ok) return unreadable('signoff-file', parsed.reason, parsed.message);
  const entries = await Promise.all(parsed.value.map((jws, i) => judgeEntry(jws, i, manifest, now)));
  const refused = entries.filter((e) => e.status === 'invalid').length;
  return {
    kind: 'signoff-file',
    readable: true,
    valid: refused === 0,
    message:
      refused === 0
        ? `All ${entries.length} entries are genuine: signed by trainers on this course’s roster and unaltered. Step order is checked when the trainee imports them into their record.`
        : `${refused} of ${entries.length} entries are not valid (see each one); the rest are genuine. Only the valid ones count when the trainee imports the file.`,
    entries,
    trainees: traineesOf(entries.filter((e) => e.status !== 'invalid')),
    demo: entries.some((e) => e.demo),
  };
}

function readLogRecord(value: unknown): LogRecord | undefined {
  if (!isRecord(value)) return undefined;
  const { seq, at, entryId, traineeId, jws, prev, hash } = value;
  if (typeof seq !== 'number' || !Number.isInteger(seq)) return undefined;
  for (const s of [at, entryId, traineeId, jws, prev, hash]) if (typeof s !== 'string') return undefined;
  return { seq, at, entryId, traineeId, jws, prev, hash } as LogRecord;
}

/** The longest log read: a busy trainer signs a few thousand entries a year. */
export const MAX_LOG_LENGTH = 64 * 1024 * 1024;

/**
 * A trainer's signing log (`tandem-trainer-log`, from the cohort desk): the chain, the head, and
 * each record's entry on its own: signed by the trainer the log names, and the record's entry id
 * and trainee the entry's own. Never throws.
 */
export async function verifySigningLog(text: string, manifest: CourseManifest, now: Date): Promise<HeldFileVerdict> {
  if (text.length > MAX_LOG_LENGTH)
    return unreadable('signing-log', 'too-large', 'The file is too large to be a signing log.');
  const data = parseJson(text);
  if (!isRecord(data) || data['format'] !== 'tandem-trainer-log') {
    return unreadable('signing-log', 'not-a-log', 'The file is not a Tandem signing log.');
  }
  if (data['version'] !== 1) {
    return unreadable(
      'signing-log',
      'unsupported-version',
      'The signing log has another format version; this site reads version 1.',
    );
  }
  const trainer = data['trainer'];
  const list = data['records'];
  if (
    !isRecord(trainer) ||
    typeof trainer['id'] !== 'string' ||
    typeof trainer['name'] !== 'string' ||
    !Array.isArray(list)
  ) {
    return unreadable('signing-log', 'damaged', 'The signing log names no trainer or has no list of records.');
  }
  const records: LogRecord[] = [];
  for (const [i, value] of list.entries()) {
    const record = readLogRecord(value);
    if (!record)
      return unreadable(
        'signing-log',
        'damaged',
        `Record ${i + 1} of the signing log is damaged (a field is missing or of the wrong type).`,
      );
    records.push(record);
  }
  const named = { id: trainer['id'], name: trainer['name'] };
  let chain = await checkLog(records);
  const head = records.at(-1)?.hash ?? GENESIS;
  if (chain.ok && data['head'] !== head) {
    chain = logBreak(
      'cut',
      records.length,
      'The log’s head is not its last record’s hash: records were removed from its end.',
    );
  }

  const entries = await Promise.all(
    records.map(async (r, i): Promise<HeldEntry> => {
      const judged = await judgeEntry(r.jws, i, manifest, now);
      if (judged.status === 'invalid') return judged;
      const payload = decodeBase64urlJson(r.jws.split('.')[1] ?? '');
      const id = isRecord(payload) ? payload['id'] : undefined;
      const mismatch =
        judged.trainer?.id !== named.id
          ? `it was signed by ${judged.trainer?.name ?? 'another trainer'}, not by ${named.name}, whose log this says it is`
          : id !== r.entryId
            ? 'the record names another entry id than the entry it holds'
            : judged.trainee?.id !== r.traineeId
              ? 'the record names another trainee than the entry it holds'
              : undefined;
      return mismatch
        ? { ...judged, status: 'invalid', reason: 'not-this-log', message: `Record ${i + 1}: ${mismatch}.` }
        : judged;
    }),
  );
  const refused = entries.filter((e) => e.status === 'invalid').length;
  const valid = chain.ok && refused === 0;
  return {
    kind: 'signing-log',
    readable: true,
    valid,
    ...(!chain.ok && { reason: 'broken-chain' }),
    message: !chain.ok
      ? `The chain is broken ${chainBreak(chain.seq, records.length)}: ${chain.message}`
      : refused > 0
        ? `The chain holds, but ${refused} of ${records.length} records hold an entry that is not valid (see each one).`
        : `The chain holds over all ${records.length} records, and every entry in it is genuine, signed by ${named.name}.`,
    entries,
    trainees: traineesOf(entries.filter((e) => e.status !== 'invalid')),
    demo: entries.some((e) => e.demo),
    log: { trainer: named, records: records.length, chain },
  };
}

/**
 * Where a chain breaks, for people: records numbered from 1 (the file's `seq` counts from 0),
 * or after the last record when records were cut from its end.
 */
export function chainBreak(seq: number, records: number): string {
  return seq >= records ? `after record ${records}` : `at record ${seq + 1}`;
}
