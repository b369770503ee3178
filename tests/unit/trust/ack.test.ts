/**
 * Acknowledgements on their own: the trainee's key signs an entry made for it, over the entry's
 * payload hash and the course's statement; each forgery is refused with its reason (a forged
 * signature, another trainee's key, another version of the entry, another statement, an entry the
 * record lacks, a single-signed entry).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/lib/hash';
import {
  DEFAULT_ACK_STATEMENT,
  entriesById,
  signAck,
  verifyAck,
  verifyAcks,
  type AckContext,
} from '../../../src/lib/trust/ack';
import { base64url, decodeBase64urlJson, encodeBase64urlJson } from '../../../src/lib/trust/encoding';
import type { SignoffPayload } from '../../../src/lib/trust/entry';
import { reasonLabel } from '../../../src/lib/trust/reasons';
import { type TraineeKey } from '../../../src/lib/trust/trainee-key';
import { COURSE, TRAINEE, day, makeTrainer, type TestTrainer } from '../../fixtures/trust';
import { twoTraineeKeys } from '../../fixtures/setup';

let tess: TraineeKey;
let omar: TraineeKey;
let alice: TestTrainer;

beforeAll(async () => {
  const keys = await twoTraineeKeys();
  tess = keys.tess.key;
  omar = keys.omar.key;
  alice = await makeTrainer('alice', 'Alice Adams');
}, 30_000);

function entry(over: Partial<SignoffPayload> = {}): SignoffPayload {
  return {
    v: 1,
    typ: 'signoff',
    id: '7d6f9a52-3c1b-4e2f-9a8d-2b1c0e5f4a31',
    course: COURSE,
    skill: 'active-listening',
    skillHash: 'L'.repeat(43),
    trainee: { ...TRAINEE, kid: tess.kid },
    step: 'show',
    outcome: 'signed-off',
    observedAt: '2026-05-02',
    signedAt: day(2).toISOString(),
    trainer: { id: alice.id, name: alice.name, kid: alice.kid },
    evidence: {},
    notes: '',
    ...over,
  };
}

async function context(entries: SignoffPayload[], over: Partial<AckContext> = {}): Promise<AckContext> {
  return {
    courseId: COURSE,
    traineeId: TRAINEE.id,
    traineeKey: tess.publicJwk,
    entries: await entriesById(entries),
    statements: [DEFAULT_ACK_STATEMENT],
    ...over,
  };
}

/** Re-signs an acknowledgement's edited payload with `key` under `kid` (a forger's own work). */
async function forge(
  jws: string,
  edit: (p: Record<string, unknown>) => void,
  key: CryptoKey,
  kid: string,
): Promise<string> {
  const payload = decodeBase64urlJson(jws.split('.')[1] ?? '') as Record<string, unknown>;
  edit(payload);
  const input = `${encodeBase64urlJson({ alg: 'ES256', kid, typ: 'tandem-ack+jws' })}.${encodeBase64urlJson(payload)}`;
  const sig = new Uint8Array(
    await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, new TextEncoder().encode(input)),
  );
  return `${input}.${base64url(sig)}`;
}

