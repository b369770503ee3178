/**
 * Taking in signed entries that arrive for a trainee on this browser (the checklist page: a
 * response link, a pasted link or a sign-off file). Sign-offs are verified in order against the
 * ones stored, then certifications against them; only new valid entries are added and nothing
 * stored is dropped or changed. Pure (no storage, no DOM): the page stores what this returns.
 */
import { traineeKidOf } from '../trust/key-id';
import type { CourseManifest } from '../course/manifest';
import type { CertificationReason } from '../trust/certification/verify';
import type { CertificationPayload } from '../export/types';
import { splitEntries, verifyHeldCertifications } from '../trust/certification/held';
import { decodeBase64urlJson, isRecord } from '../trust/encoding';
import { takeIncoming, verifyRecord, type IncomingResult } from '../trust/record';
import type { VerifyReason } from '../trust/verify';
import { withEntries } from './entries';
import type { ProgressState, TraineeProfile } from './format';

export type ReceivedResult = Omit<IncomingResult, 'reason'> & {
  reason?: VerifyReason | CertificationReason;
  certification?: CertificationPayload | undefined;
};

export interface Received {
  /** The trainee the entries were taken in for. */
  profile: TraineeProfile;
  /** A verdict per arriving entry: sign-offs first, then certifications. */
  results: ReceivedResult[];
  /** The trainee's entries with the new valid ones added. */
  entries: string[];
  /** How many arriving entries were new and valid. */
  added: number;
}

/** The profile on this browser that the entries name (from their unverified payload), if any. */
export function profileNamedBy(state: ProgressState, incoming: readonly string[]): TraineeProfile | undefined {
  for (const jws of incoming) {
    const payload = decodeBase64urlJson(jws.split('.')[1] ?? '');
    const trainee = isRecord(payload) ? payload['trainee'] : undefined;
    const id = isRecord(trainee) ? trainee['id'] : undefined;
    if (typeof id === 'string' && Object.hasOwn(state.profiles, id)) return state.profiles[id];
  }
  return undefined;
}

/**
 * Verifies arriving entries for the trainee they name (else the active one). Undefined when
 * there is no such trainee on this browser.
 */
export async function receiveEntries(
  state: ProgressState,
  incoming: readonly string[],
  manifest: CourseManifest,
  now = new Date(),
): Promise<Received | undefined> {
  const profile = profileNamedBy(state, incoming) ?? (state.active !== null ? state.profiles[state.active] : undefined);
  if (!profile) return undefined;
  const stored = splitEntries(profile.entries);
  const arriving = splitEntries(incoming);
  // An entry bound to another trainee key than this profile's is not this trainee's (a request
  // whose key was swapped): refused like an entry about someone else.
  const traineeKid = await traineeKidOf(profile);
  const taken = await takeIncoming(stored.signoffs, arriving.signoffs, { manifest, traineeId: profile.id, traineeKid });
  const results: ReceivedResult[] = [...taken.results];
  const record = await verifyRecord(taken.entries, { manifest, traineeId: profile.id, traineeKid });
  const fresh = arriving.certifications.filter((c) => !stored.certifications.includes(c));
  const held = await verifyHeldCertifications([...stored.certifications, ...fresh], {
    manifest,
    traineeId: profile.id,
    signoffs: record.accepted.map((a) => a.payload),
    now,
  });
  const keptCerts = [...stored.certifications];
  for (const jws of arriving.certifications) {
    const accepted = held.accepted.find((c) => c.jws === jws);
    // Already held, or twice in what arrived: kept once.
    if (stored.certifications.includes(jws) || keptCerts.includes(jws)) {
      results.push({ jws, outcome: 'duplicate', certification: accepted?.payload });
    } else if (accepted) {
      keptCerts.push(jws);
      results.push({ jws, outcome: 'added', certification: accepted.payload, demo: accepted.demo });
    } else {
      const refused = held.refused.find((r) => r.jws === jws);
      results.push({
        jws,
        outcome: 'refused',
        reason: refused?.reason ?? 'malformed',
        message: refused?.message ?? 'This certification entry is not valid.',
      });
    }
  }
  const added = results.filter((r) => r.outcome === 'added').length;
  return { profile, results, entries: [...taken.entries, ...keptCerts], added };
}

/**
 * The state to store after receiving, or undefined when nothing is to be stored. The trainee
 * becomes the active one only when something genuine arrived for them: a link holding nothing
 * but forged entries that name another trainee must not change whose progress this browser shows.
 */
export function stateAfterReceiving(state: ProgressState, received: Received): ProgressState | undefined {
  const id = received.profile.id;
  if (!Object.hasOwn(state.profiles, id)) return undefined; // removed meanwhile (another tab)
  if (received.added > 0) return withEntries({ ...state, active: id }, id, received.entries);
  if (state.active !== id && received.results.some((r) => r.outcome !== 'refused')) return { ...state, active: id };
  return undefined;
}
