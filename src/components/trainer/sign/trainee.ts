/**
 * Who is being signed off on the sign-off page, and the trainee's signed record built from
 * their profile (for the export button, the Open Badge, and the cohort desk's copy).
 */
import type { CourseManifest } from '../../../lib/course/manifest';
import type { TraineeProfile } from '../../../lib/progress/format';
import type { SkillChecklist } from '../../../lib/trust/record';
import type { PublicJwk } from '../../../lib/trust/roster';
import { buildBundle, bundleFileName } from '../../../lib/bundle/build';
import { splitEntries } from '../../../lib/trust/certification/held';
import { importFiles } from '../../../stores/cohort';
import { readLog } from '../../../stores/trainer-log';
import { parsePayload, type SignoffPayload } from '../../../lib/trust/entry';
import { decodeBase64urlJson } from '../../../lib/trust/encoding';

export interface Trainee {
  id: string;
  name: string;
  /** From a progress file: the verified state of each skill. Absent for a request link. */
  skills?: Record<string, SkillChecklist>;
  /** From a progress file: the whole profile, for certification. */
  profile?: TraineeProfile;
  /** The trainee's own public key (their request or profile): the entry names its thumbprint. */
  key?: PublicJwk | undefined;
}

/** The trainee's signed record as the trainer exports it. */
export function trainerBundle(profile: TraineeProfile, manifest: CourseManifest) {
  const split = splitEntries(profile.entries);
  return buildBundle({ ...profile, entries: split.signoffs }, manifest, {
    exportedFrom: 'trainer',
    now: new Date(),
    certifications: split.certifications,
  });
}

/** After signing for a trainee from the desk: the desk's copy of their record gains the entry. */
export async function addToDesk(profile: TraineeProfile, jws: string, manifest: CourseManifest): Promise<void> {
  if (!profile.entries.includes(jws)) profile.entries = [...profile.entries, jws];
  const bundle = await trainerBundle(profile, manifest);
  const text = JSON.stringify(bundle);
  await importFiles(
    [{ name: bundleFileName(bundle), size: text.length, text: () => Promise.resolve(text) }],
    manifest,
  ).catch(() => undefined);
}

/**
 * Every sign-off entry of this trainee that this device knows: the verified record the page was
 * given (a file, the cohort desk), and the entries this trainer signed for them (the signing log),
 * so a request link alone still cannot make the trainer sign a step out of order.
 */
export async function knownEntries(trainee: Trainee): Promise<SignoffPayload[]> {
  const fromRecord = Object.values(trainee.skills ?? {}).flatMap((c) =>
    Object.values(c.steps.steps).flatMap((s) => s.history),
  );
  const log = await readLog();
  const fromLog = (log.ok ? log.value : [])
    .filter((r) => r.traineeId === trainee.id)
    .map((r) => parsePayload(decodeBase64urlJson(r.jws.split('.')[1] ?? '')))
    .flatMap((p) => (p.ok && p.value.trainee.id === trainee.id ? [p.value] : []));
  const byId = new Map([...fromRecord, ...fromLog].map((p) => [p.id, p]));
  return [...byId.values()];
}
