/**
 * The trainee's acknowledgements as their device keeps them (the profile's `acks`): verified
 * against the profile's own verified entries and key whenever shown, and added one at a time.
 * Pure (no storage, no DOM).
 */
import type { CourseManifest } from '../course/manifest';
import { ackRules, ackStatements } from '../course/ack-rules';
import type { AckPayload } from '../trust/ack';
import type { SignoffPayload } from '../trust/entry';
import { readPublicJwk } from '../trust/public-jwk';
import type { ProgressState, TraineeProfile } from './format';

/** The profile's valid acknowledgements by entry id, and how many stored ones did not verify. */
export async function profileAcks(
  profile: TraineeProfile,
  signoffs: readonly SignoffPayload[],
  manifest: CourseManifest,
  now: Date = new Date(),
): Promise<{ byEntry: Map<string, AckPayload>; refused: number }> {
  const acks = profile.acks ?? [];
  if (acks.length === 0) return { byEntry: new Map(), refused: 0 };
  // Loaded only for a profile that has acknowledged something: nobody else pays for it.
  const { entriesById, verifyAcks } = await import('../trust/ack');
  const { verdicts, byEntry } = await verifyAcks(acks, {
    courseId: manifest.course.id,
    traineeId: profile.id,
    traineeKey: readPublicJwk(profile.key?.publicJwk),
    entries: await entriesById(signoffs),
    statements: ackStatements(ackRules(manifest.course)),
    clock: now,
  });
  return { byEntry, refused: verdicts.filter((v) => !v.ok).length };
}

/** The state with `ack` added to the profile's acknowledgements; null when the profile is gone. */
export function stateWithAck(state: ProgressState, profileId: string, ack: string): ProgressState | null {
  const profile = Object.hasOwn(state.profiles, profileId) ? state.profiles[profileId] : undefined;
  if (!profile) return null;
  const acks = profile.acks ?? [];
  if (acks.includes(ack)) return state;
  return { ...state, profiles: { ...state.profiles, [profileId]: { ...profile, acks: [...acks, ack] } } };
}
