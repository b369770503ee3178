/** The cohort import's part of the pool, loaded with import() when files are chosen (see ./on-demand.ts). */
export { pooledJudge } from './pooled-judge';
export { progressView } from './progress-view';
