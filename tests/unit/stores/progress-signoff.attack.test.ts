/**
 * Importers under attack, sign-offs: what the checklist page takes in (a response link, a pasted
 * link, a sign-off file: decodeResponse / parseSignoffFile, then receiveEntries and the progress
 * store) and what the trainer's sign-off page reads (a request link: decodeRequest). Seeds are a
 * real, fully signed record; tests/unit/trust/verify.fuzz.test.ts covers the decoders on random input,
 * this file goes on to the level a user reaches, with storage.
 *
 * Properties: nothing throws; every refusal has a reason code and a sentence; a link or file
 * that brings nothing genuine changes nothing stored; what is stored afterwards keeps every entry
 * that was there, adds only genuine ones, each once, and reads back without a problem.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { CourseManifest } from '../../../src/lib/course/manifest';
import {
  PROGRESS_VERSION,
  progressKey,
  type ProgressState,
  type TraineeProfile,
} from '../../../src/lib/progress/format';
import { receiveEntries, stateAfterReceiving } from '../../../src/lib/progress/receive';
import { splitEntries, verifyProfileEntries } from '../../../src/lib/trust/certification/held';
import { SIGNOFF_TYP } from '../../../src/lib/trust/entry';
import {
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  type SignoffRequest,
} from '../../../src/lib/trust/links';
import {
  SIGNOFF_FILE_FORMAT,
  SIGNOFF_FILE_VERSION,
  parseSignoffFile,
  signoffFile,
} from '../../../src/lib/trust/signoff-file';
import { createProgressStores } from '../../../src/stores/progress';
import { NOW, OTHER_TRAINEE, type Trainers } from '../../fixtures/export';
import type { CertifiedRecord as Certified } from '../../fixtures/export';
import {
  PROTOTYPE_KEYS,
  applyJsonMutation,
  claimsToBe,
  jsonMutation,
  mutatedJsonText,
  mutatedText,
  randomText,
  toJsonText,
} from '../../fixtures/mutate';
import * as progressFixture from '../../fixtures/progress';
import { clock, installFakeStorage } from '../../fixtures/progress';
import { craftJws, payloadOf } from '../../fixtures/trust';
import { certifiedCourse } from '../../fixtures/setup';

// Property runs are CPU-bound: under a loaded machine (parallel e2e runs) they must not time out.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

const isSentence = (text: unknown) => typeof text === 'string' && /\S/.test(text);
const isRefusal = (r: { ok: boolean; reason?: unknown; message?: unknown }) =>
  !r.ok && isSentence(r.reason) && isSentence(r.message);

let trainers: Trainers;
let manifest: CourseManifest;
let key: string;
/** Tess's sign-offs in order, then her three certifications. */
let all: string[];
let genuine: Set<string>;
/** This browser: Maria (active), Omar, and Tess holding her first four sign-offs. */
let before: ProgressState;
let beforeText: string;
let linkSeed: string;

beforeAll(async () => {
  let record: Certified;
  ({ t: trainers, manifest, tess: record } = await certifiedCourse());
  key = progressKey(manifest.course.id);
  all = [...record.entries, ...[...record.skillCertifications, record.courseCertification].map((c) => c.jws)];
  genuine = new Set(all);
  const maria = progressFixture.profile();
  const omar: TraineeProfile = { ...progressFixture.profile(), id: OTHER_TRAINEE.id, name: OTHER_TRAINEE.name };
  const tess: TraineeProfile = { ...record.profile, entries: record.entries.slice(0, 4) };
  before = {
    v: PROGRESS_VERSION,
    course: manifest.course.id,
    active: maria.id,
    profiles: { [maria.id]: maria, [omar.id]: omar, [tess.id]: tess },
  };
  beforeText = JSON.stringify(before);
  const link = encodeResponse(all);
  if (!link.ok) throw new Error(link.message);
  linkSeed = `https://training.example.org/checklist/#${link.value}`;
});

/** A checklist page over storage holding `before`. */
function openChecklist() {
  const fake = installFakeStorage({ [key]: beforeText });
  const page = createProgressStores(manifest.course.id, fake.storage, clock('2026-06-01T09:00:00.000Z'));
  stops.push(page.watch(() => {}));
  return { fake, page };
}

