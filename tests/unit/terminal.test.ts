/**
 * `npm run verify` prints text taken from the file it checks. A file must not be able to drive
 * the terminal: an escape sequence in a header member name, an algorithm name, an unknown
 * payload member, a trainee name or a file name is shown escaped (`\u{1b}`), never raw, so no
 * file can clear the screen and paint a fake "VALID" report. Runs the real command
 * (scripts/verify.ts in a child Node process) as tests/unit/scripts/verify.test.ts does.
 * Also: a file saved with a UTF-8 byte order mark reads like one without.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CourseManifest } from '../../src/lib/course/manifest';
import type { ProgressBundle } from '../../src/lib/export/types';
import { terminalSafe } from '../../src/lib/terminal';
import { NOW, bundleText, type CertifiedRecord, type Trainers } from '../fixtures/export';
import { craftJws, payloadOf } from '../fixtures/trust';
import { certifiedCourse } from '../fixtures/setup';

const run = promisify(execFile);
const temp = mkdtempSync(join(tmpdir(), 'tandem-verify-terminal-'));
const manifestPath = join(temp, 'manifest.json');

let t: Trainers;
let manifest: CourseManifest;
let tess: CertifiedRecord;

beforeAll(async () => {
  ({ t, manifest, tess } = await certifiedCourse());
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const ESC = '\u001b';
/** What an attacker would like the terminal to show: a cleared screen and a clean report. */
const FAKE_REPORT = `${ESC}[2J${ESC}[H${ESC}[32mbundle.json: VALID\n  Trainee: Tess Trainee\nResult: every entry is valid.${ESC}[0m`;
/** Raw control characters a terminal acts on: C0 (LF aside, our own line breaks), DEL, C1, bidi. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b-\u200f]/;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function verify(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['scripts/verify.ts', ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

let count = 0;
function file(text: string, name = `bundle-${++count}.json`): string {
  const path = join(temp, name);
  writeFileSync(path, text);
  return path;
}

async function verifyText(text: string, ...more: string[]): Promise<Outcome> {
  return verify(file(text), '--manifest', manifestPath, '--now', NOW, ...more);
}

/** The clean record with one more entry pushed (`entry` made from its first sign-off's payload). */
async function withEntry(entry: (first: Record<string, unknown>) => Promise<string>): Promise<string> {
  const copy = structuredClone(tess.bundle);
  copy.entries.push(await entry({ ...payloadOf(copy.entries[0] as string), id: crypto.randomUUID() }));
  return bundleText(copy);
}

function expectNoRawControls(out: Outcome): void {
  expect(out.stdout).not.toContain(ESC);
  expect(out.stderr).not.toContain(ESC);
  expect(out.stdout).not.toMatch(RAW_CONTROL);
  expect(out.stderr).not.toMatch(RAW_CONTROL);
}

/** The fake report's lines never start a line of the output. */
function expectNoFakeReport(out: Outcome): void {
  expectNoRawControls(out);
  expect(out.stdout).not.toMatch(/^Result: every entry is valid/m);
  expect(out.stdout).not.toMatch(/^bundle\.json: VALID/m);
}

