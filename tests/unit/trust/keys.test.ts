/**
 * Key generation and backups. PBKDF2 at 600,000 iterations takes about half a second, so only
 * the tests that must open a backup derive a key; the rest are refused before that.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  PBKDF2_ITERATIONS,
  createBackup,
  generateTrainerKey,
  restoreBackup,
  thumbprint,
  type KeyBackup,
  type NewTrainerKey,
} from '../../../src/lib/trust/keys';
import { verifySignoff } from '../../../src/lib/trust/verify';
import { signSignoff } from '../../../src/lib/trust/entry';
import { DEMO_PASSPHRASE, context, demoTrainer, makeRoster, signoffInput } from '../../fixtures/trust';

const PASSPHRASE = 'correct horse battery staple';
let key: NewTrainerKey;
let backup: KeyBackup;

beforeAll(async () => {
  key = await generateTrainerKey();
  const made = await createBackup(
    {
      trainerId: 'alice-trainer',
      name: 'Alice Adams',
      kid: key.kid,
      publicJwk: key.publicJwk,
      backupKey: key.backupKey,
    },
    PASSPHRASE,
  );
  if (!made.ok) throw new Error(made.message);
  backup = made.value;
});

/** The backup after `edit`, as a fresh object (the shared one stays intact). */
function edited(edit: (b: Record<string, unknown>) => void): Record<string, unknown> {
  const copy = structuredClone(backup) as unknown as Record<string, unknown>;
  edit(copy);
  return copy;
}

