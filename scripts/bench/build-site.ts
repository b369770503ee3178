/**
 * Builds a course for `npm run bench` and measures the output. Every build runs in a copy of the
 * project inside the benchmark's temporary folder, with its own content (TANDEM_CONTENT), Astro
 * cache (TANDEM_CACHE_DIR) and output folder, so the real project's .astro/, dist/ and
 * node_modules/.astro are never touched, whatever the other people working in the tree build.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/**
 * Copies what a build reads into `work/project`. Its node_modules is a folder of links to the
 * project's packages rather than one link to the whole folder: Astro and Vite write caches into
 * node_modules (.vite/, .astro/), and those must land in the copy, not in the real project.
 */
export function copyProject(projectRoot: string, work: string): string {
  const root = path.join(work, 'project');
  for (const item of ['src', 'public', 'astro.config.mjs', 'tsconfig.json', 'package.json']) {
    cpSync(path.join(projectRoot, item), path.join(root, item), { recursive: true });
  }
  const modules = path.join(projectRoot, 'node_modules');
  mkdirSync(path.join(root, 'node_modules'));
  for (const name of readdirSync(modules)) {
    if (name.startsWith('.')) continue; // caches (.vite, .astro) and npm's bookkeeping
    symlinkSync(path.join(modules, name), path.join(root, 'node_modules', name));
  }
  return root;
}

export interface BuildRun {
  ok: boolean;
  seconds: number;
  /** Everything the build printed (stdout and stderr, interleaved). */
  output: string;
}

/** The build running now, so that an interrupted benchmark can stop it before cleaning up. */
let runningBuild: ChildProcess | undefined;

export function stopRunningBuild(): void {
  runningBuild?.kill('SIGTERM');
}

export interface AstroOptions {
  /** The project copy. */
  root: string;
  /** The content folder (TANDEM_CONTENT). */
  content: string;
  /** Astro's cache folder (TANDEM_CACHE_DIR). */
  cacheDir: string;
}

/** `astro build` into `outDir`, timed. */
export function buildSite(options: AstroOptions & { outDir: string }): Promise<BuildRun> {
  return runAstro(['build', '--outDir', options.outDir], options);
}

/**
 * `astro sync`, untimed, before the first build: it makes Vite bundle the dependencies once
 * (about five seconds) into the copy's cache, so the first timed build is not charged for what
 * an owner's repeated builds never pay.
 */
export function warmUp(options: AstroOptions): Promise<BuildRun> {
  return runAstro(['sync'], options);
}

function runAstro(args: string[], options: AstroOptions): Promise<BuildRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', ...args, '--root', options.root], {
      cwd: options.root,
      env: {
        ...process.env,
        ASTRO_TELEMETRY_DISABLED: '1',
        TANDEM_CONTENT: options.content,
        TANDEM_CACHE_DIR: options.cacheDir,
        BASE_PATH: '',
        FORCE_COLOR: '0',
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    runningBuild = child;
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.stderr.on('data', (b: Buffer) => chunks.push(b));
    const finish = (ok: boolean, extra = '') => {
      runningBuild = undefined;
      // Terminal colours: some tools (rolldown) print them whatever FORCE_COLOR says.
      const output = (Buffer.concat(chunks).toString('utf8') + extra).replace(/\x1b\[[0-9;]*m/g, '');
      resolve({ ok, seconds: (performance.now() - started) / 1000, output });
    };
    child.on('error', (error) => finish(false, `\n${error.message}`));
    child.on('close', (code, signal) => finish(code === 0, code === 0 ? '' : `\n(exit ${code ?? signal})`));
  });
}

export interface SiteFigures {
  /** HTML pages in the output. */
  pages: number;
  dist: { files: number; bytes: number };
  pagefind: { files: number; bytes: number };
  /** The largest HTML page (bytes) and where it is. */
  largestPage: { file: string; bytes: number };
  /** The largest HTML page gzipped (level 9, as the build's .gz copies), what a browser downloads. */
  largestPageGzip: { file: string; bytes: number };
  /** The build's precompressed copies (src/integrations/compress.ts): count and bytes. */
  gzipCopies: { files: number; bytes: number };
  /** /tandem/manifest.json, which every trainee's and trainer's device loads. */
  manifestBytes: number | undefined;
  /** What sw.js precaches, when the build writes a service worker. */
  precache: Precache | undefined;
  phases: Phases;
}

/**
 * Where a build's time goes, in seconds, read from Astro's log (undefined when a line is
 * missing): `setup` (config, content sync, types), `bundle` (Vite), `render` (writing the pages),
 * `pagefind`, `hooks` (every other build-done step, such as the service worker), and `astro`, the
 * total Astro reports (the wall-clock time adds Node and Astro start-up).
 */
export interface Phases {
  setup: number | undefined;
  bundle: number | undefined;
  render: number | undefined;
  pagefind: number | undefined;
  hooks: number | undefined;
  /** Of `hooks`: writing sw.js (src/integrations/offline.ts) and the .gz copies (compress.ts). */
  serviceWorker: number | undefined;
  gzip: number | undefined;
  astro: number | undefined;
}

