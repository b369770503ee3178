/**
 * Node's WebCrypto runs on libuv's thread pool, four threads unless told: one per core, so that
 * on a machine with more cores every one verifies, and on one with fewer the extra threads do
 * not take turns with the JavaScript that feeds them. Imported first by `npm run verify` and
 * `npm run bench`, so both run alike; a value already in the environment is kept.
 */
import os from 'node:os';

process.env['UV_THREADPOOL_SIZE'] ??= String(os.availableParallelism());
