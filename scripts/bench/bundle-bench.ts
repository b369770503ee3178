/**
 * A large bundle for `npm run bench` (scripts/bench.ts): `n` sign-off entries spread over many
 * skills (ten entries a skill: six practice sessions and four sign-offs), a certification per
 * skill, all really signed, then timed through `verifyBundle`. Only the verification is timed.
 * Measures; never passes or fails on time.
 */
import type { CourseManifest, ManifestSkill } from '../../src/lib/course/manifest';
import { signSignoff, type Signer } from '../../src/lib/trust/entry';
import { thumbprint } from '../../src/lib/trust/keys';
import type { CryptoBackend } from '../../src/lib/trust/verify';
import { buildBundle } from '../../src/lib/bundle/build';
import { verifyBundle } from '../../src/lib/bundle/verify';
import { signCertification } from '../../src/lib/trust/certification/payload';
import { skillCertificationReady } from '../../src/lib/trust/certification/readiness';

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
  const made = await benchBundle(n);
  const began = performance.now();
  const verdict = await verifyBundle(made.text, made.manifest, { now: made.now, ...(backend && { backend }) });
  const seconds = (performance.now() - began) / 1000;
  return {
    seconds,
    entries: made.entries.length,
    skills: made.skills,
    certifications: made.certifications.length,
    length: made.text.length,
    valid: verdict.readable && verdict.valid,
  };
}

/** The large bundle `benchVerify` times, with what it was made of (scripts/bench/pool-bench.ts times it too). */
export async function benchBundle(n: number): Promise<{
  text: string;
  manifest: CourseManifest;
  now: Date;
  entries: string[];
  certifications: string[];
  skills: number;
}> {
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
  return { text, manifest, now, entries, certifications, skills: skillCount };
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
 * it (shared by this bench and the cohort desk's, scripts/bench/cohort-bench.ts).
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

export interface OrderBenchResult {
  entries: number;
  certifications: number;
  /** Seconds the whole verification took (signatures, step order, certifications). */
  seconds: number;
  /** Seconds the signature checks alone took on the same entries, for comparison. */
  signatureSeconds: number;
  valid: boolean;
}

/** Signature checks alone (ES256 verify of every entry, in batches as `verifyEntries` runs them). */
async function signaturesAlone(jwsList: readonly string[], manifest: CourseManifest, backend?: CryptoBackend) {
  const { openSignedEntry } = await import('../../src/lib/trust/verify');
  const began = performance.now();
  for (let i = 0; i < jwsList.length; i += 256) {
    await Promise.all(
      jwsList.slice(i, i + 256).map((jws) =>
        openSignedEntry(jws, {
          roster: manifest.roster,
          typ: (
            JSON.parse(atob((jws.split('.')[0] as string).replace(/-/g, '+').replace(/_/g, '/'))) as { typ: string }
          ).typ,
          maxLength: 64 * 1024,
          ...(backend && { backend }),
        }),
      ),
    );
  }
  return (performance.now() - began) / 1000;
}

/**
 * The worst order for step checking: `n` practice sessions of one skill, listed newest first
 * (each one older than everything taken before it). Verified as a stored record is.
 */
export async function benchReverseOrder(n: number, backend?: CryptoBackend): Promise<OrderBenchResult> {
  const skills = benchSkills(1, { required: false, withLesson: false });
  const { signer, manifest } = await benchCourse(skills);
  const skill = skills[0] as ManifestSkill;
  const trainee = { id: 'bench-trainee-0001', name: 'Bench Trainee' };
  const start = Date.UTC(2025, 0, 1);
  const entries: string[] = [];
  for (let i = 0; i < n; i += 256) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(256, n - i) }, (_, j) => {
        const signedAt = new Date(start + (i + j) * 1000);
        return signSignoff(
          {
            course: manifest.course.id,
            skill: skill.id,
            skillHash: skill.hash,
            trainee,
            step: 'show',
            outcome: 'practice',
            observedAt: signedAt.toISOString().slice(0, 10),
            notes: 'Practice.',
            signedAt,
          },
          signer,
        );
      }),
    );
    for (const s of batch) {
      if (!s.ok) throw new Error(s.message);
      entries.push(s.value.jws);
    }
  }
  entries.reverse();
  const { verifyEntries } = await import('../../src/lib/trust/record');
  const now = new Date(start + (n + 3600) * 1000);
  const began = performance.now();
  const { record } = await verifyEntries(entries, {
    manifest,
    traineeId: trainee.id,
    now,
    ...(backend && { backend }),
  });
  const seconds = (performance.now() - began) / 1000;
  return {
    entries: n,
    certifications: 0,
    seconds,
    signatureSeconds: await signaturesAlone(entries, manifest, backend),
    valid: record.refused.length === 0 && record.accepted.length === n,
  };
}