/** What the checklist page does with entries that arrived, checked against every property. */
async function receiveChecked(incoming: string[], signedHere: readonly string[] = []): Promise<void> {
  const { fake, page } = openChecklist();
  const stored = [...fake.data];
  const received = await receiveEntries(page.$progress.get(), incoming, manifest, new Date(NOW));
  expect(received).toBeDefined(); // Maria is active: there is always someone to receive for
  if (!received) return;
  expect(received.results).toHaveLength(incoming.length);
  for (const r of received.results) {
    expect(['added', 'duplicate', 'refused']).toContain(r.outcome);
    if (r.outcome === 'refused') {
      expect(isSentence(r.message)).toBe(true);
      expect(isSentence(r.reason)).toBe(true);
    }
  }
  const next = stateAfterReceiving(page.$progress.get(), received);
  if (received.results.every((r) => r.outcome === 'refused')) expect(next).toBeUndefined();
  if (!next) {
    expect(received.added).toBe(0);
    expect([...fake.data]).toEqual(stored);
    return;
  }
  expect(page.actions.replace(next)).toEqual({ ok: true });
  const after = JSON.parse(fake.data.get(key)!) as ProgressState;
  // Every trainee keeps what they had; only the one received for changes, and only by gaining.
  for (const [id, was] of Object.entries(before.profiles)) {
    const now = after.profiles[id]!;
    if (id !== received.profile.id) expect(now).toEqual(was);
    else {
      expect({ ...now, entries: [] }).toEqual({ ...was, entries: [] });
      for (const jws of was.entries) expect(now.entries).toContain(jws);
      const added = now.entries.filter((jws) => !was.entries.includes(jws));
      expect(added).toHaveLength(received.added);
      for (const jws of added) expect(genuine.has(jws) || signedHere.includes(jws)).toBe(true);
      expect(new Set(now.entries).size).toBe(now.entries.length);
    }
  }
  expect(Object.keys(after.profiles).sort()).toEqual(Object.keys(before.profiles).sort());
  // The next page load reads it without a problem.
  const reopened = createProgressStores(manifest.course.id, fake.storage, clock());
  expect(reopened.$problem.get()).toBe(null);
  expect(reopened.$progress.get()).toEqual(after);
}

/** A response link pasted or opened: decoded, then received. */
async function linkChecked(text: string): Promise<void> {
  const fragment = text.includes('#') ? text.slice(text.indexOf('#') + 1) : text.trim();
  const decoded = decodeResponse(fragment);
  if (!decoded.ok) {
    expect(isRefusal(decoded)).toBe(true);
    return;
  }
  await receiveChecked(decoded.value);
}

/** A sign-off file chosen: parsed, then received. */
async function fileChecked(text: string): Promise<void> {
  const parsed = parseSignoffFile(text);
  if (!parsed.ok) {
    expect(isRefusal(parsed)).toBe(true);
    return;
  }
  expect(parsed.value.every((e) => typeof e === 'string')).toBe(true);
  await receiveChecked(parsed.value);
}

describe('sign-offs arriving on the checklist page', () => {
  it('the valid link and file are taken in (the seeds are sound)', async () => {
    for (const check of [() => linkChecked(linkSeed), () => fileChecked(JSON.stringify(signoffFile(all)))]) {
      await check();
    }
    const { page } = openChecklist();
    const received = await receiveEntries(page.$progress.get(), all, manifest, new Date(NOW));
    expect(received?.profile.name).toBe('Tess Trainee');
    expect(received?.added).toBe(all.length - 4);
  });

  it('property: a mutated response link (characters cut, flipped, swapped, inserted)', async () => {
    await fc.assert(fc.asyncProperty(mutatedText(linkSeed, 'link'), linkChecked), { numRuns: 100 });
  });

  it('property: a response link made of mutated, repeated and reordered entries', async () => {
    const entry = fc.oneof(
      fc.constantFrom(...all),
      fc.constantFrom(...all).chain((jws) => mutatedText(jws, 'link')),
    );
    const link = fc.array(entry, { minLength: 1, maxLength: 20 }).map((list) => `#response=${list.join('~')}`);
    await fc.assert(fc.asyncProperty(link, linkChecked), { numRuns: 60 });
  });

  it('property: random text as a link or as a file', async () => {
    await fc.assert(
      fc.asyncProperty(randomText, fc.constantFrom('', '#response=', 'response='), async (text, prefix) => {
        await linkChecked(prefix + text);
        await fileChecked(text);
      }),
      { numRuns: 200 },
    );
  });

  it('property: a mutated sign-off file, or JSON that claims to be one', async () => {
    const input = fc.oneof(
      mutatedJsonText(signoffFile(all), { space: 2 }),
      mutatedJsonText(signoffFile(all), { within: ['entries'] }),
      claimsToBe({ format: SIGNOFF_FILE_FORMAT, version: SIGNOFF_FILE_VERSION }),
    );
    await fc.assert(fc.asyncProperty(input, fileChecked), { numRuns: 100 });
  });

  it('property: entries really signed by a roster trainer over damaged payloads', async () => {
    const header = { alg: 'ES256', kid: trainers.alice.kid, typ: SIGNOFF_TYP };
    const seeds = all.slice(4, 10).map(payloadOf);
    const forged = fc
      .tuple(fc.constantFrom(...seeds), fc.array(jsonMutation, { minLength: 1, maxLength: 3 }))
      .map(([payload, mutations]) => toJsonText(mutations.reduce<unknown>((v, m) => applyJsonMutation(v, m), payload)));
    await fc.assert(
      fc.asyncProperty(fc.array(forged, { minLength: 1, maxLength: 3 }), async (payloads) => {
        // Signed with Alice's key: valid ones are genuine (she signed them), the rest must be refused.
        const signed = await Promise.all(payloads.map((p) => craftJws(header, p, trainers.alice.privateKey)));
        await receiveChecked(signed, signed);
      }),
      { numRuns: 40 },
    );
  });

  it('the same entries twice in one link or file are kept once', async () => {
    const twice = [...all.slice(4), ...all.slice(4)];
    await receiveChecked(twice);
    await fileChecked(JSON.stringify(signoffFile(twice)));
  });

  it('a sign-off file whose version is {"toString": 1} or a deeply nested list is refused with a reason', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    for (const odd of [...PROTOTYPE_KEYS.map((k) => `{"${k}": 1}`), deep]) {
      const text = JSON.stringify(signoffFile(all)).replace('"version":1', `"version":${odd}`);
      expect(parseSignoffFile(text)).toMatchObject({ ok: false, reason: 'unsupported-version' });
      await fileChecked(text);
    }
  });

  it('entries naming a trainee id such as "constructor" or "__proto__" are refused, not a crash', async () => {
    const header = { alg: 'ES256', kid: trainers.alice.kid, typ: SIGNOFF_TYP };
    for (const id of PROTOTYPE_KEYS) {
      const payload = { ...payloadOf(all[5]!), trainee: { id, name: 'Nobody' } };
      const unsigned = await craftJws(header, payload);
      const signed = await craftJws(header, payload, trainers.alice.privateKey);
      await receiveChecked([unsigned, signed]);
      await linkChecked(`#response=${signed}~${all[5]!}`);
    }
  });

  it('a forged link naming another trainee does not switch this browser to them', async () => {
    const { fake, page } = openChecklist();
    const stored = [...fake.data];
    const [h, p, sig] = all[6]!.split('.') as [string, string, string];
    const forged = `${h}.${p}.${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`;
    const received = await receiveEntries(page.$progress.get(), [forged], manifest, new Date(NOW));
    expect(received?.profile.id).toBe('trainee-tess'); // the (unverified) payload names Tess
    expect(received?.results).toMatchObject([{ outcome: 'refused', reason: 'bad-signature' }]);
    expect(stateAfterReceiving(page.$progress.get(), received!)).toBeUndefined();
    // A genuine entry Tess already holds does switch to her: it is hers, and nothing is added.
    const again = await receiveEntries(page.$progress.get(), [all[0]!], manifest, new Date(NOW));
    expect(again?.results).toMatchObject([{ outcome: 'duplicate' }]);
    expect(stateAfterReceiving(page.$progress.get(), again!)).toEqual({ ...before, active: 'trainee-tess' });
    expect([...fake.data]).toEqual(stored);
  });
});

