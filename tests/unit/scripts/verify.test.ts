/**
 * `npm run verify` as someone handed a progress bundle uses it: a tamper matrix of altered,
 * incomplete, forged and broken files run through the real command (scripts/verify.ts in a child
 * Node process), each with the verdict and exit code it must give. The command trusts only the
 * manifest it is given (here a test course with a test roster, written to a temp folder), so no
 * site build is needed.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import { MAX_BUNDLE_LENGTH } from '../../../src/lib/bundle/read';
import { buildBundle } from '../../../src/lib/bundle/build';
import { courseCertificationReady, skillCertificationReady } from '../../../src/lib/trust/certification/readiness';
import { signCertification } from '../../../src/lib/trust/certification/payload';
import { manifestFromFiles } from '../../../src/lib/course/manifest-from-files';
import { restoreBackup } from '../../../src/lib/trust/keys';
import { signSignoff, type SignoffPayload } from '../../../src/lib/trust/entry';
import type { ProgressBundle } from '../../../src/lib/export/types';
import {
  LATER,
  NOW,
  OTHER_TRAINEE,
  bundleText,
  certifiedRecord,
  day,
  malleate,
  type CertifiedRecord,
  type Trainers,
  halfCourseCertification,
} from '../../fixtures/export';
import { DEMO_PASSPHRASE, craftJws, editPayload, payloadOf, sign } from '../../fixtures/trust';
import { certifiedCourse } from '../../fixtures/setup';
import { fullMarks } from '../../fixtures/sample-certified';

const run = promisify(execFile);
const temp = mkdtempSync(join(tmpdir(), 'tandem-verify-'));
const manifestPath = join(temp, 'manifest.json');

let t: Trainers;
let manifest: CourseManifest;
let tess: CertifiedRecord;
let demo: CertifiedRecord;

beforeAll(async () => {
  ({ t, manifest, tess } = await certifiedCourse());
  demo = await certifiedRecord(t.dana, manifest);
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command with `args`; files are paths in the temp folder. */
async function verify(...args: string[]): Promise<Outcome> {
  return verifyIn('.', ...args);
}

async function verifyIn(root: string, ...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'scripts/verify.ts'), ...args], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

let fileCount = 0;
function file(text: string): string {
  const path = join(temp, `bundle-${++fileCount}.json`);
  writeFileSync(path, text);
  return path;
}

/** The bundle edited, as a file, verified against the test manifest at NOW (or `now`). */
async function verifyBundleFile(text: string, now = NOW, ...more: string[]): Promise<Outcome> {
  return verify(file(text), '--manifest', manifestPath, '--now', now, ...more);
}

const edited = (edit: (b: ProgressBundle) => unknown) => async () => {
  const copy = structuredClone(tess.bundle);
  await edit(copy);
  return bundleText(copy);
};
const editEntry = (i: number, change: (p: Record<string, unknown>) => void) =>
  edited((b) => {
    b.entries[i] = editPayload(b.entries[i] as string, change);
  });

interface Case {
  name: string;
  bundle: () => Promise<string> | string;
  code: 0 | 1 | 2;
  /** What the output must say (the reason, the verdict). */
  says: RegExp[];
  now?: string;
}

