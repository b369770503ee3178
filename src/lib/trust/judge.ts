/**
 * The one verdict on a trainee's signed entries: their sign-offs, then the certifications that
 * rest on them. Every place that judges a record calls this: the verify page and `npm run verify`
 * (through `verifyBundle`), My progress import, the checklist and the certificate, the sign-off
 * page's certify panel, the trainee's device receiving certifications. So the same entries get
 * the same verdict everywhere, whatever the file they came in.
 *
 * Sign-offs are settled in signing order (`verifyEntries`, linear, whatever the order given);
 * certifications after them, skill ones first (a course certification rests on them), each
 * under `verifyCertification`, the course's rules: demo goes all the way up, and what rests on a
 * refused entry is refused for that, not reported as missing.
 */
import { STEP_INFO } from '../content/steps';
import { skillById, type CourseManifest } from '../course/manifest';
import type { CertificationPayload } from '../export/types';
import { decodeBase64urlJson, isRecord } from './encoding';
import type { SignoffPayload } from './entry';
import { verifyEntries, type AloneChecker, type VerifiedRecord } from './record';
import { defaultBackend, type CryptoBackend, type VerifyReason } from './verify';
import type { AckPayload, AckReason, AckVerdict } from './ack';
import type { PublicJwk } from './roster';
import { ackRules, ackStatements } from '../course/ack-rules';
import {
  openCertification,
  verifyCertification,
  type AcceptedCertification,
  type OpenedCertification,
  type CertificationReason,
  type CertificationVerdict,
} from './certification/verify';

/**
 * The verdict on one entry:
 * - valid: genuine, unaltered, in its place, and its claims hold under the course's rules;
 * - not-yet: signed after the moment being judged (`now`, when it is earlier than the clock):
 *   it did not exist then, so it counts for nothing and fails nothing;
 * - duplicate: the very same entry appears earlier in the list; it counts once, and is no forgery;
 * - invalid: refused, for `reason` (the entry counts for nothing);
 * - expired (certifications only): genuine, but past its expiry date.
 */
export type EntryStatus = 'valid' | 'duplicate' | 'invalid' | 'expired' | 'not-yet';

interface EntryVerdictBase {
  /** Position in the list of sign-offs (or of certifications) given, from 0. */
  index: number;
  status: EntryStatus;
  /** A sentence for people: what the entry says, or why it was refused. */
  message: string;
  /** Signed by the published demo trainer. */
  demo?: boolean;
  /** Made against an earlier version of the skill (or course). */
  earlierVersion?: boolean;
}

export interface SignoffVerdict extends EntryVerdictBase {
  kind: 'signoff';
  /**
   * For a valid entry, its signatures: 'two', the trainer's and the trainee's acknowledgement;
   * 'awaiting', made for the trainee's key but not acknowledged (yet); 'single', made for no
   * trainee key (single-signed, as every entry before trainee keys), judged as before.
   */
  signatures?: 'two' | 'awaiting' | 'single';
  status: 'valid' | 'duplicate' | 'invalid' | 'not-yet';
  reason?: VerifyReason;
  /** The signed payload, when the entry verified. */
  payload?: SignoffPayload;
}

export interface CertificationEntryVerdict extends EntryVerdictBase {
  kind: 'certification';
  reason?: CertificationReason | 'id-conflict' | 'expired';
  payload?: CertificationPayload;
  /** For 'missing-entry': ids of the entries it rests on that are absent or altered. */
  missing?: string[];
  /**
   * For 'expired': a newer certification of the same skill (or of the course) in the list is
   * current, so this one is history and does not make the record fail.
   */
  superseded?: boolean;
}

export type EntryVerdict = SignoffVerdict | CertificationEntryVerdict;

/** The verdict on one of the trainee's acknowledgements (lib/trust/ack.ts), in the order given. */
export interface AckEntryVerdict {
  /** Position in the list of acknowledgements given, from 0. */
  index: number;
  kind: 'acknowledgement';
  status: 'valid' | 'duplicate' | 'invalid';
  reason?: AckReason;
  message: string;
  payload?: AckPayload;
}

export interface JudgeContext {
  manifest: CourseManifest;
  traineeId: string;
  /** Thumbprint of the record's trainee key (null: none): entries bound to another are refused. */
  traineeKid?: string | null;
  /** The moment to judge at: certification expiry, and which entries existed yet. */
  now: Date | string | number;
  /** The verifying device's clock (default: the real one); set only in tests. */
  clock?: Date | string | number;
  backend?: CryptoBackend;
  /** Who checks each sign-off on its own (default: this thread); see `RecordContext.checkAlone`. */
  checkAlone?: AloneChecker;
  /**
   * The trainee's acknowledgements of sign-offs made for their key, and that key (the record's):
   * each is judged against it and the entries that verified.
   */
  acknowledgements?: readonly string[];
  traineeKey?: PublicJwk | undefined;
}

