/**
 * Proof of holder: the verifier's page challenges whoever presents a record, the trainee's key
 * answers, and only a fresh answer to this page's current challenge, signed by the trainee key
 * the record's bound entries were made for, is "presented by its owner". Each way of cheating is
 * refused with its own reason: another key, a stale answer, another challenge, a replay, a forgery.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import { buildBundle } from '../../../src/lib/bundle/build';
import { verifyBundle } from '../../../src/lib/bundle/verify';
import {
  ANSWER_PREFIX,
  HOLDER_WINDOW_MS,
  HolderDesk,
  answerChallenge,
  decodeChallenge,
  encodeChallenge,
  holderSigningInput,
  holderTarget,
  looksLikeAnswer,
  profileForChallenge,
  type HolderTarget,
} from '../../../src/lib/trust/holder';
import { reasonLabel } from '../../../src/lib/trust/reasons';
import { type WrappedTraineeKey } from '../../../src/lib/trust/trainee-key';
import { base64url, fromBase64url } from '../../../src/lib/trust/encoding';
import { NOW, type Trainers } from '../../fixtures/export';
import { COURSE, TRAINEE, day, sign } from '../../fixtures/trust';
import { tessProfile, trainedCourse, twoTraineeKeys, type MadeTraineeKey } from '../../fixtures/setup';

let t: Trainers;
let manifest: CourseManifest;
let tess: MadeTraineeKey;
let omar: MadeTraineeKey;

beforeAll(async () => {
  ({ t, manifest } = await trainedCourse());
  ({ tess, omar } = await twoTraineeKeys());
}, 30_000);

/** The record as the verify page reads it, and its holder target (or why there is none). */
async function targetOf(entries: string[], key?: WrappedTraineeKey, swapKey?: WrappedTraineeKey) {
  const bundle = await buildBundle(tessProfile(entries, key), manifest, {
    exportedFrom: 'trainee',
    now: day(14),
    certifications: [],
  });
  if (swapKey) bundle.trainee.key = swapKey.publicJwk;
  const v = await verifyBundle(JSON.stringify(bundle), manifest, { now: NOW, clock: NOW });
  if (!v.readable) throw new Error(v.message);
  return holderTarget(JSON.parse(JSON.stringify(bundle)), v.entries, {
    id: COURSE,
    traineeId: TRAINEE.id,
    traineeName: TRAINEE.name,
  });
}

async function boundTarget(): Promise<HolderTarget> {
  const bound = await sign(t.alice, { signedAt: day(2), trainee: { ...TRAINEE, kid: tess.wrapped.kid } });
  const target = await targetOf([bound], tess.wrapped);
  if (!target.ok) throw new Error(target.message);
  return target.value;
}

const at = (ms: number) => new Date(Date.parse('2026-05-01T10:00:00.000Z') + ms);

describe('what can be challenged', () => {
  it('a record whose trainee key a valid entry was made for', async () => {
    const target = await boundTarget();
    expect(target).toMatchObject({ kid: tess.wrapped.kid, bound: 1, traineeId: TRAINEE.id });
  });

  it('not a single-signed record, nor a key no valid entry names', async () => {
    const older = await sign(t.alice, { signedAt: day(2) });
    expect(await targetOf([older])).toMatchObject({ ok: false, reason: 'holder-unbound' });
    // Mallory puts her own key into a single-signed record: nobody vouched for it.
    expect(await targetOf([older], omar.wrapped)).toMatchObject({ ok: false, reason: 'holder-unbound' });
    // …or swaps it into a bound record: the bound entry is then refused, and nothing names her key.
    const bound = await sign(t.alice, { signedAt: day(2), trainee: { ...TRAINEE, kid: tess.wrapped.kid } });
    expect(await targetOf([bound], tess.wrapped, omar.wrapped)).toMatchObject({ ok: false, reason: 'holder-unbound' });
    expect(reasonLabel('holder-unbound')).toBe('No trainee key vouched for');
  });
});

describe('the challenge', () => {
  it('travels as a link, is read back exactly, and refuses anything added or cut', async () => {
    const desk = new HolderDesk();
    const challenge = desk.issue(await boundTarget(), at(0));
    const text = encodeChallenge(challenge);
    expect(decodeChallenge(`https://example.test/checklist/#${text}`)).toEqual({ ok: true, value: challenge });
    expect(decodeChallenge(text.slice(0, -5))).toMatchObject({ ok: false, reason: 'holder-malformed' });
    const extra = encodeChallenge({ ...challenge, note: 'sign this too' } as never);
    expect(decodeChallenge(extra)).toMatchObject({ ok: false, reason: 'holder-malformed' });
    expect(decodeChallenge(encodeChallenge({ ...challenge, nonce: 'short' }))).toMatchObject({ ok: false });
    // Fresh randomness every time.
    expect(desk.issue(await boundTarget(), at(0)).nonce).not.toBe(challenge.nonce);
  });

  it('is answered on the trainee’s device only for this course and the profile holding that key', async () => {
    const challenge = new HolderDesk().issue(await boundTarget(), at(0));
    const mine = { id: TRAINEE.id, name: TRAINEE.name, kid: tess.wrapped.kid };
    expect(profileForChallenge(challenge, COURSE, [mine], at(30_000))).toMatchObject({
      ok: true,
      value: { profile: mine, clockSkewMs: -30_000 },
    });
    expect(profileForChallenge(challenge, 'another-course', [mine])).toMatchObject({ reason: 'wrong-course' });
    expect(profileForChallenge(challenge, COURSE, [{ ...mine, kid: omar.wrapped.kid }])).toMatchObject({
      reason: 'no-such-key',
    });
    expect(profileForChallenge(challenge, COURSE, [{ ...mine, id: 'someone-else' }])).toMatchObject({
      reason: 'no-such-key',
    });
    await expect(answerChallenge(challenge, omar.key)).rejects.toThrow();
  });

  it('is signed under its own header type, so a proof can pass for no other signed thing', async () => {
    const challenge = new HolderDesk().issue(await boundTarget(), at(0));
    const [header] = holderSigningInput(challenge).split('.');
    expect(JSON.parse(new TextDecoder().decode(fromBase64url(header ?? '')))).toEqual({
      alg: 'ES256',
      typ: 'tandem-holder-proof+jws',
    });
  });
});

