import { beforeAll, describe, expect, it } from 'vitest';
import { decodeProtectedHeader } from 'jose';
import { MAX_SIGNOFF_LENGTH, parsePayload, signSignoff } from '../../../src/lib/trust/entry';
import { TEXT_LIMITS } from '../../../src/lib/trust/fields';
import { entry, makeTrainer, payloadOf, signoffInput, type TestTrainer } from '../../fixtures/trust';

let alice: TestTrainer;
beforeAll(async () => {
  alice = await makeTrainer('alice-trainer', 'Alice Adams');
});

describe('signSignoff', () => {
  it('makes an ES256 compact JWS with the sign-off header and a complete payload', async () => {
    const result = await signSignoff(
      signoffInput({ step: 'show', evidence: { learningStyle: 'visual', explanation: 'Mirrors first.' } }),
      alice.signer,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { jws, payload } = result.value;
    expect(decodeProtectedHeader(jws)).toEqual({ alg: 'ES256', kid: alice.kid, typ: 'tandem-signoff+jws' });
    expect(payloadOf(jws)).toEqual(payload);
    expect(payload).toMatchObject({
      v: 1,
      typ: 'signoff',
      course: 'demo-course',
      trainee: { id: 'trainee-tess', name: 'Tess Trainee' },
      step: 'show',
      outcome: 'signed-off',
      observedAt: '2026-03-02',
      signedAt: '2026-03-02T10:00:00.000Z',
      trainer: { id: 'alice-trainer', name: 'Alice Adams', kid: alice.kid },
      evidence: { learningStyle: 'visual', explanation: 'Mirrors first.' },
    });
    expect(payload.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('returns exactly the payload it signed, without empty evidence members', async () => {
    const evidence = { debrief: 'Kept calm.', explanation: undefined };
    const result = await signSignoff(signoffInput({ step: 'copilot', evidence }), alice.signer);
    expect(result.ok && result.value.payload.evidence).toEqual({ debrief: 'Kept calm.' });
    expect(result.ok && Object.keys(result.value.payload.evidence)).toEqual(['debrief']);
    evidence.debrief = 'Changed afterwards';
    expect(result.ok && result.value.payload.evidence.debrief).toBe('Kept calm.');
  });

  it('gives every entry its own id', async () => {
    const ids = await Promise.all(
      [1, 2, 3].map(async () => {
        const r = await signSignoff(signoffInput(), alice.signer);
        return r.ok ? r.value.payload.id : '';
      }),
    );
    expect(new Set(ids).size).toBe(3);
  });

  it('refuses to sign notes over the limit, naming the field', async () => {
    const result = await signSignoff(signoffInput({ notes: 'x'.repeat(TEXT_LIMITS.notes + 1) }), alice.signer);
    expect(result).toMatchObject({ ok: false, reason: 'bad-payload', message: expect.stringMatching(/notes/) });
  });

  it('refuses to sign an entry that would be too large to verify', async () => {
    // Control characters are escaped as \u0001 in JSON: 6 bytes each.
    const result = await signSignoff(signoffInput({ notes: '\u0001'.repeat(TEXT_LIMITS.notes) }), alice.signer);
    expect(result).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('signs the longest ordinary entry within the size limit', async () => {
    const result = await signSignoff(
      signoffInput({
        notes: 'n'.repeat(TEXT_LIMITS.notes),
        trainee: { id: 't'.repeat(TEXT_LIMITS.id), name: 'N'.repeat(TEXT_LIMITS.name) },
        evidence: {
          learningStyle: 'kinesthetic',
          explanation: 'e'.repeat(TEXT_LIMITS.explanation),
          debrief: 'd'.repeat(TEXT_LIMITS.debrief),
          taught: { name: 'N'.repeat(TEXT_LIMITS.name), role: 'R'.repeat(TEXT_LIMITS.name) },
        },
      }),
      alice.signer,
    );
    expect(result.ok).toBe(true);
    expect(result.ok && result.value.jws.length).toBeLessThanOrEqual(MAX_SIGNOFF_LENGTH);
  });
});

describe('parsePayload', () => {
  it('accepts a well-formed payload', () => {
    expect(parsePayload(entry('show', 'signed-off', 1)).ok).toBe(true);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['an unknown field', { extra: 1 }, /unknown field "extra"/],
    ['another format version', { v: 2 }, /v \(format version\)/],
    ['a certification entry (not yet supported)', { typ: 'certification' }, /typ/],
    ['an id that is not a UUID', { id: 'abc' }, /id is not a UUID/],
    ['a course id that is not kebab-case', { course: 'Demo Course' }, /course is not a valid id/],
    ['a missing skill', { skill: undefined }, /skill is missing/],
    ['a skill hash of the wrong length', { skillHash: 'abc' }, /skillHash/],
    ['a trainee without a name', { trainee: { id: 'tess' } }, /trainee\.name/],
    ['a trainee with an extra member', { trainee: { id: 'tess', name: 'T', email: 'x' } }, /trainee is not/],
    ['an empty trainee name', { trainee: { id: 'tess', name: '  ' } }, /trainee\.name is empty/],
    [
      'a trainee name with a bidi override',
      { trainee: { id: 'tess', name: 'Tess\u202e' } },
      /invisible or direction-changing/,
    ],
    ['a name over 200 characters', { trainee: { id: 'tess', name: 'n'.repeat(201) } }, /longer than 200/],
    ['an unknown step', { step: 'graduation' }, /step is not one of show, copilot, solo, teachback/],
    ['an unknown outcome', { outcome: 'passed' }, /outcome is not one of/],
    ['an observed date that does not exist', { observedAt: '2026-02-30' }, /observedAt/],
    ['an observed date-time', { observedAt: '2026-03-01T10:00:00Z' }, /observedAt/],
    ['a signing time with an offset', { signedAt: '2026-03-01T10:00:00+01:00' }, /signedAt/],
    ['an observation after signing', { observedAt: '2026-03-05', signedAt: '2026-03-02T10:00:00Z' }, /after/],
    ['a trainer without a key id', { trainer: { id: 'alice-trainer', name: 'A' } }, /trainer\.kid/],
    ['an unknown learning style', { evidence: { learningStyle: 'telepathic' } }, /learningStyle/],
    ['an unknown evidence field', { evidence: { grade: 'A' } }, /evidence\.grade/],
    ['an over-long debrief', { evidence: { debrief: 'd'.repeat(2001) } }, /evidence\.debrief is longer/],
    ['a taught person without a role', { evidence: { taught: { name: 'Sam' } } }, /taught\.role/],
    ['notes that are not text', { notes: 42 }, /notes is missing or not text/],
  ])('refuses %s, naming the field', (_, change, message) => {
    const result = parsePayload({ ...entry('show', 'signed-off', 1), ...change });
    expect(result).toMatchObject({ ok: false, reason: 'bad-payload' });
    expect(!result.ok && result.message).toMatch(message);
  });

  it.each([null, 'text', 42, [], [entry('show', 'signed-off', 1)]])('refuses %j as a payload', (value) => {
    expect(parsePayload(value)).toMatchObject({ ok: false, reason: 'bad-payload' });
  });

  it('allows the observed date to be a day ahead of UTC (time zones east of Greenwich)', () => {
    const late = { ...entry('show', 'signed-off', 1), observedAt: '2026-03-02', signedAt: '2026-03-01T23:30:00Z' };
    expect(parsePayload(late).ok).toBe(true);
  });
});
