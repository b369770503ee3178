/** The cohort desk's import on the page's worker pool: whole files judged on every core. */
import type { CourseManifest } from '../../lib/course/manifest';
import type { JudgeAll } from '../../lib/cohort/import';
import { judgeFor } from '../../lib/pool/judge';
import type { RunOptions } from '../../lib/pool/pool';
import { startPool } from './browser-pool';

export function pooledJudge(manifest: CourseManifest, options: RunOptions = {}): JudgeAll {
  // Started now, while the chosen files are still being read: the workers load their script
  // and take the manifest meanwhile, instead of after the last file is in.
  startPool(manifest);
  return judgeFor(manifest, () => startPool(manifest), options);
}