describe('stored entries, read again on every page that shows them', () => {
  it('property: entries edited in storage are refused with reasons; only genuine ones count', async () => {
    const entry = fc.oneof(
      fc.constantFrom(...all),
      fc.constantFrom(...all).chain((jws) => mutatedText(jws, 'link')),
      randomText,
    );
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 16 }), async (entries) => {
        const ctx = { manifest, traineeId: 'trainee-tess', now: new Date(NOW) };
        const { record, held } = await verifyProfileEntries(entries, ctx);
        const split = splitEntries(entries);
        for (const a of [...record.accepted, ...held.accepted]) expect(genuine.has(a.jws)).toBe(true);
        for (const r of [...record.refused, ...held.refused]) {
          expect(isSentence(r.reason) && isSentence(r.message)).toBe(true);
        }
        expect(record.accepted.length + record.refused.length).toBeLessThanOrEqual(split.signoffs.length);
        expect(held.accepted.length + held.refused.length).toBe(split.certifications.length);
      }),
      { numRuns: 50 },
    );
  });
});

describe('sign-off request links on the trainer’s sign-off page', () => {
  const request: SignoffRequest = {
    v: 1,
    course: 'demo-course',
    trainee: { id: 'trainee-tess', name: 'Tess Trainee' },
    skill: 'active-listening',
    step: 'solo',
  };

  /** A request link is either refused with a reason, or a request this site would itself make. */
  function requestChecked(text: string): void {
    const fragment = text.includes('#') ? text.slice(text.indexOf('#') + 1) : text;
    const decoded = decodeRequest(fragment);
    if (!decoded.ok) {
      expect(isRefusal(decoded)).toBe(true);
      return;
    }
    const again = encodeRequest(decoded.value);
    expect(again.ok).toBe(true);
    expect(again.ok && decodeRequest(again.value)).toEqual(decoded);
    expect(Object.keys(decoded.value).sort()).toEqual(['course', 'skill', 'step', 'trainee', 'v']);
  }

  it('property: a mutated request link, and one carrying mutated request JSON', () => {
    const made = encodeRequest(request);
    if (!made.ok) throw new Error(made.message);
    const link = `https://training.example.org/trainer/sign/#${made.value}`;
    const json = mutatedJsonText(request).map((t) => `#request=${Buffer.from(t).toString('base64url')}`);
    fc.assert(fc.property(fc.oneof(mutatedText(link, 'link'), json), requestChecked), { numRuns: 400 });
  });
});
