/**
 * The summary of a verified bundle: who, which course, which skills and the course are currently
 * certified, what no signature vouches for, and the counts of each verdict.
 */
import type { CourseManifest } from '../course/manifest';
import type { SignoffPayload, TrainerRef } from '../trust/entry';
import { skillSteps } from '../trust/ledger';
import { isExpiredAt } from '../trust/certification/payload';
import { ofSkill, type AcceptedCertification } from '../trust/certification/verify';
import type { ProgressBundle } from '../export/types';
import type { SignoffVerdict, CertificationEntryVerdict } from './verify';

export interface CertifiedSkill {
  skill: string;
  title: string;
  certifiedAt: string;
  expiresAt?: string;
  trainer: TrainerRef;
  /** The certification, or a sign-off it rests on, was signed by a demo trainer. */
  demo: boolean;
  /** Certified against an earlier version of the skill. */
  earlierVersion: boolean;
  /** A step of the skill was re-opened after the certification (when, the latest): due again. */
  reopenedAt?: string;
}

export interface BundleSummary {
  /**
   * The trainee. `name` is the name in the newest valid signed entry (`nameSigned`), or, when no
   * entry verified, the file's own name, which anyone can edit: show it as unsigned. `fileName`
   * is what the file says, whatever it is.
   */
  trainee: { id: string; name: string; nameSigned: boolean; fileName: string };
  course: {
    id: string;
    title: string;
    /** The content version the bundle was exported against, and whether it is this site's. */
    contentVersion: string;
    current: boolean;
  };
  exportedAt: string;
  exportedFrom: ProgressBundle['exportedFrom'];
  /** Skills with a current (valid, unexpired) certification, newest certification per skill. */
  certifiedSkills: CertifiedSkill[];
  /** A current course certification that covers every skill the course requires now. */
  courseCertified: boolean;
  courseCertifiedAt?: string;
  courseExpiresAt?: string;
  /** The current course certification is demo: signed with, or resting on, the demo key. */
  courseDemo?: boolean;
  /** Some valid entry was signed by a demo trainer: nothing here is a real certification. */
  demoKeysUsed: boolean;
  /**
   * What the file says that no signature vouches for: when it was exported, the lessons marked
   * read, and the quiz attempts (those a certification vouches for are in `rests.quizzes`).
   */
  unsigned: { exportedAt: string; lessons: number; quizAttempts: number; vouchedQuizzes: number };
  counts: {
    signoffs: { total: number; valid: number; duplicate: number; invalid: number };
    certifications: { total: number; valid: number; duplicate: number; invalid: number; expired: number };
  };
}

