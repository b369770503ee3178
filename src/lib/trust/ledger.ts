/**
 * Step state of one trainee's skill (show, co-pilot, solo, teach-back), derived from accepted
 * sign-off entries.
 * Entries are never edited or deleted, so the state is always a replay of all of them, in the
 * order they were signed (signedAt, then id, so every device gets the same order).
 *
 * The rules, with "current step" meaning the first step not currently signed off:
 * - 'signed-off' is allowed only for the current step (the one before it is signed off);
 * - 'practice' is allowed only for the current step;
 * - 're-opened' is allowed only for a step currently signed off, and re-opens it and every
 *   later signed-off step: they must be signed off again.
 *
 * Certification entries (src/lib/trust/certification/) are not replayed here: they rest on
 * the sign-offs that hold each step signed off, and are checked against this state.
 */
import type { Step } from '../content/schema';
import { STEP_INFO } from '../content/steps';
import type { SignoffPayload } from './entry';
import { fail, ok, type Result } from '../result';
import { STEP_ORDER } from './steps';

export type StepStatus = 'not-started' | 'practising' | 'signed-off' | 're-opened';

export interface SignedBy {
  trainerId: string;
  trainerName: string;
  kid: string;
}

export interface StepState {
  step: Step;
  /** 're-opened': was signed off, then re-opened, and not signed off again yet. */
  state: StepStatus;
  /** Practice sessions logged since the step was last opened (from the start, or its re-opening). */
  sessions: number;
  /** Present while the step is signed off. */
  signedOffBy?: SignedBy;
  /** When the sign-off was signed (ISO date-time); present while signed off. */
  signedOffAt?: string;
  /** Day of the signed-off session (YYYY-MM-DD); present while signed off. */
  observedAt?: string;
  /**
   * Day (YYYY-MM-DD) of the first practice or sign-off since the step was last opened; with
   * `observedAt` it shows how long the step took.
   */
  firstActivityAt?: string;
  /** When and by whom the step was last re-opened (directly, or with an earlier step). */
  reopenedAt?: string;
  reopenedBy?: SignedBy;
  /** Every applied entry about this step, in signing order. */
  history: SignoffPayload[];
}

export interface SkillSteps {
  steps: Record<Step, StepState>;
  /** The first step not signed off, or null when all four are. */
  currentStep: Step | null;
  /**
   * Entries that break the order and were left out of the state. `verifySignoff` never accepts
   * such entries, so this is empty unless storage was edited by hand.
   */
  outOfOrder: { payload: SignoffPayload; message: string }[];
}

/** The state of each step of one trainee's skill, from that trainee's entries for that skill. */
export function skillSteps(payloads: readonly SignoffPayload[]): SkillSteps {
  const { steps, rejected } = replay(payloads);
  const current = currentIndex(steps);
  return {
    steps: Object.fromEntries(STEP_ORDER.map((step, i) => [step, view(step, steps[i] as Working)])) as Record<
      Step,
      StepState
    >,
    currentStep: STEP_ORDER[current] ?? null,
    outOfOrder: rejected,
  };
}

/**
 * Whether `candidate` may join `accepted` (any of the trainee's entries; only those of the same
 * course, trainee and skill count). Refused when the candidate itself breaks the order, and also
 * when it was signed before entries already stored and would make one of them break the order:
 * what is stored never changes meaning.
 */
export function checkStepOrder(
  accepted: readonly SignoffPayload[],
  candidate: SignoffPayload,
): Result<void, 'out-of-order'> {
  const same = accepted.filter(
    (p) =>
      p.course === candidate.course &&
      p.trainee.id === candidate.trainee.id &&
      p.skill === candidate.skill &&
      p.id !== candidate.id,
  );
  const before = new Set(replay(same).rejected.map((r) => r.payload.id));
  const after = replay([...same, candidate]).rejected;
  const own = after.find((r) => r.payload.id === candidate.id);
  if (own) return fail('out-of-order', own.message);
  const broken = after.find((r) => !before.has(r.payload.id));
  if (broken) {
    return fail(
      'out-of-order',
      `This entry was signed before entries already stored and would put them out of order: ${broken.message}`,
    );
  }
  return ok(undefined);
}

/**
 * The accepted entries of one trainee, indexed so that taking in entry after entry stays linear:
 * `checkStepOrder` replays a skill's whole history for every candidate, which is quadratic for a
 * record (or a bundle) of thousands of entries. Same verdicts as `checkStepOrder`: a candidate
 * signed after everything already held for its skill is checked against the replayed state in
 * constant time; one signed earlier (rare: a late-arriving entry) takes the full replay.
 */