/**
 * Many certifications of one skill: cycles of four sign-offs, a certification (two every other
 * cycle), and a re-opening, until `signoffs` sign-off entries; verified as a bundle.
 */
export async function benchRecertifications(signoffs: number, backend?: CryptoBackend): Promise<OrderBenchResult> {
  const skills = benchSkills(1, { required: false, withLesson: false });
  const { signer, manifest } = await benchCourse(skills);
  const skill = skills[0] as ManifestSkill;
  const trainee = { id: 'bench-trainee-0001', name: 'Bench Trainee' };
  const start = Date.UTC(2025, 0, 1);
  let second = 0;
  const entries: string[] = [];
  const certifications: string[] = [];
  const payloads: Parameters<typeof skillCertificationReady>[0] & unknown[] = [];
  const steps = ['show', 'copilot', 'solo', 'teachback'] as const;
  let cycle = 0;
  while (entries.length < signoffs) {
    const plan = [...steps.map((step) => ({ step, outcome: 'signed-off' as const }))];
    for (const { step, outcome } of plan) {
      const signedAt = new Date(start + second++ * 1000);
      const s = await signSignoff(
        {
          course: manifest.course.id,
          skill: skill.id,
          skillHash: skill.hash,
          trainee,
          step,
          outcome,
          observedAt: signedAt.toISOString().slice(0, 10),
          signedAt,
        },
        signer,
      );
      if (!s.ok) throw new Error(s.message);
      entries.push(s.value.jws);
      payloads.push(s.value.payload);
    }
    const ready = await skillCertificationReady(payloads, {}, manifest, skill.id);
    if (!ready.ok) throw new Error(ready.message);
    for (let c = 0; c < (cycle % 2 === 0 ? 1 : 2); c++) {
      const cert = await signCertification({ ...ready.value, certifiedAt: new Date(start + second++ * 1000) }, signer);
      if (!cert.ok) throw new Error(cert.message);
      certifications.push(cert.value.jws);
    }
    const signedAt = new Date(start + second++ * 1000);
    const reopen = await signSignoff(
      {
        course: manifest.course.id,
        skill: skill.id,
        skillHash: skill.hash,
        trainee,
        step: 'show',
        outcome: 're-opened',
        observedAt: signedAt.toISOString().slice(0, 10),
        signedAt,
      },
      signer,
    );
    if (!reopen.ok) throw new Error(reopen.message);
    entries.push(reopen.value.jws);
    payloads.push(reopen.value.payload);
    cycle++;
  }
  const profile = { ...trainee, createdAt: new Date(start).toISOString(), lessons: {}, attempts: {}, entries };
  const now = new Date(start + (second + 3600) * 1000);
  const text = JSON.stringify(await buildBundle(profile, manifest, { exportedFrom: 'trainer', now, certifications }));
  const began = performance.now();
  const verdict = await verifyBundle(text, manifest, { now, ...(backend && { backend }) });
  const seconds = (performance.now() - began) / 1000;
  return {
    entries: entries.length,
    certifications: certifications.length,
    seconds,
    signatureSeconds: await signaturesAlone([...entries, ...certifications], manifest, backend),
    valid: verdict.readable && verdict.valid,
  };
}
