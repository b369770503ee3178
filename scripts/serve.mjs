#!/usr/bin/env node
// A plain static server for the built site, the way any static host would serve it: files
// only, no rewrites except the 404 page. Used by `npm start`, `npm run preview` and the
// end-to-end tests (which also use it for the sub-path build).
//
//   node scripts/serve.mjs [DIR] [--port N] [--host H] [--base /training/]
//   (defaults: dist, PORT or 4321, HOST or 127.0.0.1, BASE_PATH or /)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import sirv from 'sirv';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const port = Number(option('port', process.env.PORT ?? 4321));
const host = option('host', process.env.HOST ?? '127.0.0.1');
const rawBase = option('base', process.env.BASE_PATH ?? '/');
const base = `/${rawBase.replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
const dir = path.resolve(args[0] ?? 'dist');

if (!fs.existsSync(path.join(dir, 'index.html'))) {
  console.error(`No built site in ${dir}: run \`npm run build\` first.`);
  process.exit(2);
}

const files = sirv(dir, { dev: false, etag: true });
const notFoundPage = fs.readFileSync(path.join(dir, '404.html'));
const notFound = (res) => {
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
  files(req, res, () => notFound(res));
});

server.listen(port, host, () => {
  const shown = host === '0.0.0.0' || host === '127.0.0.1' ? 'localhost' : host;
  console.log(
    `Serving ${path.relative(process.cwd(), dir) || '.'} at http://${shown}:${port}${base}  (Ctrl+C to stop)`,
  );
});
