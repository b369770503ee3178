/** The cohort desk's import on the page's worker pool: whole files judged on every core. */
import type { CourseManifest } from '../../lib/course/manifest';
import type { JudgeAll } from '../../lib/cohort/import';
import { judgeFor } from '../../lib/pool/judge';
import type { RunOptions } from '../../lib/pool/pool';
import { startPool } from './browser-pool';

export function pooledJudge(manifest: CourseManifest, options: RunOptions = {}): JudgeAll {
  return judgeFor(manifest, () => startPool(manifest), options);
}
