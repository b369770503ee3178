/**
 * Signed entries in and out of xAPI statements. Out: each entry signed on this device
 * or held on the desk becomes its one statement (`entryStatement`), the entry itself inside, and
 * each trainee's acknowledgement in a record the desk holds becomes its own (`ackStatement`), the
 * acknowledgement and the trainee's public key inside.
 * In: the entries and acknowledgements the LRS's statements carry are gathered per trainee into a
 * progress bundle (on top of the bundle the desk already holds for them) and judged by
 * `verifyBundle`, exactly as a file would be; what fails is listed with its reason and left out.
 * Nothing else in a statement is believed: the LRS is untrusted storage, and anyone with a key to
 * it can write anything — a trainee key included, so one is taken only when a trainer's genuine
 * entry names its thumbprint (`traineeKeyFrom`).
 */
import type { CourseManifest } from '../course/manifest';
import { earlierSkillHashes, skillHashes } from '../course/manifest';
import { BUNDLE_FORMAT, BUNDLE_VERSION, readBundle } from '../bundle/read';
import { contentVersion } from '../bundle/build';
import { verifyBundle } from '../bundle/verify';
import { CERTIFICATION_TYP } from '../trust/certification/payload';
import { verifyCertificationAlone } from '../trust/certification/verify';
import type { ProgressBundle } from '../export/types';
import { ackStatement, entryStatement, tandemIris, type Statement } from '../export/xapi';
import { SIGNOFF_TYP } from '../trust/entry';
import { decodeBase64urlJson } from '../trust/encoding';
import { publicKeyThumbprint } from '../trust/key-id';
import { readPublicJwk } from '../trust/public-jwk';
import { reasonLabel } from '../trust/reasons';
import type { PublicJwk } from '../trust/roster';
import { verifySignoffAlone, type CryptoBackend } from '../trust/verify';

/**
 * The header `typ` of an acknowledgement (`ACK_TYP` in lib/trust/ack.ts), written out here so
 * the desk's LRS code does not pull in the acknowledgement code, which loads on use.
 */
const ACK_TYP = 'tandem-ack+jws';

