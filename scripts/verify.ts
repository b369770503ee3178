/**
 * `npm run verify -- FILE... [--json] [--manifest PATH] [--now ISO]`
 *
 * Verifies progress bundles entry by entry with the same code as the site's verify page
 * (`verifyBundle` in src/lib/bundle/verify.ts), against the course manifest: `--manifest PATH`,
 * else the built site's `dist/tandem/manifest.json`, else one built from `src/content`.
 *
 * Exit codes: 0 every entry of every file is valid (duplicates allowed); 1 something is invalid,
 * or a certification has expired (and no newer one replaces it); 2 a file could not be read as
 * a bundle, or the command was used wrongly (no files, unknown flag, no manifest).
 *
 * Text output comes partly from the files checked (names, header members, messages, dates), so
 * it is written only through `printText`, which shows every control or invisible character as
 * an escape (`\u{1b}`): a file cannot drive the terminal or paint a fake report. A UTF-8 byte
 * order mark at the start of a file is ignored.
 */
// The project's one resolve hook (Node runs this TypeScript itself, but the sources import each
// other without file endings); the library is loaded with import() below, after it is in place.
import './ts-resolve.mjs';
// One libuv thread per core for WebCrypto's signature checks, set before anything uses them.
import './threadpool.ts';

const { existsSync, readFileSync, statSync } = await import('node:fs');
const nodePath = await import('node:path');
const dirname = (path: string) => nodePath.dirname(path);
const resolve = (...paths: string[]) => nodePath.resolve(...paths);
const { fileURLToPath } = await import('node:url');
const { parseArgs } = await import('node:util');
const { MAX_BUNDLE_LENGTH } = await import('../src/lib/bundle/read.ts');
const { verifyBundle } = await import('../src/lib/bundle/verify.ts');

const { parseManifest } = await import('../src/lib/course/manifest-file.ts');
const { classifyFile } = await import('../src/lib/export/classify.ts');
const { certificateNumber, verifyCertificateCode, verifyCertificateEntry } =
  await import('../src/lib/export/certificate-code.ts');
const { verifyCertificationAlone } = await import('../src/lib/trust/certification/verify.ts');
const { verifyOpenBadge } = await import('../src/lib/export/badge.ts');
const { verifySignoffFile, verifySigningLog } = await import('../src/lib/export/held-files.ts');
const { reasonLabel } = await import('../src/lib/trust/reasons.ts');
const { terminalSafe } = await import('../src/lib/terminal.ts');
const { stripBom } = await import('../src/lib/trust/encoding.ts');
const { checkerFor } = await import('../src/lib/pool/pool.ts');
const { nodePool } = await import('./verify-pool.ts');
type BundleVerdict = import('../src/lib/bundle/verify.ts').BundleVerdict;
type EntryVerdict = import('../src/lib/bundle/verify.ts').EntryVerdict;
type AckEntryVerdict = import('../src/lib/bundle/verify.ts').AckEntryVerdict;
/** A certificate code, verify link or certification entry, judged on its own. */
interface CertificateVerdict {
  readable: true;
  kind: 'certificate';
  valid: boolean;
  status: 'valid' | 'expired' | 'invalid';
  reason?: string;
  message: string;
  number?: string;
  demo?: boolean;
}
/** An Open Badge, judged on its own against the roster and the site (lib/export/badge.ts). */
interface BadgeVerdict {
  readable: true;
  kind: 'badge';
  valid: boolean;
  status: 'valid' | 'expired' | 'invalid';
  reason?: string;
  message: string;
  demo?: boolean;
  issuer?: string;
  issuerChecked?: boolean;
  achievement?: string;
  awardedTo?: string;
  validFrom?: string;
  validUntil?: string;
  signedBy?: string;
}
type HeldFileVerdict = import('../src/lib/export/held-files.ts').HeldFileVerdict;
/** A bundle's verdict, a certificate's, a badge's, a sign-off file's or log's, or a file that could not even be opened. */
type FileVerdict =
  | BundleVerdict
  | CertificateVerdict
  | BadgeVerdict
  | (HeldFileVerdict & { readable: true })
  | { readable: false; reason: string; message: string };
type CourseManifest = import('../src/lib/course/manifest.ts').CourseManifest;

