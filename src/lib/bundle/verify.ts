/**
 * Verifying the signed progress bundle (docs/export-format.md), one trainee's whole record in one
 * JSON file (lessons, quiz attempts, every signed sign-off and certification entry), entry by
 * entry. The verify page and `npm run verify` both call `verifyBundle`, so they give the same
 * verdict.
 *
 * What a bundle proves rests on the signed entries alone, checked against the roster of the
 * course manifest (the published site), never against anything inside the file. The lessons and
 * quiz attempts are the trainee's own, unsigned: what a trainer vouched for about quizzes is in the
 * certification entries (`rests.quizzes`).
 */
import { STEP_INFO } from '../content/steps';
import type { CourseManifest } from '../course/manifest';
import type { LessonProgress } from '../progress/format';
import type { QuizAttempt } from '../quiz/score';
import type { SignoffPayload } from '../trust/entry';
import { verifyEntries, type AloneChecker } from '../trust/record';
import { defaultBackend, type CryptoBackend, type VerifyReason } from '../trust/verify';
import { publicKeyThumbprint } from '../trust/key-id';
import type { AckPayload, AckReason, AckVerdict } from '../trust/ack';
import { ackRules, ackStatements } from '../course/ack-rules';
import {
  verifyCertification,
  type AcceptedCertification,
  type CertificationReason,
  type CertificationVerdict,
} from '../trust/certification/verify';
import type { CertificationPayload, TraineeRecord } from '../export/types';
import { contentVersion } from './build';
import { readBundle, unreadable, unverifiedPayload } from './read';
import { summarise, type BundleSummary } from './summary';

// ---------------------------------------------------------------------------------------------
// Verdicts

/**
 * Why a file could not be read as a bundle at all (nothing in it was judged):
 * - too-large: longer than `MAX_BUNDLE_LENGTH`;
 * - not-json: not JSON text;
 * - not-a-bundle: JSON, but not a Tandem progress bundle (wrong or missing `format`);
 * - unsupported-version: a bundle of a format version this code does not read;
 * - wrong-course: a bundle of another course: verify it against that course's manifest;
 * - damaged: a bundle whose structure is broken (a field missing or of the wrong type).
 */
export type UnreadableReason =
  'too-large' | 'not-json' | 'not-a-bundle' | 'unsupported-version' | 'wrong-course' | 'damaged';

/**
 * The verdict on one entry:
 * - valid: genuine, unaltered, in its place, and its claims hold under the course's rules;
 * - not-yet: signed after the moment being judged (`now`, when it is earlier than the clock):
 *   it did not exist then, so it counts for nothing and fails nothing;
 * - duplicate: the very same entry appears earlier in the file; it counts once, and is no forgery;
 * - invalid: refused, for `reason` (the entry counts for nothing);
 * - expired (certifications only): genuine, but past its expiry date.
 */
export type EntryStatus = 'valid' | 'duplicate' | 'invalid' | 'expired' | 'not-yet';

interface EntryVerdictBase {
  /** Position in the bundle's `entries` (sign-offs) or `certifications` list, from 0. */
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
   * For 'expired': a newer certification of the same skill (or of the course) in the bundle is
   * current, so this one is history and does not make the bundle fail.
   */
  superseded?: boolean;
}

export type EntryVerdict = SignoffVerdict | CertificationEntryVerdict;

export interface UnreadableBundle {
  readable: false;
  reason: UnreadableReason;
  message: string;
}

export interface ReadBundle {
  readable: true;
  /**
   * Every entry is valid or a duplicate, and no certification is expired (unless a newer one
   * supersedes it). What `npm run verify` exits 0 on.
   */
  valid: boolean;
  /** Sign-offs in file order, then certifications in file order. */
  entries: EntryVerdict[];
  /** The trainee's acknowledgements, in file order: a refused one makes the record not valid. */
  acknowledgements: AckEntryVerdict[];
  summary: BundleSummary;
  /** Only what verified, for the certificate, CSV, xAPI and Open Badges formatters. */
  record: TraineeRecord;
}

export type BundleVerdict = UnreadableBundle | ReadBundle;

/** The verdict on one of the trainee's acknowledgements (lib/trust/ack.ts), in file order. */
export interface AckEntryVerdict {
  /** Position in the bundle's `acknowledgements`, from 0. */
  index: number;
  kind: 'acknowledgement';
  status: 'valid' | 'duplicate' | 'invalid';
  reason?: AckReason;
  message: string;
  payload?: AckPayload;
}

export interface VerifyBundleOptions {
  /** The moment to judge at: certification expiry, and which entries existed yet. */
  now: Date | string;
  /** The verifying device's clock (default: the real one); set only in tests. */
  clock?: Date | string | number;
  /** Public URL of the site, for the record (xAPI ids, badges). */
  siteUrl?: string;
  backend?: CryptoBackend;
  /** Who checks each sign-off on its own (default: this thread); see `RecordContext.checkAlone`. */
  checkAlone?: AloneChecker;
}

// ---------------------------------------------------------------------------------------------
// Verification

