import { beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { MAX_SIGNOFF_LENGTH, SIGNOFF_TYP, type SignoffPayload } from '../../../src/lib/trust/entry';
import type { Roster } from '../../../src/lib/trust/roster';
import {
  VERIFY_REASON_LABELS,
  verifySignoff,
  type CryptoBackend,
  type VerifyResult,
} from '../../../src/lib/trust/verify';
import {
  COURSE,
  OLD_HASH,
  OTHER_TRAINEE,
  context,
  craftJws,
  day,
  editPayload,
  makeRoster,
  makeTrainer,
  payloadOf,
  sign,
  type TestTrainer,
} from '../../fixtures/trust';

let alice: TestTrainer; // on the roster
let bruno: TestTrainer; // on the roster, key revoked on 10 March
let mallory: TestTrainer; // not on the roster
let roster: Roster;

beforeAll(async () => {
  [alice, bruno, mallory] = await Promise.all([
    makeTrainer('alice-trainer', 'Alice Adams'),
    makeTrainer('bruno-trainer', 'Bruno Baptiste'),
    makeTrainer('mallory', 'Mallory'),
  ]);
  roster = makeRoster([
    { trainer: alice },
    {
      trainer: bruno,
      key: { status: 'revoked', revokedAt: day(10).toISOString(), revokedReason: 'laptop stolen' },
    },
  ]);
});

function expectRefused(result: VerifyResult, reason: string, messagePart?: string | RegExp) {
  expect(result).toMatchObject({ ok: false, status: 'invalid', reason });
  if (!result.ok && messagePart) expect(result.message).toMatch(messagePart);
}

/** Payloads of valid entries, signed in order, to use as `accepted`. */
async function accepted(...jwsList: string[]): Promise<SignoffPayload[]> {
  const out: SignoffPayload[] = [];
  for (const jws of jwsList) {
    const r = await verifySignoff(jws, context(roster, { accepted: out }));
    if (!r.ok) throw new Error(r.message);
    out.push(r.payload);
  }
  return out;
}

describe.each<CryptoBackend>(['webcrypto', 'noble'])('verifySignoff with %s', (backend) => {
  it('accepts an entry signed by a trainer on the roster', async () => {
    const jws = await sign(alice);
    const result = await verifySignoff(jws, context(roster, { backend }));
    expect(result).toMatchObject({ ok: true, status: 'valid', demo: false, earlierVersion: false });
    if (!result.ok) return;
    expect(result.payload).toMatchObject({ course: COURSE, step: 'show', trainer: { id: 'alice-trainer' } });
  });

  it('accepts genuine signatures whatever their S value (WebCrypto does not normalise S)', async () => {
    // With noble's default lowS: true, about half of these would be refused.
    const results = await Promise.all(
      Array.from({ length: 16 }, async () => verifySignoff(await sign(alice), context(roster, { backend }))),
    );
    expect(results.map((r) => r.status)).toEqual(Array(16).fill('valid'));
  });

  it('refuses an entry edited after signing (one character of the notes)', async () => {
    const jws = editPayload(await sign(alice), (p) => {
      p['notes'] = `${p['notes'] as string}!`;
    });
    expectRefused(await verifySignoff(jws, context(roster, { backend })), 'bad-signature', /changed after Alice/);
  });

  it('refuses a signature taken from another entry', async () => {
    const [a, b] = [await sign(alice), await sign(alice, { step: 'show', notes: 'Another' })];
    const swapped = `${a.split('.').slice(0, 2).join('.')}.${b.split('.')[2]}`;
    expectRefused(await verifySignoff(swapped, context(roster, { backend })), 'bad-signature');
  });

  it('refuses an entry whose header kid was swapped for another roster key', async () => {
    const jws = await sign(alice);
    const header = Buffer.from(JSON.stringify({ alg: 'ES256', kid: bruno.kid, typ: SIGNOFF_TYP })).toString(
      'base64url',
    );
    const forged = [header, ...jws.split('.').slice(1)].join('.');
    expectRefused(await verifySignoff(forged, context(roster, { backend })), 'bad-signature');
  });
});

describe('verifySignoff refusals', () => {
  it('refuses an entry too large to be one, before reading it', async () => {
    const huge = `${'a'.repeat(MAX_SIGNOFF_LENGTH)}.b.c`;
    expectRefused(await verifySignoff(huge, context(roster)), 'too-large', /at most 16384/);
  });

  it.each([
    ['two parts', 'eyJhbGciOiJFUzI1NiJ9.e30'],
    ['four parts', 'a.b.c.d'],
    ['bad base64url', 'eyJhbGciOiJFUzI1NiJ9.e30+.c2ln'],
    ['non-canonical base64url in the signature', 'eyJhbGciOiJFUzI1NiJ9.e30.c2l'],
    ['a non-JSON header', `${Buffer.from('{alg:ES256').toString('base64url')}.e30.c2ln`],
    ['an array header', `${Buffer.from('["ES256"]').toString('base64url')}.e30.c2ln`],
    ['empty text', ''],
  ])('refuses a malformed JWS: %s', async (_, jws) => {
    expectRefused(await verifySignoff(jws, context(roster)), 'malformed');
  });

  it('refuses what is not text at all', async () => {
    expectRefused(await verifySignoff(42, context(roster)), 'malformed');
    expectRefused(await verifySignoff({ jws: 'x' }, context(roster)), 'malformed');
  });

  it('refuses an unsigned token (alg "none") before looking up any key', async () => {
    const payload = payloadOf(await sign(alice));
    const jws = await craftJws({ alg: 'none', kid: alice.kid, typ: SIGNOFF_TYP }, payload);
    expectRefused(await verifySignoff(jws, context(roster)), 'alg-not-allowed', /"none"/);
  });

  it('refuses an HS256 token, even one keyed with the public key (algorithm confusion)', async () => {
    const payload = payloadOf(await sign(alice));
    const secret = new TextEncoder().encode(JSON.stringify(alice.publicJwk));
    const jws = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', kid: alice.kid, typ: SIGNOFF_TYP })
      .sign(secret);
    expectRefused(await verifySignoff(jws, context(roster)), 'alg-not-allowed', /"HS256"/);
  });

  it('refuses RS256 and a header with no alg', async () => {
    const payload = payloadOf(await sign(alice));
    const rs = await craftJws({ alg: 'RS256', kid: alice.kid, typ: SIGNOFF_TYP }, payload, alice.privateKey);
    expectRefused(await verifySignoff(rs, context(roster)), 'alg-not-allowed');
    const none = await craftJws({ kid: alice.kid, typ: SIGNOFF_TYP }, payload, alice.privateKey);
    expectRefused(await verifySignoff(none, context(roster)), 'alg-not-allowed', /names no signature algorithm/);
  });

  it('refuses header members it does not understand (crit, an embedded jwk) and a wrong typ', async () => {
    const payload = payloadOf(await sign(alice));
    const withJwk = { alg: 'ES256', kid: mallory.kid, typ: SIGNOFF_TYP, jwk: mallory.publicJwk };
    expectRefused(
      await verifySignoff(await craftJws(withJwk, payload, mallory.privateKey), context(roster)),
      'malformed',
      /"jwk"/,
    );
    const crit = { alg: 'ES256', kid: alice.kid, typ: SIGNOFF_TYP, crit: ['b64'], b64: false };
    expectRefused(await verifySignoff(await craftJws(crit, payload, alice.privateKey), context(roster)), 'malformed');
    const typ = { alg: 'ES256', kid: alice.kid, typ: 'JWT' };
    expectRefused(
      await verifySignoff(await craftJws(typ, payload, alice.privateKey), context(roster)),
      'malformed',
      /typ|type/,
    );
  });

  it('refuses a key that is not on the roster', async () => {
    const jws = await sign(mallory);
    expectRefused(await verifySignoff(jws, context(roster)), 'unknown-key', /not on this course’s roster/);
  });

  it('judges a header once per roster: what one roster refuses, another that lists the key accepts, and back', async () => {
    // Header verdicts are remembered per roster and header text (every entry one key signs shares
    // its header); what is remembered must never leak from one roster to another.
    const jws = await sign(mallory);
    const withMallory = makeRoster([{ trainer: alice }, { trainer: mallory }]);
    for (let round = 0; round < 2; round++) {
      expectRefused(await verifySignoff(jws, context(roster)), 'unknown-key');
      expect(await verifySignoff(jws, context(withMallory))).toMatchObject({ ok: true, status: 'valid' });
    }
    // A header seen first with a good signature still lets a forged one be refused for its signature.
    const forged = editPayload(jws, (p) => {
      p['notes'] = 'changed';
    });
    expectRefused(await verifySignoff(forged, context(withMallory)), 'bad-signature');
  });

  it('refuses a payload that is not a sign-off, naming the field', async () => {
    const payload = { ...payloadOf(await sign(alice)), step: 'graduation' };
    const jws = await craftJws({ alg: 'ES256', kid: alice.kid, typ: SIGNOFF_TYP }, payload, alice.privateKey);
    expectRefused(await verifySignoff(jws, context(roster)), 'bad-payload', /step/);
    const notJson = await craftJws({ alg: 'ES256', kid: alice.kid, typ: SIGNOFF_TYP }, 'hello', alice.privateKey);
    expectRefused(await verifySignoff(notJson, context(roster)), 'bad-payload');
  });

  it('refuses an entry whose payload names another trainer or key than the one that signed', async () => {
    const header = { alg: 'ES256', kid: alice.kid, typ: SIGNOFF_TYP };
    const payload = payloadOf(await sign(alice));
    const otherTrainer = { ...payload, trainer: { id: 'bruno-trainer', name: 'Bruno Baptiste', kid: alice.kid } };
    expectRefused(
      await verifySignoff(await craftJws(header, otherTrainer, alice.privateKey), context(roster)),
      'key-trainer-mismatch',
      /belongs to Alice Adams/,
    );
    const otherKid = { ...payload, trainer: { id: 'alice-trainer', name: 'Alice Adams', kid: bruno.kid } };
    expectRefused(
      await verifySignoff(await craftJws(header, otherKid, alice.privateKey), context(roster)),
      'key-trainer-mismatch',
    );
  });

  it('refuses an entry signed after the key was revoked, keeps one signed before', async () => {
    expectRefused(
      await verifySignoff(await sign(bruno, { signedAt: day(11) }), context(roster)),
      'key-revoked',
      /revoked on 2026-03-10T10:00:00.000Z \(laptop stolen\)/,
    );
    expectRefused(await verifySignoff(await sign(bruno, { signedAt: day(10) }), context(roster)), 'key-revoked');
    const before = await verifySignoff(await sign(bruno, { signedAt: day(9) }), context(roster));
    expect(before.status).toBe('valid');
  });

  it('refuses an entry signed before the key was valid, or after it expired', async () => {
    const limited = makeRoster([
      { trainer: alice, key: { validFrom: day(5).toISOString(), validUntil: day(20).toISOString() } },
    ]);
    expectRefused(
      await verifySignoff(await sign(alice, { signedAt: day(4) }), context(limited)),
      'key-not-yet-valid',
      /before Alice Adams’s key became valid/,
    );
    expectRefused(await verifySignoff(await sign(alice, { signedAt: day(21) }), context(limited)), 'key-expired');
    expect((await verifySignoff(await sign(alice, { signedAt: day(20) }), context(limited))).status).toBe('valid');
  });

  it('refuses an entry for another course', async () => {
    const jws = await sign(alice, { course: 'other-course' });
    expectRefused(await verifySignoff(jws, context(roster)), 'wrong-course', /"other-course"/);
  });

  it('refuses an entry about another trainee, unless no trainee is given', async () => {
    const jws = await sign(alice, { trainee: OTHER_TRAINEE });
    expectRefused(await verifySignoff(jws, context(roster)), 'wrong-trainee', /Omar Other/);
    const { traineeId: _, ...anyone } = context(roster);
    expect((await verifySignoff(jws, anyone)).status).toBe('valid');
  });

  it('refuses an entry about a skill the course does not have', async () => {
    const jws = await sign(alice, { skill: 'juggling' });
    expectRefused(await verifySignoff(jws, context(roster)), 'unknown-skill', /"juggling"/);
  });

  it('refuses Solo before Co-pilot, and practice on a future step', async () => {
    const done = await accepted(await sign(alice, { step: 'show', signedAt: day(2) }));
    const solo = await sign(alice, { step: 'solo', signedAt: day(3) });
    expectRefused(
      await verifySignoff(solo, context(roster, { accepted: done })),
      'out-of-order',
      'Solo cannot be signed off before Co-pilot is.',
    );
    const practice = await sign(alice, { step: 'teachback', outcome: 'practice', signedAt: day(3) });
    expectRefused(
      await verifySignoff(practice, context(roster, { accepted: done })),
      'out-of-order',
      /only for the current step, Co-pilot, not Teach-back/,
    );
  });

  it('judges order only among entries of the same trainee and skill', async () => {
    const otherSkill = await accepted(await sign(alice, { skill: 'de-escalation', step: 'show' }));
    const copilot = await sign(alice, { step: 'copilot', signedAt: day(3) });
    expectRefused(await verifySignoff(copilot, context(roster, { accepted: otherSkill })), 'out-of-order');
  });

  it('treats the same entry arriving twice as a duplicate, not an error', async () => {
    const jws = await sign(alice);
    const stored = await accepted(jws);
    const again = await verifySignoff(jws, context(roster, { accepted: stored }));
    expect(again).toMatchObject({ ok: true, status: 'duplicate', payload: stored[0] });
  });

  it('refuses a different entry that reuses a stored entry id', async () => {
    const stored = await accepted(await sign(alice));
    const sameId = await sign(alice, { id: stored[0]?.id as string, notes: 'Something else' });
    expectRefused(await verifySignoff(sameId, context(roster, { accepted: stored })), 'id-conflict');
  });

  it('keeps an entry signed against an earlier version of the skill, flagged', async () => {
    const result = await verifySignoff(await sign(alice, { skillHash: OLD_HASH }), context(roster));
    expect(result).toMatchObject({ ok: true, status: 'valid', earlierVersion: true });
  });

  it('marks entries signed by the demo trainer', async () => {
    const demoRoster = makeRoster([{ trainer: alice, demo: true }]);
    expect(await verifySignoff(await sign(alice), context(demoRoster))).toMatchObject({ ok: true, demo: true });
  });

  it('has a short label for every reason', () => {
    expect(Object.keys(VERIFY_REASON_LABELS).sort()).toEqual(
      [
        'too-large',
        'malformed',
        'alg-not-allowed',
        'unknown-key',
        'bad-signature',
        'bad-payload',
        'key-trainer-mismatch',
        'trainer-name-mismatch',
        'key-not-yet-valid',
        'key-expired',
        'key-revoked',
        'not-qualified',
        'wrong-course',
        'wrong-trainee',
        'wrong-trainee-key',
        'unknown-skill',
        'unknown-version',
        'signed-in-future',
        'not-yet-signed',
        'out-of-order',
        'id-conflict',
      ].sort(),
    );
  });
});

describe('a signed payload means one thing to every reader', () => {
  /** `json` signed by Alice as a sign-off, exactly as written. */
  const signedText = (json: string) =>
    craftJws({ alg: 'ES256', kid: alice.kid, typ: SIGNOFF_TYP }, json, alice.signer.privateKey);

  it('refuses a genuinely signed payload that names a member twice', async () => {
    const genuine = payloadOf(await sign(alice));
    // The same payload with "notes" written twice: JSON.parse keeps the last, another reader the first.
    const json = JSON.stringify(genuine).replace(/}$/, ',"notes":"Did not attend."}');
    const jws = await signedText(json);
    expectRefused(await verifySignoff(jws, context(roster)), 'malformed', /names "notes" twice/);
  });

  it('refuses a genuinely signed payload that writes a field name with an escape', async () => {
    // "\u006eotes" is "notes" to a correct parser; Node 24's JSON.parse has been seen to read an
    // escaped name as another (json-members.ts), so verifiers could disagree on what was signed.
    const genuine = payloadOf(await sign(alice));
    const json = JSON.stringify({ ...genuine, notes: 'Observed on the shop floor.' }).replace(
      '"notes":',
      '"\\u006eotes":',
    );
    expect(JSON.parse(json)).toMatchObject({ notes: 'Observed on the shop floor.' });
    expectRefused(
      await verifySignoff(await signedText(json), context(roster)),
      'malformed',
      /writes the field name "\\u006eotes" with an escape/,
    );
    // The same payload with the name written plainly verifies.
    const plain = json.replace('"\\u006eotes":', '"notes":');
    expect((await verifySignoff(await signedText(plain), context(roster))).ok).toBe(true);
  });
});

describe('cheap checks come before the signature', () => {
  it('refuses an entry of another course without checking its signature', async () => {
    const other = await sign(alice, { course: 'another-course' });
    const [h, p] = other.split('.') as [string, string, string];
    // A signature of the right length that matches nothing: a verifier that checked it first
    // would say "bad-signature"; the course alone already decides, at no ECDSA cost.
    const garbage = `${h}.${p}.${Buffer.alloc(64, 7).toString('base64url')}`;
    expectRefused(await verifySignoff(garbage, context(roster)), 'wrong-course', /another-course/);
  });
});
