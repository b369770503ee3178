/**
 * An Open Badge checked the way software that is not Tandem checks it. A copy of the site is built
 * with a canonical address on loopback and a trainer of our own on its roster, and served by
 * scripts/serve.mjs; the badge is signed by that trainer; then, knowing nothing but the badge,
 * the checker resolves its `kid` over HTTP (the did:web document, or the JWK Set), verifies the
 * JWT with jose, and matches issuer, subject and validity. Loopback has no certificate, so the
 * did:web address (always https) is fetched over http here; nothing else differs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import { buildCopy, edit, type CopyBuild } from './project-copy';
import type { CourseManifest } from '../../src/lib/course/manifest';
import { didWeb } from '../../src/lib/course/published-keys';
import { verifyBundle } from '../../src/lib/bundle/verify';
import { courseBadgeCredential, signBadgeJwt } from '../../src/lib/export/badge';
import { URL_NAMESPACE, uuidV5 } from '../../src/lib/export/ids';
import { certifiedTrainee } from '../fixtures/sample-certified';
import { makeTrainer, type TestTrainer } from '../fixtures/trust';

const PORT = Number(process.env.TANDEM_BADGE_PORT ?? 4735);
const SITE = `http://127.0.0.1:${PORT}/`;
const DID = `did:web:127.0.0.1%3A${PORT}`;
const TRAINEE = { id: 'trainee-tess-0001', name: 'Tess Trainee' };

let build: CopyBuild;
let server: ChildProcess | undefined;
let tara: TestTrainer;
let manifest: CourseManifest;
let record: Awaited<ReturnType<typeof verifyBundle>>;

/** What a DID resolver fetches for did:web:host%3Aport (https, here http on loopback). */
const didUrl = (did: string) =>
  `http://${decodeURIComponent(did.slice('did:web:'.length).split(':')[0] ?? '')}/.well-known/did.json`;

async function serve(): Promise<void> {
  server = spawn(process.execPath, ['scripts/serve.mjs', build.dist, '--port', String(PORT)], { stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(SITE).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the built site did not come up');
}

beforeAll(async () => {
  tara = await makeTrainer('tara-trainer', 'Tara Trainer');
  build = buildCopy(
    (content) => {
      edit(path.join(content, 'course/settings.yaml'), /^# siteUrl: .*$/m, `siteUrl: ${SITE}`);
      writeFileSync(
        path.join(content, 'trainers/tara-trainer.yaml'),
        `name: "Tara Trainer"\nkeys:\n  - kid: "${tara.kid}"\n    jwk:\n      kty: EC\n      crv: P-256\n      x: "${tara.publicJwk.x}"\n      y: "${tara.publicJwk.y}"\n    validFrom: 2026-01-01\n    status: active\n`,
      );
    },
    { keep: true },
  );
  if (build.status !== 0) throw new Error(`build failed:\n${build.output}`);
  await serve();
  manifest = (await (await fetch(`${SITE}tandem/manifest.json`)).json()) as CourseManifest;
  const { bundle } = await certifiedTrainee(tara.signer, manifest, TRAINEE, new Date(Date.now() - 30 * 86_400_000));
  record = await verifyBundle(JSON.stringify(bundle), manifest, { now: new Date() });
}, 300_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server?.once('exit', r));
    server.kill();
    await exited;
  }
  build?.cleanup();
});

async function badge(issuerDid?: string): Promise<string> {
  if (!record.readable) throw new Error(record.message);
  const made = courseBadgeCredential(record.record, { siteUrl: SITE, ...(issuerDid && { issuerDid }) });
  if (!made.ok) throw new Error(made.message);
  return signBadgeJwt(made.value, tara.signer);
}

