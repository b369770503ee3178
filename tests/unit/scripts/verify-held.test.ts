/**
 * `npm run verify` on the other files a person may hold: an Open Badge, a sign-off file and a
 * trainer's signing log, through the real command (a child Node process) and the same classifier
 * and checks as the verify page. Genuine ones pass; forged, edited, foreign and broken ones are
 * refused with their reason and exit 1. Few runs, many files each: the command starts slowly.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import { didWeb } from '../../../src/lib/course/published-keys';
import { auditFile, nextRecord, type LogRecord } from '../../../src/lib/cohort/log';
import { verifyBundle } from '../../../src/lib/bundle/verify';
import { courseBadgeCredential, signBadgeJwt, type OpenBadgeCredential } from '../../../src/lib/export/badge';
import { signoffFile } from '../../../src/lib/trust/signoff-file';
import { LATER, NOW, certifiedRecord, type Trainers } from '../../fixtures/export';
import { craftJws, editPayload, payloadOf, sign } from '../../fixtures/trust';
import { trainedCourse } from '../../fixtures/setup';

const run = promisify(execFile);
const temp = mkdtempSync(join(tmpdir(), 'tandem-verify-held-'));
const manifestPath = join(temp, 'manifest.json');
const SITE = 'https://training.example.org/';
const DID = didWeb(SITE);

let t: Trainers;
let manifest: CourseManifest;
let credential: OpenBadgeCredential;
const files: Record<string, string> = {};

function file(name: string, text: string): void {
  files[name] = join(temp, name);
  writeFileSync(files[name], text);
}

interface JsonFile {
  file: string;
  readable: boolean;
  valid: boolean;
  kind?: string;
  reason?: string;
  status?: string;
  entries?: { status: string; reason?: string }[];
}

async function verify(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ['scripts/verify.ts', ...args], { maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code?: number; stdout?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '' };
  }
}

const byName = (out: { files: JsonFile[] }) =>
  Object.fromEntries(out.files.map((f) => [Object.keys(files).find((k) => files[k] === f.file) ?? f.file, f]));

beforeAll(async () => {
  ({ t, manifest } = await trainedCourse({ site: SITE }));
  writeFileSync(manifestPath, JSON.stringify(manifest));
  const tess = await certifiedRecord(t.alice, manifest);
  const verdict = await verifyBundle(JSON.stringify(tess.bundle), manifest, { now: new Date(NOW) });
  if (!verdict.readable) throw new Error(verdict.message);
  const built = courseBadgeCredential(verdict.record, { siteUrl: SITE, issuerDid: DID, now: new Date(NOW) });
  if (!built.ok) throw new Error(built.message);
  credential = built.value;
  const signedAt = new Date('2026-03-14T09:00:00Z');
  const good = await signBadgeJwt(credential, t.alice.signer, { now: signedAt });
  file('badge.jwt', good);
  file('foreign.jwt', await signBadgeJwt(credential, t.mallory.signer, { now: signedAt }));
  file(
    'edited.jwt',
    editPayload(good, (c) => (c['name'] = 'Master of everything')),
  );
  const elsewhere = payloadOf(good);
  elsewhere['issuer'] = { ...(elsewhere['issuer'] as object), id: 'did:web:evil.example' };
  elsewhere['iss'] = 'did:web:evil.example';
  file(
    'elsewhere.jwt',
    await craftJws(
      { alg: 'ES256', kid: `did:web:evil.example#${t.alice.kid}`, typ: 'JWT' },
      elsewhere,
      t.alice.privateKey,
    ),
  );
  file('signoffs.json', JSON.stringify(signoffFile(tess.entries.slice(0, 4))));
  file('signoffs-forged.json', JSON.stringify(signoffFile([tess.entries[0] as string, await sign(t.mallory)])));
  const log: LogRecord[] = [];
  for (const [i, jws] of tess.entries.entries()) {
    const p = payloadOf(jws) as { id: string; trainee: { id: string } };
    log.push(await nextRecord(log, { id: p.id, traineeId: p.trainee.id, jws }, new Date(Date.UTC(2026, 2, 1 + i))));
  }
  const trainer = { id: t.alice.id, name: t.alice.name };
  file('log.json', auditFile(log, trainer, new Date(NOW)));
  file('log-broken.json', auditFile([...log.slice(0, 1), ...log.slice(2)], trainer, new Date(NOW)));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('npm run verify on badges, sign-off files and signing logs', () => {
  it('passes the genuine ones and refuses each forgery with its reason (JSON)', async () => {
    const { code, stdout } = await verify(...Object.values(files), '--manifest', manifestPath, '--now', NOW, '--json');
    expect(code).toBe(1);
    const out = byName(JSON.parse(stdout) as { files: JsonFile[] });
    expect(out['badge.jwt']).toMatchObject({ kind: 'badge', valid: true, status: 'valid' });
    expect(out['foreign.jwt']).toMatchObject({ kind: 'badge', valid: false, reason: 'unknown-key' });
    expect(out['edited.jwt']).toMatchObject({ kind: 'badge', valid: false, reason: 'bad-signature' });
    expect(out['elsewhere.jwt']).toMatchObject({ kind: 'badge', valid: false, reason: 'wrong-issuer' });
    expect(out['signoffs.json']).toMatchObject({ kind: 'signoff-file', valid: true });
    expect(out['signoffs-forged.json']?.entries?.map((e) => e.reason)).toEqual([undefined, 'unknown-key']);
    expect(out['log.json']).toMatchObject({ kind: 'signing-log', valid: true });
    expect(out['log-broken.json']).toMatchObject({ kind: 'signing-log', valid: false, reason: 'broken-chain' });
  });

  it('says a badge has expired, in words, with exit 1', async () => {
    const { code, stdout } = await verify(files['badge.jwt'] ?? '', '--manifest', manifestPath, '--now', LATER);
    expect(code).toBe(1);
    expect(stdout).toMatch(/Open Badge: EXPIRED \(expired/);
  });

  it('prints a genuine badge’s issuer, holder, achievement and validity', async () => {
    const { code, stdout } = await verify(files['badge.jwt'] ?? '', '--manifest', manifestPath, '--now', NOW);
    expect(code).toBe(0);
    expect(stdout).toContain('Open Badge: VALID');
    expect(stdout).toContain(`Issuer: ${DID} (this site)`);
    expect(stdout).toContain('Awarded to: Tess Trainee');
    expect(stdout).toMatch(/Valid: 2026-03-13 to 2027-03-1\d/);
  });
});
