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
import { verifyCertification, type AcceptedCertification, type CertificationReason } from './verify';
import { verifyRecord, type VerifiedRecord } from '../record';

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
  refused: { jws: string; reason: CertificationReason; message: string }[];
}

/**
 * Verifies certification entries: skill ones first (a course certification rests on them), under
 * the same rules as `verifyBundle` (demo all the way up, refused entries named as such).
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
  const held: HeldCertifications = { accepted: [], refused: [] };
  const demoIds = new Set(ctx.demoIds);
  const refusedIds = new Set(ctx.refusedIds);
  const payloadOf = (jws: string) => {
    const payload = decodeBase64urlJson(jws.split('.')[1] ?? '');
    return isRecord(payload) ? payload : undefined;
  };
  const scopeOf = (jws: string) => (payloadOf(jws)?.['scope'] === 'course' ? 1 : 0);
  for (const jws of [...certifications].sort((a, b) => scopeOf(a) - scopeOf(b))) {
    const verdict = await verifyCertification(jws, {
      manifest: ctx.manifest,
      traineeId: ctx.traineeId,
      signoffs: ctx.signoffs,
      now: ctx.now,
      demoIds,
      refusedIds,
      skillCertifications: held.accepted.filter((c) => c.payload.scope === 'skill').map((c) => c.payload),
    });
    if (verdict.ok) {
      held.accepted.push({ ...verdict, jws });
      if (verdict.demo) demoIds.add(verdict.payload.id);
    } else {
      held.refused.push({ jws, reason: verdict.reason, message: verdict.message });
      const id = payloadOf(jws)?.['id'];
      if (typeof id === 'string') refusedIds.add(id);
    }
  }
  return held;
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
 * Everything signed that a trainee holds, verified: their sign-offs in order, then the
 * certifications that rest on them. What every page showing a trainee's standing starts from.
 */
export async function verifyProfileEntries(
  entries: readonly string[],
  ctx: { manifest: CourseManifest; traineeId: string; now?: Date; traineeKid?: string | null },
): Promise<{ record: VerifiedRecord; held: HeldCertifications }> {
  const split = splitEntries(entries);
  const now = ctx.now ?? new Date();
  const record = await verifyRecord(split.signoffs, {
    manifest: ctx.manifest,
    traineeId: ctx.traineeId,
    now,
    ...(ctx.traineeKid !== undefined && { traineeKid: ctx.traineeKid }),
  });
  const refusedIds = new Set<string>();
  for (const r of record.refused) {
    const id = (decodeBase64urlJson(r.jws.split('.')[1] ?? '') as { id?: unknown } | undefined)?.id;
    if (typeof id === 'string') refusedIds.add(id);
  }
  const held = await verifyHeldCertifications(split.certifications, {
    manifest: ctx.manifest,
    traineeId: ctx.traineeId,
    signoffs: record.accepted.map((a) => a.payload),
    now,
    demoIds: new Set(record.accepted.filter((a) => a.demo).map((a) => a.payload.id)),
    refusedIds,
  });
  return { record, held };
}
