/**
 * Signed entries that arrive on a browser where the trainee they are about is not: a trainee opens the trainer's link on their phone, but their profile lives on the
 * training-room PC. Instead of a dead end ("add your profile, open the link again", then "not
 * this trainee"), the page offers to add that trainee, under the id and name the trainer signed,
 * and keeps the entries. Pure (no storage, no DOM).
 *
 * Attacker's view: a link is anyone's to craft. The offer is made only when at least one arriving
 * entry verifies for that trainee under the course rules (a roster trainer's signature, this
 * course, a published version, step order), so a forged link cannot plant a profile; the name
 * shown and stored is the one in a verified entry, never the unverified payload's.
 */
import type { CourseManifest } from '../course/manifest';
import { decodeBase64urlJson, isRecord } from '../trust/encoding';
import { cleanName, isProfile, type ProgressState, type TraineeProfile } from './format';
import { profileNamedBy, receiveEntries, type Received } from './receive';

export interface NamedTrainee {
  /** Id and name as a trainer signed them. */
  id: string;
  name: string;
  /** What receiving the entries for that trainee gives (some added: otherwise no offer). */
  received: Received;
}

/** Trainee ids the arriving entries name, from their unverified payloads, first seen first. */
export function traineesNamedBy(incoming: readonly string[]): { id: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const jws of incoming) {
    const payload = decodeBase64urlJson(jws.split('.')[1] ?? '');
    const trainee = isRecord(payload) ? payload['trainee'] : undefined;
    const id = isRecord(trainee) ? trainee['id'] : undefined;
    const name = isRecord(trainee) ? trainee['name'] : undefined;
    if (typeof id === 'string' && typeof name === 'string' && !seen.has(id)) seen.set(id, name);
  }
  return [...seen].map(([id, name]) => ({ id, name }));
}

/**
 * The trainee the entries are about when they are not on this browser and at least one entry
 * verifies for them; undefined otherwise (then the ordinary path reports what was refused).
 */
export async function namedTraineeToAdd(
  state: ProgressState,
  incoming: readonly string[],
  manifest: CourseManifest,
  now = new Date(),
): Promise<NamedTrainee | undefined> {
  if (profileNamedBy(state, incoming)) return undefined;
  for (const named of traineesNamedBy(incoming)) {
    const name = cleanName(named.name);
    const draft: TraineeProfile = {
      id: named.id,
      name: name || 'Trainee',
      createdAt: now.toISOString(),
      lessons: {},
      attempts: {},
      entries: [],
    };
    // An id this browser's storage could not read back (too short, "__proto__") is never offered:
    // the profile would be set aside as damaged on the next page load.
    if (!name || !isProfile(draft)) continue;
    const trial: ProgressState = { ...state, profiles: { ...state.profiles, [draft.id]: draft } };
    const received = await receiveEntries(trial, incoming, manifest, now);
    if (!received || received.profile.id !== draft.id || received.added === 0) continue;
    const first = received.results.find((r) => r.outcome === 'added');
    const signedName = first?.payload?.trainee.name ?? first?.certification?.trainee.name;
    const clean = signedName ? cleanName(signedName) : '';
    if (!clean) continue;
    return { id: draft.id, name: clean, received: { ...received, profile: { ...draft, name: clean } } };
  }
  return undefined;
}

/**
 * The state with the named trainee added, holding the verified entries, and chosen. Undefined
 * when a trainee with that id appeared meanwhile (another tab): then receive again instead.
 */
export function stateWithNamedTrainee(state: ProgressState, named: NamedTrainee): ProgressState | undefined {
  if (Object.hasOwn(state.profiles, named.id)) return undefined;
  const profile: TraineeProfile = { ...named.received.profile, name: named.name, entries: named.received.entries };
  return { ...state, active: named.id, profiles: { ...state.profiles, [named.id]: profile } };
}
