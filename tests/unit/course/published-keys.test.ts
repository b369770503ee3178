import { beforeAll, describe, expect, it } from 'vitest';
import {
  didDocument,
  didDocumentPath,
  didKeyId,
  didWeb,
  jwksKeyId,
  rosterJwks,
} from '../../../src/lib/course/published-keys';
import { publicKeyThumbprint } from '../../../src/lib/trust/key-id';
import type { Roster } from '../../../src/lib/trust/roster';
import { makeRoster, makeTrainer, type TestTrainer } from '../../fixtures/trust';

let alice: TestTrainer, bob: TestTrainer, dana: TestTrainer, carol: TestTrainer;
let roster: Roster;
const BUILT = new Date('2026-06-01T00:00:00Z');

beforeAll(async () => {
  [alice, bob, dana, carol] = await Promise.all([
    makeTrainer('alice', 'Alice Adams'),
    makeTrainer('bob', 'Bob Brown'),
    makeTrainer('dana', 'Dana Demo'),
    makeTrainer('carol', 'Carol Cruz'),
  ]);
  roster = makeRoster([
    { trainer: alice },
    { trainer: bob, key: { status: 'revoked', revokedAt: '2026-04-01T00:00:00.000Z', revokedReason: 'laptop lost' } },
    { trainer: dana, demo: true },
    { trainer: carol },
  ]);
  roster.trainers[3]!.certify = false;
});

describe('the JWK Set', () => {
  it('lists every roster key as a public ES256 verification key, revoked ones with their dates', async () => {
    const { keys } = rosterJwks({ roster });
    expect(keys.map((k) => k.kid)).toEqual([alice.kid, bob.kid, dana.kid, carol.kid]);
    expect(keys[0]).toEqual({
      ...alice.publicJwk,
      kid: alice.kid,
      alg: 'ES256',
      use: 'sig',
      trainer: 'alice',
      validFrom: '2026-01-01T00:00:00.000Z',
      status: 'active',
    });
    expect(keys[1]).toMatchObject({
      status: 'revoked',
      revokedAt: '2026-04-01T00:00:00.000Z',
      revokedReason: 'laptop lost',
    });
    expect(keys[2]).toMatchObject({ demo: true });
    for (const key of keys) {
      expect(key).not.toHaveProperty('d');
      // The kid is what a verifier recomputes from the key itself (RFC 7638).
      expect(await publicKeyThumbprint({ kty: key.kty, crv: key.crv, x: key.x, y: key.y })).toBe(key.kid);
    }
  });
});

describe('did:web', () => {
  it('makes the DID from the host, port and base path, and puts the document where the method resolves it', () => {
    expect(didWeb('https://learn.example.com/')).toBe('did:web:learn.example.com');
    expect(didWeb('https://learn.example.com/training/')).toBe('did:web:learn.example.com:training');
    expect(didWeb('http://127.0.0.1:4730/')).toBe('did:web:127.0.0.1%3A4730');
    expect(didDocumentPath('https://learn.example.com/')).toBe('.well-known/did.json');
    expect(didDocumentPath('https://learn.example.com/training/')).toBe('did.json');
    expect(didKeyId('https://learn.example.com/', 'abc')).toBe('did:web:learn.example.com#abc');
    expect(jwksKeyId('https://learn.example.com/training/', 'abc')).toBe(
      'https://learn.example.com/training/.well-known/jwks.json#abc',
    );
  });

  it('lists every key as a verification method, but only keys that may issue now as assertion methods', () => {
    const site = 'https://learn.example.com/';
    const doc = didDocument({ roster }, site, BUILT);
    expect(doc.id).toBe('did:web:learn.example.com');
    expect(doc['@context'][0]).toBe('https://www.w3.org/ns/did/v1');
    expect(doc.verificationMethod).toHaveLength(4);
    expect(doc.verificationMethod[0]).toEqual({
      id: `did:web:learn.example.com#${alice.kid}`,
      type: 'JsonWebKey2020',
      controller: 'did:web:learn.example.com',
      publicKeyJwk: alice.publicJwk,
    });
    // Bob's key is revoked, Dana's is the public demo key, Carol may not certify.
    expect(doc.assertionMethod).toEqual([`did:web:learn.example.com#${alice.kid}`]);
    // Before the revocation, Bob's key could still issue.
    expect(didDocument({ roster }, site, new Date('2026-03-01T00:00:00Z')).assertionMethod).toContain(
      `did:web:learn.example.com#${bob.kid}`,
    );
  });
});