export function buildPhases(output: string): Phases {
  // Astro prints "523ms", "4.85s" or, past a minute, "1m 42s" (astro/dist/core/build/util.js).
  const time = String.raw`(\d+m \d+s|[\d.]+m?s)`;
  const seconds = (pattern: string) => {
    const t = new RegExp(pattern.replace('TIME', time)).exec(output)?.[1];
    if (t === undefined) return undefined;
    const minutes = /^(\d+)m (\d+)s$/.exec(t);
    if (minutes) return Number(minutes[1]) * 60 + Number(minutes[2]);
    return t.endsWith('ms') ? Number(t.slice(0, -2)) / 1000 : Number(t.slice(0, -1));
  };
  // "Collecting build info… ✓ Completed in" counts from the start (config, content sync, types);
  // the static build's "[build] ✓ Completed in" covers bundling and rendering, and the
  // unlabelled "✓ Completed in" after "generating static routes" the rendering alone.
  const setup = seconds(String.raw`Collecting build info\.\.\.[^\n]*\n[^\n]*✓ Completed in TIME`);
  const staticBuild = seconds(String.raw`Building static entrypoints[\s\S]*?\[build\] ✓ Completed in TIME`);
  const render = seconds(String.raw`generating static routes[\s\S]*?✓ Completed in TIME`);
  const indexed = /indexed \d+ pages in (\d+) ms/.exec(output); // src/integrations/pagefind.ts
  const pagefind = indexed ? Number(indexed[1]) / 1000 : undefined;
  const astro = seconds(String.raw`page\(s\) built in TIME`);
  const ms = (pattern: RegExp) => {
    const m = pattern.exec(output);
    return m ? Number(m[1]) / 1000 : undefined;
  };
  return {
    setup,
    bundle: staticBuild !== undefined && render !== undefined ? staticBuild - render : undefined,
    render,
    pagefind,
    hooks:
      setup !== undefined && staticBuild !== undefined && pagefind !== undefined && astro !== undefined
        ? Math.max(0, astro - setup - staticBuild - pagefind)
        : undefined,
    serviceWorker: ms(/service worker precaches \d+ files \([^)]*\) in (\d+) ms/),
    gzip: ms(/gzipped \d+ files \([^)]*\) in (\d+) ms/),
    astro,
  };
}

export function measureSite(dist: string, output: string): SiteFigures {
  const files = listFiles(dist);
  const html = files.filter((f) => f.file.endsWith('.html'));
  const pagefind = files.filter((f) => f.file.startsWith(`pagefind${path.sep}`) && !f.file.endsWith('.gz'));
  const largest = html.reduce((a, b) => (b.bytes > a.bytes ? b : a), { file: '', bytes: 0 });
  const copies = files.filter((f) => f.file.endsWith('.gz'));
  const gzipped = new Map(copies.map((f) => [f.file.slice(0, -3), f.bytes]));
  const largestGzip = html
    .map((f) => ({
      file: f.file,
      bytes: gzipped.get(f.file) ?? gzipSync(readFileSync(path.join(dist, f.file)), { level: 9 }).length,
    }))
    .reduce((a, b) => (b.bytes > a.bytes ? b : a), { file: '', bytes: 0 });
  const manifest = path.join(dist, 'tandem', 'manifest.json');
  return {
    pages: html.length,
    dist: total(files.filter((f) => !f.file.endsWith('.gz'))),
    pagefind: total(pagefind),
    largestPage: largest,
    largestPageGzip: largestGzip,
    gzipCopies: total(copies),
    manifestBytes: existsSync(manifest) ? statSync(manifest).size : undefined,
    precache: precacheSize(dist),
    phases: buildPhases(output),
  };
}

export interface Precache {
  entries: number;
  bytes: number;
  /** Precached URLs with no file in the output (should be none). */
  missing: number;
}

/**
 * The precache list Workbox writes into sw.js: `{url:"…",revision:"…"}` objects from
 * generateSW, or the JSON array injectManifest puts in place of self.__WB_MANIFEST. Sizes are
 * the files' sizes in the output (what a first visit downloads in the background).
 */
export function precacheSize(dist: string): Precache | undefined {
  const sw = path.join(dist, 'sw.js');
  if (!existsSync(sw)) return undefined;
  const code = readFileSync(sw, 'utf8');
  const urls = new Set<string>();
  for (const m of code.matchAll(/(?:\burl|"url")\s*:\s*(["'])([^"']+)\1/g)) if (m[2]) urls.add(m[2]);
  let bytes = 0;
  let missing = 0;
  for (const url of urls) {
    const local = decodeURI(url.replace(/[?#].*$/, '').replace(/^\.?\//, ''));
    let file = path.join(dist, local);
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (existsSync(file)) bytes += statSync(file).size;
    else missing++;
  }
  return { entries: urls.size, bytes, missing };
}

function listFiles(dir: string): { file: string; bytes: number }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => {
      const full = path.join(d.parentPath, d.name);
      return { file: path.relative(dir, full), bytes: statSync(full).size };
    });
}

function total(files: { bytes: number }[]): { files: number; bytes: number } {
  return { files: files.length, bytes: files.reduce((sum, f) => sum + f.bytes, 0) };
}

/** The lines of a failed build that say why: errors first, else its last lines. */
export function failureReason(output: string, lines = 25): string {
  const all = output.split('\n').filter((l) => l.trim() !== '' && !/^\s*(?:at |Stack trace:)/.test(l));
  const first = all.findIndex((l) => /error|failed|✘|\[ERROR\]/i.test(l));
  const picked = first >= 0 ? all.slice(first, first + lines) : all.slice(-lines);
  return picked.map((l) => `    ${l}`).join('\n');
}
