#!/usr/bin/env node
// A plain static server for the built site, the way any static host would serve it: files
// only, no rewrites except the 404 page. Used by `npm start`, `npm run preview` and the
// end-to-end tests (which also use it for the sub-path build). It sends the headers in DIR/_headers
// (public/_headers: the strict Content-Security-Policy, and the cache lifetimes) as a static host
// that reads that file would, so what works here works there. Like nginx with `gzip_static on`
// (docs/hosting/nginx.conf), it sends the build's precompressed FILE.gz to browsers that accept
// gzip.
//
//   node scripts/serve.mjs [DIR] [--port N] [--host H] [--base /training/] [--no-headers]
//   (defaults: dist, PORT or 4321, HOST or 127.0.0.1, BASE_PATH or /)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import sirv from 'sirv';
import { headersFor, parseHeadersFile } from '../src/lib/hosting/headers.ts';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const port = Number(option('port', process.env.PORT ?? 4321));
const host = option('host', process.env.HOST ?? '127.0.0.1');
const rawBase = option('base', process.env.BASE_PATH ?? '/');
const base = `/${rawBase.replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
const flag = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && Boolean(args.splice(i, 1));
};
const noHeaders = flag('no-headers');
const dir = path.resolve(args[0] ?? 'dist');

if (!fs.existsSync(path.join(dir, 'index.html'))) {
  console.error(`No built site in ${dir}: run \`npm run build\` first.`);
  process.exit(2);
}

let rules = [];
const headersFile = path.join(dir, '_headers');
if (!noHeaders && fs.existsSync(headersFile)) {
  const parsed = parseHeadersFile(fs.readFileSync(headersFile, 'utf8'));
  if (!parsed.ok) {
    console.error(`${headersFile}, line ${parsed.line}: ${parsed.reason}`);
    process.exit(2);
  }
  rules = parsed.rules;
}

const files = sirv(dir, { dev: false, etag: true, gzip: true });

/**
 * A FILE.gz older than FILE is left from before FILE was edited by hand (the end-to-end tests
 * "deploy" a revised lesson that way): send FILE rather than what it used to say.
 */
const staleCopy = (pathname) => {
  try {
    let file = path.join(dir, decodeURIComponent(pathname));
    if (pathname.endsWith('/')) file = path.join(file, 'index.html');
    return fs.statSync(`${file}.gz`).mtimeMs < fs.statSync(file).mtimeMs;
  } catch {
    return false;
  }
};
const notFoundPage = fs.readFileSync(path.join(dir, '404.html'));
const notFound = (res) => {
  // A file that is not there yet must not be remembered as missing for a year.
  res.removeHeader('cache-control');
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
  res.end(notFoundPage);
};

const server = http.createServer((req, res) => {
  const url = req.url ?? '/';
  if (base !== '/') {
    if (url === '/' || url === base.slice(0, -1)) {
      res.writeHead(302, { location: base });
      return res.end();
    }
    if (!url.startsWith(base)) return notFound(res);
    req.url = url.slice(base.length - 1);
  }
  // Like a static host, the headers apply to every response, the 404 page included.
  const pathname = (req.url ?? '/').split(/[?#]/)[0];
  for (const [name, value] of headersFor(rules, pathname)) res.setHeader(name, value);
  if (staleCopy(pathname)) delete req.headers['accept-encoding'];
  files(req, res, () => notFound(res));
});

server.listen(port, host, () => {
  const shown = host === '0.0.0.0' || host === '127.0.0.1' ? 'localhost' : host;
  console.log(
    `Serving ${path.relative(process.cwd(), dir) || '.'} at http://${shown}:${port}${base}  (Ctrl+C to stop)`,
  );
});
