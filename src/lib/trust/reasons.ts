/**
 * One table of short labels for every reason a signed entry, a certification or a file can be
 * refused, or a proof of holder fails (and for the verdicts that are not refusals: expired, not
 * yet signed). The verify page,
 * the sign-off page, the cohort desk and `npm run verify` all label reasons from here, so one
 * code never reads two ways. The full sentence for people is always in the verdict's `message`.
 */
export const REASON_LABELS = {
  'too-large': 'Too large',
  malformed: 'Not a signed entry',
  'alg-not-allowed': 'Signature type not allowed',
  'unknown-key': 'Trainer key not on the roster',
  'bad-signature': 'Signature does not match',
  'bad-payload': 'Entry content invalid',
  'key-trainer-mismatch': 'Key belongs to another trainer',
  'trainer-name-mismatch': 'Signed under another name than the roster’s',
  'key-not-yet-valid': 'Key not valid yet',
  'key-expired': 'Key expired',
  'key-revoked': 'Key revoked',
  'not-qualified': 'Trainer not qualified for this skill',
  'may-not-certify': 'Trainer may not certify',
  'wrong-course': 'Another course',
  'wrong-trainee': 'Another trainee',
  'wrong-trainee-key': 'Made for another trainee’s key',
  'unknown-skill': 'Unknown skill',
  'unknown-version': 'Content version never published',
  'signed-in-future': 'Signed in the future',
  'not-yet-signed': 'Not signed yet at that moment',
  'out-of-order': 'Steps out of order',
  'id-conflict': 'Conflicting entry id',
  'missing-entry': 'An entry it rests on is missing or altered',
  'rests-on-invalid': 'Rests on an entry that is not valid',
  'steps-incomplete': 'Steps not all signed off',
  'quizzes-not-passed': 'Quizzes not passed',
  'skills-incomplete': 'Skills not all certified',
  'expiry-not-allowed': 'Validity longer than the course allows',
  'certificate-mismatch': 'Its course certificate does not match it',
  expired: 'Expired',
  'ack-no-entry': 'Acknowledges an entry the record lacks',
  'ack-unbound': 'Acknowledges a single-signed entry',
  'ack-other-key': 'Acknowledged with another trainee’s key',
  'ack-entry-mismatch': 'Acknowledges another version of the entry',
  'ack-statement-mismatch': 'Not the course’s statement',
  'not-acknowledged': 'Not acknowledged by the trainee',
  'holder-unbound': 'No trainee key vouched for',
  'holder-malformed': 'Not a proof-of-holder answer',
  'holder-other-challenge': 'Answers another challenge',
  'holder-used': 'Challenge already answered',
  'holder-stale': 'Answered too late',
  'holder-wrong-key': 'Signed with another key',
  'holder-forged': 'Proof does not match',
} as const;

export type ReasonCode = keyof typeof REASON_LABELS;

/** The label of a reason code; an unknown code (from a newer site) is shown as it is. */
export function reasonLabel(code: string): string {
  return Object.hasOwn(REASON_LABELS, code) ? REASON_LABELS[code as ReasonCode] : code;
}

/** The labels of a subset of codes, typed for that subset. */
export function labelsFor<R extends ReasonCode>(codes: readonly R[]): Readonly<Record<R, string>> {
  return Object.fromEntries(codes.map((c) => [c, REASON_LABELS[c]])) as unknown as Record<R, string>;
}
