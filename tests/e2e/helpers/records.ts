/**
 * Signed records of the sample course made in Node with the published demo key, against the
 * manifest of the build under test, for specs that hand a page a trainee's file.
 */
import { readFileSync } from 'node:fs';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import { buildBundle } from '../../../src/lib/bundle/build';
import { signCertification } from '../../../src/lib/trust/certification/payload';
import { skillCertificationReady } from '../../../src/lib/trust/certification/readiness';
import type { ProgressBundle } from '../../../src/lib/export/types';
import type { QuizAttempt } from '../../../src/lib/quiz/score';
import { signSignoff, type Signer, type SignoffPayload } from '../../../src/lib/trust/entry';
import { restoreBackup } from '../../../src/lib/trust/keys';
import { fullMarks } from '../../fixtures/sample-certified';

const STEPS = ['show', 'copilot', 'solo', 'teachback'] as const;
const DAY = 86_400_000;

/** The manifest of the build under test (`site`: 'root' or 'sub'). */
export function builtManifest(site: 'root' | 'sub' = 'root'): CourseManifest {
  return JSON.parse(
    readFileSync(`${process.env.TANDEM_E2E_DIST ?? 'dist-test'}/${site}/tandem/manifest.json`, 'utf8'),
  ) as CourseManifest;
}

/** The published demo trainer's key, signing under the roster's name for it as every page does. */
export async function demoSigner(manifest: CourseManifest): Promise<Signer> {
  const key = await restoreBackup(readFileSync('demo/demo-trainer.tandem-key.json', 'utf8'), 'demo-trainer-passphrase');
  if (!key.ok) throw new Error(key.message);
  return {
    privateKey: key.value.privateKey,
    kid: key.value.kid,
    trainerId: key.value.trainerId,
    // Every page signs under the roster's name for the key; verifiers refuse any other.
    trainerName: manifest.roster.trainers.find((t) => t.id === key.value.trainerId)?.name ?? key.value.name,
  };
}

export interface Plan {
  id: string;
  name: string;
  signedOff: number;
  certifiedAt?: Date;
}

/** Active listening signed off `plan.signedOff` steps far, a day apart, certified when asked. */
export async function bundleFor(signer: Signer, manifest: CourseManifest, plan: Plan): Promise<ProgressBundle> {
  const skill = manifest.skills.find((s) => s.id === 'active-listening')!;
  const start = new Date('2026-01-03T10:00:00.000Z');
  const trainee = { id: plan.id, name: plan.name };
  const entries: string[] = [];
  const payloads: SignoffPayload[] = [];
  for (let i = 0; i < plan.signedOff; i++) {
    const signedAt = new Date(start.getTime() + i * DAY);
    const signed = await signSignoff(
      {
        course: manifest.course.id,
        skill: skill.id,
        skillHash: skill.hash,
        trainee,
        step: STEPS[i]!,
        outcome: 'signed-off',
        observedAt: signedAt.toISOString().slice(0, 10),
        notes: `Step ${i + 1} observed on the phones.`,
        signedAt,
      },
      signer,
    );
    if (!signed.ok) throw new Error(signed.message);
    entries.push(signed.value.jws);
    payloads.push(signed.value.payload);
  }
  const attempts: Record<string, QuizAttempt[]> = {};
  for (const lesson of skill.lessons) {
    const quiz = manifest.quizzes[lesson];
    if (!quiz) continue;
    attempts[lesson] = [fullMarks(quiz, new Date('2026-01-02T09:00:00.000Z'))];
  }
  const certifications: string[] = [];
  if (plan.certifiedAt) {
    const ready = await skillCertificationReady(payloads, attempts, manifest, skill.id);
    if (!ready.ok) throw new Error(ready.message);
    const signed = await signCertification({ ...ready.value, certifiedAt: plan.certifiedAt }, signer);
    if (!signed.ok) throw new Error(signed.message);
    certifications.push(signed.value.jws);
  }
  return buildBundle({ ...trainee, createdAt: start.toISOString(), lessons: {}, attempts, entries }, manifest, {
    exportedFrom: 'trainee',
    now: new Date('2026-11-01T10:00:00.000Z'),
    certifications,
  });
}

/**
 * A trainee's record with each skill of `plan.skills` signed off `steps` steps far (all
 * four by default), a day apart from `from`, and every quiz of the course passed: skills with four
 * steps are ready to certify.
 */
export async function skillsBundle(
  signer: Signer,
  manifest: CourseManifest,
  trainee: { id: string; name: string },
  plan: { skill: string; steps?: number; from: string }[],
): Promise<ProgressBundle> {
  const entries: string[] = [];
  for (const { skill: id, steps = 4, from } of plan) {
    const skill = manifest.skills.find((s) => s.id === id)!;
    for (let i = 0; i < steps; i++) {
      const signedAt = new Date(new Date(from).getTime() + i * DAY);
      const signed = await signSignoff(
        {
          course: manifest.course.id,
          skill: skill.id,
          skillHash: skill.hash,
          trainee,
          step: STEPS[i]!,
          outcome: 'signed-off',
          observedAt: signedAt.toISOString().slice(0, 10),
          notes: `Step ${i + 1} observed.`,
          signedAt,
        },
        signer,
      );
      if (!signed.ok) throw new Error(signed.message);
      entries.push(signed.value.jws);
    }
  }
  const attempts: Record<string, QuizAttempt[]> = {};
  for (const [lesson, quiz] of Object.entries(manifest.quizzes)) {
    attempts[lesson] = [fullMarks(quiz, new Date('2026-01-02T09:00:00.000Z'))];
  }
  return buildBundle({ ...trainee, createdAt: '2026-01-01T09:00:00.000Z', lessons: {}, attempts, entries }, manifest, {
    exportedFrom: 'trainee',
    now: new Date(),
    certifications: [],
  });
}
