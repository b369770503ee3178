/**
 * The sign-off file: what a trainer's device saves when a link or QR code is not handy (or
 * holds too many entries). Just a list of signed entries; each is verified on import.
 */
import { fail, ok, type Result } from '../result';
import { describeValue } from '../describe';

export const SIGNOFF_FILE_FORMAT = 'tandem-signoffs';
export const SIGNOFF_FILE_VERSION = 1;
/** A thousand entries of the largest allowed size is far beyond one session's output. */
export const MAX_SIGNOFF_FILE_LENGTH = 2_000_000;

export interface SignoffFile {
  format: typeof SIGNOFF_FILE_FORMAT;
  version: typeof SIGNOFF_FILE_VERSION;
  entries: string[];
}

export function signoffFile(entries: string[]): SignoffFile {
  return { format: SIGNOFF_FILE_FORMAT, version: SIGNOFF_FILE_VERSION, entries };
}

export function parseSignoffFile(
  text: string,
): Result<string[], 'too-large' | 'not-a-signoff-file' | 'unsupported-version'> {
  if (text.length > MAX_SIGNOFF_FILE_LENGTH) return fail('too-large', 'The file is too large to be a sign-off file.');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail('not-a-signoff-file', 'The file is not JSON, so it is not a sign-off file.');
  }
  const d = (data ?? {}) as Record<string, unknown>;
  if (d.format !== SIGNOFF_FILE_FORMAT) return fail('not-a-signoff-file', 'The file is not a Tandem sign-off file.');
  if (d.version !== SIGNOFF_FILE_VERSION) {
    return fail(
      'unsupported-version',
      `The file has format version ${describeValue(d.version)}; this site reads version 1.`,
    );
  }
  if (!Array.isArray(d.entries) || d.entries.length === 0 || !d.entries.every((e) => typeof e === 'string')) {
    return fail('not-a-signoff-file', 'The file has no list of signed entries.');
  }
  return ok(d.entries);
}
