/**
 * Node's WebCrypto runs on libuv's thread pool, four threads unless told. On a machine with
 * fewer cores than that, the extra threads only take turns with the ones verifying and with the
 * JavaScript that feeds them: one thread per core is faster (on 2 cores, about 9,000 signature
 * checks a second against 6,000). Imported first by `npm run verify` and `npm run bench`, so it
 * is set before anything starts the pool; a value already in the environment is kept.
 */
import os from 'node:os';

process.env['UV_THREADPOOL_SIZE'] ??= String(os.availableParallelism());
