/**
 * Signed entries in and out of xAPI statements. Out: each entry signed on this device
 * or held on the desk becomes its one statement (`entryStatement`), the entry itself inside.
 * In: the entries the LRS's statements carry are gathered per trainee into a progress bundle (on
 * top of the bundle the desk already holds for them) and judged by `verifyBundle`, exactly as a
 * file would be; what fails is listed with its reason and left out. Nothing else in a statement
 * is believed: the LRS is untrusted storage, and anyone with a key to it can write anything.
 */
import type { CourseManifest } from '../course/manifest';
import { earlierSkillHashes, skillHashes } from '../course/manifest';
import { BUNDLE_FORMAT, BUNDLE_VERSION, readBundle } from '../bundle/read';
import { contentVersion } from '../bundle/build';
import { verifyBundle } from '../bundle/verify';
import { CERTIFICATION_TYP } from '../trust/certification/payload';
import { verifyCertificationAlone } from '../trust/certification/verify';
import type { ProgressBundle } from '../export/types';
import { entryStatement, tandemIris, type Statement } from '../export/xapi';
import { SIGNOFF_TYP } from '../trust/entry';
import { decodeBase64urlJson } from '../trust/encoding';
import { reasonLabel } from '../trust/reasons';
import { verifySignoffAlone, type CryptoBackend } from '../trust/verify';

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
  const ctx = {
    roster: manifest.roster,
    courseId: manifest.course.id,
    skillHashes: skillHashes(manifest),
    earlierSkillHashes: earlierSkillHashes(manifest),
    now,
    ...(backend && { backend }),
  };
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

/** An entry a statement carries, grouped by the trainee it claims to be about. */
export interface CarriedEntry {
  statement: string;
  jws: string;
  kind: 'signoff' | 'certification';
  traineeId: string;
  traineeName: string;
}

/**
 * The entries the statements carry (in `context.extensions[<site>xapi/extensions/entry]`).
 * Statements without one (lesson and quiz statements, another tool's) are counted, not refused:
 * they say nothing Tandem could check.
 */
export function entriesFromStatements(
  statements: readonly unknown[],
  siteUrl: string,
): { carried: CarriedEntry[]; refused: Refusal[]; without: number } {
  const key = tandemIris(siteUrl).ext('entry');
  const carried: CarriedEntry[] = [];
  const refused: Refusal[] = [];
  let without = 0;
  statements.forEach((s, i) => {
    const id = isRecord(s) && typeof s['id'] === 'string' ? s['id'].slice(0, 60) : `#${i + 1}`;
    const context = isRecord(s) && isRecord(s['context']) ? s['context'] : undefined;
    const extensions = context && isRecord(context['extensions']) ? context['extensions'] : undefined;
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
  return { carried, refused, without };
}

/**
 * Per trainee, the bundle the desk would hold with the LRS's entries added: the desk's own file
 * for them (lessons, quiz attempts and entries kept) plus every entry it lacks. Entries that do
 * not verify in it are refused with their reason and left out, so one altered statement does not
 * keep a trainee's genuine entries off the desk. Trainees with nothing new give no file.
 * The files then go through the desk's import (src/lib/cohort/import.ts), which judges them again
 * as it judges any file, and keeps each only when it holds more than the desk did.
 */
export async function bundlesFromLrs(
  carried: readonly CarriedEntry[],
  held: ReadonlyMap<string, string>,
  manifest: CourseManifest,
  now: Date,
  backend?: CryptoBackend,
): Promise<{ files: { name: string; text: string }[]; refused: Refusal[]; unchanged: number }> {
  const byTrainee = new Map<string, CarriedEntry[]>();
  for (const c of carried) byTrainee.set(c.traineeId, [...(byTrainee.get(c.traineeId) ?? []), c]);
  const files: { name: string; text: string }[] = [];
  const refused: Refusal[] = [];
  let unchanged = 0;
  const version = await contentVersion(manifest);

  for (const [traineeId, list] of byTrainee) {
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
            trainee: { id: traineeId, name: (list.at(-1) as CarriedEntry).traineeName },
            lessons: {},
            quizAttempts: {},
            entries: [],
            certifications: [],
          };
    const known = new Set([...base.entries, ...base.certifications]);
    const fresh = new Map<string, CarriedEntry>();
    for (const c of list) if (!known.has(c.jws) && !fresh.has(c.jws)) fresh.set(c.jws, c);
    if (fresh.size === 0) {
      unchanged++;
      continue;
    }
    const candidate: ProgressBundle = {
      ...base,
      exportedAt: now.toISOString(),
      entries: [...base.entries, ...[...fresh.values()].filter((c) => c.kind === 'signoff').map((c) => c.jws)],
      certifications: [
        ...base.certifications,
        ...[...fresh.values()].filter((c) => c.kind === 'certification').map((c) => c.jws),
      ],
    };
    const verdict = await verifyBundle(JSON.stringify(candidate), manifest, { now, ...(backend && { backend }) });
    if (!verdict.readable) {
      for (const c of fresh.values())
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
    if (bad.size === fresh.size) {
      // Nothing new that verifies: the desk's file for them, if any, stays as it was.
      if (read?.readable === true) unchanged++;
      continue;
    }
    const kept: ProgressBundle = {
      ...candidate,
      entries: candidate.entries.filter((j) => !bad.has(j)),
      certifications: candidate.certifications.filter((j) => !bad.has(j)),
    };
    files.push({ name: `the LRS: ${(list.at(-1) as CarriedEntry).traineeName}`, text: JSON.stringify(kept) });
  }
  return { files, refused, unchanged };
}
