/**
 * What a page needs to verify on the worker pool, loaded with import() when a verification
 * starts: the first view of the verify and sign-off pages parses none of it.
 */
export { pooledChecker } from './browser-pool';
export { progressView } from './progress-view';