describe('npm run verify shows text from the file escaped, never raw', () => {
  it('a header member named with escape codes and a fake report', async () => {
    const text = await withEntry((p) =>
      craftJws({ alg: 'ES256', kid: t.alice.kid, typ: 'tandem-signoff+jws', [FAKE_REPORT]: 1 }, p, t.alice.privateKey),
    );
    const out = await verifyText(text);
    expectNoFakeReport(out);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('\\u{1b}[2J\\u{1b}[H\\u{1b}[32mbundle.json: VALID\\u{a}  Trainee');
    expect(out.stdout).toMatch(/#11 +INVALID +malformed/);
    expect(out.stdout).toMatch(/^Result: INVALID/m);
  });

  it('an algorithm name with escape codes, C1 controls and a bidi override', async () => {
    const text = await withEntry((p) =>
      craftJws({ alg: `${ESC}[2J\u009b2J\u202eES256`, kid: t.alice.kid, typ: 'tandem-signoff+jws' }, p),
    );
    const out = await verifyText(text);
    expectNoFakeReport(out);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('\\u{1b}[2J\\u{9b}2J\\u{202e}ES256');
  });

  it('an unknown member of a signed payload named with escape codes', async () => {
    const text = await withEntry((p) =>
      craftJws(
        { alg: 'ES256', kid: t.alice.kid, typ: 'tandem-signoff+jws' },
        { ...p, [FAKE_REPORT]: 'x' },
        t.alice.privateKey,
      ),
    );
    const out = await verifyText(text);
    expectNoFakeReport(out);
    expect(out.code).toBe(1);
  });

  it('a trainee name with escape codes and invisible characters', async () => {
    const copy = structuredClone(tess.bundle) as ProgressBundle;
    copy.trainee = { ...copy.trainee, name: `Tess${FAKE_REPORT}\u200b\u2028\u00ad` };
    const out = await verifyText(bundleText(copy));
    expectNoFakeReport(out);
    expect(out.code).not.toBe(0);
  });

  it('a file whose own name holds escape codes', async () => {
    const path = file(bundleText(tess.bundle), `bundle-${ESC}[2J${ESC}[31m.json`);
    const out = await verify(path, '--manifest', manifestPath, '--now', NOW);
    expectNoRawControls(out);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('bundle-\\u{1b}[2J\\u{1b}[31m.json: VALID');
    const missing = await verify(join(temp, `gone-${ESC}[2J.json`), '--manifest', manifestPath);
    expectNoRawControls(missing);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain('gone-\\u{1b}[2J.json: UNREADABLE');
  });

  it('usage errors that quote what was typed', async () => {
    const out = await verify('x.json', '--now', `${ESC}[2Jsoon`);
    expectNoRawControls(out);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('\\u001b[2Jsoon');
  });

  it('--json stays exact: the same text, escaped by JSON itself', async () => {
    const text = await withEntry((p) =>
      craftJws({ alg: 'ES256', kid: t.alice.kid, typ: 'tandem-signoff+jws', [FAKE_REPORT]: 1 }, p, t.alice.privateKey),
    );
    const out = await verifyText(text, '--json');
    expect(out.stdout).not.toContain(ESC);
    const json = JSON.parse(out.stdout) as { files: { entries: { message: string }[] }[] };
    expect(json.files[0]!.entries[10]!.message).toContain(FAKE_REPORT);
  });
});

describe('npm run verify reads a file with a UTF-8 byte order mark', () => {
  it('a bundle and a manifest saved with a BOM verify like the same files without', async () => {
    const bomManifest = file(`\uFEFF${JSON.stringify(manifest)}`, 'manifest-bom.json');
    const out = await verify(file(`\uFEFF${bundleText(tess.bundle)}`), '--manifest', bomManifest, '--now', NOW);
    expect(out.code, out.stdout + out.stderr).toBe(0);
    expect(out.stdout).toMatch(/: VALID/);
  });
});

describe('terminalSafe', () => {
  it('escapes controls, DEL, C1, bidi, zero-width, separators, soft hyphen, BOM; keeps the rest', () => {
    const unsafe = [
      '\u0000',
      '\u0007',
      '\t',
      '\n',
      '\r',
      '\u001b',
      '\u007f',
      '\u0080',
      '\u009b',
      '\u00ad',
      '\u061c',
      '\u200b',
      '\u200c',
      '\u200d',
      '\u200e',
      '\u200f',
      '\u2028',
      '\u2029',
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2060',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\ufeff',
    ];
    for (const ch of unsafe) {
      expect(terminalSafe(`a${ch}b`)).toBe(`a\\u{${ch.codePointAt(0)!.toString(16)}}b`);
    }
    expect(terminalSafe('Zoë Saldaña, 山田, محمد, “quoted” — ok #1 ✓')).toBe(
      'Zoë Saldaña, 山田, محمد, “quoted” — ok #1 ✓',
    );
    expect(terminalSafe('\ud800')).toBe('\\u{d800}');
  });
});