export interface Judged {
  record: VerifiedRecord;
  /**
   * The payloads of `record.accepted`, in its order: the list the certifications were judged
   * against (what was derived from it is remembered per list, so pass this one on).
   */
  payloads: readonly SignoffPayload[];
  /** One per sign-off given, in the order given. */
  signoffs: SignoffVerdict[];
  /** One per certification given, in the order given. */
  certifications: CertificationEntryVerdict[];
  /** The certifications that verified (valid or expired), each once, with the entry as signed. */
  accepted: (AcceptedCertification & { jws: string })[];
  /** One per acknowledgement given, in the order given. */
  acknowledgements: AckEntryVerdict[];
  /** The valid acknowledgement of each sign-off that has one, by entry id, with its JWS. */
  ackOf: Map<string, { at: string; statement: string; jws: string }>;
  /**
   * When the course counts a step only once acknowledged: the ids of signed-off entries made for
   * the trainee's key and not acknowledged, on which no certification may rest.
   */
  unacknowledged?: ReadonlySet<string>;
}

const SIGNATURES = {
  two: ' Two signatures: the trainee acknowledged it with their key.',
  awaiting: ' Made for the trainee’s key; not acknowledged by the trainee.',
  single: ' Single-signed: made for no trainee key.',
};

function moment(now: JudgeContext['now']): Date | string {
  return typeof now === 'number' ? new Date(now) : now;
}

/** Judges a trainee's sign-offs and certifications together: see the header. */
export async function judgeEntries(
  signoffs: readonly string[],
  certifications: readonly string[],
  ctx: JudgeContext,
): Promise<Judged> {
  const { manifest } = ctx;
  // The sign-offs first: with a pool, this hands its workers their jobs before anything else
  // here runs (opening a thousand certifications below takes this thread a while).
  const checking = verifyEntries(signoffs, {
    manifest,
    traineeId: ctx.traineeId,
    ...(ctx.traineeKid !== undefined && { traineeKid: ctx.traineeKid }),
    ...(ctx.backend && { backend: ctx.backend }),
    now: ctx.now,
    ...(ctx.clock !== undefined && { clock: ctx.clock }),
    ...(ctx.checkAlone && { checkAlone: ctx.checkAlone }),
  });
  // Awaited below; should opening the certifications throw first, no rejection goes unheard.
  checking.catch(() => undefined);
  // A certification's own checks (signature, signer, payload, time) need no sign-off: started
  // now, they run while the sign-offs are checked (on the pool's workers, when there is one)
  // instead of after them; what they rest on is judged once the sign-offs are settled.
  const backend = ctx.backend ?? defaultBackend();
  const opening = new Map<string, Promise<OpenedCertification>>();
  for (const jws of certifications) {
    if (!opening.has(jws)) {
      const opened = openCertification(
        jws,
        manifest,
        { traineeId: ctx.traineeId, now: moment(ctx.now), ...(ctx.clock !== undefined && { clock: ctx.clock }) },
        backend,
      );
      // Awaited below; should checking the sign-offs throw first, no rejection goes unheard.
      opened.catch(() => undefined);
      opening.set(jws, opened);
    }
  }
  const { record, verdicts } = await checking;
  const payloads = record.accepted.map((a) => a.payload);
  const acks = await judgeAcks(payloads, ctx);
  const signaturesOf = (p: SignoffPayload): 'two' | 'awaiting' | 'single' =>
    p.trainee.kid === undefined ? 'single' : acks.ackOf.has(p.id) ? 'two' : 'awaiting';
  const signoffVerdicts: SignoffVerdict[] = verdicts.map((v, index) =>
    !v.ok && v.reason === 'not-yet-signed'
      ? { index, kind: 'signoff', status: 'not-yet', reason: v.reason, message: v.message }
      : v.ok
        ? {
            index,
            kind: 'signoff',
            status: v.status,
            message:
              (v.status === 'duplicate'
                ? `The same entry as one earlier in the file (${describeSignoff(v.payload, manifest)}); it counts once.`
                : describeSignoff(v.payload, manifest)) + SIGNATURES[signaturesOf(v.payload)],
            signatures: signaturesOf(v.payload),
            payload: v.payload,
            demo: v.demo,
            earlierVersion: v.earlierVersion,
          }
        : { index, kind: 'signoff', status: 'invalid', reason: v.reason, message: v.message },
  );
  // When the course counts a step only once acknowledged, certifications may not rest on one that is not.
  const unacknowledged = ackRules(manifest.course).required
    ? new Set(payloads.filter((p) => p.outcome === 'signed-off' && signaturesOf(p) === 'awaiting').map((p) => p.id))
    : undefined;
  // Entries that were refused: what rests on them is refused for that, not as missing.
  const refusedIds = new Set<string>();
  signoffs.forEach((jws, i) => {
    if (!(verdicts[i] as { ok: boolean }).ok) addUnverifiedId(refusedIds, jws);
  });
  const held = await judgeCertifications(certifications, {
    ...ctx,
    opening,
    signoffs: payloads,
    demoIds: new Set(record.accepted.filter((a) => a.demo).map((a) => a.payload.id)),
    refusedIds,
    ...(unacknowledged && { unacknowledged }),
  });
  return { record, payloads, signoffs: signoffVerdicts, ...held, ...acks, ...(unacknowledged && { unacknowledged }) };
}

