/**
 * The certificate token: a certification entry packed small enough for a QR code a phone reads.
 *
 * The trainer signed the certification (a compact JWS) once; nobody else can sign it again, and
 * the trainee's device holds no key the roster trusts. So the token carries the trainer's own
 * JWS, losslessly squeezed, in the spirit of SMART Health Cards (minimal bytes, DEFLATE) and EU
 * digital certificates (zlib, a QR-friendly alphabet):
 *
 *   byte 0       token format version (1)
 *   bytes 1..64  the ES256 signature (r || s), as signed
 *   2 bytes      the length of the raw values that follow
 *   raw values   the bytes the packed JSON's markers stand for, in order
 *   the rest     raw DEFLATE, with a fixed preset dictionary (the JSON skeleton every
 *                certification shares), of: the packed header's length (2 bytes), the packed
 *                header JSON, the packed payload JSON
 *
 * "Packing" replaces quoted values with fewer bytes; raw control bytes cannot occur in JSON
 * text, so the markers below are unambiguous:
 *
 * - a hash the course manifest publishes (a skill or quiz version, a roster key id) by a
 *   3-byte prefix of it; any other hash (the entries it rests on) by its 32 bytes;
 * - a name the manifest publishes (course, skill, lesson, trainer id, trainer name) by a 3-byte
 *   code of its text;
 * - a lowercase UUID by its 16 bytes, a `toISOString()` date-time by 6 bytes of milliseconds.
 *
 * A value is replaced only when unpacking gives back exactly the same characters, so unpacking
 * rebuilds the very JWS the trainer signed (base64url has one spelling per value), and the token
 * is judged as the certification is: by `verifyCertificationAlone`, the one policy for a
 * certification on its own. Nothing read from a token is believed before that verdict; a token
 * unpacked against another course's manifest names values it does not have and is refused, and
 * if a prefix or a code ever matched the wrong value the signature would not.
 *
 * References are to content, not positions, so a printed token keeps opening after the owner
 * adds lessons, skills or trainers: the manifest keeps earlier skill and quiz versions
 * (versions.json) and revoked keys.
 *
 * What ties the token to the full record: the certification lists the id and payload hash of
 * every entry it rests on, and its own payload hash (the certificate number) is how the signed
 * record names it. Scanning proves who certified what, for whom, when and until when; the
 * signed record adds the sign-offs and quiz results behind it.
 *
 * Over 400 lines on purpose: packing and unpacking are two halves of one byte format (markers,
 * dictionaries, the two token versions for skill and course certificates) and must be read
 * together to see that every marker written is read back the same way.
 */
import { deflateSync, inflateSync } from 'fflate';
import type { CourseManifest } from '../course/manifest';
import { fail, ok, type Result } from '../result';
import { base64url, fromBase64url } from '../trust/encoding';

export const TOKEN_VERSION = 1;
const SIGNATURE_BYTES = 64;
/** Longest unpacked entry: the certification limit (MAX_CERTIFICATION_LENGTH) in bytes. */
const MAX_ENTRY_BYTES = 64 * 1024;
/**
 * Most token bytes accepted. A real token is a few hundred bytes; the cap bounds the work a
 * hostile link can cause, since DEFLATE can expand about a thousandfold.
 */
export const MAX_TOKEN_BYTES = 4096;

export type TokenReason = 'malformed' | 'too-large' | 'wrong-course';

const RAW_HASH = 0x01;
const RAW_UUID = 0x02;
const RAW_TIME = 0x03;
const HASH_REF = 0x04;
const NAME_REF = 0x05;
const LENGTH: Record<number, number> = { [RAW_HASH]: 32, [RAW_UUID]: 16, [RAW_TIME]: 6, [HASH_REF]: 3, [NAME_REF]: 3 };
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const B64 = /^[A-Za-z0-9_-]{43}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const utf8 = new TextEncoder();
// Between quotes, bytes are compared as they are: latin1 maps each byte to one character.
const latin = new TextDecoder('latin1');

