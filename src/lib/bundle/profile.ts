/**
 * A trainee profile from a signed record (progress bundle): how a record moves into a trainee's
 * browser or onto a trainer's sign-off page. Its entries are not trusted here; whoever uses the
 * profile verifies them, as with any entries that arrive.
 */
import type { CourseManifest } from '../course/manifest';
import type { TraineeProfile } from '../progress/format';
import type { PublicJwk } from '../trust/roster';
import { fail, ok, type Result } from '../result';
import { readBundle } from './read';
import type { UnreadableReason } from './verify';

/** A profile from a record, with the public half of the trainee's key it carries (its entries and acknowledgements are judged against it). */
export interface RecordProfile {
  profile: TraineeProfile;
  traineeKey?: PublicJwk;
}

export type BundleProfile = Result<RecordProfile, UnreadableReason>;

/** The profile in `text`, or undefined when the text is not a bundle at all (try other formats). */
export function profileFromBundle(text: string, manifest: CourseManifest): BundleProfile | undefined {
  const read = readBundle(text, manifest.course.id);
  if (!read.readable) {
    return read.reason === 'not-a-bundle' || read.reason === 'not-json' ? undefined : fail(read.reason, read.message);
  }
  const b = read.bundle;
  const profile: TraineeProfile = {
    id: b.trainee.id,
    name: b.trainee.name,
    createdAt: b.exportedAt,
    lessons: b.lessons,
    attempts: b.quizAttempts,
    entries: [...b.entries, ...b.certifications],
    ...(b.acknowledgements && b.acknowledgements.length > 0 && { acks: [...b.acknowledgements] }),
  };
  // readBundle has checked the structure; a trainee's browser also checks the profile's own
  // rules (isProfile) before keeping it, which a trainer's desk does not need.
  return ok({ profile, ...(b.trainee.key && { traineeKey: b.trainee.key }) });
}
