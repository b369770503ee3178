import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withConnectSrc } from '../../../src/integrations/lrs-csp';
import { lrsEndpoint } from '../../../src/lib/lrs/client';
import { parseHeadersFile, headersFor } from '../../../src/lib/hosting/headers';

describe('the LRS endpoint an owner names', () => {
  it('takes an https address (or http on this computer) and ends it with one slash', () => {
    expect(lrsEndpoint('https://lrs.example.com/data/xAPI')).toEqual({
      ok: true,
      value: 'https://lrs.example.com/data/xAPI/',
    });
    expect(lrsEndpoint('http://127.0.0.1:4945/xAPI/')).toEqual({ ok: true, value: 'http://127.0.0.1:4945/xAPI/' });
    expect(lrsEndpoint(undefined)).toEqual({ ok: true, value: undefined });
  });

  it('refuses plain http elsewhere, a user name in it, or no address at all, saying why', () => {
    expect(lrsEndpoint('http://lrs.example.com/xAPI/')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/https/),
    });
    expect(lrsEndpoint('https://key:secret@lrs.example.com/')).toMatchObject({ ok: false, reason: 'extra-parts' });
    expect(lrsEndpoint('lrs.example.com')).toMatchObject({ ok: false, reason: 'not-a-url' });
  });
});

describe('the LRS origin in the Content-Security-Policy', () => {
  const headers = readFileSync('public/_headers', 'utf8');

  it('is added to connect-src of the policy the site sends, and nowhere else', () => {
    const text = withConnectSrc(headers, 'https://lrs.example.com');
    const parsed = parseHeadersFile(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    const csp = headersFor(parsed.rules, '/trainer/cohort/').find(([n]) => n === 'Content-Security-Policy')?.[1];
    expect(csp).toContain("connect-src 'self' https://lrs.example.com;");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval';");
    // The comments explaining the policy stay as they were.
    expect(text.split('\n').filter((l) => l.startsWith('#'))).toEqual(
      headers.split('\n').filter((l) => l.startsWith('#')),
    );
    expect(withConnectSrc(text, 'https://lrs.example.com')).toBe(text);
  });
});
