/**
 * The cohort import's use of the pool, apart from ./pool.ts so that pages which only verify
 * sign-offs (the verify and sign-off pages) do not load the cohort desk's code.
 */
import type { CourseManifest } from '../course/manifest';
import { judgeBundle, type JudgeAll, type Judged } from '../cohort/import';
import { Cancelled, isCancelled, type RunOptions, type VerifyPool } from './pool';

/** A `judgeAll` for `importBundles` with the pool, falling back to this thread as `checkerFor` does. */
export function judgeFor(
  manifest: CourseManifest,
  start: () => VerifyPool | undefined,
  options: RunOptions = {},
): JudgeAll {
  return async (texts, now) => {
    const pool = start();
    if (pool) {
      try {
        return await pool.judge(options)(texts, now);
      } catch (error) {
        if (isCancelled(error)) throw error;
      }
    }
    const judged: Judged[] = [];
    for (const [i, text] of texts.entries()) {
      if (options.signal?.aborted) throw new Cancelled();
      judged.push(await judgeBundle(await text, manifest, now));
      options.onProgress?.(i + 1, texts.length);
    }
    return judged;
  };
}