/**
 * The trainee's acknowledgements, judged against the record's trainee key and the sign-offs
 * that verified. Their code loads only when there are some: single-signed records never pay.
 */
async function judgeAcks(
  signoffs: readonly SignoffPayload[],
  ctx: JudgeContext,
): Promise<Pick<Judged, 'acknowledgements' | 'ackOf'>> {
  const given = ctx.acknowledgements ?? [];
  if (given.length === 0) return { acknowledgements: [], ackOf: new Map() };
  const backend = ctx.backend ?? defaultBackend();
  const ack = await import('./ack');
  const judged: { verdicts: AckVerdict[]; byEntry: Map<string, AckPayload> } = await ack.verifyAcks(given, {
    courseId: ctx.manifest.course.id,
    traineeId: ctx.traineeId,
    traineeKey: ctx.traineeKey,
    entries: await ack.entriesById(signoffs, backend),
    statements: ackStatements(ackRules(ctx.manifest.course)),
    ...(ctx.clock !== undefined && { clock: ctx.clock }),
    backend,
  });
  const acknowledgements: AckEntryVerdict[] = judged.verdicts.map((v, index) =>
    v.ok
      ? {
          index,
          kind: 'acknowledgement',
          status: v.status,
          message:
            v.status === 'duplicate'
              ? 'The same acknowledgement of that entry again; it counts once.'
              : `Acknowledged by the trainee with their key on ${v.payload.at.slice(0, 10)}: “${v.payload.statement}”`,
          payload: v.payload,
        }
      : { index, kind: 'acknowledgement', status: 'invalid', reason: v.reason, message: v.message },
  );
  const ackOf = new Map<string, { at: string; statement: string; jws: string }>();
  acknowledgements.forEach((a, i) => {
    const jws = given[i];
    if (a.status === 'valid' && a.payload && jws)
      ackOf.set(a.payload.entry.id, { at: a.payload.at, statement: a.payload.statement, jws });
  });
  return { acknowledgements, ackOf };
}

/**
 * Judges certification entries against sign-offs already verified (`signoffs`, with the ids of
 * those that are demo and of those refused): skill ones first, then course ones against the skill
 * ones that verified; a second copy of an entry is a duplicate, another entry with its id a
 * conflict; an expired one followed by a current one of the same skill (or course) is history.
 */