const USAGE = `Usage: npm run verify -- FILE... [--json] [--manifest PATH] [--now ISO-DATE]

Verifies Tandem progress bundles, entry by entry, against the course manifest.

  FILE             a progress bundle (.json) exported from the site, an Open Badge (.jwt), a
                   sign-off file, a trainer's signing log, or a text file holding a certificate
                   code, a verify link or a certification entry; several may be given
  --json           print machine-readable JSON instead of text
  --manifest PATH  the course manifest to trust (the site's /tandem/manifest.json); default:
                   dist/tandem/manifest.json if the site is built, else built from src/content
  --now ISO-DATE   judge certification expiry at this moment instead of now
  -h, --help       show this help

Exit codes: 0 all valid; 1 something invalid or a certification expired; 2 unreadable input or usage error.`;

const EXIT = { valid: 0, invalid: 1, unreadable: 2 } as const;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// npm runs scripts from the project folder; INIT_CWD is where the command was typed.
const cwd = process.env['INIT_CWD'] ?? process.cwd();

/**
 * The one way text reaches the terminal: each line with its control and invisible characters
 * shown as escapes, so nothing read from a file (a line break included) acts on the terminal.
 */
function printText(stream: NodeJS.WriteStream, lines: readonly string[]): void {
  stream.write(`${lines.map(terminalSafe).join('\n')}\n`);
}

