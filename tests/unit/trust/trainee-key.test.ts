/**
 * The trainee's own key and bound requests: the key is wrapped with the trainee's passphrase
 * for the progress file (and nothing private is readable without it), a request carries its
 * public half, the trainer's entry names its thumbprint, and an entry bound to another key is
 * refused with its own reason, through the real verification (verifyBundle, and the trainee's
 * device receiving it).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import { buildBundle } from '../../../src/lib/bundle/build';
import { verifyBundle, type ReadBundle } from '../../../src/lib/bundle/verify';
import type { TraineeProfile, ProgressState } from '../../../src/lib/progress/format';
import { receiveEntries } from '../../../src/lib/progress/receive';
import { decodeRequest, encodeRequest } from '../../../src/lib/trust/links';
import { thumbprint } from '../../../src/lib/trust/keys';
import { publicKeyThumbprint, traineeKidOf } from '../../../src/lib/trust/key-id';
import { reasonLabel } from '../../../src/lib/trust/reasons';
import {
  createTraineeKey,
  openTraineeKey,
  readWrappedTraineeKey,
  type WrappedTraineeKey,
} from '../../../src/lib/trust/trainee-key';
import { NOW, type Trainers } from '../../fixtures/export';
import { COURSE, TRAINEE, day, editPayload, sign } from '../../fixtures/trust';
import { TESS_PASSPHRASE, tessProfile, trainedCourse, twoTraineeKeys } from '../../fixtures/setup';

const PASSPHRASE = TESS_PASSPHRASE;
let t: Trainers;
let manifest: CourseManifest;
/** Tess's key, and Omar's (another trainee of the course). */
let tess: WrappedTraineeKey;
let omar: WrappedTraineeKey;

beforeAll(async () => {
  ({ t, manifest } = await trainedCourse());
  const keys = await twoTraineeKeys();
  tess = keys.tess.wrapped;
  omar = keys.omar.wrapped;
}, 30_000);

