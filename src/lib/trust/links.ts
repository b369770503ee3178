/**
 * Sign-off requests and responses carried in a link's fragment (after `#`), which browsers
 * never send to a server, so no host sees who asked whom for what.
 *
 * A request is only a question ("please sign Solo of skill X for me"): nothing in it is
 * trusted, the trainer reads it and decides. A response carries signed entries, which are
 * trusted only after `verifySignoff` accepts them.
 */
import { encode } from 'uqr';
import type { Step } from '../content/schema';
import { MAX_SIGNOFF_LENGTH } from './entry';
import { COMPACT_JWS, encodeBase64urlJson, decodeBase64urlJson, isRecord, unknownKeys } from './encoding';
import { checkContentId, checkName, checkStep, checkTraineeId } from './fields';
import { fail, ok, type Result } from '../result';
import { readPublicJwk } from './public-jwk';
import type { PublicJwk } from './roster';

/** A trainee's request for a sign-off. */
export interface SignoffRequest {
  v: 1;
  course: string;
  /**
   * `key`: the public half of the trainee's own key (lib/trust/trainee-key.ts). The trainer's
   * entry names its thumbprint, so the entry is bound to the key of the person who asked.
   */
  trainee: { id: string; name: string; key?: PublicJwk };
  skill: string;
  step: Step;
  /**
   * For every step after the first: the trainee's sign-off of the step before, packed
   * (./step-proof.ts), so the trainer's device can refuse a step out of order before signing.
   */
  proof?: string;
}

export const REQUEST_PREFIX = 'request=';
export const RESPONSE_PREFIX = 'response=';
/**
 * Longest proof a request may carry, in base64url characters (./step-proof.ts): a sign-off with
 * long notes packs to about 600.
 */
export const MAX_PROOF_LENGTH = 3072;
/** A request is a few ids, a name, a public key and one packed sign-off; anything longer is not one of ours. */
export const MAX_REQUEST_LENGTH = 2048 + Math.ceil((MAX_PROOF_LENGTH * 4) / 3);
/** Entries in one response link; more go in a file. */
export const MAX_RESPONSE_ENTRIES = 20;
/** Response fragments stay well under what browsers and chat apps keep of a URL. */
export const MAX_RESPONSE_LENGTH = 64 * 1024;
/** Compact JWS never contain `~`, and it needs no escaping in a URL. */
const SEPARATOR = '~';

export type LinkReason =
  'empty' | 'not-a-request' | 'not-a-response' | 'too-large' | 'malformed' | 'unsupported-version';

/** The fragment (without `#`) of a request link, or why the request cannot be sent. */
export function encodeRequest(request: SignoffRequest): Result<string, 'malformed' | 'too-large'> {
  const problem = requestProblem(request);
  if (problem) return fail('malformed', `This sign-off request cannot be made: ${problem}.`);
  // The proof is base64url already: it follows the request's JSON after a dot rather than inside
  // it, where it would be encoded a second time (a third longer, and a larger QR code).
  const { proof, ...rest } = request;
  const fragment = REQUEST_PREFIX + encodeBase64urlJson(rest) + (proof === undefined ? '' : `.${proof}`);
  if (fragment.length > MAX_REQUEST_LENGTH) return fail('too-large', 'This sign-off request is too long for a link.');
  return ok(fragment);
}

/** Reads a request link's fragment (with or without `#`). Never throws. */
export function decodeRequest(fragment: unknown): Result<SignoffRequest, LinkReason> {
  const body = fragmentBody(fragment, REQUEST_PREFIX, MAX_REQUEST_LENGTH);
  if (!body.ok) return body;
  const [json = '', proof, ...extra] = body.value.split('.');
  const data = decodeBase64urlJson(json);
  if (!isRecord(data) || extra.length > 0 || 'proof' in data || proof === '') {
    return fail('malformed', 'This sign-off request link is damaged: it may have been cut short.');
  }
  if (proof !== undefined) data['proof'] = proof;
  if (data['v'] !== 1)
    return fail('unsupported-version', 'This sign-off request was made by a newer version of the site.');
  const problem = requestProblem(data);
  if (problem) return fail('malformed', `This sign-off request link is damaged: ${problem}.`);
  return ok(data as unknown as SignoffRequest);
}

