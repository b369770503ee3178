/**
 * A real learning record store for the tests: Learning Locker's statement service
 * (`xapi-statements`, installed in this folder by `npm install --prefix tests/lrs`, which .ci/run
 * does), run in memory on 127.0.0.1 in a child process, with a small local endpoint that tells it
 * which Basic key:secret pairs are clients (AUTH_REPO=fetch). It starts in about a second; `stop()`
 * ends it and `start()` starts a fresh one (empty: it keeps nothing) on the same port, so a test
 * can take the LRS down and bring it back.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface LrsClient {
  key: string;
  secret: string;
}

export interface TestLrs {
  /** The xAPI endpoint, e.g. http://127.0.0.1:4945/xAPI/. */
  endpoint: string;
  /** Basic credentials of `client`, for requests the test itself makes. */
  authorization(client: LrsClient): string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the LRS and the auth endpoint. */
  close(): Promise<void>;
}

export const authorization = ({ key, secret }: LrsClient) =>
  `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;

/** Starts the LRS on `port` (loopback only) for the clients given. */
export async function startLrs(port: number, clients: readonly LrsClient[]): Promise<TestLrs> {
  if (!existsSync(path.join(here, 'node_modules/xapi-statements/dist/server.js'))) {
    throw new Error('The test LRS is not installed: run `npm install --prefix tests/lrs` (.ci/run does).');
  }
  const known = new Map(clients.map((c, i) => [authorization(c), i]));
  // Learning Locker asks this endpoint about each request's Authorization header: a known key
  // is a client with every scope; anything else is "no such client", which the LRS answers 401.
  const auth = http.createServer((req, res) => {
    const i = known.get(req.headers.authorization ?? '');
    if (i === undefined) {
      res.writeHead(404).end();
      return;
    }
    const id = (n: number) => n.toString(16).padStart(24, '0');
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(
      JSON.stringify({
        _id: id(i + 1),
        title: `client ${i + 1}`,
        authority: { objectType: 'Agent', name: `client ${i + 1}`, mbox: `mailto:client${i + 1}@lrs.test` },
        isTrusted: true,
        lrs_id: id(100),
        organisation: id(200),
        scopes: ['all'],
      }),
    );
  });
  await new Promise<void>((resolve) => auth.listen(0, '127.0.0.1', resolve));
  const authPort = (auth.address() as AddressInfo).port;
  const storage = mkdtempSync(path.join(tmpdir(), 'tandem-lrs-'));

  let child: ChildProcess | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const proc = fork(path.join(here, 'run.cjs'), [], {
        cwd: here,
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          EXPRESS_PORT: String(port),
          MODELS_REPO: 'memory',
          STORAGE_REPO: 'local',
          EVENTS_REPO: 'test',
          AUTH_REPO: 'fetch',
          LL_CLIENT_INFO_ENDPOINT: `http://127.0.0.1:${authPort}/`,
          FS_LOCAL_STORAGE_DIR: storage,
          EXPRESS_MORGAN_DIRECTORY: path.join(storage, 'access-logs'),
          WINSTON_CONSOLE_LEVEL: 'error',
          NODE_NO_WARNINGS: '1',
        },
      });
      let errors = '';
      proc.stderr?.on('data', (d: Buffer) => (errors += d.toString()));
      const timer = setTimeout(() => {
        proc.kill();
        reject(new Error(`The test LRS did not start on port ${port} within 20 s.\n${errors}`));
      }, 20_000);
      proc.once('message', (m) => {
        if (m !== 'ready') return;
        clearTimeout(timer);
        child = proc;
        resolve();
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        if (child !== proc) reject(new Error(`The test LRS exited (${code}) before it was ready.\n${errors}`));
      });
    });
  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  };
  await start();
  return {
    endpoint: `http://127.0.0.1:${port}/xAPI/`,
    authorization,
    start,
    stop,
    async close() {
      await stop();
      await new Promise<void>((resolve) => auth.close(() => resolve()));
      rmSync(storage, { recursive: true, force: true });
    },
  };
}