const cases: Case[] = [
  {
    name: 'a clean bundle',
    bundle: () => bundleText(tess.bundle),
    code: 0,
    says: [/: VALID/, /Course certified: yes, 2026-03-13, expires 2027-03-06/, /Demo keys used: no/],
  },
  {
    name: 'an edited note',
    bundle: editEntry(3, (p) => (p['notes'] = 'Outstanding in every way.')),
    code: 1,
    says: [/#4 +INVALID +bad-signature/, /: INVALID/],
  },
  {
    name: 'an edited date',
    bundle: editEntry(2, (p) => (p['signedAt'] = '2026-02-01T10:00:00.000Z')),
    code: 1,
    says: [/#3 +INVALID +bad-signature/],
  },
  {
    name: 'the trainee swapped in the file',
    bundle: edited((b) => (b.trainee = OTHER_TRAINEE)),
    code: 1,
    says: [/#1 +INVALID +wrong-trainee/, /Course certified: no/],
  },
  {
    name: 'the trainee swapped inside an entry',
    bundle: editEntry(0, (p) => (p['trainee'] = OTHER_TRAINEE)),
    code: 1,
    says: [/#1 +INVALID +bad-signature/],
  },
  {
    name: 'a step changed',
    bundle: editEntry(1, (p) => (p['step'] = 'solo')),
    code: 1,
    says: [/#2 +INVALID +bad-signature/],
  },
  {
    name: 'an entry removed from a certified skill',
    bundle: edited((b) => {
      b.entries = b.entries.filter((e) => e !== tess.holding['active-listening'].teachback);
    }),
    code: 1,
    says: [/#1 +INVALID +missing-entry/, /not in this record/, /Course certified: no/],
  },
  {
    name: 'an entry copied from another trainee’s bundle',
    bundle: edited(async (b) => {
      b.entries.push(await sign(t.alice, { trainee: OTHER_TRAINEE, skill: 'returns', skillHash: 'R'.repeat(43) }));
    }),
    code: 1,
    says: [/#11 +INVALID +wrong-trainee/],
  },
  {
    name: 'an entry signed with a key not on the roster',
    bundle: edited(async (b) => {
      b.entries.push(await sign(t.mallory, { skill: 'returns', skillHash: 'R'.repeat(43), signedAt: day(15) }));
    }),
    code: 1,
    says: [/#11 +INVALID +unknown-key/],
  },
  {
    name: 'an entry signed after the key was revoked',
    bundle: edited(async (b) => {
      b.entries.push(await sign(t.bob, { skill: 'returns', skillHash: 'R'.repeat(43), signedAt: day(21) }));
    }),
    code: 1,
    says: [/#11 +INVALID +key-revoked/, /laptop lost/],
  },
  {
    name: 'expired certifications',
    bundle: () => bundleText(tess.bundle),
    now: LATER,
    code: 1,
    says: [/#1 +EXPIRED/, /expired on 2027-03-06/, /Course certified: no/, /Result: INVALID/],
  },
  {
    name: 'an unsigned ("alg": "none") entry',
    bundle: edited(async (b) => {
      const header = { alg: 'none', kid: t.alice.kid, typ: 'tandem-signoff+jws' };
      b.entries.push(await craftJws(header, { ...payloadOf(b.entries[0] as string), id: crypto.randomUUID() }));
    }),
    code: 1,
    says: [/#11 +INVALID +alg-not-allowed/],
  },
  {
    name: 'a malformed entry',
    bundle: edited((b) => b.entries.push('eyJhbGciOiJFUzI1NiJ9.not a jws!')),
    code: 1,
    says: [/#11 +INVALID +malformed/],
  },
  {
    name: 'a certification with its expiry pushed back',
    bundle: edited((b) => {
      b.certifications[2] = editPayload(
        b.certifications[2] as string,
        (p) => (p['expiresAt'] = '2099-01-01T00:00:00.000Z'),
      );
    }),
    code: 1,
    says: [/#3 +INVALID +bad-signature/],
  },
  {
    name: 'a certification removed from under the course certification',
    bundle: edited((b) => b.certifications.splice(0, 1)),
    code: 1,
    says: [/INVALID +missing-entry/],
  },
  {
    name: 'duplicate entries (reported, not a forgery)',
    bundle: edited((b) => {
      b.entries.push(b.entries[4] as string);
      b.certifications.push(b.certifications[0] as string);
    }),
    code: 0,
    says: [/#11 +DUPLICATE/, /#4 +DUPLICATE/, /: VALID/, /1 duplicate/],
  },
  {
    name: 'signatures re-spelled by a third party (same payloads)',
    bundle: edited((b) => (b.entries = b.entries.map(malleate))),
    code: 0,
    says: [/Course certified: yes/],
  },
  {
    name: 'a bundle signed by the demo trainer',
    bundle: () => bundleText(demo.bundle),
    code: 0,
    says: [/: VALID/, /\[DEMO\]/, /Demo keys used: YES/, /Certified: Active listening.*DEMO/],
  },
  {
    name: 'a file that is not JSON',
    bundle: () => 'PK\u0003\u0004 not json',
    code: 2,
    says: [/UNREADABLE \(not-json\)/],
  },
  {
    name: 'a bundle of another format version',
    bundle: edited((b) => ((b as { version: number }).version = 2)),
    code: 2,
    says: [/UNREADABLE \(unsupported-version\)/, /version 2/],
  },
  {
    name: 'a bundle of another course',
    bundle: edited((b) => (b.course.id = 'another-course')),
    code: 2,
    says: [/UNREADABLE \(wrong-course\)/],
  },
  {
    name: 'a damaged bundle',
    bundle: edited((b) => ((b as { entries: unknown }).entries = 'all of them')),
    code: 2,
    says: [/UNREADABLE \(damaged\)/, /entries/],
  },
  {
    name: 'an oversized file',
    bundle: () => `{"pad":"${'x'.repeat(MAX_BUNDLE_LENGTH)}"}`,
    code: 2,
    says: [/UNREADABLE \(too-large\)/],
  },
];

describe('the tamper matrix', () => {
  it.concurrent.each(cases)('$name: exit $code', async ({ bundle, code, says, now }) => {
    const out = await verifyBundleFile(await bundle(), now);
    expect(out.code, out.stdout + out.stderr).toBe(code);
    for (const pattern of says) expect(out.stdout).toMatch(pattern);
  });
});

describe('output and usage', () => {
  it('prints machine-readable JSON with --json', async () => {
    const clean = file(bundleText(tess.bundle));
    const tampered = file(await editEntry(3, (p) => (p['notes'] = 'x'))());
    const out = await verify(clean, tampered, '--json', '--manifest', manifestPath, '--now', NOW);
    expect(out.code).toBe(1);
    const json = JSON.parse(out.stdout) as {
      manifest: { source: string; course: string };
      now: string;
      exitCode: number;
      files: {
        file: string;
        readable: boolean;
        valid: boolean;
        summary: { courseCertified: boolean; certifiedSkills: { skill: string }[]; demoKeysUsed: boolean };
        entries: { index: number; kind: string; status: string; reason?: string; message: string }[];
      }[];
    };
    expect(json).toMatchObject({
      manifest: { source: manifestPath, course: manifest.course.id },
      now: NOW,
      exitCode: 1,
    });
    expect(json.files.map((f) => [f.file, f.readable, f.valid])).toEqual([
      [clean, true, true],
      [tampered, true, false],
    ]);
    expect(json.files[0]?.summary).toMatchObject({ courseCertified: true, demoKeysUsed: false });
    expect(json.files[0]?.summary.certifiedSkills.map((s) => s.skill)).toEqual(['active-listening', 'de-escalation']);
    expect(json.files[1]?.entries[3]).toMatchObject({
      index: 3,
      kind: 'signoff',
      status: 'invalid',
      reason: 'bad-signature',
    });
    expect(json.files[0]?.entries).toHaveLength(13);
  });

  it('reports an unreadable file in JSON too, and exits 2 when any file is unreadable', async () => {
    const out = await verify(file(bundleText(tess.bundle)), file('nope'), '--json', '--manifest', manifestPath);
    expect(out.code).toBe(2);
    const json = JSON.parse(out.stdout) as { files: { readable: boolean; reason?: string }[] };
    expect(json.files[1]).toMatchObject({ readable: false, reason: 'not-json' });
  });

  it.each([
    ['no files', [], /name at least one bundle file/],
    ['an unknown flag', ['x.json', '--strict'], /Unknown option '--strict'/],
    ['a --now that is not a date', ['x.json', '--now', 'next tuesday'], /is not a date/],
    ['a manifest that does not exist', ['x.json', '--manifest', '/no/such/manifest.json'], /cannot read the manifest/],
  ])('exits 2 on bad usage: %s', async (_, args, message) => {
    const out = await verify(...args);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr).toMatch(/Usage: npm run verify/);
  });

  it('exits 2 when the manifest is not a course manifest', async () => {
    const out = await verify(file(bundleText(tess.bundle)), '--manifest', file(bundleText(tess.bundle)));
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/not a Tandem course manifest/);
  });

  it('exits 2 for a bundle file that does not exist', async () => {
    const out = await verify(join(temp, 'missing.json'), '--manifest', manifestPath);
    expect(out.code).toBe(2);
    expect(out.stdout).toMatch(/UNREADABLE \(no-such-file\)/);
  });

  it('prints its usage with --help', async () => {
    const out = await verify('--help');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/Exit codes: 0 all valid; 1 .*; 2 /);
  });
});

describe('without a built site', () => {
  it('builds the manifest from src/content: the sample course, signed with the published demo key', async () => {
    // A copy of the project without dist/, so the command must fall back to the content.
    const project = join(temp, 'project');
    mkdirSync(join(project, 'scripts'), { recursive: true });
    for (const file of [
      'verify.ts',
      'ts-resolve.mjs',
      'threadpool.ts',
      'verify-pool.ts',
      'verify-worker.ts',
      'node-native.ts',
    ]) {
      cpSync(`scripts/${file}`, join(project, 'scripts', file));
    }
    cpSync('src', join(project, 'src'), { recursive: true });
    symlinkSync(resolve('node_modules'), join(project, 'node_modules'), 'dir');

    const built = await manifestFromFiles('src/content');
    if (!built.ok) throw new Error(built.message);
    const sample = built.value;
    const key = await restoreBackup(readFileSync('demo/demo-trainer.tandem-key.json', 'utf8'), DEMO_PASSPHRASE);
    if (!key.ok) throw new Error(key.message);
    const signer = {
      privateKey: key.value.privateKey,
      kid: key.value.kid,
      trainerId: key.value.trainerId,
      // Pages sign under the roster's name for the key, as every verifier requires.
      trainerName: sample.roster.trainers.find((tr) => tr.id === key.value.trainerId)?.name ?? key.value.name,
    };
    const skill = sample.skills[0] as (typeof sample.skills)[number];
    const trainee = { id: 'sample-trainee-01', name: 'Sam Sample' };
    const entries: string[] = [];
    const payloads: SignoffPayload[] = [];
    for (const [i, step] of (['show', 'copilot', 'solo', 'teachback'] as const).entries()) {
      const signedAt = new Date(Date.UTC(2026, 3, 1 + i, 10));
      const signed = await signSignoff(
        {
          course: sample.course.id,
          skill: skill.id,
          skillHash: skill.hash,
          trainee,
          step,
          outcome: 'signed-off',
          observedAt: signedAt.toISOString().slice(0, 10),
          signedAt,
        },
        signer,
      );
      if (!signed.ok) throw new Error(signed.message);
      entries.push(signed.value.jws);
      payloads.push(signed.value.payload);
    }
    const attempts = Object.fromEntries(
      skill.lessons.flatMap((lesson) => {
        const quiz = sample.quizzes[lesson];
        return quiz ? [[lesson, [fullMarks(quiz, new Date('2026-03-30T09:00:00.000Z'))]]] : [];
      }),
    );
    const ready = await skillCertificationReady(payloads, attempts, sample, skill.id);
    if (!ready.ok) throw new Error(ready.message);
    const cert = await signCertification({ ...ready.value, certifiedAt: new Date(Date.UTC(2026, 3, 5, 12)) }, signer);
    if (!cert.ok) throw new Error(cert.message);
    const bundle = await buildBundle(
      { ...trainee, createdAt: '2026-03-30T08:00:00.000Z', lessons: {}, attempts, entries },
      sample,
      { exportedFrom: 'trainee', now: '2026-04-06T00:00:00.000Z', certifications: [cert.value.jws] },
    );

    const out = await verifyIn(project, file(JSON.stringify(bundle)), '--now', '2026-05-01');
    expect(out.code, out.stdout + out.stderr).toBe(0);
    expect(out.stdout).toMatch(/no built site; manifest built from the content/);
    expect(out.stdout).toContain(
      `Certified: ${skill.title}, 2026-04-05 by ${signer.trainerName} (expires 2027-04-05, DEMO)`,
    );
    expect(out.stdout).toMatch(/Demo keys used: YES/);
  }, 30_000);
});

/**
 * The published course rules, each through the real command: a genuine record and the smallest
 * change that breaks the rule. Every signature in these records is genuine (made with a roster
 * key); what is false is the claim, and the command must refuse it.
 */
describe('a valid record means its claims hold under the course rules', () => {
  /** Tess's bundle with one more sign-off entry, signed by `by` with `overrides`. */
  const withSignoff =
    (by: () => Trainers[keyof Trainers], overrides: Parameters<typeof sign>[1], signerName?: string) => async () => {
      const trainer = by();
      const signer = signerName ? { ...trainer, signer: { ...trainer.signer, trainerName: signerName } } : trainer;
      const jws = await sign(signer, { skill: 'returns', skillHash: 'R'.repeat(43), step: 'show', ...overrides });
      return bundleText(tess.bundle, (b) => b.entries.push(jws));
    };
  /** Tess's bundle with her Active listening certification re-signed by Alice after `change`. */
  const withCertification = (change: (input: Parameters<typeof signCertification>[0]) => void) => async () => {
    const p = tess.skillCertifications[0]?.payload as NonNullable<(typeof tess.skillCertifications)[0]>['payload'];
    const input = {
      course: p.course,
      trainee: p.trainee,
      scope: p.scope,
      skill: p.skill as string,
      skillHash: p.skillHash as string,
      rests: structuredClone(p.rests),
      expiryMonths: 12,
      certifiedAt: day(6, 13),
    };
    change(input);
    const signed = await signCertification(input, t.alice.signer);
    if (!signed.ok) throw new Error(signed.message);
    return bundleText(tess.bundle, (b) => b.certifications.push(signed.value.jws));
  };

  const rules: Case[] = [
    {
      name: 'a roster key signing under another trainer’s name',
      bundle: withSignoff(() => t.alice, {}, 'Bob Brown'),
      code: 1,
      says: [/INVALID  trainer-name-mismatch/, /signed by “Bob Brown”, but the key that signed it is Alice Adams’s/],
    },
    {
      name: 'the public demo key signing as Alice Adams',
      bundle: withSignoff(() => t.dana, {}, 'Alice Adams'),
      code: 1,
      says: [/INVALID  trainer-name-mismatch/, /Dana Demo’s/],
    },
    {
      name: 'an entry dated 2099',
      bundle: withSignoff(() => t.alice, { signedAt: new Date('2099-01-01T10:00:00.000Z') }),
      code: 1,
      says: [/INVALID  signed-in-future/],
    },
    {
      name: 'an entry signed after the moment judged (--now): it did not exist yet',
      bundle: withSignoff(() => t.alice, { signedAt: new Date('2026-07-01T10:00:00.000Z') }),
      code: 0,
      says: [/NOT YET  The entry was signed at 2026-07-01/, /: VALID/],
    },
    {
      name: 'an impossible date (30 February)',
      bundle: async () => {
        const payload = { ...payloadOf(await sign(t.alice, { skill: 'returns', skillHash: 'R'.repeat(43) })) };
        payload['signedAt'] = '2026-02-30T10:00:00.000Z';
        payload['observedAt'] = '2026-02-28';
        const jws = await craftJws(
          { alg: 'ES256', kid: t.alice.kid, typ: 'tandem-signoff+jws' },
          payload,
          t.alice.signer.privateKey,
        );
        return bundleText(tess.bundle, (b) => b.entries.push(jws));
      },
      code: 1,
      says: [/INVALID  bad-payload/, /signedAt is not a UTC date-time/],
    },
    {
      name: 'a skill version the site never published',
      bundle: withSignoff(() => t.alice, { skillHash: 'Z'.repeat(43) }),
      code: 1,
      says: [/INVALID  unknown-version/],
    },
    {
      name: 'a certification that never expires, in a course that certifies for 12 months',
      bundle: withCertification((input) => (input.expiryMonths = 0)),
      code: 1,
      says: [/INVALID  expiry-not-allowed/, /never expires/],
    },
    {
      name: 'a certification valid for 100 years',
      bundle: withCertification((input) => (input.expiryMonths = 1200)),
      code: 1,
      says: [/INVALID  expiry-not-allowed/, /valid until 2126/],
    },
    {
      name: 'a vouched quiz result of 1 of 5 at a pass mark of 1 %',
      bundle: withCertification((input) => {
        input.rests.quizzes = input.rests.quizzes.map((q) => ({ ...q, score: 1, passMark: 1 }));
      }),
      code: 1,
      says: [/INVALID  quizzes-not-passed/, /1\/5, below the pass mark of 80%/],
    },
    {
      name: 'a vouched result on a quiz version the site never published',
      bundle: withCertification((input) => {
        input.rests.quizzes = input.rests.quizzes.map((q) => ({ ...q, hash: 'Q'.repeat(43) }));
      }),
      code: 1,
      says: [/INVALID  unknown-version/, /quiz of Listening basics/],
    },
    {
      name: 'a course certification resting on one of its two required skills',
      bundle: async () => {
        const half = await halfCourseCertification(tess, t.alice);
        return bundleText(tess.bundle, (b) => (b.certifications = [...b.certifications.slice(0, 2), half]));
      },
      code: 1,
      says: [/INVALID  skills-incomplete/, /De-escalation/, /Course certified: no/],
    },
    {
      name: 'a real trainer certifying the course on demo-signed skills: demo all the way up',
      bundle: async () => {
        const ready = await courseCertificationReady(
          demo.skillCertifications.map((s) => s.payload),
          manifest,
          day(13),
        );
        if (!ready.ok) throw new Error(ready.message);
        const signed = await signCertification({ ...ready.value, certifiedAt: day(13, 14) }, t.alice.signer);
        if (!signed.ok) throw new Error(signed.message);
        return bundleText(demo.bundle, (b) => (b.certifications = [...b.certifications.slice(0, 2), signed.value.jws]));
      },
      code: 0,
      says: [/Course certified: yes.*DEMO/, /#3 {3}valid .*\[DEMO\]/],
    },
    {
      name: 'a renamed file: the signed name is shown, not the file’s',
      bundle: edited((b) => (b.trainee.name = 'Mallory Impostor')),
      code: 0,
      says: [/Trainee: Tess Trainee \(trainee-tess\)/],
    },
    {
      name: 'genuine entries listed in reverse order',
      bundle: edited((b) => {
        b.entries.reverse();
        b.certifications.reverse();
      }),
      code: 0,
      says: [/: VALID/, /Course certified: yes/],
    },
    {
      name: 'a file starting with a UTF-8 byte-order mark',
      bundle: () => `\uFEFF${bundleText(tess.bundle)}`,
      code: 0,
      says: [/: VALID/],
    },
  ];

  it.concurrent.each(rules)('$name: exit $code', async ({ bundle, code, says, now }) => {
    const out = await verifyBundleFile(await bundle(), now);
    expect(out.code, out.stdout + out.stderr).toBe(code);
    for (const pattern of says) expect(out.stdout).toMatch(pattern);
    expect(out.stdout).not.toMatch(/Mallory Impostor/);
  });
});