function usageError(message: string): never {
  // Our own messages may span lines (a content error lists one problem a line).
  printText(process.stderr, [...`verify: ${message}`.split('\n'), '', ...USAGE.split('\n')]);
  process.exit(EXIT.unreadable);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      manifest: { type: 'string' },
      now: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
try {
  args = parse();
} catch (error) {
  usageError(error instanceof Error ? error.message : String(error));
}
if (args.values.help) {
  printText(process.stdout, USAGE.split('\n'));
  process.exit(EXIT.valid);
}
const files = args.positionals;
if (files.length === 0) usageError('name at least one bundle file to verify.');
const nowText = args.values.now;
if (nowText !== undefined && Number.isNaN(Date.parse(nowText))) {
  usageError(`--now ${JSON.stringify(nowText)} is not a date (use ISO 8601, e.g. 2026-06-01 or 2026-06-01T12:00:00Z).`);
}
const now = nowText === undefined ? new Date() : new Date(nowText);

const manifest = await loadManifest(args.values.manifest);
// Signatures are checked on every core (scripts/verify-pool.ts) once a file is long enough to be
// worth it; the verdict is the same either way (tests/unit/verify-pool.test.ts).
let pool: ReturnType<typeof nodePool> | undefined;
const checkAlone = checkerFor(manifest.value, () => (pool ??= nodePool(manifest.value)));

const results: ({ file: string } & FileVerdict)[] = [];
for (const file of files) results.push({ file, ...(await verifyFile(resolve(cwd, file))) });
pool?.close();

const exitCode = results.some((r) => !r.readable)
  ? EXIT.unreadable
  : results.some((r) => r.readable && !r.valid)
    ? EXIT.invalid
    : EXIT.valid;

if (args.values.json) {
  const json = {
    manifest: { source: manifest.source, course: manifest.value.course.id, builtAt: manifest.value.builtAt },
    now: now.toISOString(),
    exitCode,
    // The verified record is for the formatters; the verdicts and summary are what a reader needs.
    files: results.map((r) =>
      r.readable
        ? 'kind' in r
          ? r
          : {
              file: r.file,
              readable: true,
              valid: r.valid,
              summary: r.summary,
              entries: r.entries,
              acknowledgements: r.acknowledgements,
            }
        : { file: r.file, readable: false, reason: r.reason, message: r.message },
    ),
  };
  process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
} else {
  const out: string[] = [`Manifest: ${manifest.source} (course ${manifest.value.course.id})`, ''];
  for (const r of results) out.push(...describe(r), '');
  out.push(
    exitCode === EXIT.valid
      ? 'Result: every entry is valid.'
      : exitCode === EXIT.invalid
        ? 'Result: INVALID: some entries were refused or a certification has expired (exit 1).'
        : 'Result: UNREADABLE: some files could not be read as progress bundles (exit 2).',
  );
  printText(process.stdout, out);
}
// Not process.exit(): on some systems a pipe is written asynchronously and would be cut short.
process.exitCode = exitCode;

async function loadManifest(path: string | undefined): Promise<{ source: string; value: CourseManifest }> {
  const built = resolve(root, 'dist/tandem/manifest.json');
  const chosen = path !== undefined ? resolve(cwd, path) : existsSync(built) ? built : undefined;
  if (chosen !== undefined) {
    let text: string;
    try {
      text = stripBom(readFileSync(chosen, 'utf8'));
    } catch (error) {
      usageError(`cannot read the manifest ${chosen}: ${(error as Error).message}`);
    }
    const parsed = parseManifest(text);
    if (!parsed.ok) usageError(`${chosen}: ${parsed.message}`);
    return { source: chosen, value: parsed.value };
  }
  // No built site: build the manifest from the content, as the site build would (zod loads only here).
  const { manifestFromFiles } = await import('../src/lib/course/manifest-from-files.ts');
  const contentDir = resolve(root, process.env['TANDEM_CONTENT'] || 'src/content');
  const fromFiles = await manifestFromFiles(contentDir);
  if (!fromFiles.ok) usageError(`no manifest: dist/tandem/manifest.json is missing and ${fromFiles.message}`);
  return { source: `${contentDir} (no built site; manifest built from the content)`, value: fromFiles.value };
}

async function verifyFile(path: string): Promise<FileVerdict> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return { readable: false, reason: 'no-such-file', message: `There is no file ${path}.` };
  }
  // Checked before reading, so a huge file is never loaded: UTF-8 is at least one byte a character.
  if (size > MAX_BUNDLE_LENGTH * 3) {
    return {
      readable: false,
      reason: 'too-large',
      message: `The file is ${(size / 2 ** 20).toFixed(1)} MB: too large to be a progress bundle.`,
    };
  }
  let text: string;
  try {
    text = stripBom(readFileSync(path, 'utf8'));
  } catch (error) {
    return { readable: false, reason: 'cannot-read', message: `The file cannot be read: ${(error as Error).message}` };
  }
  // Every file a person may hold is named the way the verify page names it (lib/export/classify.ts).
  const kind = classifyFile(text);
  if (kind.kind === 'certificate-code' || kind.kind === 'certificate-link' || kind.kind === 'certification') {
    const verdict =
      kind.kind === 'certificate-code'
        ? await verifyCertificateCode(text, manifest.value, now)
        : kind.kind === 'certification'
          ? await verifyCertificateEntry(text.trim(), manifest.value, now)
          : await verifyCertificationAlone(
              decodeURIComponent(text.slice(text.indexOf('#cert=') + 6).trim()),
              manifest.value,
              now,
            );
    return verdict.ok
      ? {
          readable: true,
          kind: 'certificate',
          valid: verdict.status === 'valid',
          status: verdict.status,
          message: verdict.message,
          number: certificateNumber(verdict.hash),
          demo: verdict.demo,
        }
      : {
          readable: true,
          kind: 'certificate',
          valid: false,
          status: 'invalid',
          reason: verdict.reason,
          message: verdict.message,
        };
  }
  if (kind.kind === 'bundle') return verifyBundle(text, manifest.value, { now, checkAlone });
  if (kind.kind === 'badge') return verifyBadge(text);
  if (kind.kind === 'signoff-file' || kind.kind === 'signing-log') {
    const held =
      kind.kind === 'signoff-file'
        ? await verifySignoffFile(text, manifest.value, now)
        : await verifySigningLog(text, manifest.value, now);
    return held.readable
      ? { ...held, readable: true }
      : { readable: false, reason: held.reason ?? 'damaged', message: held.message };
  }
  const named: Record<string, string> = {
    'progress-file':
      'This is a progress file (Export my progress), not the signed record: verify the signed record (My progress → Export signed record), or drop the progress file on the verify page, which checks its signed entries.',
  };
  // The bundle reader's reason code stays the contract (not-json, too-large, not-a-bundle…);
  // the sentence says what the file seems to be instead.
  const verdict = await verifyBundle(text, manifest.value, { now, checkAlone });
  if (verdict.readable || verdict.reason === 'too-large') return verdict;
  return { ...verdict, message: named[kind.kind] ?? kind.message };
}

