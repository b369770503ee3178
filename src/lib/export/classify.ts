/**
 * What a file (or pasted text) a person hands the verify page or `npm run verify` seems to be:
 * every Tandem file, and the common things people pick by mistake. One classifier, so the page
 * and the command name a file the same way and send it to the same check. Nothing here is
 * trusted: it reads only the shape (a `format` member, a JWS header's `typ`), and each kind
 * still goes through its own verification.
 */
import { COMPACT_JWS, decodeBase64urlJson, isRecord, parseJson, stripBom } from '../trust/encoding';

// The formats and types by their names, not imported from their modules: the verify page loads
// this classifier, and importing the key backup, progress file or sign-off modules for one
// string each would carry their code onto the page.
const BUNDLE_FORMAT = 'tandem-progress-bundle';
const PROGRESS_FILE_FORMAT = 'tandem-progress';
const SIGNOFF_FILE_FORMAT = 'tandem-signoffs';
const LOG_FORMAT = 'tandem-trainer-log';
const MANIFEST_FORMAT = 'tandem-course-manifest';
const BACKUP_FORMAT = 'tandem-trainer-key-backup';
const CERTIFICATION_TYP = 'tandem-certification+jws';
const SIGNOFF_TYP = 'tandem-signoff+jws';
const COURSE_CERTIFICATE_TYP = 'tandem-course-certificate+jws';
const CODE_PREFIX = 'c=';

export type FileKind =
  | 'bundle'
  | 'progress-file'
  | 'signoff-file'
  | 'signing-log'
  | 'badge'
  | 'certification'
  | 'certificate-code'
  | 'certificate-link'
  | 'other';

export interface Classified {
  kind: FileKind;
  /** For `other`: what it seems to be and what to use instead, as one sentence. */
  message: string;
}

const other = (message: string): Classified => ({ kind: 'other', message });
const is = (kind: FileKind, message = ''): Classified => ({ kind, message });

/** What `text` seems to be. Never throws. */
export function classifyFile(input: string): Classified {
  const text = stripBom(input).trim();
  if (text === '') return other('This is empty: choose or paste a Tandem file, a certificate code or a verify link.');
  if (text.startsWith('%PDF')) {
    return other(
      'This is a PDF, such as a printed certificate: scan its QR code with a phone, or open the address printed beside it, or verify the trainee’s signed record instead.',
    );
  }
  if (text.startsWith('PK')) {
    return other(
      'This is a zip file, such as a cohort export: unpack it and verify each trainee’s signed record (or drop them all on the cohort desk).',
    );
  }
  if (text.includes(`#${CODE_PREFIX}`) || /^\d{100,}$/.test(text)) return is('certificate-code');
  if (text.includes('#cert=')) return is('certificate-link');
  if (/#(request|response)=/.test(text)) {
    return other(
      'This is a sign-off link between a trainee and a trainer: open it on the trainee’s or the trainer’s device. To check a record, verify the trainee’s signed record (My progress → Export signed record).',
    );
  }
  if (COMPACT_JWS.test(text)) {
    const header = decodeBase64urlJson(text.split('.')[0] ?? '');
    const typ = isRecord(header) ? header['typ'] : undefined;
    // A certification entry, or a course certificate taken out of one: each is judged on its own.
    if (typ === CERTIFICATION_TYP || typ === COURSE_CERTIFICATE_TYP) return is('certification');
    if (typ === 'JWT' || (isRecord(header) && typeof header['kid'] === 'string' && header['kid'].startsWith('urn:')))
      return is('badge');
    if (typ === SIGNOFF_TYP) {
      return other(
        'This is a single sign-off entry: it only counts with the rest of the trainee’s record, so verify their signed record (My progress → Export signed record).',
      );
    }
    return other('This is a signed token, but not one Tandem makes: verify it with the software that issued it.');
  }
  const data = parseJson(text);
  if (data === undefined) {
    if (/^[^\n]*,[^\n]*\n/.test(text)) {
      return other(
        'This looks like a CSV export, which anyone can edit and carries no signatures: verify the trainee’s signed record instead.',
      );
    }
    return other(
      'This is not a Tandem file (not JSON, not a certificate code): verify the trainee’s signed record (My progress → Export signed record), a certificate code or a verify link.',
    );
  }
  if (Array.isArray(data)) {
    return other(
      data.some((s) => isRecord(s) && 'actor' in s && 'verb' in s)
        ? 'These are xAPI statements, made from a verified record for a learning record store: verify the trainee’s signed record instead.'
        : 'This JSON list is not a Tandem file: verify the trainee’s signed record instead.',
    );
  }
  if (!isRecord(data)) return other('This JSON is not a Tandem file: verify the trainee’s signed record instead.');
  switch (data['format']) {
    case BUNDLE_FORMAT:
      return is('bundle');
    case PROGRESS_FILE_FORMAT:
      return is('progress-file');
    case SIGNOFF_FILE_FORMAT:
      return is('signoff-file');
    case LOG_FORMAT:
      return is('signing-log');
    case MANIFEST_FORMAT:
      return other(
        'This is a course manifest: the site publishes it for verifiers (npm run verify -- --manifest FILE). It is not a trainee’s record.',
      );
    case BACKUP_FORMAT:
      return other(
        'This is a trainer’s signing key backup: keep it private, and restore it on the Trainer page. It is not a record to verify.',
      );
  }
  const types = data['type'];
  if (Array.isArray(types) && types.includes('OpenBadgeCredential')) {
    return other(
      'This is an Open Badge credential without its signature: verify the badge’s .jwt file, which carries the trainer’s signature.',
    );
  }
  if (typeof data['format'] === 'string' && data['format'].startsWith('tandem-')) return is('bundle');
  return other(
    'This JSON is not a Tandem file: verify the trainee’s signed record (My progress → Export signed record).',
  );
}