/** A statement, or an entry in one, that was not taken, and why. */
export interface Refusal {
  /** The statement's id as the LRS gave it (or its place in the answer). */
  statement: string;
  /** Who the entry claims to be about (unverified: for people to find it). */
  trainee?: string;
  message: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The JWS header's `typ` and the payload, unverified: only to sort and group before verifying. */
function peek(jws: string): { typ: unknown; payload: Record<string, unknown> } | undefined {
  const [header, payload] = jws.split('.');
  const h = decodeBase64urlJson(header ?? '');
  const p = decodeBase64urlJson(payload ?? '');
  return isRecord(h) && isRecord(p) ? { typ: h['typ'], payload: p } : undefined;
}

/**
 * The statements of the entries given (compact JWS), each checked on its own first (signature by
 * a roster key valid then, this course, a published skill version): an entry that does not verify
 * is not published under this site's name. Step order is left to whoever reads them back, who
 * judges the trainee's whole record. The same entry given twice gives one statement.
 */
export async function statementsToSend(
  entries: readonly string[],
  manifest: CourseManifest,
  siteUrl: string,
  now: Date,
  backend?: CryptoBackend,
): Promise<{ statements: Statement[]; skipped: { entry: string; message: string }[] }> {
  const statements = new Map<string, Statement>();
  const skipped: { entry: string; message: string }[] = [];
  const ctx = aloneContext(manifest, now, backend);
  for (const jws of new Set(entries)) {
    const typ = peek(jws)?.typ;
    if (typ === SIGNOFF_TYP) {
      const v = await verifySignoffAlone(jws, ctx);
      if (!v.ok) skipped.push({ entry: jws.slice(0, 24), message: v.message });
      else {
        const s = entryStatement({ kind: 'signoff', payload: v.payload, jws }, { siteUrl });
        statements.set(s.id, s);
      }
    } else if (typ === CERTIFICATION_TYP) {
      const v = await verifyCertificationAlone(jws, manifest, now, backend ? { backend } : {});
      if (!v.ok) skipped.push({ entry: jws.slice(0, 24), message: v.message });
      else {
        const s = entryStatement({ kind: 'certification', payload: v.payload, jws }, { siteUrl });
        statements.set(s.id, s);
      }
    } else {
      skipped.push({ entry: jws.slice(0, 24), message: 'Not a Tandem sign-off or certification entry.' });
    }
  }
  return { statements: [...statements.values()], skipped };
}

/**
 * The statements of the trainees' acknowledgements in the records given (progress files the
 * desk holds): each record is judged by `verifyBundle`, and only an acknowledgement that counts
 * there (of a valid sign-off, with the record's trainee key) is published, with that key.
 */
export async function acknowledgementStatements(
  bundles: readonly string[],
  manifest: CourseManifest,
  siteUrl: string,
  now: Date,
  backend?: CryptoBackend,
): Promise<Statement[]> {
  const out = new Map<string, Statement>();
  for (const text of bundles) {
    const read = readBundle(text, manifest.course.id);
    if (!read.readable || !read.bundle.acknowledgements?.length) continue;
    const verdict = await verifyBundle(text, manifest, { now, ...(backend && { backend }) });
    if (!verdict.readable) continue;
    const key = verdict.record.trainee.key;
    for (const s of verdict.record.signoffs) {
      if (!s.ack) continue;
      const statement = ackStatement({ signoff: s.payload, ack: s.ack, traineeKey: key }, { siteUrl });
      out.set(statement.id, statement);
    }
  }
  return [...out.values()];
}

/** What `verifySignoffAlone` needs of the course to check one carried entry on its own. */
function aloneContext(manifest: CourseManifest, now: Date, backend: CryptoBackend | undefined) {
  return {
    roster: manifest.roster,
    courseId: manifest.course.id,
    skillHashes: skillHashes(manifest),
    earlierSkillHashes: earlierSkillHashes(manifest),
    now,
    ...(backend && { backend }),
  };
}

/** An entry a statement carries, grouped by the trainee it claims to be about. */
export interface CarriedEntry {
  statement: string;
  jws: string;
  kind: 'signoff' | 'certification';
  traineeId: string;
  traineeName: string;
}

/**
 * A trainee's acknowledgement a statement carries, and the trainee key beside it: both unverified
 * (the key is believed only when a trainer's genuine entry names its thumbprint).
 */
export interface CarriedAck {
  statement: string;
  jws: string;
  traineeId: string;
  traineeName: string;
  key: unknown;
}

/**
 * The entries the statements carry (in `context.extensions[<site>xapi/extensions/entry]`), and
 * the acknowledgements (`…/acknowledgement`, with `…/trainee-key`). Statements without either
 * (lesson and quiz statements, another tool's) are counted, not refused: they say nothing Tandem
 * could check.
 */
export function entriesFromStatements(
  statements: readonly unknown[],
  siteUrl: string,
): { carried: CarriedEntry[]; acks: CarriedAck[]; refused: Refusal[]; without: number } {
  const iri = tandemIris(siteUrl);
  const key = iri.ext('entry');
  const carried: CarriedEntry[] = [];
  const acks: CarriedAck[] = [];
  const refused: Refusal[] = [];
  let without = 0;
  statements.forEach((s, i) => {
    const id = isRecord(s) && typeof s['id'] === 'string' ? s['id'].slice(0, 60) : `#${i + 1}`;
    const context = isRecord(s) && isRecord(s['context']) ? s['context'] : undefined;
    const extensions = context && isRecord(context['extensions']) ? context['extensions'] : undefined;
    const ack = extensions?.[iri.ext('acknowledgement')];
    if (ack !== undefined) {
      const peeked = typeof ack === 'string' ? peek(ack) : undefined;
      const trainee = peeked && isRecord(peeked.payload['trainee']) ? peeked.payload['trainee'] : undefined;
      const traineeId = trainee?.['id'];
      if (typeof ack !== 'string' || peeked?.typ !== ACK_TYP || typeof traineeId !== 'string' || traineeId === '') {
        refused.push({
          statement: id,
          message:
            'The acknowledgement this statement carries is damaged: it is not a readable Tandem acknowledgement.',
        });
        return;
      }
      const actor = isRecord(s) && isRecord(s['actor']) ? s['actor'] : undefined;
      const name = typeof actor?.['name'] === 'string' ? actor['name'] : traineeId;
      acks.push({ statement: id, jws: ack, traineeId, traineeName: name, key: extensions?.[iri.ext('trainee-key')] });
      return;
    }
    const jws = extensions?.[key];
    if (jws === undefined) {
      without++;
      return;
    }
    const peeked = typeof jws === 'string' ? peek(jws) : undefined;
    const trainee = peeked && isRecord(peeked.payload['trainee']) ? peeked.payload['trainee'] : undefined;
    const traineeId = trainee?.['id'];
    const kind =
      peeked?.typ === SIGNOFF_TYP ? 'signoff' : peeked?.typ === CERTIFICATION_TYP ? 'certification' : undefined;
    if (typeof jws !== 'string' || !kind || typeof traineeId !== 'string' || traineeId === '') {
      refused.push({
        statement: id,
        message: 'The entry this statement carries is damaged: it is not a readable Tandem entry.',
      });
      return;
    }
    const name = typeof trainee?.['name'] === 'string' ? trainee['name'] : traineeId;
    carried.push({ statement: id, jws, kind, traineeId, traineeName: name });
  });
  return { carried, acks, refused, without };
}

/**
 * The trainee key to judge a record from the LRS with, when the desk's own file has none: one an
 * acknowledgement statement carries whose thumbprint a sign-off names that verifies on its own
 * (a roster trainer's signature). Anyone can write a key into the LRS; only the trainer's entry
 * says whose it is, and a SHA-256 thumbprint cannot be matched by another key.
 */
async function traineeKeyFrom(
  acks: readonly CarriedAck[],
  signoffs: readonly string[],
  manifest: CourseManifest,
  now: Date,
  backend?: CryptoBackend,
): Promise<PublicJwk | undefined> {
  const keys = new Map<string, PublicJwk>();
  for (const a of acks) {
    const jwk = readPublicJwk(a.key);
    if (jwk) keys.set(await publicKeyThumbprint(jwk, backend), jwk);
  }
  if (keys.size === 0) return undefined;
  const ctx = aloneContext(manifest, now, backend);
  for (const jws of signoffs) {
    const kid = peek(jws)?.payload['trainee'];
    const named = isRecord(kid) && typeof kid['kid'] === 'string' ? kid['kid'] : undefined;
    if (named === undefined || !keys.has(named)) continue;
    if ((await verifySignoffAlone(jws, ctx)).ok) return keys.get(named);
  }
  return undefined;
}

/**
 * Per trainee, the bundle the desk would hold with the LRS's entries and acknowledgements added:
 * the desk's own file for them (lessons, quiz attempts, entries and acknowledgements kept) plus
 * every one it lacks, and the trainee key an acknowledgement statement carries when the file has
 * none and a genuine entry names it. Entries and acknowledgements that do not verify in it are
 * refused with their reason and left out, so one altered statement does not keep a trainee's
 * genuine ones off the desk. Trainees with nothing new give no file.
 * The files then go through the desk's import (src/lib/cohort/import.ts), which judges them again
 * as it judges any file, and keeps each only when it holds more than the desk did.
 */
export async function bundlesFromLrs(
  carried: readonly CarriedEntry[],
  held: ReadonlyMap<string, string>,
  manifest: CourseManifest,
  now: Date,
  backend?: CryptoBackend,
  carriedAcks: readonly CarriedAck[] = [],
): Promise<{ files: { name: string; text: string }[]; refused: Refusal[]; unchanged: number }> {
  const byTrainee = new Map<string, { entries: CarriedEntry[]; acks: CarriedAck[] }>();
  const of = (id: string) => {
    const found = byTrainee.get(id) ?? { entries: [], acks: [] };
    byTrainee.set(id, found);
    return found;
  };
  for (const c of carried) of(c.traineeId).entries.push(c);
  for (const a of carriedAcks) of(a.traineeId).acks.push(a);
  const files: { name: string; text: string }[] = [];
  const refused: Refusal[] = [];
  let unchanged = 0;
  const version = await contentVersion(manifest);

  for (const [traineeId, list] of byTrainee) {
    const name = (list.entries.at(-1) ?? list.acks.at(-1))?.traineeName ?? traineeId;
    const heldText = held.get(traineeId);
    const read = heldText !== undefined ? readBundle(heldText, manifest.course.id) : undefined;
    const base: ProgressBundle =
      read?.readable === true
        ? structuredClone(read.bundle)
        : {
            format: BUNDLE_FORMAT,
            version: BUNDLE_VERSION,
            exportedAt: now.toISOString(),
            exportedFrom: 'trainer',
            course: { id: manifest.course.id, title: manifest.course.title, contentVersion: version },
            trainee: { id: traineeId, name },
            lessons: {},
            quizAttempts: {},
            entries: [],
            certifications: [],
          };
    const known = new Set([...base.entries, ...base.certifications, ...(base.acknowledgements ?? [])]);
    const fresh = new Map<string, CarriedEntry>();
    for (const c of list.entries) if (!known.has(c.jws) && !fresh.has(c.jws)) fresh.set(c.jws, c);
    const freshAcks = new Map<string, CarriedAck>();
    for (const a of list.acks) if (!known.has(a.jws) && !freshAcks.has(a.jws)) freshAcks.set(a.jws, a);
    if (fresh.size === 0 && freshAcks.size === 0) {
      unchanged++;
      continue;
    }
    const entries = [...base.entries, ...[...fresh.values()].filter((c) => c.kind === 'signoff').map((c) => c.jws)];
    const key = base.trainee.key ?? (await traineeKeyFrom([...freshAcks.values()], entries, manifest, now, backend));
    const acknowledgements = [...(base.acknowledgements ?? []), ...freshAcks.keys()];
    const candidate: ProgressBundle = {
      ...base,
      exportedAt: now.toISOString(),
      trainee: { ...base.trainee, ...(key && { key }) },
      entries,
      certifications: [
        ...base.certifications,
        ...[...fresh.values()].filter((c) => c.kind === 'certification').map((c) => c.jws),
      ],
      ...(acknowledgements.length > 0 && { acknowledgements }),
    };
    const verdict = await verifyBundle(JSON.stringify(candidate), manifest, { now, ...(backend && { backend }) });
    if (!verdict.readable) {
      for (const c of [...fresh.values(), ...freshAcks.values()])
        refused.push({ statement: c.statement, trainee: c.traineeName, message: verdict.message });
      continue;
    }
    const bad = new Set<string>();
    for (const e of verdict.entries) {
      if (e.status !== 'invalid') continue;
      const jws = (e.kind === 'signoff' ? candidate.entries : candidate.certifications)[e.index] as string;
      const c = fresh.get(jws);
      if (!c) continue; // one the desk already held: the import below reports the file
      bad.add(jws);
      refused.push({
        statement: c.statement,
        trainee: c.traineeName,
        message: `${reasonLabel(e.reason ?? 'bad-payload')}: ${e.message}`,
      });
    }
    for (const a of verdict.acknowledgements) {
      const jws = acknowledgements[a.index] as string;
      const c = freshAcks.get(jws);
      // A duplicate (another copy of one that counts) adds nothing: left out, not refused.
      if (!c || a.status === 'valid') continue;
      bad.add(jws);
      if (a.status === 'invalid') {
        refused.push({
          statement: c.statement,
          trainee: c.traineeName,
          message: `${reasonLabel(a.reason ?? 'bad-payload')}: ${a.message}`,
        });
      }
    }
    const keyAdded = key !== undefined && base.trainee.key === undefined;
    if (bad.size === fresh.size + freshAcks.size && !keyAdded) {
      // Nothing new that verifies: the desk's file for them, if any, stays as it was.
      if (read?.readable === true) unchanged++;
      continue;
    }
    const keptAcks = acknowledgements.filter((j) => !bad.has(j));
    const kept: ProgressBundle = {
      ...candidate,
      entries: candidate.entries.filter((j) => !bad.has(j)),
      certifications: candidate.certifications.filter((j) => !bad.has(j)),
    };
    if (keptAcks.length > 0) kept.acknowledgements = keptAcks;
    else delete kept.acknowledgements;
    files.push({ name: `the LRS: ${name}`, text: JSON.stringify(kept) });
  }
  return { files, refused, unchanged };
}
