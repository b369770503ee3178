import { describe, expect, it } from 'vitest';
import { lessonSchema, skillSchema, trainerSchema } from '../../../src/lib/content/schema';
import { steps } from '../../fixtures/content';

const fields = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((i) => i.path.join('.')) ?? [];

describe('content schemas', () => {
  it('fills lesson defaults and rejects a lesson without a module', () => {
    const ok = lessonSchema.parse({ title: 'T', module: 'm', order: 1, summary: 'S', minutes: 5 });
    expect(ok.skills).toEqual([]);
    expect(ok.draft).toBe(false);
    expect(fields(lessonSchema.safeParse({ title: 'T', order: 1, summary: 'S', minutes: 5 }))).toEqual(['module']);
  });

  it('rejects ids that would not survive in a URL', () => {
    const r = lessonSchema.safeParse({ title: 'T', module: 'Being Heard', order: 1, summary: 'S', minutes: 5 });
    expect(fields(r)).toEqual(['module']);
    expect(r.error?.issues[0]?.message).toContain('kebab-case');
  });

  it('needs all four steps with at least one check for a skill', () => {
    const { teachback: _, ...threeSteps } = steps;
    expect(fields(skillSchema.safeParse({ title: 'T', description: 'D', lessons: ['a'], steps: threeSteps }))).toEqual([
      'steps.teachback',
    ]);
    const noChecks = { ...steps, solo: { focus: 'F', checks: [] } };
    expect(fields(skillSchema.safeParse({ title: 'T', description: 'D', lessons: ['a'], steps: noChecks }))).toEqual([
      'steps.solo.checks',
    ]);
  });

  it('refuses a roster key that carries a private key', () => {
    const jwk = { kty: 'EC', crv: 'P-256', x: 'x'.repeat(43), y: 'y'.repeat(43), d: 'd'.repeat(43) };
    const r = trainerSchema.safeParse({ name: 'N', keys: [{ kid: 'k'.repeat(43), jwk, validFrom: '2026-01-01' }] });
    expect(r.success).toBe(false);
    expect(fields(r)).toEqual(['keys.0.jwk']);
  });
});