export interface AcceptedEntries {
  /** The accepted payload with this entry id, if any. */
  get(id: string): SignoffPayload | undefined;
  /** Whether `candidate` may join, exactly as `checkStepOrder(all accepted, candidate)`. */
  checkOrder(candidate: SignoffPayload): Result<void, 'out-of-order'>;
  /** Adds an accepted payload (one that passed `checkOrder`, or one already stored). */
  add(payload: SignoffPayload): void;
  /** Every payload added, in the order added. */
  readonly all: readonly SignoffPayload[];
}

interface SkillGroup {
  payloads: SignoffPayload[];
  ids: Set<string>;
  /** Replayed state of `payloads`, and the signing-order key of the latest one. */
  steps: Working[];
  last: { t: number; id: string } | undefined;
}

/**
 * One key for a trainee's skill in a course. A verified payload's ids hold no newline (fields.ts
 * allows letters, digits, `-` and `_`), so no two triples share a key; a JSON array of the three,
 * made for every entry, cost a large bundle's judging more than the grouping itself.
 */
export function skillKey(course: string, traineeId: string, skill: string): string {
  return `${course}\n${traineeId}\n${skill}`;
}

export function acceptedEntries(initial: readonly SignoffPayload[] = []): AcceptedEntries {
  const all: SignoffPayload[] = [];
  const byId = new Map<string, SignoffPayload>();
  const groups = new Map<string, SkillGroup>();
  const groupKey = (p: SignoffPayload) => skillKey(p.course, p.trainee.id, p.skill);
  const isAfter = (p: SignoffPayload, last: SkillGroup['last']) => {
    if (!last) return true;
    const t = Date.parse(p.signedAt);
    return t > last.t || (t === last.t && p.id > last.id);
  };

  const index: AcceptedEntries = {
    all,
    get: (id) => byId.get(id),
    checkOrder(candidate) {
      const group = groups.get(groupKey(candidate));
      if (!group) return checkStepOrder([], candidate);
      if (group.ids.has(candidate.id) || !isAfter(candidate, group.last)) {
        return checkStepOrder(group.payloads, candidate);
      }
      const message = transitionProblem(candidate, STEP_ORDER.indexOf(candidate.step), currentIndex(group.steps));
      return message ? fail('out-of-order', message) : ok(undefined);
    },
    add(p) {
      all.push(p);
      if (!byId.has(p.id)) byId.set(p.id, p);
      const key = groupKey(p);
      let group = groups.get(key);
      if (!group) {
        group = { payloads: [], ids: new Set(), steps: freshSteps(), last: undefined };
        groups.set(key, group);
      }
      const appended = !group.ids.has(p.id) && isAfter(p, group.last);
      group.payloads.push(p);
      group.ids.add(p.id);
      if (appended) {
        apply(group.steps, p);
        group.last = { t: Date.parse(p.signedAt), id: p.id };
      } else {
        group.steps = replay(group.payloads).steps;
        const latest = inSigningOrder(group.payloads).at(-1) as SignoffPayload;
        group.last = { t: Date.parse(latest.signedAt), id: latest.id };
      }
    },
  };
  for (const p of initial) index.add(p);
  return index;
}

interface Working {
  signed: boolean;
  sessions: number;
  // Every field there from the start and cleared to undefined, never deleted: a deleted field
  // gives the object another shape, and the replay runs for every skill several times over.
  signedOff: SignoffPayload | undefined;
  firstActivityAt: string | undefined;
  reopened: SignoffPayload | undefined;
  history: SignoffPayload[];
}

function replay(payloads: readonly SignoffPayload[]): {
  steps: Working[];
  rejected: { payload: SignoffPayload; message: string }[];
} {
  const steps = freshSteps();
  const rejected: { payload: SignoffPayload; message: string }[] = [];
  for (const p of inSigningOrder(payloads)) {
    const message = apply(steps, p);
    if (message) rejected.push({ payload: p, message });
  }
  return { steps, rejected };
}

function freshSteps(): Working[] {
  return STEP_ORDER.map(() => ({
    signed: false,
    sessions: 0,
    signedOff: undefined,
    firstActivityAt: undefined,
    reopened: undefined,
    history: [],
  }));
}

