import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { headersFor, matchesPattern, parseHeadersFile } from '../../../src/lib/hosting/headers';

const headersFile = readFileSync('public/_headers', 'utf8');
const nginx = readFileSync('docs/hosting/nginx.conf', 'utf8');

function siteRules() {
  const parsed = parseHeadersFile(headersFile);
  if (!parsed.ok) throw new Error(`public/_headers line ${parsed.line}: ${parsed.reason}`);
  return parsed.rules;
}

describe('the _headers file shipped with the site', () => {
  it('gives every page a strict CSP: no inline scripts or styles, no eval, only WebAssembly for search', () => {
    const csp = new Map(headersFor(siteRules(), '/lessons/processing-a-return/')).get('Content-Security-Policy')!;
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values];
      }),
    );
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-inline|'unsafe-eval'|\*/);
  });

  it('keeps the service worker out of HTTP caches, so a new version is noticed', () => {
    expect(new Map(headersFor(siteRules(), '/sw.js')).get('Cache-Control')).toBe('no-cache');
    expect(new Map(headersFor(siteRules(), '/index.html')).has('Cache-Control')).toBe(false);
  });

  it('lets wallets on other sites fetch the published keys (CORS), and nothing else', () => {
    for (const file of ['/.well-known/jwks.json', '/.well-known/did.json', '/did.json']) {
      expect(new Map(headersFor(siteRules(), file)).get('Access-Control-Allow-Origin'), file).toBe('*');
    }
    for (const page of ['/', '/verify/', '/tandem/manifest.json']) {
      expect(new Map(headersFor(siteRules(), page)).has('Access-Control-Allow-Origin'), page).toBe(false);
    }
    // nginx sets the same through a map, for the same paths.
    const map = /map \$uri \$tandem_cors \{([\s\S]*?)\}/.exec(nginx)?.[1] ?? '';
    const patterns = [...map.matchAll(/^\s*~(\S+)\s+"\*";/gm)].map((m) => new RegExp(m[1]!));
    for (const file of ['/.well-known/jwks.json', '/did.json'])
      expect(
        patterns.some((p) => p.test(file)),
        file,
      ).toBe(true);
    expect(patterns.some((p) => p.test('/verify/'))).toBe(false);
    expect(nginx).toMatch(/^\s*add_header Access-Control-Allow-Origin \$tandem_cors;/m);
  });

  it('is matched by the nginx sample, header for header', () => {
    const fromNginx = new Map(
      [...nginx.matchAll(/^\s*add_header ([\w-]+) "([^"]*)" always;/gm)].map((m) => [m[1]!, m[2]!]),
    );
    for (const [name, value] of headersFor(siteRules(), '/')) {
      expect(fromNginx.get(name), name).toBe(value);
    }
    // Every location that sets its own headers repeats the policy (nginx does not inherit it).
    const locations = [...nginx.matchAll(/^ {4}location [^{]+\{([\s\S]*?)^ {4}\}/gm)].map((m) => m[1]!);
    expect(locations.length).toBeGreaterThanOrEqual(2);
    for (const block of locations.filter((b) => /^\s*add_header/m.test(b))) {
      expect(block).toContain('add_header Content-Security-Policy');
    }
  });
});

describe('parseHeadersFile', () => {
  it('reads paths, headers and comments', () => {
    const parsed = parseHeadersFile('# c\n/*\n  A: 1\n  B: x: y\n\n/sw.js\n  C: 2\n');
    expect(parsed).toEqual({
      ok: true,
      rules: [
        {
          pattern: '/*',
          headers: [
            ['A', '1'],
            ['B', 'x: y'],
          ],
        },
        { pattern: '/sw.js', headers: [['C', '2']] },
      ],
    });
  });

  it('refuses a broken file with the line and the reason', () => {
    expect(parseHeadersFile('  A: 1\n')).toEqual({ ok: false, line: 1, reason: 'a header comes before any path' });
    expect(parseHeadersFile('/*\n  not a header\n')).toMatchObject({ ok: false, line: 2 });
    expect(parseHeadersFile('sw.js\n')).toMatchObject({ ok: false, line: 1, reason: expect.stringContaining('"/"') });
  });

  it('matches * against any run of characters and nothing else as a pattern', () => {
    expect(matchesPattern('/*', '/a/b/')).toBe(true);
    expect(matchesPattern('/sw.js', '/sw.js')).toBe(true);
    expect(matchesPattern('/sw.js', '/swxjs')).toBe(false);
    expect(matchesPattern('/lessons/*', '/guides/')).toBe(false);
  });
});