async function verifyBadge(text: string): Promise<BadgeVerdict> {
  const badge = await verifyOpenBadge(text.trim(), manifest.value, { now });
  if (!badge.ok) {
    return {
      readable: true,
      kind: 'badge',
      valid: false,
      status: badge.reason === 'expired' ? 'expired' : 'invalid',
      reason: badge.reason,
      message: badge.message,
    };
  }
  const c = badge.value.credential;
  const name = c.credentialSubject.identifier.find((i) => i.identityType === 'name')?.identityHash;
  return {
    readable: true,
    kind: 'badge',
    valid: true,
    status: 'valid',
    message: `Genuine Open Badge, signed by ${badge.value.signedBy.name}, a trainer on the roster, and unaltered.`,
    demo: badge.value.demo,
    issuer: c.issuer.id,
    issuerChecked: badge.value.issuerChecked,
    achievement: c.credentialSubject.achievement.name,
    awardedTo: name ?? c.credentialSubject.id,
    validFrom: c.validFrom,
    ...(c.validUntil !== undefined && { validUntil: c.validUntil }),
    signedBy: badge.value.signedBy.name,
  };
}

function isHeld(r: FileVerdict): r is HeldFileVerdict & { readable: true } {
  return r.readable && 'kind' in r && (r.kind === 'signoff-file' || r.kind === 'signing-log');
}

