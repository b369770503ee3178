/**
 * Exports of the whole cohort: the CSV of every trainee, skill and step; a zip of every
 * bundle as it was imported; the xAPI statements of every trainee in one JSON array. Bundles are
 * verified again here (what storage holds is not trusted), so the exports carry only what
 * verifies, exactly as the verify page would show it.
 */
import { strToU8, zipSync } from 'fflate';
import type { CourseManifest } from '../course/manifest';
import { bundleFileName } from '../bundle/build';
import { readBundle } from '../bundle/read';
import { verifyBundle } from '../bundle/verify';
import { recordsToCsv } from '../export/csv';
import type { TraineeRecord } from '../export/types';
import { recordToStatements, type Statement } from '../export/xapi';

/** The verified records of the bundles, in the order given; unreadable ones are left out. */
export async function verifiedRecords(
  texts: readonly string[],
  manifest: CourseManifest,
  now: Date,
  siteUrl?: string,
): Promise<TraineeRecord[]> {
  const records: TraineeRecord[] = [];
  for (const text of texts) {
    const verdict = await verifyBundle(text, manifest, { now, ...(siteUrl !== undefined && { siteUrl }) });
    if (verdict.readable) records.push(verdict.record);
  }
  return records;
}

export function cohortCsv(records: readonly TraineeRecord[]): string {
  return recordsToCsv(records);
}

export function cohortStatements(records: readonly TraineeRecord[], siteUrl: string): Statement[] {
  return records.flatMap((r) => recordToStatements(r, { siteUrl }));
}

/** A zip of the bundles, each under its usual file name (made unique with the trainee id). */
export function cohortZip(texts: readonly string[], courseId: string): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const text of texts) {
    const read = readBundle(text, courseId);
    if (!read.readable) continue;
    let name = bundleFileName(read.bundle);
    if (Object.hasOwn(files, name)) name = name.replace(/\.json$/, `-${read.bundle.trainee.id}.json`);
    files[name] = strToU8(text);
  }
  return zipSync(files, { level: 6 });
}