export async function judgeCertifications(
  certifications: readonly string[],
  ctx: JudgeContext & {
    signoffs: readonly SignoffPayload[];
    demoIds?: ReadonlySet<string>;
    refusedIds?: ReadonlySet<string>;
    /** Signed-off entries the course does not count yet: made for the trainee's key, not acknowledged. */
    unacknowledged?: ReadonlySet<string>;
    /** `openCertification` of each entry, already started with this context's trainee, moment and clock. */
    opening?: ReadonlyMap<string, Promise<OpenedCertification>>;
  },
): Promise<Pick<Judged, 'certifications' | 'accepted'>> {
  // Demo goes all the way up: a certification resting on a demo entry is demo, and so is a
  // course certification resting on it.
  const demoIds = new Set(ctx.demoIds);
  const refusedIds = new Set(ctx.refusedIds);
  // Which are course ones: read from the opened payload where there is one (decoding each entry
  // again cost a large bundle's tail 15-20 ms), from the unverified text where it was refused.
  const opened = await Promise.all(certifications.map(async (jws) => ctx.opening?.get(jws)));
  const scopeOf = (jws: string, o: OpenedCertification | undefined) =>
    o?.ok ? o.value.payload.scope : unverifiedPayload(jws)?.['scope'];
  const order = certifications
    .map((jws, index) => ({ jws, index, course: scopeOf(jws, opened[index]) === 'course' }))
    .sort((a, b) => Number(a.course) - Number(b.course) || a.index - b.index);
  const verdicts: CertificationEntryVerdict[] = [];
  const accepted: (AcceptedCertification & { jws: string })[] = [];
  const acceptedById = new Map<string, AcceptedCertification>();
  const check = (jws: string) =>
    verifyCertification(
      jws,
      {
        manifest: ctx.manifest,
        traineeId: ctx.traineeId,
        signoffs: ctx.signoffs,
        skillCertifications: accepted.filter((a) => a.payload.scope === 'skill').map((a) => a.payload),
        demoIds,
        refusedIds,
        ...(ctx.unacknowledged && { unacknowledged: ctx.unacknowledged }),
        now: moment(ctx.now),
        ...(ctx.clock !== undefined && { clock: ctx.clock }),
        ...(ctx.backend && { backend: ctx.backend }),
      },
      ctx.opening?.get(jws),
    );
  // Skill certifications do not depend on each other: check them together, then settle
  // duplicates in the order given; course ones after, against the skill ones that verified.
  const skillScope = order.filter((o) => !o.course);
  const skillVerdicts = await Promise.all(skillScope.map((o) => check(o.jws)));
  skillScope.forEach((o, i) => settle(o.index, o.jws, skillVerdicts[i] as CertificationVerdict));
  for (const o of order.filter((o) => o.course)) settle(o.index, o.jws, await check(o.jws));

  function settle(index: number, jws: string, v: CertificationVerdict): void {
    if (!v.ok && v.reason === 'not-yet-signed') {
      verdicts.push({ index, kind: 'certification', status: 'not-yet', reason: v.reason, message: v.message });
      return;
    }
    if (!v.ok) {
      addUnverifiedId(refusedIds, jws);
      verdicts.push({
        index,
        kind: 'certification',
        status: 'invalid',
        reason: v.reason,
        message: v.message,
        ...(v.missing && { missing: v.missing }),
      });
      return;
    }
    const same = acceptedById.get(v.payload.id);
    if (same && same.hash !== v.hash) {
      verdicts.push({
        index,
        kind: 'certification',
        status: 'invalid',
        reason: 'id-conflict',
        message: `A different certification with the same id (${v.payload.id}) is earlier in the file.`,
      });
      return;
    }
    if (!same) {
      accepted.push({ ...v, jws });
      acceptedById.set(v.payload.id, v);
      if (v.demo) demoIds.add(v.payload.id);
    }
    verdicts.push({
      index,
      kind: 'certification',
      status: same ? 'duplicate' : v.status,
      ...(v.status === 'expired' && !same && { reason: 'expired' as const }),
      message: same ? `The same certification as one earlier in the file; it counts once.` : v.message,
      payload: v.payload,
      demo: v.demo,
      earlierVersion: v.earlierVersion,
    });
  }
  // An expired certification with a current one of the same skill (or course) after it is history.
  for (const c of verdicts) {
    if (c.status !== 'expired' || !c.payload) continue;
    const p = c.payload;
    c.superseded = accepted.some(
      (a) =>
        a.status === 'valid' &&
        a.payload.scope === p.scope &&
        a.payload.skill === p.skill &&
        Date.parse(a.payload.certifiedAt) > Date.parse(p.certifiedAt),
    );
  }
  verdicts.sort((a, b) => a.index - b.index);
  return { certifications: verdicts, accepted };
}

/** The payload of an entry before it is verified: only to order and name entries, never to trust. */
export function unverifiedPayload(jws: string): Record<string, unknown> | undefined {
  const payload = decodeBase64urlJson(jws.split('.')[1] ?? '');
  return isRecord(payload) ? payload : undefined;
}

/** Adds the (unverified) entry id of a refused entry, so what rests on it is told apart from missing. */
function addUnverifiedId(ids: Set<string>, jws: string): void {
  const id = unverifiedPayload(jws)?.['id'];
  if (typeof id === 'string') ids.add(id);
}

function describeSignoff(p: SignoffPayload, manifest: CourseManifest): string {
  const skill = skillById(manifest, p.skill)?.title ?? p.skill;
  const step = STEP_INFO[p.step].label;
  const what = p.outcome === 'signed-off' ? 'signed off' : p.outcome === 'practice' ? 'practice logged' : 're-opened';
  return `${step} of ${skill}: ${what} by ${p.trainer.name} (session ${p.observedAt}, signed ${p.signedAt.slice(0, 10)}).`;
}
