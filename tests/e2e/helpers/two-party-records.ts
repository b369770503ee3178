/**
 * Two-party records of the sample course made in Node with the demo key, for the pages that show
 * both signatures: three skills, every step signed for Tess's own key and acknowledged by her
 * (the first), all but the Teach-back acknowledged (the second), or signed for no key
 * (single-signed, the third); each skill certified. The progress file carries her wrapped key,
 * so her acknowledgements count on her device.
 */
import type { CourseManifest } from '../../../src/lib/course/manifest';
import { buildBundle } from '../../../src/lib/bundle/build';
import type { ProgressBundle } from '../../../src/lib/export/types';
import type { QuizAttempt } from '../../../src/lib/quiz/score';
import { DEFAULT_ACK_STATEMENT, signAck } from '../../../src/lib/trust/ack';
import { signCertification } from '../../../src/lib/trust/certification/payload';
import { skillCertificationReady } from '../../../src/lib/trust/certification/readiness';
import { signSignoff, type SignoffPayload } from '../../../src/lib/trust/entry';
import { createTraineeKey } from '../../../src/lib/trust/trainee-key';
import { demoSigner } from './records';
import { fullMarks } from '../../fixtures/sample-certified';

const STEPS = ['show', 'copilot', 'solo', 'teachback'] as const;
const DAY = 86_400_000;

export async function twoPartyFiles(
  manifest: CourseManifest,
): Promise<{ progressFile: string; bundle: ProgressBundle; uncertified: ProgressBundle; skills: string[] }> {
  const signer = await demoSigner(manifest);
  const key = await createTraineeKey('tess keeps this one safe');
  if (!key.ok) throw new Error(key.message);
  const trainee = { id: 'Zq3kP9xT2mB7wL4nR8vYcA', name: 'Tess Trainee' };
  const start = Date.now() - 30 * DAY;
  const attempts: Record<string, QuizAttempt[]> = {};
  for (const [lesson, quiz] of Object.entries(manifest.quizzes)) {
    attempts[lesson] = [fullMarks(quiz, new Date(start - DAY))];
  }
  const skills = manifest.skills.slice(0, 3);
  const entries: string[] = [];
  const payloads: SignoffPayload[] = [];
  const acks: string[] = [];
  let t = start;
  for (const [i, skill] of skills.entries()) {
    for (const step of STEPS) {
      const signedAt = new Date((t += DAY / 2));
      const signed = await signSignoff(
        {
          course: manifest.course.id,
          skill: skill.id,
          skillHash: skill.hash,
          trainee: i === 2 ? trainee : { ...trainee, kid: key.value.wrapped.kid },
          step,
          outcome: 'signed-off',
          observedAt: signedAt.toISOString().slice(0, 10),
          notes: '',
          signedAt,
        },
        signer,
      );
      if (!signed.ok) throw new Error(signed.message);
      entries.push(signed.value.jws);
      payloads.push(signed.value.payload);
      if (i === 0 || (i === 1 && step !== 'teachback'))
        acks.push(await signAck(signed.value.payload, DEFAULT_ACK_STATEMENT, key.value.key, new Date(t + 3_600_000)));
    }
  }
  const certifications: string[] = [];
  for (const skill of skills) {
    const ready = await skillCertificationReady(payloads, attempts, manifest, skill.id);
    if (!ready.ok) throw new Error(`${skill.id}: ${ready.message}`);
    const c = await signCertification({ ...ready.value, certifiedAt: new Date((t += 60_000)) }, signer);
    if (!c.ok) throw new Error(c.message);
    certifications.push(c.value.jws);
  }
  const profile = {
    ...trainee,
    createdAt: new Date(start).toISOString(),
    lessons: {},
    attempts,
    entries,
    key: key.value.wrapped,
    acks,
  };
  const progressFile = JSON.stringify({
    format: 'tandem-progress',
    version: 1,
    course: manifest.course.id,
    exportedAt: new Date(t).toISOString(),
    profile: { ...profile, entries: [...entries, ...certifications] },
  });
  const made = (certs: string[]) =>
    buildBundle(profile, manifest, { exportedFrom: 'trainee', now: new Date(t), certifications: certs });
  return {
    progressFile,
    bundle: await made(certifications),
    uncertified: await made([]),
    skills: skills.map((s) => s.title),
  };
}
