/**
 * Importing a file on the My progress page: a plain progress file (./file.ts) or a signed record
 * (progress bundle) as a trainer's device exports it. The file is read completely and its signed
 * entries are verified before anything changes; only genuine entries are kept. Pure (no storage,
 * no DOM): the page stores the state this returns, and a refused file changes nothing.
 */
import type { CourseManifest } from '../course/manifest';
import { profileFromBundle } from '../bundle/profile';
import { verifyProfileEntries } from '../trust/certification/held';
import { isProfile, type ProgressState } from './format';
import { mergeProfile, parseProgressFile, type MergeSummary, type ProgressFileReason } from './file';
import type { UnreadableReason } from '../bundle/verify';
import { fail, ok, type Result } from '../result';
import { publicKeyThumbprint, traineeKidOf } from '../trust/key-id';
import { readPublicJwk } from '../trust/public-jwk';

export interface Imported {
  /** The state to store: the imported trainee merged in and made the active one. */
  state: ProgressState;
  summary: MergeSummary;
  /** Signed entries in the file that did not verify and were left out. */
  dropped: number;
}

/** Why a file was not imported: it is not a progress file or record of this course, or its trainee cannot be kept here. */
export type ImportReason = ProgressFileReason | UnreadableReason | 'bad-trainee';

export type ProgressImport = Result<Imported, ImportReason>;

/**
 * Reads `text` as a progress file or a signed record of this course and merges it into the
 * state `current()` gives once the entries are verified (it may have changed meanwhile).
 */
export async function importProgress(
  text: string,
  current: () => ProgressState,
  manifest: CourseManifest,
  now = new Date(),
): Promise<ProgressImport> {
  const parsed = parseProgressFile(text, manifest.course.id);
  const fromBundle = parsed.ok ? undefined : profileFromBundle(text, manifest);
  if (!parsed.ok && !fromBundle?.ok) return fromBundle ?? parsed;
  const incoming = parsed.ok ? parsed.value.profile : fromBundle?.ok ? fromBundle.value.profile : undefined;
  if (!incoming || !isProfile(incoming)) {
    return fail('bad-trainee', 'The trainee in it cannot be kept in this browser (damaged or unusual id).');
  }
  // A signed record carries only the public half of the trainee's key; a progress file the
  // wrapped key with its public half. Entries bound to another key are not this trainee's, and
  // acknowledgements count only when made with this key, of entries that verified.
  const traineeKey = fromBundle?.ok ? fromBundle.value.traineeKey : readPublicJwk(incoming.key?.publicJwk);
  const acks = incoming.acks ?? [];
  const {
    record,
    held,
    acks: goodAcks,
  } = await verifyProfileEntries(incoming.entries, {
    manifest,
    traineeId: incoming.id,
    traineeKid: traineeKey ? await publicKeyThumbprint(traineeKey) : await traineeKidOf(incoming),
    now,
    acknowledgements: acks,
    traineeKey,
  });
  const genuine = [...record.accepted.map((a) => a.jws), ...held.accepted.map((c) => c.jws)];
  const { acks: _dropped, ...rest } = incoming;
  const merged = mergeProfile(current(), { ...rest, entries: genuine, ...(goodAcks.length > 0 && { acks: goodAcks }) });
  return ok({ ...merged, dropped: incoming.entries.length - genuine.length + acks.length - goodAcks.length });
}