describe('an acknowledgement', () => {
  it('by the key the entry was made for, over its hash and the course statement, is valid', async () => {
    const e = entry();
    const ack = await signAck(e, DEFAULT_ACK_STATEMENT, tess, day(3));
    const v = await verifyAck(ack, await context([e]));
    expect(v).toMatchObject({
      ok: true,
      status: 'valid',
      payload: { entry: { id: e.id }, statement: DEFAULT_ACK_STATEMENT },
    });
    // The same entry twice counts once; on the plain-http verifier (noble) too.
    const both = await verifyAcks([ack, ack], await context([e], { backend: 'noble' }));
    expect(both.verdicts.map((x) => x.status)).toEqual(['valid', 'duplicate']);
    expect(both.byEntry.get(e.id)?.at).toBe(day(3).toISOString());
  });

  it('is never signed by the device for an entry made for another key', async () => {
    await expect(
      signAck(entry({ trainee: { ...TRAINEE, kid: omar.kid } }), DEFAULT_ACK_STATEMENT, tess),
    ).rejects.toThrow();
  });

  it('refuses a forged signature: Tess’s key id, someone else’s signature, or an altered payload', async () => {
    const e = entry();
    const real = await signAck(e, DEFAULT_ACK_STATEMENT, tess, day(3));
    const forged = await forge(real, () => undefined, alice.privateKey, tess.kid);
    expect(await verifyAck(forged, await context([e]))).toMatchObject({ reason: 'bad-signature' });
    const [h, , s] = real.split('.');
    const later = encodeBase64urlJson({
      ...(decodeBase64urlJson(real.split('.')[1] ?? '') as object),
      at: day(4).toISOString(),
    });
    expect(await verifyAck(`${h}.${later}.${s}`, await context([e]))).toMatchObject({ reason: 'bad-signature' });
    expect(reasonLabel('bad-signature')).toBe('Signature does not match');
  });

  it('refuses an acknowledgement by another trainee’s key', async () => {
    const e = entry();
    // Omar signs Tess's entry with his own key, under his key id (or claiming hers in the payload).
    const his = await forge(await signAck(e, DEFAULT_ACK_STATEMENT, tess), () => undefined, omar.privateKey, omar.kid);
    expect(await verifyAck(his, await context([e]))).toMatchObject({ reason: 'ack-other-key' });
    expect(reasonLabel('ack-other-key')).toBe('Acknowledged with another trainee’s key');
  });

  it('refuses one over another version of the entry, another statement, or an entry the record lacks', async () => {
    const e = entry();
    const ack = await signAck(e, DEFAULT_ACK_STATEMENT, tess, day(3));
    // The record holds a different entry under that id (a re-signed, edited one).
    const other = entry({ notes: 'edited' });
    expect(canonicalJson(other)).not.toBe(canonicalJson(e));
    expect(await verifyAck(ack, await context([other]))).toMatchObject({ reason: 'ack-entry-mismatch' });
    const said = await signAck(e, 'I agree to everything', tess, day(3));
    expect(await verifyAck(said, await context([e]))).toMatchObject({ reason: 'ack-statement-mismatch' });
    expect(await verifyAck(ack, await context([]))).toMatchObject({ reason: 'ack-no-entry' });
    // A statement the owner kept from before still counts.
    expect(
      await verifyAck(said, await context([e], { statements: [DEFAULT_ACK_STATEMENT, 'I agree to everything'] })),
    ).toMatchObject({
      ok: true,
    });
  });

  it('refuses one of a single-signed entry, of another course or trainee, from the future, or malformed', async () => {
    const e = entry();
    const ack = await signAck(e, DEFAULT_ACK_STATEMENT, tess, day(3));
    const single = entry({ trainee: { ...TRAINEE } });
    expect(await verifyAck(ack, await context([single]))).toMatchObject({ reason: 'ack-unbound' });
    expect(await verifyAck(ack, await context([e], { courseId: 'other-course' }))).toMatchObject({
      reason: 'wrong-course',
    });
    expect(await verifyAck(ack, await context([e], { traineeId: 'trainee-omar' }))).toMatchObject({
      reason: 'wrong-trainee',
    });
    const future = await signAck(e, DEFAULT_ACK_STATEMENT, tess, new Date(Date.now() + 3_600_000));
    expect(await verifyAck(future, await context([e]))).toMatchObject({ reason: 'signed-in-future' });
    expect(await verifyAck('a.b.c', await context([e]))).toMatchObject({ ok: false });
    expect(
      await verifyAck(
        ack.replace(/^[^.]+/, encodeBase64urlJson({ alg: 'none', typ: 'tandem-ack+jws' })),
        await context([e]),
      ),
    ).toMatchObject({
      reason: 'alg-not-allowed',
    });
    const extra = await forge(ack, (p) => (p['also'] = 'this'), tess.privateKey, tess.kid);
    expect(await verifyAck(extra, await context([e]))).toMatchObject({ reason: 'bad-payload' });
  });
});