export function summarise(
  bundle: ProgressBundle,
  manifest: CourseManifest,
  signoffVerdicts: readonly SignoffVerdict[],
  certVerdicts: readonly CertificationEntryVerdict[],
  accepted: readonly AcceptedCertification[],
  signoffs: readonly SignoffPayload[],
  now: number,
): BundleSummary {
  const current = accepted.filter((a) => a.status === 'valid' && !isExpiredAt(a.payload, now));
  const newest = (list: readonly AcceptedCertification[]) =>
    list.reduce<AcceptedCertification | undefined>(
      (a, b) => (!a || Date.parse(b.payload.certifiedAt) > Date.parse(a.payload.certifiedAt) ? b : a),
      undefined,
    );

  // Grouped once: a thousand skills each filtering a thousand certifications was a cost of its own.
  const bySkill = new Map<string, AcceptedCertification[]>();
  for (const a of current) {
    const skill = a.payload.scope === 'skill' ? a.payload.skill : undefined;
    if (skill === undefined) continue;
    const list = bySkill.get(skill);
    if (list) list.push(a);
    else bySkill.set(skill, [a]);
  }
  const certifiedSkills: CertifiedSkill[] = [];
  for (const skill of manifest.skills) {
    const cert = newest(bySkill.get(skill.id) ?? []);
    if (!cert) continue;
    const p = cert.payload;
    const reopened = skillSteps(ofSkill(signoffs, manifest.course.id, bundle.trainee.id, skill.id)).steps;
    const reopenedAt = Object.values(reopened)
      .map((s) => s.reopenedAt)
      .filter((at): at is string => at !== undefined && Date.parse(at) > Date.parse(p.certifiedAt))
      .sort((a, b) => Date.parse(a) - Date.parse(b))
      .at(-1);
    certifiedSkills.push({
      skill: skill.id,
      title: skill.title,
      certifiedAt: p.certifiedAt,
      ...(cert.effectiveExpiresAt !== undefined && { expiresAt: cert.effectiveExpiresAt }),
      trainer: p.trainer,
      demo: cert.demo,
      earlierVersion: cert.earlierVersion,
      ...(reopenedAt !== undefined && { reopenedAt }),
    });
  }

  const courseCert = newest(current.filter((a) => a.payload.scope === 'course'));
  const courseCertified = courseCert !== undefined;

  const count = <S extends string>(list: readonly { status: string }[], status: S) =>
    list.filter((v) => v.status === status).length;

  // The name in the latest signed entry (certifications first, then sign-offs, the later one in
  // that order winning a tie): one pass, where sorting every entry parsed dates n log n times.
  let signedName: string | undefined;
  let signedLast = -Infinity;
  const consider = (at: string, name: string) => {
    const t = Date.parse(at);
    if (t >= signedLast) {
      signedLast = t;
      signedName = name;
    }
  };
  for (const a of accepted) consider(a.payload.certifiedAt, a.payload.trainee.name);
  for (const s of signoffs) consider(s.signedAt, s.trainee.name);
  const vouched = new Set(accepted.flatMap((a) => a.payload.rests.quizzes.map((q) => `${q.lesson} ${q.at}`)));

  return {
    trainee: {
      id: bundle.trainee.id,
      name: signedName ?? bundle.trainee.name,
      nameSigned: signedName !== undefined,
      fileName: bundle.trainee.name,
    },
    course: {
      id: bundle.course.id,
      title: manifest.course.title,
      contentVersion: bundle.course.contentVersion,
      current: false,
    },
    exportedAt: bundle.exportedAt,
    exportedFrom: bundle.exportedFrom,
    certifiedSkills,
    courseCertified,
    ...(courseCert && { courseCertifiedAt: courseCert.payload.certifiedAt }),
    ...(courseCert?.effectiveExpiresAt !== undefined && { courseExpiresAt: courseCert.effectiveExpiresAt }),
    ...(courseCert && { courseDemo: courseCert.demo }),
    demoKeysUsed:
      signoffVerdicts.some((v) => v.status !== 'invalid' && v.demo === true) ||
      certVerdicts.some((v) => v.status !== 'invalid' && v.demo === true),
    unsigned: {
      exportedAt: bundle.exportedAt,
      lessons: Object.keys(bundle.lessons).length,
      quizAttempts: Object.values(bundle.quizAttempts).reduce((n, list) => n + list.length, 0),
      vouchedQuizzes: Object.entries(bundle.quizAttempts).reduce(
        (n, [lesson, list]) => n + list.filter((a) => vouched.has(`${lesson} ${a.at}`)).length,
        0,
      ),
    },
    counts: {
      signoffs: {
        total: signoffVerdicts.length,
        valid: count(signoffVerdicts, 'valid'),
        duplicate: count(signoffVerdicts, 'duplicate'),
        invalid: count(signoffVerdicts, 'invalid'),
      },
      certifications: {
        total: certVerdicts.length,
        valid: count(certVerdicts, 'valid'),
        duplicate: count(certVerdicts, 'duplicate'),
        invalid: count(certVerdicts, 'invalid'),
        expired: count(certVerdicts, 'expired'),
      },
    },
  };
}
