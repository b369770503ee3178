/**
 * The proof a sign-off request carries (the trainee's sign-off of the step before): packed small
 * enough for a QR code, judged as every verifier judges that entry, and used by the trainer's
 * device to refuse a step out of order when a request is all it holds of the trainee.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkRequestedEntry,
  judgeStepProof,
  openStepProof,
  packStepProof,
  proofFor,
  type RequestAsked,
} from '../../../src/lib/trust/step-proof';
import { decodeRequest, encodeRequest, qrSvgPath } from '../../../src/lib/trust/links';
import { verifyRecord } from '../../../src/lib/trust/record';
import { parsePayload, type SignoffPayload } from '../../../src/lib/trust/entry';
import { decodeBase64urlJson } from '../../../src/lib/trust/encoding';
import { exportManifest, exportRoster, makeTrainers, type Trainers } from '../../fixtures/export';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import { COURSE, OTHER_TRAINEE, TRAINEE, day, editPayload, sign } from '../../fixtures/trust';

let t: Trainers;
let manifest: CourseManifest;

beforeAll(async () => {
  t = await makeTrainers();
  manifest = exportManifest(exportRoster(t));
});

const asked = (step: RequestAsked['step'], overrides: Partial<RequestAsked> = {}): RequestAsked => ({
  course: COURSE,
  skill: 'active-listening',
  step,
  trainee: TRAINEE,
  traineeKid: null,
  ...overrides,
});

const payload = (jws: string): SignoffPayload => {
  const parsed = parsePayload(decodeBase64urlJson(jws.split('.')[1] ?? ''));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};

const LONG_NOTES =
  'Handled a billing complaint from start to finish: greeted, confirmed identity, summarised the problem back in the customer’s words, and agreed the next step with a date.';

describe('packing a sign-off for a request', () => {
  it('gives back the very entry that was packed, far shorter than the entry', async () => {
    const show = await sign(t.alice, { step: 'show', signedAt: day(2), notes: LONG_NOTES });
    const packed = packStepProof(show, manifest);
    expect(packed.ok).toBe(true);
    if (!packed.ok) return;
    expect(openStepProof(packed.value, manifest)).toEqual({ ok: true, value: show });
    expect(packed.value.length).toBeLessThan(show.length * 0.6);
  });

  it('keeps the request of the last step, key and long notes included, a QR code a phone reads from a screen', async () => {
    const solo = await sign(t.alice, {
      step: 'solo',
      signedAt: day(4),
      notes: LONG_NOTES,
      evidence: { debrief: 'Kept the pace; asked before putting on hold.' },
    });
    const proof = packStepProof(solo, manifest);
    if (!proof.ok) throw new Error(proof.message);
    const request = encodeRequest({
      v: 1,
      course: COURSE,
      trainee: { ...TRAINEE, key: t.dana.publicJwk },
      skill: 'active-listening',
      step: 'teachback',
      proof: proof.value,
    });
    if (!request.ok) throw new Error(request.message);
    const link = `https://training.example.org/onboarding/trainer/sign/#${request.value}`;
    const qr = qrSvgPath(link);
    // Version 25 (117 modules): drawn 300 px wide on a phone, over 2.5 px a module, which a
    // second phone's camera reads; a request without a proof is about version 12.
    expect(qr.ok && qr.value.size - 8).toBeLessThanOrEqual(117);
    expect(decodeRequest(request.value)).toMatchObject({ ok: true, value: { proof: proof.value } });
  });

  it('refuses a proof that was cut short, edited, or packed against another course', async () => {
    const show = await sign(t.alice, { step: 'show', signedAt: day(2) });
    const packed = packStepProof(show, manifest);
    if (!packed.ok) throw new Error(packed.message);
    expect(openStepProof(packed.value.slice(0, -20), manifest).ok).toBe(false);
    expect(openStepProof(123, manifest).ok).toBe(false);
    const other = exportManifest({ ...exportRoster(t), trainers: [] });
    expect(openStepProof(packed.value, other)).toMatchObject({ ok: false, reason: 'wrong-course' });
    const bad = encodeRequest({
      v: 1,
      course: COURSE,
      trainee: TRAINEE,
      skill: 'active-listening',
      step: 'copilot',
      proof: 'not base64url!',
    });
    expect(bad).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

describe('judging the proof a request carries', () => {
  it('accepts the genuine sign-off of the step before', async () => {
    const show = await sign(t.alice, { step: 'show', signedAt: day(2) });
    const packed = packStepProof(show, manifest);
    if (!packed.ok) throw new Error(packed.message);
    const verdict = await judgeStepProof(packed.value, asked('copilot'), manifest);
    expect(verdict).toMatchObject({ ok: true, value: { step: 'show', trainer: { name: 'Alice Adams' } } });
  });

  it('refuses a proof of another step, trainee or skill, a practice entry, an edited one, or one by an unlisted key', async () => {
    const cases: [string, string, RequestAsked][] = [
      ['another step', await sign(t.alice, { step: 'show', signedAt: day(2) }), asked('solo')],
      [
        'another trainee',
        await sign(t.alice, { step: 'show', signedAt: day(2), trainee: OTHER_TRAINEE }),
        asked('copilot'),
      ],
      [
        'another skill',
        await sign(t.alice, { step: 'show', signedAt: day(2), skill: 'de-escalation' }),
        asked('copilot'),
      ],
      ['practice only', await sign(t.alice, { step: 'show', outcome: 'practice', signedAt: day(2) }), asked('copilot')],
      ['unlisted key', await sign(t.mallory, { step: 'show', signedAt: day(2) }), asked('copilot')],
      [
        'edited',
        editPayload(await sign(t.alice, { step: 'show', signedAt: day(2) }), (p) => {
          p['notes'] = 'edited';
        }),
        asked('copilot'),
      ],
    ];
    for (const [what, jws, request] of cases) {
      const packed = packStepProof(jws, manifest);
      if (!packed.ok) throw new Error(packed.message);
      const verdict = await judgeStepProof(packed.value, request, manifest);
      expect(verdict.ok, what).toBe(false);
    }
  });

  it('refuses a proof bound to another trainee key than the request carries', async () => {
    const show = await sign(t.alice, { step: 'show', signedAt: day(2), trainee: { ...TRAINEE, kid: 'K'.repeat(43) } });
    const packed = packStepProof(show, manifest);
    if (!packed.ok) throw new Error(packed.message);
    expect((await judgeStepProof(packed.value, asked('copilot', { traineeKid: 'Z'.repeat(43) }), manifest)).ok).toBe(
      false,
    );
    expect((await judgeStepProof(packed.value, asked('copilot', { traineeKid: 'K'.repeat(43) }), manifest)).ok).toBe(
      true,
    );
  });
});

describe('the trainer’s device with only a request', () => {
  const candidate = (step: SignoffPayload['step'], outcome: SignoffPayload['outcome'] = 'signed-off') => ({
    course: COURSE,
    skill: 'active-listening',
    trainee: TRAINEE,
    step,
    outcome,
  });

  it('signs the first step, and a later one only with a sign-off of the step before', async () => {
    expect(checkRequestedEntry([], undefined, candidate('show')).ok).toBe(true);
    expect(checkRequestedEntry([], undefined, candidate('solo'))).toMatchObject({ ok: false, reason: 'no-proof' });
    const copilot = payload(await sign(t.bob, { step: 'copilot', signedAt: day(3) }));
    expect(checkRequestedEntry([], copilot, candidate('solo')).ok).toBe(true);
    expect(checkRequestedEntry([], copilot, candidate('solo', 'practice')).ok).toBe(true);
    expect(checkRequestedEntry([], copilot, candidate('teachback'))).toMatchObject({
      ok: false,
      reason: 'out-of-order',
    });
  });

  it('uses its own signing log: a sign-off it signed of the step before, and what it signed since', async () => {
    const show = payload(await sign(t.alice, { step: 'show', signedAt: day(2) }));
    expect(checkRequestedEntry([show], undefined, candidate('copilot')).ok).toBe(true);
    const copilot = payload(await sign(t.alice, { step: 'copilot', signedAt: day(3) }));
    // Co-pilot is signed already (this device signed it): signing it again is out of order.
    expect(
      checkRequestedEntry(
        [show, copilot],
        payload(await sign(t.alice, { step: 'show', signedAt: day(2) })),
        candidate('copilot'),
      ),
    ).toMatchObject({
      ok: false,
      reason: 'out-of-order',
    });
  });

  it('makes the proof from the record: the sign-off of the step before in force, after a re-opening', async () => {
    const entries = [
      await sign(t.alice, { step: 'show', signedAt: day(2) }),
      await sign(t.alice, { step: 'copilot', signedAt: day(3) }),
      await sign(t.alice, { step: 'show', outcome: 're-opened', signedAt: day(4) }),
      await sign(t.alice, { step: 'show', signedAt: day(5), notes: 'again' }),
    ];
    const record = await verifyRecord(entries, { manifest, traineeId: TRAINEE.id, now: day(9) });
    expect(record.accepted).toHaveLength(4);
    expect(proofFor(record, 'active-listening', 'copilot')).toBe(entries[3]);
    expect(proofFor(record, 'active-listening', 'show')).toBeUndefined();
    // Co-pilot was re-opened with Show: there is no proof for Solo.
    expect(proofFor(record, 'active-listening', 'solo')).toBeUndefined();
  });
});
