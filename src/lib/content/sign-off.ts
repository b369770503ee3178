/**
 * When a trainer may sign a step off: the rule each skill states per step (`signOff` in the
 * skill file), and the one sentence every page shows for it. Zod-free, so the trainer's
 * sign-off page in the browser can import `describeSignOff` and show exactly what the skill
 * page shows.
 */

/** What a check that never came up in the observed contacts is covered by. */
export type NotSeenRoute = 'role-play' | 'explain' | 'wait';

export interface SignOffRule {
  /** Observed contacts at this step, at least (real contacts, or role-plays where they stand in). */
  contacts: number;
  /** Whether every check must be met before signing (true), or one may be missing with a note why. */
  everyCheck: boolean;
  /** A check that never came up: role-play it, have the trainee explain it, or wait for it. */
  ifNotSeen: NotSeenRoute;
  /** Anything the owner adds for this step, shown after the rule. */
  note?: string | undefined;
}

/** The rule when a skill file gives none: three contacts, every check, role-play what is missing. */
export const DEFAULT_SIGN_OFF: SignOffRule = { contacts: 3, everyCheck: true, ifNotSeen: 'role-play' };

const NOT_SEEN: Record<NotSeenRoute, string> = {
  'role-play': 'set up a short role-play for it before signing',
  explain: 'ask the trainee to explain what they would do, and note their answer',
  wait: 'keep observing until it comes up; do not sign before it has',
};

/** The rule in one or two sentences, as the skill page and the sign-off page show it. */
export function describeSignOff(rule: SignOffRule | undefined): string {
  const r = rule ?? DEFAULT_SIGN_OFF;
  const contacts = r.contacts === 1 ? 'one observed contact' : `at least ${r.contacts} observed contacts`;
  const checks = r.everyCheck
    ? 'every check for this step has been met'
    : 'every check for this step but at most one has been met (name the missing one and why in the notes)';
  const text = `Sign off after ${contacts} at this step, once ${checks}. A check that never came up: ${NOT_SEEN[r.ifNotSeen]}.`;
  return r.note ? `${text} ${r.note}` : text;
}