/**
 * Reads and verifies a bundle's text against the published manifest. Never throws, whatever the
 * text holds (hostile input included); an unexpected failure inside is reported as 'damaged'.
 */
export async function verifyBundle(
  text: unknown,
  manifest: CourseManifest,
  options: VerifyBundleOptions,
): Promise<BundleVerdict> {
  try {
    return await verifyBundleUnguarded(text, manifest, options);
  } catch (error) {
    // Every path above is written not to throw; this is the last line, for a bug, not a plan.
    return unreadable(
      'damaged',
      `The file could not be checked: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
}

async function verifyBundleUnguarded(
  text: unknown,
  manifest: CourseManifest,
  options: VerifyBundleOptions,
): Promise<BundleVerdict> {
  const read = readBundle(text, manifest.course.id);
  if (!read.readable) return read;
  const bundle = read.bundle;
  const backend = options.backend ?? defaultBackend();
  const now = typeof options.now === 'string' ? Date.parse(options.now) : options.now.getTime();

  // Entries bound to a trainee key must name this record's: the key the bundle carries.
  const traineeKid = bundle.trainee.key ? await publicKeyThumbprint(bundle.trainee.key, backend) : null;
  // Sign-offs: in file order, each against those before it, exactly as a stored record is.
  const { record, verdicts } = await verifyEntries(bundle.entries, {
    manifest,
    traineeId: bundle.trainee.id,
    traineeKid,
    backend,
    now: options.now,
    ...(options.clock !== undefined && { clock: options.clock }),
    ...(options.checkAlone && { checkAlone: options.checkAlone }),
  });
  const accepted0 = record.accepted.map((a) => a.payload);
  // Acknowledgements: the trainee key the record carries, over entries of this record made for it.
  const rules = ackRules(manifest.course);
  // Their code loads only for a record that carries some: single-signed records never pay for it.
  const ackModule = bundle.acknowledgements?.length ? await import('../trust/ack') : undefined;
  const acks: { verdicts: AckVerdict[]; byEntry: Map<string, AckPayload> } = ackModule
    ? await ackModule.verifyAcks(bundle.acknowledgements ?? [], {
        courseId: manifest.course.id,
        traineeId: bundle.trainee.id,
        traineeKey: bundle.trainee.key,
        entries: await ackModule.entriesById(accepted0, backend),
        statements: ackStatements(rules),
        ...(options.clock !== undefined && { clock: options.clock }),
        backend,
      })
    : { verdicts: [], byEntry: new Map() };
  const ackVerdicts: AckEntryVerdict[] = acks.verdicts.map((v, index) =>
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
  /** Entry id → position of the acknowledgement that counts for it. */
  const ackIndex = new Map<string, number>();
  ackVerdicts.forEach((a, i) => {
    if (a.status === 'valid' && a.payload) ackIndex.set(a.payload.entry.id, i);
  });
  const signaturesOf = (p: SignoffPayload): 'two' | 'awaiting' | 'single' =>
    p.trainee.kid === undefined ? 'single' : acks.byEntry.has(p.id) ? 'two' : 'awaiting';
  const SIGNATURES = {
    two: ' Two signatures: the trainee acknowledged it with their key.',
    awaiting: ' Made for the trainee’s key; not acknowledged by the trainee.',
    single: ' Single-signed: made for no trainee key.',
  };
  // When the course counts a step only once acknowledged, certifications may not rest on one that is not.
  const unacknowledged = rules.required
    ? new Set(accepted0.filter((p) => p.outcome === 'signed-off' && signaturesOf(p) === 'awaiting').map((p) => p.id))
    : undefined;
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
  const signoffs = record.accepted.map((a) => a.payload);
  // Demo goes all the way up: a certification resting on a demo entry is demo, and so is a
  // course certification resting on it.
  const demoIds = new Set(record.accepted.filter((a) => a.demo).map((a) => a.payload.id));
  // Entries in the file that were refused: what rests on them is refused for that, not as missing.
  const refusedIds = new Set<string>();
  bundle.entries.forEach((jws, i) => {
    if (!(verdicts[i] as { ok: boolean }).ok) addUnverifiedId(refusedIds, jws);
  });

  // Certifications: skill ones first (a course certification rests on them), file order within.
  const order = bundle.certifications
    .map((jws, index) => ({ jws, index, course: unverifiedPayload(jws)?.['scope'] === 'course' }))
    .sort((a, b) => Number(a.course) - Number(b.course) || a.index - b.index);
  const certVerdicts: CertificationEntryVerdict[] = [];
  const accepted: AcceptedCertification[] = [];
  const acceptedById = new Map<string, AcceptedCertification>();
  /** The entry as signed, for the record's formats that carry it (xAPI). */
  const acceptedJws = new Map<AcceptedCertification, string>();
  const check = (jws: string) =>
    verifyCertification(jws, {
      manifest,
      traineeId: bundle.trainee.id,
      signoffs,
      skillCertifications: accepted.filter((a) => a.payload.scope === 'skill').map((a) => a.payload),
      demoIds,
      refusedIds,
      ...(unacknowledged && { unacknowledged }),
      now: options.now,
      ...(options.clock !== undefined && { clock: options.clock }),
      backend,
    });
  // Skill certifications do not depend on each other: check them together, then settle
  // duplicates in file order; course ones after, against the skill ones that verified.
  const skillScope = order.filter((o) => !o.course);
  const skillVerdicts = await Promise.all(skillScope.map((o) => check(o.jws)));
  skillScope.forEach((o, i) => settle(o.index, o.jws, skillVerdicts[i] as CertificationVerdict));
  for (const o of order.filter((o) => o.course)) settle(o.index, o.jws, await check(o.jws));

  function settle(index: number, jws: string, v: CertificationVerdict): void {
    if (!v.ok && v.reason === 'not-yet-signed') {
      certVerdicts.push({ index, kind: 'certification', status: 'not-yet', reason: v.reason, message: v.message });
      return;
    }
    if (!v.ok) {
      addUnverifiedId(refusedIds, jws);
      certVerdicts.push({
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
      certVerdicts.push({
        index,
        kind: 'certification',
        status: 'invalid',
        reason: 'id-conflict',
        message: `A different certification with the same id (${v.payload.id}) is earlier in the file.`,
      });
      return;
    }
    if (!same) {
      accepted.push(v);
      acceptedJws.set(v, jws);
      acceptedById.set(v.payload.id, v);
      if (v.demo) demoIds.add(v.payload.id);
    }
    certVerdicts.push({
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
  for (const c of certVerdicts) {
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
  certVerdicts.sort((a, b) => a.index - b.index);

  const entries: EntryVerdict[] = [...signoffVerdicts, ...certVerdicts];
  const valid =
    ackVerdicts.every((a) => a.status !== 'invalid') &&
    entries.every(
      (e) =>
        e.status === 'valid' ||
        e.status === 'duplicate' ||
        e.status === 'not-yet' ||
        (e.status === 'expired' && e.kind === 'certification' && e.superseded === true),
    );
  const summary = summarise(bundle, manifest, signoffVerdicts, certVerdicts, accepted, signoffs, now);
  summary.course.current = bundle.course.contentVersion === (await contentVersion(manifest));

  const traineeRecord: TraineeRecord = {
    course: {
      id: manifest.course.id,
      title: manifest.course.title,
      organisation: manifest.course.organisation,
      ...(options.siteUrl !== undefined && { url: options.siteUrl }),
    },
    trainee: {
      id: bundle.trainee.id,
      name: summary.trainee.name,
      nameSigned: summary.trainee.nameSigned,
      ...(traineeKid !== null && { kid: traineeKid }),
    },
    skills: manifest.skills.map((s) => ({ id: s.id, title: s.title, required: s.required })),
    lessons: Object.fromEntries(
      Object.entries(manifest.lessons)
        .filter(([id]) => Object.hasOwn(bundle.lessons, id))
        .map(([id, l]) => [id, { ...(bundle.lessons[id] as LessonProgress), title: l.title }]),
    ),
    quizAttempts: Object.fromEntries(
      Object.keys(manifest.lessons)
        .filter((id) => Object.hasOwn(bundle.quizAttempts, id))
        .map((id) => [id, bundle.quizAttempts[id] as QuizAttempt[]]),
    ),
    signoffs: record.accepted.map((a) => ({
      payload: a.payload,
      demo: a.demo,
      earlierVersion: a.earlierVersion,
      jws: a.jws,
      ...ackOf(a.payload.id),
    })),
    certifications: [...accepted]
      .sort(
        (a, b) =>
          Number(a.payload.scope === 'course') - Number(b.payload.scope === 'course') ||
          Date.parse(a.payload.certifiedAt) - Date.parse(b.payload.certifiedAt),
      )
      .map((a) => ({ payload: a.payload, demo: a.demo, expired: a.status === 'expired', jws: acceptedJws.get(a) })),
  };

  return { readable: true, valid, entries, acknowledgements: ackVerdicts, summary, record: traineeRecord };

  function ackOf(id: string): { ack?: { at: string; statement: string; jws: string } } {
    const at = ackIndex.get(id);
    const v = at === undefined ? undefined : ackVerdicts[at];
    const jws = at === undefined ? undefined : bundle.acknowledgements?.[at];
    return v?.payload && jws ? { ack: { at: v.payload.at, statement: v.payload.statement, jws } } : {};
  }
}

/** Adds the (unverified) entry id of a refused entry, so what rests on it is told apart from missing. */
function addUnverifiedId(ids: Set<string>, jws: string): void {
  const id = unverifiedPayload(jws)?.['id'];
  if (typeof id === 'string') ids.add(id);
}

function describeSignoff(p: SignoffPayload, manifest: CourseManifest): string {
  const skill = manifest.skills.find((s) => s.id === p.skill)?.title ?? p.skill;
  const step = STEP_INFO[p.step].label;
  const what = p.outcome === 'signed-off' ? 'signed off' : p.outcome === 'practice' ? 'practice logged' : 're-opened';
  return `${step} of ${skill}: ${what} by ${p.trainer.name} (session ${p.observedAt}, signed ${p.signedAt.slice(0, 10)}).`;
}
