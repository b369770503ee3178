/**
 * The proof a sign-off request carries: the trainee's own sign-off of the step before the one
 * they ask for. With it the trainer's device can refuse a step out of order before anything is
 * signed, even when it holds nothing else of the trainee's (a request from someone this trainer
 * meets for the first time, whose earlier steps another trainer signed).
 *
 * One entry is enough: a sign-off of a step is valid only when every step before it was signed
 * off at that moment, and every verifier refuses it otherwise; so the step before, verified, says
 * the requested step is the trainee's current one. What it cannot show is an entry signed since
 * (a re-opening the trainee leaves out): the trainee's device and every verifier still replay the
 * whole record, and refuse the new entry then. `docs/export-format.md` lists this among what no
 * check can prove.
 *
 * The entry is packed as the certificate token packs a certification (manifest references, raw
 * ids and times, DEFLATE with a preset dictionary: see export/certificate-token.ts), so a request
 * for the last step is still a QR code a phone reads. Nothing in it is believed before
 * `verifySignoffAlone` accepts it.
 */
import type { CourseManifest } from '../course/manifest';
import { packEntry, unpackEntry, type PackedKind, type TokenReason } from '../export/certificate-token';
import type { Step } from '../content/schema';
import { fail, ok, type Result } from '../result';
import { base64url, fromBase64url } from './encoding';
import type { SignoffPayload } from './entry';
import { checkNextEntry, skillSteps } from './ledger';
import { checkAloneHere, type VerifiedRecord } from './record';
import { STEP_INFO } from '../content/steps';
import { STEP_ORDER } from './steps';
import { MAX_PROOF_LENGTH } from './links';

const utf8 = new TextEncoder();

/**
 * The shape of a sign-off as `signSignoff` writes it, with markers where values go. Part of
 * proof format 1: it may never change (a new dictionary is a new version).
 */
const SIGNOFF: PackedKind = {
  version: 1,
  dictionary: utf8.encode(
    '{"alg":"ES256","kid":\x04,"typ":"tandem-signoff+jws"}' +
      '{"v":1,"typ":"signoff","id":\x02,"course":\x05,"skill":\x05,"skillHash":\x04,"trainee":{"id":"","name":"","kid":\x01},' +
      '"step":"show","step":"copilot","step":"solo","step":"teachback","outcome":"signed-off","observedAt":"2026-' +
      '"signedAt":\x03,"trainer":{"id":\x05,"name":\x05,"kid":\x04},"evidence":{"learningStyle":"auditory","visual","read-write","kinesthetic",' +
      '"explanation":"","debrief":"","taught":{"name":"","role":""}},"notes":""}',
  ),
  maxBytes: 2304,
  messages: {
    malformed: 'The proof of the step before in this request is damaged: it may have been cut short.',
    wrongCourse:
      'The proof of the step before in this request names course content or a trainer this site does not publish.',
    tooLarge: 'The proof of the step before in this request unpacks to more than a sign-off can be.',
    longer: 'The proof of the step before in this request is longer than any sign-off’s.',
    notAnEntry: 'This is not a signed sign-off entry.',
  },
};

/** The step before `step`, or undefined for the first. */
export function stepBefore(step: Step): Step | undefined {
  return STEP_ORDER[STEP_ORDER.indexOf(step) - 1];
}

/** A sign-off entry (compact JWS) packed for a request, as base64url text. */
export function packStepProof(jws: string, manifest: CourseManifest): Result<string, 'malformed'> {
  const packed = packEntry(jws, manifest, SIGNOFF);
  return packed.ok ? ok(base64url(packed.value)) : packed;
}

/** The sign-off entry a request's proof carries; only its shape is checked here. Never throws. */
export function openStepProof(text: unknown, manifest: CourseManifest): Result<string, TokenReason> {
  if (typeof text !== 'string' || text.length > MAX_PROOF_LENGTH) return fail('malformed', SIGNOFF.messages.longer);
  const bytes = fromBase64url(text);
  if (!bytes) return fail('malformed', SIGNOFF.messages.malformed);
  return unpackEntry(bytes, manifest, SIGNOFF);
}

/**
 * Why a verified proof does not show that `asked` is the trainee's current step of `skill`, or
 * undefined when it does: it must be a sign-off of the step just before, for this course, skill
 * and trainee.
 */