/** The third party: from the badge alone to a verified JWT, or an error saying why not. */
async function checkAsThirdParty(jwt: string) {
  const { kid, alg } = decodeProtectedHeader(jwt);
  if (alg !== 'ES256' || typeof kid !== 'string') throw new Error('unexpected header');
  let jwk: JWK;
  if (kid.startsWith('did:web:')) {
    const did = kid.slice(0, kid.indexOf('#'));
    const reply = await fetch(didUrl(did));
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expect(reply.headers.get('access-control-allow-origin')).toBe('*');
    const doc = (await reply.json()) as {
      id: string;
      verificationMethod: { id: string; controller: string; publicKeyJwk: JWK }[];
      assertionMethod: string[];
    };
    expect(doc.id).toBe(did);
    const method = doc.verificationMethod.find((m) => m.id === kid);
    if (!method || method.controller !== did) throw new Error('the kid is not a verification method of the DID');
    if (!doc.assertionMethod.includes(kid)) throw new Error('the key may not issue (not an assertion method)');
    jwk = method.publicKeyJwk;
  } else {
    const [set, thumbprint] = kid.split('#');
    const reply = await fetch(set ?? '');
    expect(reply.headers.get('access-control-allow-origin')).toBe('*');
    const { keys } = (await reply.json()) as { keys: (JWK & { kid: string; status: string })[] };
    const found = keys.find((k) => k.kid === thumbprint);
    if (!found || found.status !== 'active') throw new Error('no active key with that kid in the JWK Set');
    jwk = { kty: found.kty, crv: found.crv, x: found.x, y: found.y } as JWK;
  }
  const key = await importJWK(jwk, 'ES256');
  return jwtVerify(jwt, key, { algorithms: ['ES256'], typ: 'JWT' });
}

describe('an Open Badge, checked by software that is not Tandem', () => {
  it('resolves the did:web key over HTTP, verifies with jose, and matches issuer, subject and validity', async () => {
    const { payload } = await checkAsThirdParty(await badge(didWeb(SITE)));
    expect(payload.iss).toBe(DID);
    expect((payload['issuer'] as { id: string }).id).toBe(DID);
    const subject = `urn:uuid:${uuidV5(URL_NAMESPACE, `${SITE}trainees/${TRAINEE.id}`)}`;
    expect(payload.sub).toBe(subject);
    expect((payload['credentialSubject'] as { id: string }).id).toBe(subject);
    const now = Date.now() / 1000;
    expect(payload.nbf).toBeLessThanOrEqual(now);
    expect(payload.exp).toBeGreaterThan(now);
    expect(payload.nbf).toBe(Math.floor(Date.parse(payload['validFrom'] as string) / 1000));
    expect(payload.exp).toBe(Math.floor(Date.parse(payload['validUntil'] as string) / 1000));
  });

  it('resolves a badge named by the JWK Set the same way', async () => {
    const jwt = await badge();
    expect(decodeProtectedHeader(jwt).kid).toBe(`${SITE}.well-known/jwks.json#${tara.kid}`);
    const { payload } = await checkAsThirdParty(jwt);
    expect(payload.iss).toBe(SITE);
  });

  it('refuses an edited badge, and one signed with a key the site does not publish', async () => {
    const [h, p, s] = (await badge(didWeb(SITE))).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    claims.name = 'Master of everything';
    const edited = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    await expect(checkAsThirdParty(edited)).rejects.toThrow(/signature/);
    const mallory = await makeTrainer('mallory', 'Mallory');
    const made = record.readable
      ? courseBadgeCredential(record.record, { siteUrl: SITE, issuerDid: didWeb(SITE) })
      : undefined;
    if (!made?.ok) throw new Error('no credential');
    await expect(checkAsThirdParty(await signBadgeJwt(made.value, mallory.signer))).rejects.toThrow(
      /verification method/,
    );
  });

  it('never lets the published demo key issue: it resolves, but is no assertion method', async () => {
    const doc = (await (await fetch(didUrl(DID))).json()) as {
      verificationMethod: { id: string }[];
      assertionMethod: string[];
    };
    const demoKid = manifest.roster.trainers.find((t) => t.demo)?.keys[0]?.kid;
    expect(doc.verificationMethod.map((m) => m.id)).toContain(`${DID}#${demoKid}`);
    expect(doc.assertionMethod).toEqual([`${DID}#${tara.kid}`]);
  });
});
