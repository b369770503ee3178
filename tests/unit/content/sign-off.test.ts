/**
 * The sign-off rule of a step: what the skill file says, and the sentence the skill page and
 * the trainer's sign-off page show for it.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { skillSchema, STEPS } from '../../../src/lib/content/schema';
import { DEFAULT_SIGN_OFF, describeSignOff } from '../../../src/lib/content/sign-off';

const step = { focus: 'F', checks: ['C'] };
const skill = (signOff?: unknown) => ({
  title: 'T',
  description: 'D',
  lessons: ['l'],
  steps: { show: { ...step, ...(signOff ? { signOff } : {}) }, copilot: step, solo: step, teachback: step },
});

describe('the sign-off rule', () => {
  it('is optional, and a partial rule takes the documented defaults', () => {
    const plain = skillSchema.parse(skill());
    expect(plain.steps.show.signOff).toBeUndefined();
    expect(skillSchema.parse(skill({ contacts: 5 })).steps.show.signOff).toEqual({ ...DEFAULT_SIGN_OFF, contacts: 5 });
  });

  it('refuses a rule that cannot be followed, naming the field', () => {
    const r = skillSchema.safeParse(skill({ contacts: 0, ifNotSeen: 'guess' }));
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'steps.show.signOff.contacts',
      'steps.show.signOff.ifNotSeen',
    ]);
  });

  it('reads as a sentence a trainer can act on', () => {
    expect(describeSignOff(undefined)).toBe(
      'Sign off after at least 3 observed contacts at this step, once every check for this step has been met. ' +
        'A check that never came up: set up a short role-play for it before signing.',
    );
    expect(describeSignOff({ contacts: 1, everyCheck: false, ifNotSeen: 'wait', note: 'Chat only.' })).toBe(
      'Sign off after one observed contact at this step, once every check for this step but at most one has been met ' +
        '(name the missing one and why in the notes). A check that never came up: keep observing until it comes up; ' +
        'do not sign before it has. Chat only.',
    );
  });

  it('is stated for every step of every sample skill', () => {
    for (const f of readdirSync('src/content/skills')) {
      const s = skillSchema.parse(load(readFileSync(`src/content/skills/${f}`, 'utf8')));
      for (const st of STEPS) expect(s.steps[st].signOff, `${f} ${st}`).toBeDefined();
    }
  });
});