describe('the answer, on the verifier’s page', () => {
  it('is accepted once, fresh, from the record’s key: "presented by its owner"', async () => {
    const desk = new HolderDesk();
    const target = await boundTarget();
    const challenge = desk.issue(target, at(0));
    const answer = await answerChallenge(challenge, tess.key);
    expect(answer.startsWith(ANSWER_PREFIX)).toBe(true);
    expect(answer.length).toBeLessThan(130); // a small QR code, or a short link
    expect(looksLikeAnswer(`https://example.test/verify/#${answer}`)).toBe(true);
    expect(await desk.check(answer, at(20_000), 'noble')).toEqual({ ok: true, value: target });
    // Replayed: the challenge is used up.
    expect(await desk.check(answer, at(25_000))).toMatchObject({ ok: false, reason: 'holder-used' });
  });

  it('refuses an answer by another trainee’s key', async () => {
    const desk = new HolderDesk();
    const challenge = desk.issue(await boundTarget(), at(0));
    // Omar's device signs Tess's challenge as if it were his (he has the challenge, not her key).
    const his = await answerChallenge({ ...challenge, kid: omar.wrapped.kid }, omar.key);
    const refused = await desk.check(his, at(1000));
    expect(refused).toMatchObject({ ok: false, reason: 'holder-wrong-key' });
    expect(reasonLabel('holder-wrong-key')).toBe('Signed with another key');
  });

  it('refuses a forged answer: a key prefix copied, a signature made up or altered', async () => {
    const desk = new HolderDesk();
    const challenge = desk.issue(await boundTarget(), at(0));
    const real = fromBase64url((await answerChallenge(challenge, tess.key)).slice(ANSWER_PREFIX.length)) as Uint8Array;
    const altered = real.slice();
    altered[40] = (altered[40] ?? 0) ^ 1;
    expect(await desk.check(ANSWER_PREFIX + base64url(altered), at(1000))).toMatchObject({ reason: 'holder-forged' });
    // Omar's signature under Tess's key prefix.
    const his = fromBase64url(
      (await answerChallenge({ ...challenge, kid: omar.wrapped.kid }, omar.key)).slice(ANSWER_PREFIX.length),
    ) as Uint8Array;
    his.set(real.subarray(17, 23), 17);
    expect(await desk.check(ANSWER_PREFIX + base64url(his), at(1000), 'noble')).toMatchObject({
      reason: 'holder-forged',
    });
    expect(await desk.check('proof=not-an-answer', at(1000))).toMatchObject({ reason: 'holder-malformed' });
    // The challenge still waits for the real answer.
    expect(await desk.check(ANSWER_PREFIX + base64url(real), at(2000))).toMatchObject({ ok: true });
  });

  it('refuses a stale answer, by this page’s own clock', async () => {
    const desk = new HolderDesk();
    const challenge = desk.issue(await boundTarget(), at(0));
    const answer = await answerChallenge(challenge, tess.key);
    expect(await desk.check(answer, at(HOLDER_WINDOW_MS + 1000))).toMatchObject({ ok: false, reason: 'holder-stale' });
  });

  it('refuses an answer to another challenge: an earlier one, or one this page never made', async () => {
    const desk = new HolderDesk();
    const target = await boundTarget();
    const first = desk.issue(target, at(0));
    const old = await answerChallenge(first, tess.key);
    desk.issue(target, at(10_000));
    const earlier = await desk.check(old, at(11_000));
    expect(earlier).toMatchObject({ ok: false, reason: 'holder-other-challenge' });
    expect(earlier.ok ? '' : earlier.message).toMatch(/earlier challenge of this page/);
    // An answer recorded from another verifier's challenge (a replay somewhere else).
    const elsewhere = new HolderDesk().issue(target, at(10_000));
    const foreign = await desk.check(await answerChallenge(elsewhere, tess.key), at(11_000));
    expect(foreign.ok ? '' : foreign.message).toMatch(/did not issue/);
    // A record opened later clears the challenge: nothing is waiting.
    desk.clear();
    expect(desk.pending()).toBeUndefined();
  });
});
