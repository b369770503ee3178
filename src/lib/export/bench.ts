/**
 * A large bundle for `npm run bench` (scripts/bench.ts): `n` sign-off entries spread over many
 * skills (ten entries a skill: six practice sessions and four sign-offs), a certification per
 * skill, all really signed, then timed through `verifyBundle`. Only the verification is timed.
 * Measures; never passes or fails on time.
 */
import type { CourseManifest, ManifestSkill } from '../course/manifest';
import { signSignoff, type Signer } from '../trust/entry';
import { thumbprint } from '../trust/keys';
import type { CryptoBackend } from '../trust/verify';
import { buildBundle, verifyBundle } from './bundle';
import { signCertification, skillCertificationReady } from './certification';

const ENTRIES_PER_SKILL = 10;
const PRACTICE: readonly ('show' | 'copilot' | 'solo' | 'teachback')[] = [
  'show',
  'show',
  'copilot',
  'copilot',
  'solo',
  'solo',
];

export interface BenchResult {
  /** Wall-clock seconds `verifyBundle` took. */
  seconds: number;
  entries: number;
  skills: number;
  certifications: number;
  /** Bundle size in characters. */
  length: number;
  /** Whether the bundle verified (it should: a false here is a bug). */
  valid: boolean;
}

export async function benchVerify(n: number, backend?: CryptoBackend): Promise<BenchResult> {
  const skillCount = Math.max(1, Math.ceil(n / ENTRIES_PER_SKILL));
  const skills = benchSkills(skillCount, { required: false, withLesson: true });
  const { signer, manifest } = await benchCourse(skills);

  const trainee = { id: 'bench-trainee-0001', name: 'Bench Trainee' };
  const start = Date.UTC(2025, 0, 1);
  const entries: string[] = [];
  const certifications: string[] = [];
  let minute = 0;
  for (const skill of skills) {
    const mine = [];
    const plan = [
      ...PRACTICE.map((step, i) => ({ step, outcome: 'practice' as const, order: [0, 0, 1, 1, 2, 2][i] as number })),
      ...(['show', 'copilot', 'solo', 'teachback'] as const).map((step, i) => ({
        step,
        outcome: 'signed-off' as const,
        order: i + 0.5,
      })),
    ].sort((a, b) => a.order - b.order);
    for (const { step, outcome } of plan) {
      if (entries.length >= n) break;
      const signedAt = new Date(start + minute++ * 60_000);
      const signed = await signSignoff(
        {
          course: manifest.course.id,
          skill: skill.id,
          skillHash: skill.hash,
          trainee,
          step,
          outcome,
          observedAt: signedAt.toISOString().slice(0, 10),
          notes: 'A benchmark entry with a note of ordinary length, like the ones trainers write after a session.',
          signedAt,
        },
        signer,
      );
      if (!signed.ok) throw new Error(signed.message);
      entries.push(signed.value.jws);
      mine.push(signed.value.payload);
    }
    const ready = await skillCertificationReady(mine, {}, manifest, skill.id);
    if (ready.ok) {
      const cert = await signCertification(
        { ...ready.value, certifiedAt: new Date(start + minute++ * 60_000) },
        signer,
      );
      if (!cert.ok) throw new Error(cert.message);
      certifications.push(cert.value.jws);
    }
  }
  const profile = { ...trainee, createdAt: new Date(start).toISOString(), lessons: {}, attempts: {}, entries };
  const now = new Date(start + (minute + 60) * 60_000);
  const text = JSON.stringify(await buildBundle(profile, manifest, { exportedFrom: 'trainer', now, certifications }));

  const began = performance.now();
  const verdict = await verifyBundle(text, manifest, { now, ...(backend && { backend }) });
  const seconds = (performance.now() - began) / 1000;
  return {
    seconds,
    entries: entries.length,
    skills: skillCount,
    certifications: certifications.length,
    length: text.length,
    valid: verdict.readable && verdict.valid,
  };
}

/** `count` skills with placeholder criteria and hashes; `withLesson` gives each a lesson of its own. */
export function benchSkills(count: number, o: { required: boolean; withLesson: boolean }): ManifestSkill[] {
  const step = { focus: 'f', checks: ['c'] };
  return Array.from({ length: count }, (_, i) => ({
    id: `skill-${i}`,
    title: `Skill ${i}`,
    required: o.required,
    hash: 'h'.repeat(43),
    lessons: o.withLesson ? [`lesson-${i}`] : [],
    steps: { show: step, copilot: step, solo: step, teachback: step },
  }));
}

/**
 * A fresh P-256 key for one bench trainer, and a course manifest of `skills` whose roster holds
 * it (shared by this bench and the cohort desk's, src/lib/cohort/bench.ts).
 */
export async function benchCourse(skills: ManifestSkill[]): Promise<{ signer: Signer; manifest: CourseManifest }> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const exported = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const jwk = { kty: 'EC', crv: 'P-256', x: exported.x as string, y: exported.y as string } as const;
  const kid = await thumbprint(jwk);
  const signer: Signer = { privateKey: pair.privateKey, kid, trainerId: 'bench-trainer', trainerName: 'Bench Trainer' };
  const manifest: CourseManifest = {
    format: 'tandem-course-manifest',
    version: 1,
    course: { id: 'bench-course', title: 'Bench', organisation: 'Bench', passMark: 80, certificationExpiryMonths: 12 },
    builtAt: new Date(0).toISOString(),
    roster: {
      courseId: 'bench-course',
      trainers: [
        {
          id: 'bench-trainer',
          name: 'Bench Trainer',
          demo: false,
          keys: [{ kid, jwk, validFrom: '2020-01-01T00:00:00.000Z', status: 'active' }],
        },
      ],
    },
    skills,
    quizzes: {},
    lessons: Object.fromEntries(skills.flatMap((s) => s.lessons.map((l) => [l, { title: s.title }]))),
  };
  return { signer, manifest };
}