export function proofProblem(
  proof: SignoffPayload,
  asked: { course: string; skill: string; traineeId: string; step: Step },
): string | undefined {
  const before = stepBefore(asked.step);
  if (!before) return 'the first step needs no proof';
  if (proof.course !== asked.course || proof.skill !== asked.skill || proof.trainee.id !== asked.traineeId) {
    return 'it is an entry about another trainee, skill or course';
  }
  if (proof.step !== before || proof.outcome !== 'signed-off') return `it is not a sign-off of the step before`;
  return undefined;
}

/**
 * The entries a verified proof stands for, for the step-order check: the proof itself and, before
 * it, a sign-off of every earlier step (which the proof's own validity implies). They exist only
 * for that check: never stored, shown or signed.
 */
export function impliedHistory(proof: SignoffPayload): SignoffPayload[] {
  const k = STEP_ORDER.indexOf(proof.step);
  const at = Date.parse(proof.signedAt);
  const implied = STEP_ORDER.slice(0, k).map((step, i) => ({
    ...proof,
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    step,
    signedAt: new Date(at - (k - i)).toISOString(),
  }));
  return [...implied, proof];
}

/**
 * The proof to put in a request for `step` of `skill`: the trainee's sign-off of the step
 * before, the one in force now (the latest, as re-openings undo earlier ones). Undefined for the
 * first step, or when the step before is not signed off (then the request is refused anyway).
 */
export function proofFor(record: VerifiedRecord, skill: string, step: Step): string | undefined {
  const before = stepBefore(step);
  if (!before) return undefined;
  const state = skillSteps(record.accepted.filter((a) => a.payload.skill === skill).map((a) => a.payload)).steps[
    before
  ];
  if (state.state !== 'signed-off') return undefined;
  const inForce = state.history.findLast((p) => p.outcome === 'signed-off');
  return record.accepted.find((a) => a.payload.id === inForce?.id)?.jws;
}

export interface RequestAsked {
  course: string;
  skill: string;
  step: Step;
  trainee: { id: string; name: string };
  /** Thumbprint of the key the request carries (null: none). */
  traineeKid: string | null;
}

/**
 * Judges the proof a request carries as any verifier judges that entry (signature, roster
 * signer, qualification, time, this trainee and key), then that it is the sign-off of the step
 * just before the one asked for. The verified payload, or why it proves nothing.
 */
export async function judgeStepProof(
  proof: string,
  asked: RequestAsked,
  manifest: CourseManifest,
  now?: Date | string | number,
): Promise<Result<SignoffPayload, 'proof-refused'>> {
  const opened = openStepProof(proof, manifest);
  if (!opened.ok) return fail('proof-refused', opened.message);
  const [verdict] = await checkAloneHere([opened.value], {
    manifest,
    traineeId: asked.trainee.id,
    traineeKid: asked.traineeKid,
    ...(now !== undefined && { now }),
  });
  if (!verdict?.ok) return fail('proof-refused', `the entry it carries was refused: ${verdict?.message ?? 'unknown'}`);
  const problem = proofProblem(verdict.payload, {
    course: asked.course,
    skill: asked.skill,
    traineeId: asked.trainee.id,
    step: asked.step,
  });
  return problem ? fail('proof-refused', problem) : ok(verdict.payload);
}

/**
 * Whether the trainer's device may sign `candidate` when all it holds of the trainee is a
 * request: the request's verified proof (or, without one, a sign-off of the step before that
 * this device signed itself), then what this device signed for them since. The same step rules
 * as every verifier (`checkNextEntry`); without any sign-off of the step before, a later step is
 * refused here rather than signed and refused on the trainee's device.
 */
export function checkRequestedEntry(
  known: readonly SignoffPayload[],
  proof: SignoffPayload | undefined,
  candidate: Parameters<typeof checkNextEntry>[1],
): Result<void, 'out-of-order' | 'no-proof'> {
  const before = stepBefore(candidate.step);
  const same = known.filter((p) => p.skill === candidate.skill && p.course === candidate.course);
  const anchor =
    proof ??
    same
      .filter((p) => p.step === before && p.outcome === 'signed-off')
      .sort((a, b) => Date.parse(a.signedAt) - Date.parse(b.signedAt))
      .at(-1);
  if (before && !anchor) {
    return fail(
      'no-proof',
      `this request does not show that ${STEP_INFO[before].label} is signed off. Ask ${candidate.trainee.name} to make the request again from their checklist, or open their progress file here.`,
    );
  }
  const since = anchor ? same.filter((p) => Date.parse(p.signedAt) > Date.parse(anchor.signedAt)) : same;
  return checkNextEntry([...(anchor ? impliedHistory(anchor) : []), ...since], candidate);
}
