/**
 * After a progress file is imported, the sign-off form opens on the skill the trainer
 * is working on with the trainee, not on the course's first skill.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { skillSteps } from '../../../src/lib/trust/ledger';
import type { SkillChecklist } from '../../../src/lib/trust/record';
import type { SignoffPayload } from '../../../src/lib/trust/entry';
import { workingSkill } from '../../../src/lib/trust/working-skill';
import { day, makeTrainer, payloadOf, sign, type TestTrainer } from '../../fixtures/trust';

const ORDER = ['greeting', 'active-listening', 'returns'];
let trainer: TestTrainer;

beforeAll(async () => {
  trainer = await makeTrainer('dana-demo', 'Dana Demo');
});

async function entry(skill: string, step: SignoffPayload['step'], n: number): Promise<SignoffPayload> {
  return payloadOf(await sign(trainer, { skill, step, signedAt: day(n) })) as unknown as SignoffPayload;
}

function states(bySkill: Record<string, SignoffPayload[]>): Record<string, SkillChecklist> {
  return Object.fromEntries(
    ORDER.map((id) => [id, { steps: skillSteps(bySkill[id] ?? []), demo: false, earlierVersion: false }]),
  );
}

describe('the skill the sign-off form opens on', () => {
  it('is the unfinished skill with the latest signed entry, wherever it is in the course', async () => {
    const skills = states({
      greeting: [await entry('greeting', 'show', 2)],
      returns: [await entry('returns', 'show', 3), await entry('returns', 'copilot', 5)],
    });
    expect(workingSkill(skills, ORDER)).toBe('returns');
  });

  it('skips a skill whose four steps are all signed off, however recent', async () => {
    const done = [];
    for (const [i, step] of (['show', 'copilot', 'solo', 'teachback'] as const).entries()) {
      done.push(await entry('returns', step, 10 + i));
    }
    const skills = states({ returns: done, 'active-listening': [await entry('active-listening', 'show', 4)] });
    expect(workingSkill(skills, ORDER)).toBe('active-listening');
  });

  it('is the skill a request for this trainee named, when there is one', async () => {
    const skills = states({ returns: [await entry('returns', 'show', 3)] });
    expect(workingSkill(skills, ORDER, 'greeting')).toBe('greeting');
    expect(workingSkill(skills, ORDER, 'not-a-skill')).toBe('returns');
  });

  it('is the first skill with a step to sign when nothing is signed yet', () => {
    expect(workingSkill(states({}), ORDER)).toBe('greeting');
  });
});
