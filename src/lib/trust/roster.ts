/**
 * The roster: which trainers may sign, with which public keys, and when. Built from
 * `src/content/trainers` and published with the site, which makes the built site the trust
 * anchor. Plain JSON (dates as ISO strings) so the same object can be embedded in a page,
 * written to a file for the `verify` command, and compared in tests.
 */
import type { TrainerData } from '../content/schema';

/** The public members of an EC P-256 key; never a private "d". */
export interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

/** One signing key of a trainer, as published. */
export interface RosterKey {
  /** RFC 7638 SHA-256 thumbprint of `jwk`. */
  kid: string;
  jwk: PublicJwk;
  /** First moment entries signed with this key count (ISO date-time). */
  validFrom: string;
  /** Last moment entries signed with this key count (ISO date-time). Absent: no end. */
  validUntil?: string;
  status: 'active' | 'revoked';
  /** Entries signed at or after this moment are refused (ISO date-time). */
  revokedAt?: string;
  revokedReason?: string;
}

/** When a qualification holds (ISO date-times); an absent end is open. */
export interface QualificationPeriod {
  from?: string;
  until?: string;
}

/** One skill a trainer may sign off, and when (./qualification.ts judges it). */
export interface QualifiedSkill extends QualificationPeriod {
  skill: string;
}

export interface RosterTrainer {
  /** The trainer's file name in `src/content/trainers`, without `.yaml`. */
  id: string;
  name: string;
  /** The published demo trainer: anyone can sign as it, so its entries are marked "demo". */
  demo: boolean;
  keys: RosterKey[];
  /** The skills this trainer may sign off. Absent: every skill (rosters made before qualifications). */
  skills?: QualifiedSkill[];
  /** Whether (and when) this trainer may sign certifications. Absent: always; false: never. */
  certify?: false | QualificationPeriod;
}

export interface Roster {
  courseId: string;
  trainers: RosterTrainer[];
}

/** The roster as published, from the trainers' content entries (zod-parsed, with Dates). */
export function rosterFromContent(courseId: string, trainers: { id: string; data: TrainerData }[]): Roster {
  return {
    courseId,
    trainers: trainers.map(({ id, data }) => ({
      id,
      name: data.name,
      demo: data.demo,
      keys: data.keys.map((k) => ({
        kid: k.kid,
        // Copy the four members by name so nothing else the content held is ever published.
        jwk: { kty: k.jwk.kty, crv: k.jwk.crv, x: k.jwk.x, y: k.jwk.y },
        validFrom: k.validFrom.toISOString(),
        ...(k.validUntil && { validUntil: k.validUntil.toISOString() }),
        status: k.status,
        ...(k.revokedAt && { revokedAt: k.revokedAt.toISOString() }),
        ...(k.revokedReason !== undefined && { revokedReason: k.revokedReason }),
      })),
      ...(data.skills !== undefined && { skills: data.skills.map(qualifiedSkill) }),
      ...(data.certify !== undefined && data.certify !== true && { certify: certifyPeriod(data.certify) }),
    })),
  };
}

type SkillGrant = NonNullable<TrainerData['skills']>[number];

/** A skill id alone grants it for good; an object may bound it in time. */
function qualifiedSkill(grant: SkillGrant): QualifiedSkill {
  if (typeof grant === 'string') return { skill: grant };
  return { skill: grant.skill, ...period(grant) };
}

function certifyPeriod(certify: Exclude<TrainerData['certify'], true | undefined>): false | QualificationPeriod {
  return certify === false ? false : period(certify);
}

function period(p: { from?: Date | undefined; until?: Date | undefined }): QualificationPeriod {
  return { ...(p.from && { from: p.from.toISOString() }), ...(p.until && { until: p.until.toISOString() }) };
}

/** The key with this kid and the trainer who owns it, or undefined when it is not on the roster. */
export function findKey(roster: Roster, kid: string): { trainer: RosterTrainer; key: RosterKey } | undefined {
  for (const trainer of roster.trainers) {
    const key = trainer.keys.find((k) => k.kid === kid);
    if (key) return { trainer, key };
  }
  return undefined;
}

export type KeyStatus = 'valid' | 'not-yet-valid' | 'expired' | 'revoked';

/**
 * Whether entries signed at `date` with `key` count. Revocation wins over everything else: a
 * key revoked at T stops counting at T, while entries signed before T stay good (the trainer
 * signed them while the key was trusted). A revoked key without a date is treated as revoked
 * from the start, and a `revokedAt` counts even if `status` was left "active".
 */
export function keyStatusAt(key: RosterKey, date: Date | string): KeyStatus {
  const t = typeof date === 'string' ? Date.parse(date) : date.getTime();
  if (Number.isNaN(t)) return 'not-yet-valid';
  const revokedFrom = key.revokedAt ? Date.parse(key.revokedAt) : key.status === 'revoked' ? -Infinity : Infinity;
  if (t >= revokedFrom || Number.isNaN(revokedFrom)) return 'revoked';
  // Written as !(a <= b) so that an unreadable date fails closed instead of passing.
  if (!(Date.parse(key.validFrom) <= t)) return 'not-yet-valid';
  if (key.validUntil !== undefined && !(t <= Date.parse(key.validUntil))) return 'expired';
  return 'valid';
}
