/** The cohort import's part of the pool, loaded with import() when files are chosen (see ./on-demand.ts). */
export { pooledJudge } from './pooled-judge';
export { progressView } from './progress-view';
/** Starts the pool ahead of an import (the import panel calls it on the first sign of one). */
export { startPool as warmPool } from './browser-pool';