describe('the trainee key', () => {
  it('is refused with a short passphrase, and carries nothing private in the clear', async () => {
    expect(await createTraineeKey('short')).toMatchObject({ ok: false, reason: 'weak-passphrase' });
    const text = JSON.stringify(tess);
    expect(text).not.toMatch(/"d"/);
    expect(Object.keys(tess.publicJwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    expect(tess.kid).toBe(await thumbprint(tess.publicJwk));
    expect(await publicKeyThumbprint(tess.publicJwk, 'noble')).toBe(tess.kid);
    expect(tess.kdf.iterations).toBeGreaterThanOrEqual(600_000);
  });

  it('opens with its passphrase only, as a non-extractable key that matches its public half', async () => {
    const opened = await openTraineeKey(JSON.parse(JSON.stringify(tess)), PASSPHRASE);
    if (!opened.ok) throw new Error(opened.message);
    expect(opened.value.privateKey.extractable).toBe(false);
    expect(opened.value.kid).toBe(tess.kid);
    expect(await openTraineeKey(tess, 'not the phrase at all')).toMatchObject({
      ok: false,
      reason: 'wrong-passphrase',
    });
  }, 30_000);

  it('refuses a wrapped key whose public half or kid was swapped, or weakened', async () => {
    // Omar's public key with Tess's wrapped private key: the kid gives it away, and with the kid
    // fixed too, the private key does not match.
    expect(await readWrappedTraineeKey({ ...tess, publicJwk: omar.publicJwk })).toMatchObject({
      ok: false,
      reason: 'key-mismatch',
    });
    expect(await openTraineeKey({ ...tess, publicJwk: omar.publicJwk, kid: omar.kid }, PASSPHRASE)).toMatchObject({
      ok: false,
      reason: 'key-mismatch',
    });
    expect(await readWrappedTraineeKey({ ...tess, kdf: { ...tess.kdf, iterations: 1000 } })).toMatchObject({
      ok: false,
      reason: 'weak-kdf',
    });
    expect(await readWrappedTraineeKey({ ...tess, publicJwk: { ...tess.publicJwk, d: 'x'.repeat(43) } })).toMatchObject(
      { ok: false, reason: 'damaged' },
    );
    expect(await readWrappedTraineeKey({ format: 'tandem-trainer-key-backup' })).toMatchObject({
      ok: false,
      reason: 'not-a-key',
    });
  }, 30_000);
});

describe('a bound request', () => {
  it('carries the trainee’s public key, and nothing private', () => {
    const request = {
      v: 1 as const,
      course: COURSE,
      trainee: { ...TRAINEE, key: tess.publicJwk },
      skill: 'active-listening',
      step: 'show' as const,
    };
    const fragment = encodeRequest(request);
    if (!fragment.ok) throw new Error(fragment.message);
    expect(decodeRequest(fragment.value)).toEqual({ ok: true, value: request });
    const leaky = encodeRequest({ ...request, trainee: { ...TRAINEE, key: { ...tess.publicJwk, d: 'x' } as never } });
    expect(leaky).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

async function verdictOf(entries: string[], key?: WrappedTraineeKey): Promise<ReadBundle> {
  const bundle = await buildBundle(tessProfile(entries, key), manifest, {
    exportedFrom: 'trainee',
    now: day(14),
    certifications: [],
  });
  expect(bundle.trainee.key).toEqual(key?.publicJwk);
  const v = await verifyBundle(JSON.stringify(bundle), manifest, { now: NOW, clock: NOW });
  if (!v.readable) throw new Error(v.message);
  return v;
}

describe('entries bound to a trainee key, through verifyBundle', () => {
  it('are valid in the record of the trainee whose key they name, next to older single-signed ones', async () => {
    const older = await sign(t.alice, { step: 'show', signedAt: day(2) });
    const bound = await sign(t.alice, { step: 'copilot', signedAt: day(3), trainee: { ...TRAINEE, kid: tess.kid } });
    const v = await verdictOf([older, bound], tess);
    expect(v.valid).toBe(true);
    expect(v.entries.map((e) => (e.kind === 'signoff' ? e.payload?.trainee.kid : 'certification'))).toEqual([
      undefined,
      tess.kid,
    ]);
  });

  it('refuse an entry made for another trainee’s key (a request whose key was swapped)', async () => {
    // Someone swapped Omar's key into Tess's request: the trainer signed for Omar's key.
    const swapped = await sign(t.alice, { trainee: { ...TRAINEE, kid: omar.kid } });
    const v = await verdictOf([swapped], tess);
    expect(v.valid).toBe(false);
    expect(v.entries[0]).toMatchObject({ status: 'invalid', reason: 'wrong-trainee-key' });
    expect(v.entries[0]?.message).toMatch(/the trainer vouched for someone else’s key/);
    expect(reasonLabel('wrong-trainee-key')).toBe('Made for another trainee’s key');
  });

  it('refuse a bound entry in a record that carries no trainee key, and one whose key was re-labelled', async () => {
    const bound = await sign(t.alice, { trainee: { ...TRAINEE, kid: tess.kid } });
    const bare = await verdictOf([bound]);
    expect(bare.entries[0]).toMatchObject({ status: 'invalid', reason: 'wrong-trainee-key' });
    expect(bare.entries[0]?.message).toMatch(/carries no trainee key/);
    // Re-pointing the entry at the record's key breaks the trainer's signature.
    const relabelled = editPayload(await sign(t.alice, { trainee: { ...TRAINEE, kid: omar.kid } }), (p) => {
      (p['trainee'] as Record<string, unknown>)['kid'] = tess.kid;
    });
    expect((await verdictOf([relabelled], tess)).entries[0]).toMatchObject({ reason: 'bad-signature' });
  });
});

describe('the trainee’s device receiving a bound entry', () => {
  const state = (p: TraineeProfile): ProgressState => ({
    v: 2,
    course: COURSE,
    active: p.id,
    profiles: { [p.id]: p },
  });

  it('takes an entry made for its key, and refuses one made for another key, changing nothing', async () => {
    const mine = tessProfile([], tess);
    expect(await traineeKidOf(mine)).toBe(tess.kid);
    const good = await sign(t.alice, { trainee: { ...TRAINEE, kid: tess.kid }, signedAt: day(2) });
    const taken = await receiveEntries(state(mine), [good], manifest, new Date(NOW));
    expect(taken).toMatchObject({ added: 1, entries: [good] });

    const swapped = await sign(t.alice, { trainee: { ...TRAINEE, kid: omar.kid }, signedAt: day(2) });
    const refused = await receiveEntries(state(mine), [swapped], manifest, new Date(NOW));
    expect(refused?.added).toBe(0);
    expect(refused?.entries).toEqual([]);
    expect(refused?.results[0]).toMatchObject({ outcome: 'refused', reason: 'wrong-trainee-key' });
  });
});

describe('a worker of the verification pool', () => {
  it('refuses an entry made for another trainee’s key exactly as this thread does', async () => {
    const { handlePoolRequest } = await import('../../../src/lib/pool/jobs');
    const state = {};
    await handlePoolRequest(state, { kind: 'init', manifest });
    const swapped = await sign(t.alice, { trainee: { ...TRAINEE, kid: omar.kid } });
    const answer = await handlePoolRequest(state, {
      kind: 'signoffs',
      id: 1,
      entries: [swapped],
      traineeId: TRAINEE.id,
      traineeKid: tess.kid,
      now: NOW,
      clock: NOW,
    });
    expect(answer).toMatchObject({ id: 1, results: [{ ok: false, reason: 'wrong-trainee-key' }] });
  });
});
