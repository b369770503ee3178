/**
 * The cohort desk at scale, for `npm run bench` (scripts/bench.ts): `n` trainees of a course of
 * 12 skills, every step of every skill signed off (48 entries a trainee, about 50,000 for a
 * thousand), all really signed. Times the import (every file verified and summarised, as the desk
 * does) and the first render's work (sort, window, the text of every cell on screen). Measures;
 * never passes or fails on time.
 */
import type { CourseManifest, ManifestSkill } from '../../src/lib/course/manifest';
import { buildBundle } from '../../src/lib/bundle/build';
import { benchCourse, benchSkills } from './bundle-bench';
import { signSignoff, type Signer } from '../../src/lib/trust/entry';
import { importBundles } from '../../src/lib/cohort/import';
import { rowWindow, skillCellText, viewCohort } from '../../src/lib/cohort/model';

const SKILLS = 12;
const STEPS = ['show', 'copilot', 'solo', 'teachback'] as const;

export interface CohortBenchResult {
  trainees: number;
  entries: number;
  /** Seconds to verify, summarise and decide on every file. */
  importSeconds: number;
  /** Milliseconds for the first screen: sort, window, cell texts of the visible rows. */
  firstRenderMs: number;
  /** Files accepted (should be all of them). */
  accepted: number;
}

export async function benchCohort(n: number): Promise<CohortBenchResult> {
  const skills = benchSkills(SKILLS, { required: true, withLesson: false });
  const { signer, manifest } = await benchCourse(skills);

  const start = Date.UTC(2025, 0, 1);
  const { files, entryCount } = await signedCohortFiles(signer, manifest, skills, n, {
    start,
    traineeId: (t) => `bench-trainee-${String(t).padStart(5, '0')}`,
    exportedAt: start + 100 * 3_600_000,
  });

  const now = new Date(start + 200 * 3_600_000);
  const began = performance.now();
  const { put } = await importBundles(files, new Map(), manifest, now);
  const importSeconds = (performance.now() - began) / 1000;

  const summaries = put.map((e) => e.summary);
  const renderBegan = performance.now();
  const shown = viewCohort(summaries, {}, 'name', manifest, now.getTime());
  const w = rowWindow(0, 900, 44, shown.length);
  let cells = 0;
  for (let i = w.start; i < w.end; i++) {
    const t = shown[i];
    if (!t) continue;
    for (const skill of skills)
      cells += skillCellText(skill.title, t.skills[skill.id], now.getTime()).length > 0 ? 1 : 0;
  }
  const firstRenderMs = performance.now() - renderBegan;
  if (cells === 0 && n > 0) throw new Error('the first screen rendered no cells');
  return { trainees: n, entries: entryCount, importSeconds, firstRenderMs, accepted: put.length };
}

/**
 * Bundle files for `count` trainees, each with every step of `skills` signed off (four entries a
 * skill, an hour apart from `start`), all really signed by `signer`: the cohort desk's input, for
 * this bench in Node and the pool bench in the browser.
 */
export async function signedCohortFiles(
  signer: Signer,
  manifest: CourseManifest,
  skills: readonly ManifestSkill[],
  count: number,
  o: { start: number; traineeId: (t: number) => string; exportedAt: number },
): Promise<{ files: { name: string; text: string }[]; entryCount: number }> {
  const files: { name: string; text: string }[] = [];
  let entryCount = 0;
  for (let t = 0; t < count; t++) {
    const trainee = { id: o.traineeId(t), name: `Trainee ${t}` };
    const signing = skills.flatMap((skill, s) =>
      STEPS.map((stepId, k) => {
        const signedAt = new Date(o.start + (s * 4 + k) * 3_600_000);
        return signSignoff(
          {
            course: manifest.course.id,
            skill: skill.id,
            skillHash: skill.hash,
            trainee,
            step: stepId,
            outcome: 'signed-off',
            observedAt: signedAt.toISOString().slice(0, 10),
            notes: 'A benchmark entry with a note of ordinary length.',
            signedAt,
          },
          signer,
        );
      }),
    );
    const entries = (await Promise.all(signing)).map((r) => {
      if (!r.ok) throw new Error(r.message);
      return r.value.jws;
    });
    entryCount += entries.length;
    const profile = { ...trainee, createdAt: new Date(o.start).toISOString(), lessons: {}, attempts: {}, entries };
    const bundle = await buildBundle(profile, manifest, {
      exportedFrom: 'trainee',
      now: new Date(o.exportedAt),
      certifications: [],
    });
    files.push({ name: `${trainee.id}.json`, text: JSON.stringify(bundle) });
  }
  return { files, entryCount };
}
