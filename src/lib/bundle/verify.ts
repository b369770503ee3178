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
import type { CourseManifest } from '../course/manifest';
import type { LessonProgress } from '../progress/format';
import type { QuizAttempt } from '../quiz/score';
import type { AloneChecker } from '../trust/record';
import { defaultBackend, type CryptoBackend } from '../trust/verify';
import { publicKeyThumbprint } from '../trust/key-id';
import { judgeEntries, type AckEntryVerdict, type EntryVerdict } from '../trust/judge';
import type { TraineeRecord } from '../export/types';
import { contentVersion } from './build';
import { readBundle, unreadable } from './read';
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

// The verdict on each entry is the one every judge of a record gives (lib/trust/judge.ts).
export type {
  AckEntryVerdict,
  CertificationEntryVerdict,
  EntryStatus,
  EntryVerdict,
  SignoffVerdict,
} from '../trust/judge';

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
  const judged = await judgeEntries(bundle.entries, bundle.certifications, {
    manifest,
    traineeId: bundle.trainee.id,
    traineeKid,
    backend,
    now: options.now,
    ...(options.clock !== undefined && { clock: options.clock }),
    ...(options.checkAlone && { checkAlone: options.checkAlone }),
    // Acknowledgements: the trainee key the record carries, over entries of this record made for it.
    ...(bundle.acknowledgements?.length && {
      acknowledgements: bundle.acknowledgements,
      traineeKey: bundle.trainee.key,
    }),
  });
  const { record, signoffs: signoffVerdicts, certifications: certVerdicts, acknowledgements: ackVerdicts } = judged;
  const signoffs = judged.payloads;
  const accepted = judged.accepted;

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
      ...(traineeKid !== null && bundle.trainee.key && { kid: traineeKid, key: bundle.trainee.key }),
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
      ...(judged.ackOf.has(a.payload.id) && { ack: judged.ackOf.get(a.payload.id) }),
    })),
    certifications: [...accepted]
      .sort(
        (a, b) =>
          Number(a.payload.scope === 'course') - Number(b.payload.scope === 'course') ||
          Date.parse(a.payload.certifiedAt) - Date.parse(b.payload.certifiedAt),
      )
      .map((a) => ({ payload: a.payload, demo: a.demo, expired: a.status === 'expired', jws: a.jws })),
  };

  return { readable: true, valid, entries, acknowledgements: ackVerdicts, summary, record: traineeRecord };
}
