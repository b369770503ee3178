/**
 * The cohort desk at scale, for `npm run bench` (scripts/bench.ts): `n` trainees of a course of
 * 12 skills, every step of every skill signed off (48 entries a trainee, about 50,000 for a
 * thousand), all really signed. Times the import (every file verified and summarised, as the desk
 * does) and the first render's work (sort, window, the text of every cell on screen). Measures;
 * never passes or fails on time.
 */
import { buildBundle } from '../../src/lib/bundle/build';
import { benchCourse, benchSkills } from './bundle-bench';
import { signSignoff } from '../../src/lib/trust/entry';
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
  const files: { name: string; text: string }[] = [];
  let entryCount = 0;
  for (let t = 0; t < n; t++) {
    const trainee = { id: `bench-trainee-${String(t).padStart(5, '0')}`, name: `Trainee ${t}` };
    const signing = skills.flatMap((skill, s) =>
      STEPS.map((stepId, k) => {
        const signedAt = new Date(start + (s * 4 + k) * 3_600_000);
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
    const profile = { ...trainee, createdAt: new Date(start).toISOString(), lessons: {}, attempts: {}, entries };
    const bundle = await buildBundle(profile, manifest, {
      exportedFrom: 'trainee',
      now: new Date(start + 100 * 3_600_000),
      certifications: [],
    });
    files.push({ name: `${trainee.id}.json`, text: JSON.stringify(bundle) });
  }

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
