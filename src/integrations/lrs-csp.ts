/**
 * The LRS endpoint's origin in the Content-Security-Policy. The strict CSP of
 * public/_headers allows `connect-src 'self'` only, so a cohort desk could not reach the owner's
 * learning record store; after the build this adds the origin of `lrsEndpoint` (settings.yaml,
 * or LRS_ENDPOINT at build time) to `connect-src` in the built `_headers`, and nothing else. A
 * host that does not read `_headers` (nginx) needs the same origin added by hand: the build says so.
 */
import type { AstroIntegration } from 'astro';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { lrsEndpoint } from '../lib/lrs/client.ts';

/** The endpoint the build uses: LRS_ENDPOINT, else settings.yaml's `lrsEndpoint`. */
export function configuredLrsEndpoint(): string | undefined {
  if (process.env['LRS_ENDPOINT']) return process.env['LRS_ENDPOINT'];
  const root = (process.env['TANDEM_CONTENT'] || 'src/content').replace(/\/+$/, '');
  const file = `${root}/course/settings.yaml`;
  if (!existsSync(file)) return undefined;
  const settings = load(readFileSync(file, 'utf8')) as { lrsEndpoint?: unknown } | null;
  return typeof settings?.lrsEndpoint === 'string' ? settings.lrsEndpoint : undefined;
}

/** `_headers` text with `origin` added to the `connect-src` of every Content-Security-Policy line (not comments). */
export function withConnectSrc(headers: string, origin: string): string {
  return headers
    .split('\n')
    .map((line) =>
      /^\s+Content-Security-Policy:/i.test(line)
        ? line.replace(/connect-src [^;]*/, (directive) =>
            directive.split(' ').includes(origin) ? directive : `${directive} ${origin}`,
          )
        : line,
    )
    .join('\n');
}

export function lrsCsp(): AstroIntegration {
  return {
    name: 'tandem-lrs-csp',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const endpoint = lrsEndpoint(configuredLrsEndpoint());
        if (!endpoint.ok) throw new Error(`[tandem] ${endpoint.message}`);
        if (!endpoint.value) return;
        const origin = new URL(endpoint.value).origin;
        const file = fileURLToPath(new URL('_headers', dir));
        if (existsSync(file)) writeFileSync(file, withConnectSrc(readFileSync(file, 'utf8'), origin));
        logger.info(
          `LRS ${endpoint.value}: ${origin} added to connect-src in _headers (on nginx, add it to the Content-Security-Policy in your server block too).`,
        );
      },
    },
  };
}