/** Applies one entry to the state, or returns why it cannot follow it (and changes nothing). */
function apply(steps: Working[], p: SignoffPayload): string | undefined {
  const k = STEP_ORDER.indexOf(p.step);
  const current = currentIndex(steps);
  const message = transitionProblem(p, k, current);
  if (message) return message;
  const s = steps[k] as Working;
  s.history.push(p);
  if (p.outcome === 'practice') {
    s.sessions += 1;
    s.firstActivityAt ??= p.observedAt;
  } else if (p.outcome === 'signed-off') {
    s.signed = true;
    s.signedOff = p;
    s.firstActivityAt ??= p.observedAt;
  } else {
    // Re-open k and every later step that is signed off (those before `current`).
    for (let j = k; j < current; j++) {
      const later = steps[j] as Working;
      later.signed = false;
      later.sessions = 0;
      later.signedOff = undefined;
      later.firstActivityAt = undefined;
      later.reopened = p;
    }
  }
  return undefined;
}

/** Why entry `p` about step `k` cannot follow a state whose current step is `current`. */
function transitionProblem(p: SignoffPayload, k: number, current: number): string | undefined {
  const label = STEP_INFO[p.step].label;
  const currentLabel = STEP_ORDER[current] ? STEP_INFO[STEP_ORDER[current]].label : undefined;
  if (p.outcome === 'signed-off') {
    if (k < current) return `${label} is already signed off; it must be re-opened before it is signed off again.`;
    const previous = STEP_ORDER[k - 1];
    if (k > current && previous) return `${label} cannot be signed off before ${STEP_INFO[previous].label} is.`;
  } else if (p.outcome === 'practice') {
    if (k < current) return `Practice cannot be logged for ${label}: it is already signed off.`;
    if (k > current) return `Practice can be logged only for the current step, ${currentLabel}, not ${label}.`;
  } else if (k >= current) {
    return `${label} cannot be re-opened: it is not signed off.`;
  }
  return undefined;
}

/** Index of the first step not signed off; STEP_ORDER.length when all are. */
function currentIndex(steps: readonly Working[]): number {
  const i = steps.findIndex((s) => !s.signed);
  return i === -1 ? STEP_ORDER.length : i;
}

/**
 * Signing order (signedAt as an instant, then id), one entry per id: the same entry stored twice
 * counts once. Each date is read once, not at every comparison: a large record sorts its skills'
 * entries several times over (judging, the summary, the certifications' step checks).
 */
export function inSigningOrder(payloads: readonly SignoffPayload[]): SignoffPayload[] {
  const byId = new Map<string, SignoffPayload>();
  for (const p of payloads) byId.set(p.id, p);
  const timed = [...byId.values()].map((p) => ({ p, t: Date.parse(p.signedAt) }));
  timed.sort((a, b) => a.t - b.t || (a.p.id < b.p.id ? -1 : a.p.id > b.p.id ? 1 : 0));
  return timed.map((x) => x.p);
}

function signedBy(p: SignoffPayload): SignedBy {
  return { trainerId: p.trainer.id, trainerName: p.trainer.name, kid: p.trainer.kid };
}

function view(step: Step, s: Working): StepState {
  const state: StepStatus = s.signed
    ? 'signed-off'
    : s.reopened
      ? 're-opened'
      : s.sessions > 0
        ? 'practising'
        : 'not-started';
  return {
    step,
    state,
    sessions: s.sessions,
    ...(s.signedOff && {
      signedOffBy: signedBy(s.signedOff),
      signedOffAt: s.signedOff.signedAt,
      observedAt: s.signedOff.observedAt,
    }),
    ...(s.firstActivityAt !== undefined && { firstActivityAt: s.firstActivityAt }),
    ...(s.reopened && { reopenedAt: s.reopened.signedAt, reopenedBy: signedBy(s.reopened) }),
    history: s.history,
  };
}

/**
 * Whether the trainer may sign `candidate` now, judged against every entry of this trainee the
 * trainer's device knows (an imported record, the cohort desk's copy, its own signing log): the
 * same step-order rule the trainee's device applies on receiving it, so an entry that would be
 * refused there is never signed (nor kept in the signing log). `candidate` needs only what the
 * form holds; it is treated as signed now, after everything known.
 */
export function checkNextEntry(
  known: readonly SignoffPayload[],
  candidate: Pick<SignoffPayload, 'course' | 'skill' | 'trainee' | 'step' | 'outcome'>,
): Result<void, 'out-of-order'> {
  const same = known.filter(
    (p) => p.course === candidate.course && p.trainee.id === candidate.trainee.id && p.skill === candidate.skill,
  );
  const last = same.reduce((t, p) => Math.max(t, Date.parse(p.signedAt)), 0);
  const probe = {
    ...(same[0] as SignoffPayload),
    ...candidate,
    id: 'ffffffff-ffff-4fff-bfff-ffffffffffff',
    signedAt: new Date(Math.max(Date.now(), last + 1)).toISOString(),
  } as SignoffPayload;
  return checkStepOrder(same, probe);
}
