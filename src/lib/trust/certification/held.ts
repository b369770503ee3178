/**
 * The certifications a trainee holds, as their own device keeps them: in the same list as
 * their sign-off entries (the profile's `entries`), told apart by the JWS header's `typ`.
 * Verified again whenever shown, like sign-offs.
 */
import type { CourseManifest } from '../../course/manifest';
import type { SignoffPayload } from '../entry';
import { decodeBase64urlJson, isRecord } from '../encoding';
import { SIGNOFF_TYP } from '../entry';
import { CERTIFICATION_TYP } from './payload';
import type { AcceptedCertification, CertificationReason } from './verify';
import type { AloneChecker, VerifiedRecord } from '../record';
import type { PublicJwk } from '../roster';
import { judgeCertifications, judgeEntries, type Judged } from '../judge';

export type EntryKind = 'signoff' | 'certification' | 'unknown';

/** Which kind of signed entry this is, from its (unverified) header; verification decides the rest. */
export function entryKind(jws: string): EntryKind {
  const header = decodeBase64urlJson(jws.split('.')[0] ?? '');
  if (!isRecord(header)) return 'unknown';
  return header.typ === SIGNOFF_TYP ? 'signoff' : header.typ === CERTIFICATION_TYP ? 'certification' : 'unknown';
}

export function splitEntries(entries: readonly string[]): { signoffs: string[]; certifications: string[] } {
  const signoffs: string[] = [];
  const certifications: string[] = [];
  for (const jws of entries) (entryKind(jws) === 'certification' ? certifications : signoffs).push(jws);
  return { signoffs, certifications };
}

export interface HeldCertifications {
  accepted: (AcceptedCertification & { jws: string })[];
  refused: { jws: string; reason: CertificationReason | 'id-conflict'; message: string }[];
}

/** The one judgement's certification verdicts (lib/trust/judge.ts), as a trainee's device keeps them. */
function asHeld(
  certifications: readonly string[],
  judged: Pick<Judged, 'certifications' | 'accepted'>,
): HeldCertifications {
  const refused: HeldCertifications['refused'] = [];
  for (const v of judged.certifications) {
    // A certification signed after the moment judged is not held yet: listed with the refused, as
    // it counts for nothing.
    if ((v.status === 'invalid' || v.status === 'not-yet') && v.reason && v.reason !== 'expired') {
      refused.push({ jws: certifications[v.index] as string, reason: v.reason, message: v.message });
    }
  }
  return { accepted: judged.accepted, refused };
}

/**
 * Verifies certification entries against sign-offs already verified, with `judgeCertifications`,
 * the rules every judge of a record uses (demo all the way up, refused entries named as such).
 */
export async function verifyHeldCertifications(
  certifications: readonly string[],
  ctx: {
    manifest: CourseManifest;
    traineeId: string;
    signoffs: readonly SignoffPayload[];
    now: Date;
    /** Ids of the verified sign-offs that are demo. */
    demoIds?: ReadonlySet<string>;
    /** Ids of the sign-offs that were refused. */
    refusedIds?: ReadonlySet<string>;
  },
): Promise<HeldCertifications> {
  return asHeld(certifications, await judgeCertifications(certifications, ctx));
}

/** The newest certification of a skill (or of the course when `skill` is undefined), valid or expired. */
export function latestCertification(held: HeldCertifications, skill?: string) {
  return held.accepted
    .filter((c) =>
      skill === undefined ? c.payload.scope === 'course' : c.payload.scope === 'skill' && c.payload.skill === skill,
    )
    .sort((a, b) => Date.parse(a.payload.certifiedAt) - Date.parse(b.payload.certifiedAt))
    .at(-1);
}

/**
 * Everything signed that a trainee holds, verified by the one judgement (`judgeEntries`, as
 * `verifyBundle` does): their sign-offs in order, then the certifications that rest on them. What
 * every page showing a trainee's standing, and My progress import, start from.
 */
export async function verifyProfileEntries(
  entries: readonly string[],
  ctx: {
    manifest: CourseManifest;
    traineeId: string;
    now?: Date;
    traineeKid?: string | null;
    checkAlone?: AloneChecker;
    /** The trainee's acknowledgements and the key they were made with (the profile's or the record's). */
    acknowledgements?: readonly string[];
    traineeKey?: PublicJwk | undefined;
  },
): Promise<{
  record: VerifiedRecord;
  held: HeldCertifications;
  acks: string[];
  unacknowledged?: ReadonlySet<string>;
}> {
  const split = splitEntries(entries);
  const judged = await judgeEntries(split.signoffs, split.certifications, {
    manifest: ctx.manifest,
    traineeId: ctx.traineeId,
    now: ctx.now ?? new Date(),
    ...(ctx.traineeKid !== undefined && { traineeKid: ctx.traineeKid }),
    ...(ctx.checkAlone && { checkAlone: ctx.checkAlone }),
    ...(ctx.acknowledgements?.length && { acknowledgements: ctx.acknowledgements, traineeKey: ctx.traineeKey }),
  });
  const acks = judged.acknowledgements.flatMap((a) =>
    a.status === 'valid' ? [ctx.acknowledgements?.[a.index] ?? ''] : [],
  );
  return {
    record: judged.record,
    held: asHeld(split.certifications, judged),
    acks,
    ...(judged.unacknowledged && { unacknowledged: judged.unacknowledged }),
  };
}