describe('generateTrainerKey', () => {
  it('stores a non-extractable signing key and names it by its RFC 7638 thumbprint', async () => {
    expect(key.privateKey.extractable).toBe(false);
    expect(key.privateKey.usages).toEqual(['sign']);
    expect(key.backupKey.extractable).toBe(true);
    expect(Object.keys(key.publicJwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    expect(key.kid).toBe(await thumbprint(key.publicJwk));
    expect(key.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('gives the thumbprint the roster lists for the demo trainer', async () => {
    const { roster, kid } = demoTrainer();
    expect(await thumbprint(roster.trainers[0]?.keys[0]?.jwk as KeyBackup['publicJwk'])).toBe(kid);
  });
});

describe('createBackup', () => {
  it('writes the documented format: PBKDF2-SHA256 600,000 iterations, 16-byte salt, 12-byte IV', () => {
    expect(backup).toMatchObject({
      format: 'tandem-trainer-key-backup',
      version: 1,
      trainerId: 'alice-trainer',
      name: 'Alice Adams',
      kid: key.kid,
      publicJwk: key.publicJwk,
      kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 },
      cipher: { name: 'AES-GCM' },
    });
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(Buffer.from(backup.kdf.salt, 'base64url')).toHaveLength(16);
    expect(Buffer.from(backup.cipher.iv, 'base64url')).toHaveLength(12);
    expect(JSON.stringify(backup)).not.toMatch(/"d"/);
  });

  it('refuses a short passphrase', async () => {
    const result = await createBackup({ ...backup, createdAt: new Date(), backupKey: key.backupKey }, 'short');
    expect(result).toMatchObject({ ok: false, reason: 'weak-passphrase' });
  });
});

describe('restoreBackup', () => {
  it('opens its own backup (as file text) into a non-extractable key that signs as the same kid', async () => {
    const result = await restoreBackup(JSON.stringify(backup), PASSPHRASE);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ kid: key.kid, trainerId: 'alice-trainer', name: 'Alice Adams' });
    expect(result.value.privateKey.extractable).toBe(false);
  });

  it('opens the published demo backup with its passphrase; its entries verify as demo', async () => {
    const { roster, backupText, kid } = demoTrainer();
    const result = await restoreBackup(backupText, DEMO_PASSPHRASE);
    expect(result).toMatchObject({ ok: true, value: { kid, trainerId: 'demo-trainer' } });
    if (!result.ok) return;
    const { privateKey, trainerId, name } = result.value;
    // Pages sign under the roster's name for the key (the backup's label may differ).
    const rosterName = roster.trainers[0]?.name as string;
    const signed = await signSignoff(signoffInput(), { privateKey, kid, trainerId, trainerName: rosterName });
    expect(signed.ok).toBe(true);
    if (!signed.ok) return;
    expect(await verifySignoff(signed.value.jws, context(roster))).toMatchObject({ status: 'valid', demo: true });
    // The demo key cannot sign under any other name, its backup's label included.
    const asOther = await signSignoff(signoffInput(), { privateKey, kid, trainerId, trainerName: name });
    if (!asOther.ok) throw new Error(asOther.message);
    expect(name).not.toBe(rosterName);
    expect(await verifySignoff(asOther.value.jws, context(roster))).toMatchObject({ reason: 'trainer-name-mismatch' });
  });

  it('says plainly when the passphrase is wrong', async () => {
    expect(await restoreBackup(backup, 'not the passphrase')).toMatchObject({
      ok: false,
      reason: 'wrong-passphrase',
      message: expect.stringMatching(/^The passphrase does not open this backup/),
    });
  });

  it('refuses a backup whose wrapped key was changed (indistinguishable from a wrong passphrase)', async () => {
    const flipped = edited((b) => {
      const bytes = Buffer.from(b['wrappedKey'] as string, 'base64url');
      bytes[10] = (bytes[10] as number) ^ 1;
      b['wrappedKey'] = bytes.toString('base64url');
    });
    expect(await restoreBackup(flipped, PASSPHRASE)).toMatchObject({ ok: false, reason: 'wrong-passphrase' });
  });

  it('refuses a backup whose public key was swapped for another (with a matching kid)', async () => {
    const other = await generateTrainerKey();
    const swapped = edited((b) => {
      b['publicJwk'] = other.publicJwk;
      b['kid'] = other.kid;
    });
    expect(await restoreBackup(swapped, PASSPHRASE)).toMatchObject({
      ok: false,
      reason: 'key-mismatch',
      message: expect.stringMatching(/private key does not match/),
    });
  });

  it.each<[string, unknown, string, RegExp]>([
    ['text that is not JSON', '{"format": "tandem-trainer-key-backup",', 'not-a-backup', /not a Tandem/],
    ['JSON of another kind', { format: 'jwk', kty: 'EC' }, 'not-a-backup', /not a Tandem/],
    ['nothing', undefined, 'not-a-backup', /not a Tandem/],
    ['a newer version', { format: 'tandem-trainer-key-backup', version: 2 }, 'unsupported-version', /version 2/],
  ])('refuses %s', async (_, file, reason, message) => {
    const result = await restoreBackup(file, PASSPHRASE);
    expect(result).toMatchObject({ ok: false, reason });
    expect(!result.ok && result.message).toMatch(message);
  });

  it.each<[string, (b: Record<string, unknown>) => void, string, RegExp]>([
    ['a missing salt', (b) => delete (b['kdf'] as Record<string, unknown>)['salt'], 'damaged', /kdf\.salt/],
    ['a short IV', (b) => ((b['cipher'] as Record<string, unknown>)['iv'] = 'AAAA'), 'damaged', /cipher\.iv/],
    ['a truncated wrapped key', (b) => (b['wrappedKey'] = 'AAAA'), 'damaged', /wrappedKey/],
    [
      'a private key in publicJwk',
      (b) => ((b['publicJwk'] as Record<string, unknown>)['d'] = 'x'),
      'damaged',
      /publicJwk/,
    ],
    ['a missing trainer id', (b) => delete b['trainerId'], 'damaged', /trainerId/],
    [
      '1,000 PBKDF2 iterations',
      (b) => ((b['kdf'] as Record<string, unknown>)['iterations'] = 1000),
      'weak-kdf',
      /only 1,000 PBKDF2 iterations/,
    ],
    [
      'a billion PBKDF2 iterations',
      (b) => ((b['kdf'] as Record<string, unknown>)['iterations'] = 1e9),
      'damaged',
      /kdf\.iterations/,
    ],
    ['a kid that is not its key’s thumbprint', (b) => (b['kid'] = 'A'.repeat(43)), 'key-mismatch', /kid/],
  ])('refuses a backup with %s, before trying the passphrase', async (_, edit, reason, message) => {
    const result = await restoreBackup(edited(edit), PASSPHRASE);
    expect(result).toMatchObject({ ok: false, reason });
    expect(!result.ok && result.message).toMatch(message);
  });

  it('the roster for a new key can be built from the backup alone', async () => {
    const roster = makeRoster([]);
    roster.trainers.push({
      id: backup.trainerId,
      name: backup.name,
      demo: false,
      keys: [{ kid: backup.kid, jwk: backup.publicJwk, validFrom: '2026-01-01T00:00:00.000Z', status: 'active' }],
    });
    const signed = await signSignoff(signoffInput(), {
      privateKey: key.privateKey,
      kid: key.kid,
      trainerId: 'alice-trainer',
      trainerName: 'Alice Adams',
    });
    expect(signed.ok && (await verifySignoff(signed.value.jws, context(roster))).status).toBe('valid');
  });
});