/** The fragment (without `#`) of a response link carrying signed entries. */
export function encodeResponse(jwsList: readonly string[]): Result<string, 'empty' | 'too-large'> {
  if (jwsList.length === 0) return fail('empty', 'There are no entries to send.');
  const fragment = RESPONSE_PREFIX + jwsList.join(SEPARATOR);
  if (jwsList.length > MAX_RESPONSE_ENTRIES || fragment.length > MAX_RESPONSE_LENGTH) {
    return fail('too-large', 'Too many entries for one link: send them as a file instead.');
  }
  return ok(fragment);
}

/**
 * Reads a response link's fragment into its entries (compact JWS strings), checking only their
 * shape. Each must still go through `verifySignoff`. Never throws.
 */
export function decodeResponse(fragment: unknown): Result<string[], LinkReason> {
  const body = fragmentBody(fragment, RESPONSE_PREFIX, MAX_RESPONSE_LENGTH);
  if (!body.ok) return body;
  const entries = body.value.split(SEPARATOR);
  if (entries.length > MAX_RESPONSE_ENTRIES) return fail('too-large', 'This link carries too many entries.');
  if (entries.some((e) => e.length > MAX_SIGNOFF_LENGTH || !COMPACT_JWS.test(e))) {
    return fail('malformed', 'This sign-off link is damaged: it may have been cut short.');
  }
  return ok(entries);
}

/** The text after `prefix`, checked for size, with `#` and percent-encoding undone. */
function fragmentBody(fragment: unknown, prefix: string, max: number): Result<string, LinkReason> {
  if (typeof fragment !== 'string') return fail('empty', 'There is nothing in this link.');
  if (fragment.length > max * 3) return fail('too-large', 'This link is too long to be a Tandem sign-off link.');
  let text = fragment.trim().replace(/^#/, '');
  if (text.includes('%')) {
    try {
      // Some apps percent-encode characters in links they pass on.
      text = decodeURIComponent(text);
    } catch {
      return fail('malformed', 'This link is damaged: it has broken percent-encoding.');
    }
  }
  if (text === '') return fail('empty', 'There is nothing in this link.');
  if (text.length > max) return fail('too-large', 'This link is too long to be a Tandem sign-off link.');
  const kind = prefix === REQUEST_PREFIX ? 'not-a-request' : 'not-a-response';
  if (!text.startsWith(prefix)) {
    return fail(kind, `This is not a Tandem sign-off ${kind === 'not-a-request' ? 'request' : 'response'} link.`);
  }
  return ok(text.slice(prefix.length));
}

function requestProblem(r: unknown): string | undefined {
  if (!isRecord(r)) return 'it is not an object';
  const extra = unknownKeys(r, ['v', 'course', 'trainee', 'skill', 'step', 'proof']);
  if (extra.length > 0) return `unknown field "${extra[0]}"`;
  const trainee = r['trainee'];
  if (!isRecord(trainee) || unknownKeys(trainee, ['id', 'name', 'key']).length > 0) {
    return 'trainee is not {id, name, key?}';
  }
  if (trainee['key'] !== undefined && !readPublicJwk(trainee['key'])) return 'trainee.key is not a P-256 public key';
  const proof = r['proof'];
  if (
    proof !== undefined &&
    (typeof proof !== 'string' || proof.length > MAX_PROOF_LENGTH || !/^[A-Za-z0-9_-]+$/.test(proof))
  ) {
    return 'proof is not a packed sign-off';
  }
  return (
    checkContentId(r['course'], 'course') ??
    checkTraineeId(trainee['id'], 'trainee.id') ??
    checkName(trainee['name'], 'trainee.name') ??
    checkContentId(r['skill'], 'skill') ??
    checkStep(r['step'], 'step')
  );
}

/** A QR code as one SVG path: draw `<svg viewBox="0 0 {size} {size}"><path d="{path}"/></svg>`. */
export interface QrPath {
  /** Width and height in modules, quiet zone included. */
  size: number;
  /** Dark modules as `M x y h w v1 h -w z` runs, one per horizontal run. */
  path: string;
}

/**
 * A QR code for `text` (error correction M) as a single path, so a page can draw it with no
 * inline styles and colour it from CSS. `border` is the quiet zone in modules (the standard's 4).
 */
export function qrSvgPath(text: string, border = 4): Result<QrPath, 'too-large'> {
  let data: boolean[][];
  try {
    data = encode(text, { ecc: 'M', border }).data;
  } catch {
    return fail('too-large', 'This is too long for a QR code: send it as a link or a file.');
  }
  let path = '';
  data.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      let run = 1;
      while (row[x + run]) run++;
      path += `M${x} ${y}h${run}v1h-${run}z`;
      x += run - 1;
    }
  });
  return ok({ size: data.length, path });
}