/**
 * The preset dictionary: the header and the keys of a certification payload as
 * `signCertification` writes them, with markers where values go. Part of token format 1: it
 * may never change (a new dictionary is a new TOKEN_VERSION).
 */
const DICTIONARY = utf8.encode(
  '{"alg":"ES256","kid":\x04,"typ":"tandem-certification+jws"}' +
    '{"v":1,"typ":"certification","id":\x02,"course":\x05,"trainee":{"id":"","name":""},"scope":"course","rests":{"entries":[{"id":\x02,"hash":\x01},{"id":\x02,"hash":\x01}],"quizzes":[]},' +
    '"scope":"skill","skill":\x05,"skillHash":\x04,"rests":{"entries":[{"id":\x02,"hash":\x01},{"id":\x02,"hash":\x01}],"quizzes":[{"lesson":\x05,"hash":\x04,"at":\x03,"score":10,"total":10,"passMark":80},{"lesson":\x05,"hash":\x04,"at":\x03,"score":' +
    '"certifiedAt":\x03,"expiresAt":\x03,"trainer":{"id":\x05,"name":\x05,"kid":\x04}}',
);

/** What a token may refer to instead of spelling out: the manifest's hashes and names. */
interface Vocabulary {
  /** Hash (base64url) → its 3-byte prefix, only where that prefix is unique. */
  hashes: Map<string, Uint8Array>;
  /** Prefix (hex) → every manifest hash with it (more than one: ambiguous, refused). */
  byPrefix: Map<string, string[]>;
  /** Quoted name (as JSON text) → its 3-byte code, only where the code is unique. */
  names: Map<string, Uint8Array>;
  byCode: Map<string, string[]>;
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** FNV-1a over the bytes, 24 bits: a name's code. Only ever compared with codes of the manifest's names. */
function nameCode(bytes: Uint8Array): Uint8Array {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return Uint8Array.of((h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff);
}

const vocabularies = new WeakMap<CourseManifest, Vocabulary>();

function vocabulary(manifest: CourseManifest): Vocabulary {
  const known = vocabularies.get(manifest);
  if (known) return known;
  const hashes = new Set<string>();
  const names = new Set<string>([manifest.course.id]);
  for (const skill of manifest.skills) {
    names.add(skill.id);
    hashes.add(skill.hash);
    for (const lesson of skill.lessons) names.add(lesson);
    for (const earlier of skill.earlier ?? []) {
      hashes.add(earlier.hash);
      for (const lesson of earlier.lessons) names.add(lesson);
    }
  }
  for (const [lesson, quiz] of Object.entries(manifest.quizzes)) {
    names.add(lesson);
    hashes.add(quiz.hash);
    for (const h of quiz.earlier ?? []) hashes.add(h);
  }
  for (const trainer of manifest.roster.trainers) {
    names.add(trainer.id);
    names.add(trainer.name);
    for (const key of trainer.keys) hashes.add(key.kid);
  }
  const v: Vocabulary = { hashes: new Map(), byPrefix: new Map(), names: new Map(), byCode: new Map() };
  for (const h of hashes) {
    const raw = B64.test(h) ? fromBase64url(h) : undefined;
    if (!raw) continue;
    const key = hex(raw.subarray(0, 3));
    v.byPrefix.set(key, [...(v.byPrefix.get(key) ?? []), h]);
  }
  for (const [key, list] of v.byPrefix) {
    if (list.length === 1)
      v.hashes.set(list[0] as string, (fromBase64url(list[0] as string) ?? new Uint8Array(0)).subarray(0, 3));
    else v.byPrefix.set(key, list);
  }
  for (const name of names) {
    const quoted = latin.decode(utf8.encode(JSON.stringify(name)));
    const code = nameCode(utf8.encode(quoted));
    const key = hex(code);
    v.byCode.set(key, [...(v.byCode.get(key) ?? []), quoted]);
  }
  for (const [key, list] of v.byCode) {
    if (list.length === 1)
      v.names.set(
        list[0] as string,
        Uint8Array.from(key.match(/../g) ?? [], (b) => parseInt(b, 16)),
      );
  }
  vocabularies.set(manifest, v);
  return v;
}

/** The end of the JSON string starting at `start` (index after its closing quote), or -1 when it has escapes. */
function stringEnd(json: Uint8Array, start: number): number {
  for (let i = start + 1; i < json.length; i++) {
    if (json[i] === BACKSLASH) return -1;
    if (json[i] === QUOTE) return i + 1;
  }
  return -1;
}

function packString(quoted: string, v: Vocabulary): Uint8Array | undefined {
  const text = quoted.slice(1, -1);
  const ref = v.hashes.get(text);
  if (ref) return Uint8Array.of(HASH_REF, ...ref);
  const code = v.names.get(quoted);
  if (code) return Uint8Array.of(NAME_REF, ...code);
  if (B64.test(text)) {
    const raw = fromBase64url(text);
    if (raw) return Uint8Array.of(RAW_HASH, ...raw);
  }
  if (UUID.test(text))
    return Uint8Array.of(
      RAW_UUID,
      ...Uint8Array.from(text.replaceAll('-', '').match(/../g) ?? [], (b) => parseInt(b, 16)),
    );
  if (ISO.test(text)) {
    const ms = Date.parse(text);
    if (Number.isSafeInteger(ms) && ms >= 0 && ms < 2 ** 48 && new Date(ms).toISOString() === text) {
      return Uint8Array.of(RAW_TIME, ...Array.from({ length: 6 }, (_, k) => Math.floor(ms / 2 ** (8 * (5 - k))) % 256));
    }
  }
  return undefined;
}

/**
 * JSON bytes with every value it can refer to or shorten replaced (see the header): the markers
 * stay in `text`, the bytes they stand for go to `raw`, in order. Kept apart because DEFLATE
 * shrinks the text (the same keys over and over) but only adds to random bytes (hashes, ids).
 */
export function pack(json: Uint8Array, manifest: CourseManifest, raw: number[]): number[] {
  const v = vocabulary(manifest);
  const text: number[] = [];
  for (let i = 0; i < json.length;) {
    if (json[i] === QUOTE) {
      const end = stringEnd(json, i);
      const packed = end > 0 ? packString(latin.decode(json.subarray(i, end)), v) : undefined;
      if (packed) {
        text.push(packed[0] as number);
        raw.push(...packed.subarray(1));
        i = end;
        continue;
      }
      if (end > 0) {
        // A string kept as it is: copy it whole, so its contents are never read as markers.
        text.push(...json.subarray(i, end));
        i = end;
        continue;
      }
    }
    text.push(json[i] as number);
    i++;
  }
  return text;
}

/** The value a marker stands for, as quoted JSON text; a refusal when the manifest has no such value. */
function unpackValue(mark: number, raw: Uint8Array, v: Vocabulary): string | undefined {
  switch (mark) {
    case RAW_HASH:
      return `"${base64url(raw)}"`;
    case RAW_UUID: {
      const h = hex(raw);
      return `"${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}"`;
    }
    case RAW_TIME:
      return `"${new Date(raw.reduce((n, b) => n * 256 + b, 0)).toISOString()}"`;
    case HASH_REF: {
      const found = v.byPrefix.get(hex(raw));
      return found?.length === 1 ? `"${found[0] as string}"` : undefined;
    }
    default: {
      const found = v.byCode.get(hex(raw));
      return found?.length === 1 ? found[0] : undefined;
    }
  }
}

/** The JSON bytes back from packed text, taking marked values from `raw` at `at.i` on; or why not. */
export function unpack(
  text: Uint8Array,
  raw: Uint8Array,
  at: { i: number },
  manifest: CourseManifest,
  messages: PackedKind['messages'],
): Result<Uint8Array, TokenReason> {
  const v = vocabulary(manifest);
  const out: number[] = [];
  for (const b of text) {
    const length = LENGTH[b];
    if (length === undefined) {
      out.push(b);
      continue;
    }
    if (at.i + length > raw.length) return fail('malformed', messages.malformed);
    const value = unpackValue(b, raw.subarray(at.i, at.i + length), v);
    if (value === undefined) return fail('wrong-course', messages.wrongCourse);
    // Every value is ASCII or the latin1 image of UTF-8 bytes: one byte per character.
    for (let k = 0; k < value.length; k++) out.push(value.charCodeAt(k));
    at.i += length;
    if (out.length > MAX_ENTRY_BYTES) return fail('too-large', messages.tooLarge);
  }
  return ok(Uint8Array.from(out));
}

/** How a packed entry of one kind is framed: its format byte, dictionary and refusal sentences. */
export interface PackedKind {
  version: number;
  /** Preset DEFLATE dictionary: the JSON skeleton entries of this kind share. Never changes within a version. */
  dictionary: Uint8Array;
  /** Longest packed form accepted, in bytes. */
  maxBytes: number;
  messages: { malformed: string; wrongCourse: string; tooLarge: string; longer: string; notAnEntry: string };
}

/** A signed entry (compact JWS) packed against the site's manifest, framed as the header says. */
export function packEntry(jws: string, manifest: CourseManifest, kind: PackedKind): Result<Uint8Array, 'malformed'> {
  const parts = jws.split('.');
  const [header, payload, signature] = parts.map((p) => fromBase64url(p));
  if (parts.length !== 3 || !header || !payload || signature?.length !== SIGNATURE_BYTES) {
    return fail('malformed', kind.messages.notAnEntry);
  }
  const raw: number[] = [];
  const head = pack(header, manifest, raw);
  const body = pack(payload, manifest, raw);
  if (head.length > 0xffff || raw.length > 0xffff) return fail('malformed', kind.messages.notAnEntry);
  const text = Uint8Array.of(head.length >> 8, head.length & 0xff, ...head, ...body);
  const deflated = deflateSync(text, { level: 9, mem: 12, dictionary: kind.dictionary });
  return ok(Uint8Array.of(kind.version, ...signature, raw.length >> 8, raw.length & 0xff, ...raw, ...deflated));
}

/**
 * The signed entry (compact JWS) a packed form carries, unpacked against this site's manifest.
 * Only its shape is checked here: the entry must still be verified. Never throws.
 */
export function unpackEntry(
  bytes: Uint8Array,
  manifest: CourseManifest,
  kind: PackedKind,
): Result<string, TokenReason> {
  const { messages } = kind;
  if (bytes.length > kind.maxBytes) return fail('too-large', messages.longer);
  if (bytes.length <= 1 + SIGNATURE_BYTES) return fail('malformed', messages.malformed);
  if (bytes[0] !== kind.version) return fail('malformed', messages.malformed);
  const rawStart = 1 + SIGNATURE_BYTES + 2;
  const rawEnd = rawStart + ((bytes[rawStart - 2] ?? 0) << 8) + (bytes[rawStart - 1] ?? 0);
  if (rawEnd >= bytes.length) return fail('malformed', messages.malformed);
  let text: Uint8Array;
  try {
    text = inflateSync(bytes.subarray(rawEnd), { dictionary: kind.dictionary });
  } catch {
    return fail('malformed', messages.malformed);
  }
  if (text.length > MAX_ENTRY_BYTES) return fail('too-large', messages.tooLarge);
  const split = 2 + ((text[0] ?? 0) << 8) + (text[1] ?? 0);
  if (text.length <= split || split <= 2) return fail('malformed', messages.malformed);
  const raw = bytes.subarray(rawStart, rawEnd);
  const at = { i: 0 };
  const header = unpack(text.subarray(2, split), raw, at, manifest, messages);
  if (!header.ok) return header;
  const payload = unpack(text.subarray(split), raw, at, manifest, messages);
  if (!payload.ok) return payload;
  // Every byte accounted for: a packed entry with bytes to spare is not one this site wrote.
  if (at.i !== raw.length) return fail('malformed', messages.malformed);
  const signature = bytes.subarray(1, 1 + SIGNATURE_BYTES);
  return ok(`${base64url(header.value)}.${base64url(payload.value)}.${base64url(signature)}`);
}

const CERTIFICATE: PackedKind = {
  version: TOKEN_VERSION,
  dictionary: DICTIONARY,
  maxBytes: MAX_TOKEN_BYTES,
  messages: {
    malformed:
      'This is not a whole certificate code: it may have been cut short or mistyped. Scan the code again, or verify the signed record.',
    wrongCourse:
      'This certificate code names course content or a trainer this site does not publish: it is from another course, or was altered. Verify it on the site that issued it.',
    tooLarge: 'This certificate code unpacks to more than a certification can be.',
    longer: 'This certificate code is longer than any certificate’s.',
    notAnEntry: 'This is not a signed certification entry.',
  },
};

/** The token of a certification entry (compact JWS), packed against the site's manifest. */
export function certificateToken(jws: string, manifest: CourseManifest): Result<Uint8Array, 'malformed'> {
  return packEntry(jws, manifest, CERTIFICATE);
}

/** Format byte of a course certificate token (course-certificate.ts): a kind of its own. */
export const COURSE_TOKEN_VERSION = 2;

/**
 * The course certificate's preset dictionary, as `signCourseCertificate` writes it. Part of
 * token format 2: it may never change.
 */
const COURSE_DICTIONARY = utf8.encode(
  '{"alg":"ES256","kid":\x04,"typ":"tandem-course-certificate+jws"}' +
    '{"v":1,"typ":"course-certificate","certification":\x02,"course":\x05,"trainee":{"id":"","name":""},"rests":\x01,' +
    '"certifiedAt":\x03,"expiresAt":\x03,"trainer":{"id":\x05,"name":\x05,"kid":\x04}}',
);

const COURSE_CERTIFICATE: PackedKind = {
  ...CERTIFICATE,
  version: COURSE_TOKEN_VERSION,
  dictionary: COURSE_DICTIONARY,
  messages: { ...CERTIFICATE.messages, notAnEntry: 'This is not a signed course certificate.' },
};

/** The token of a course certificate (compact JWS, course-certificate.ts), packed against the site's manifest. */
export function courseCertificateToken(jws: string, manifest: CourseManifest): Result<Uint8Array, 'malformed'> {
  return packEntry(jws, manifest, COURSE_CERTIFICATE);
}

/** What a token carries: a certification entry (format 1) or a course certificate (format 2). */
export interface OpenedToken {
  kind: 'certification' | 'course-certificate';
  jws: string;
}

/**
 * The signed entry (compact JWS) a token carries, unpacked against this site's manifest, and
 * which kind it is. Only its shape is checked here: a certification must still go through
 * `verifyCertificationAlone`, a course certificate through `verifyCourseCertificateAlone`.
 * Never throws.
 */
export function openCertificateToken(bytes: Uint8Array, manifest: CourseManifest): Result<OpenedToken, TokenReason> {
  const format = bytes[0];
  if (bytes.length > 1 + SIGNATURE_BYTES && bytes.length <= MAX_TOKEN_BYTES && format !== undefined) {
    if (format === COURSE_TOKEN_VERSION) {
      const jws = unpackEntry(bytes, manifest, COURSE_CERTIFICATE);
      return jws.ok ? ok({ kind: 'course-certificate', jws: jws.value }) : jws;
    }
    if (format !== TOKEN_VERSION) {
      return fail(
        'malformed',
        `This certificate code is of format ${format}, which this site does not read (it reads formats ${TOKEN_VERSION} and ${COURSE_TOKEN_VERSION}).`,
      );
    }
  }
  const jws = unpackEntry(bytes, manifest, CERTIFICATE);
  return jws.ok ? ok({ kind: 'certification', jws: jws.value }) : jws;
}