function describe(r: { file: string } & FileVerdict): string[] {
  if (!r.readable) return [`${r.file}: UNREADABLE (${r.reason})`, `  ${r.message}`];
  if ('kind' in r && r.kind === 'badge') {
    const look =
      r.status === 'valid' ? (r.demo ? 'VALID, BUT DEMO' : 'VALID') : r.status === 'expired' ? 'EXPIRED' : 'INVALID';
    return [
      `${r.file}: Open Badge: ${look}${r.reason ? ` (${r.reason}: ${reasonLabel(r.reason)})` : ''}`,
      `  ${r.message}`,
      ...(r.valid
        ? [
            `  Issuer: ${r.issuer}${r.issuerChecked ? ' (this site)' : ' (not checked: the manifest has no canonical site address)'}`,
            `  Awarded to: ${r.awardedTo}`,
            `  Achievement: ${r.achievement}`,
            `  Valid: ${r.validFrom?.slice(0, 10)}${r.validUntil ? ` to ${r.validUntil.slice(0, 10)}` : ', no end'}`,
          ]
        : []),
    ];
  }
  if (isHeld(r)) {
    const lines = [
      `${r.file}: ${r.kind === 'signoff-file' ? 'sign-off file' : 'signing log'}: ${r.valid ? (r.demo ? 'VALID, BUT DEMO' : 'VALID') : 'INVALID'}${r.reason ? ` (${r.reason})` : ''}`,
      `  ${r.message}`,
      ...(r.log
        ? [`  Trainer: ${r.log.trainer.name} (${r.log.trainer.id}), as the log says; ${r.log.records} records`]
        : []),
      `  Trainees: ${r.trainees.map((t) => `${t.name} (${t.id})`).join(', ') || 'none verified'}`,
    ];
    for (const e of r.entries) {
      // Numbered from 1, as the chain's messages name them (the file's seq counts from 0).
      const n = (r.log ? `record ${e.index + 1}` : `#${e.index + 1}`).padEnd(r.log ? 11 : 5);
      lines.push(
        `    ${n}${e.status === 'invalid' ? `INVALID  ${e.reason} (${reasonLabel(e.reason ?? '')})` : e.status === 'expired' ? 'EXPIRED ' : 'valid   '} ${e.message}${e.demo ? ' [DEMO]' : ''}`,
      );
    }
    lines.push('  Step order and trainee keys are checked against the trainee’s record, not here.');
    return lines;
  }
  if ('kind' in r && r.kind === 'certificate') {
    const look =
      r.status === 'valid' ? (r.demo ? 'VALID, BUT DEMO' : 'VALID') : r.status === 'expired' ? 'EXPIRED' : 'INVALID';
    return [
      `${r.file}: certificate: ${look}${r.reason ? ` (${r.reason}: ${reasonLabel(r.reason)})` : ''}`,
      `  ${r.message}`,
      ...(r.number ? [`  Certificate number: ${r.number}`] : []),
      '  Checked on its own: signer on the roster, unaltered, course rules, expiry. The signed record adds what it rests on.',
    ];
  }
  const { summary: s } = r;
  const lines = [
    `${r.file}: ${r.valid ? 'VALID' : 'INVALID'}`,
    `  Trainee: ${s.trainee.name} (${s.trainee.id})${s.trainee.nameSigned ? '' : ' (name not signed: no entry verified)'}`,
    `  Course: ${s.course.title}${s.course.current ? '' : ' (exported from another version of the content)'}`,
    `  Exported: ${s.exportedAt} from the ${s.exportedFrom}'s device`,
  ];
  const signoffs = r.entries.filter((e) => e.kind === 'signoff');
  const certifications = r.entries.filter((e) => e.kind === 'certification');
  lines.push(`  Sign-off entries (${signoffs.length}):`);
  for (const e of signoffs) lines.push(`    ${entryLine(e)}`);
  lines.push(`  Certification entries (${certifications.length}):`);
  for (const e of certifications) lines.push(`    ${entryLine(e)}`);
  // The trainee's own signatures on bound entries (absent from records made before them).
  const acks: AckEntryVerdict[] = r.acknowledgements;
  if (acks.length > 0) {
    lines.push(`  Acknowledgements (${acks.length}):`);
    for (const a of acks) {
      const n = `#${a.index + 1}`.padEnd(5);
      lines.push(
        a.status === 'invalid' && a.reason
          ? `    ${n}INVALID  ${a.reason} (${reasonLabel(a.reason)}): ${a.message}`
          : `    ${n}${a.status === 'duplicate' ? 'DUPLICATE' : 'valid    '} ${a.message}`,
      );
    }
  }
  const single = signoffs.filter((e) => e.kind === 'signoff' && e.signatures === 'single').length;
  if (single > 0 && single === signoffs.filter((e) => e.status === 'valid').length) {
    lines.push('  Single-signed: no entry was made for a trainee key (a record from before trainee keys).');
  }
  lines.push('  Summary:');
  if (s.certifiedSkills.length === 0) lines.push('    Certified skills: none');
  for (const c of s.certifiedSkills) {
    const flags = [
      c.expiresAt ? `expires ${c.expiresAt.slice(0, 10)}` : 'no expiry',
      ...(c.demo ? ['DEMO'] : []),
      ...(c.earlierVersion ? ['earlier version of the skill'] : []),
      ...(c.reopenedAt ? [`re-opened ${c.reopenedAt.slice(0, 10)}: due again`] : []),
    ];
    lines.push(`    Certified: ${c.title}, ${c.certifiedAt.slice(0, 10)} by ${c.trainer.name} (${flags.join(', ')})`);
  }
  lines.push(
    s.courseCertified
      ? `    Course certified: yes, ${s.courseCertifiedAt?.slice(0, 10)}${s.courseExpiresAt ? `, expires ${s.courseExpiresAt.slice(0, 10)}` : ', no expiry'}${s.courseDemo ? ', DEMO (rests on entries signed with the demo key)' : ''}`
      : '    Course certified: no',
  );
  lines.push(
    s.demoKeysUsed
      ? '    Demo keys used: YES: entries signed with the published demo trainer key prove nothing (demo).'
      : '    Demo keys used: no',
  );
  const c = s.counts;
  lines.push(
    `    Counts: sign-offs ${c.signoffs.valid} valid, ${c.signoffs.duplicate} duplicate, ${c.signoffs.invalid} invalid; ` +
      `certifications ${c.certifications.valid} valid, ${c.certifications.expired} expired, ${c.certifications.duplicate} duplicate, ${c.certifications.invalid} invalid`,
  );
  return lines;
}

function entryLine(e: EntryVerdict): string {
  const flags = [...(e.demo ? ['DEMO'] : []), ...(e.earlierVersion ? ['earlier version'] : [])];
  const suffix = flags.length > 0 ? ` [${flags.join(', ')}]` : '';
  const n = `#${e.index + 1}`.padEnd(5);
  if (e.status === 'invalid' && e.reason) {
    return `${n}INVALID  ${e.reason} (${reasonLabel(e.reason)}): ${e.message}`;
  }
  if (e.status === 'not-yet') return `${n}NOT YET  ${e.message} It is left out.`;
  if (e.status === 'expired') {
    const note = e.kind === 'certification' && e.superseded ? ' (a newer certification replaces it)' : '';
    return `${n}EXPIRED  ${e.message}${note}${suffix}`;
  }
  return `${n}${e.status === 'duplicate' ? 'DUPLICATE' : 'valid    '} ${e.message}${suffix}`;
}
