/**
 * The strict Content-Security-Policy of public/_headers is really sent, and really enforced:
 * every built page is served with it and loads without a violation. (Every other spec runs
 * under the same policy, with the guard in helpers/test.ts failing on any violation.)
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './helpers/test';

const built = path.join(process.env.TANDEM_E2E_DIST ?? 'dist-test', 'root');
const pages = (readdirSync(built, { recursive: true }) as string[])
  .filter((file) => file.endsWith('index.html'))
  .map((file) =>
    file
      .split(path.sep)
      .join('/')
      .replace(/index\.html$/, ''),
  )
  .sort();

test('every page is served with the strict policy and loads without a violation', async ({ page }) => {
  test.setTimeout(120_000);
  expect(pages.length).toBeGreaterThan(50);
  for (const url of pages) {
    const response = await page.goto(url);
    const csp = response!.headers()['content-security-policy'] ?? '';
    expect(csp, url).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp, url).not.toContain('unsafe-inline');
    expect(response!.headers()['x-content-type-options'], url).toBe('nosniff');
  }
});

test('the policy is enforced: an injected inline script does not run, and the guard sees it', async ({
  page,
  cspViolations,
}) => {
  await page.goto('lessons/processing-a-return/');
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true';
    document.body.append(script);
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
  expect(cspViolations.join('\n')).toContain('script-src');
  // This violation was the point of the test; the guard should not fail it.
  cspViolations.length = 0;
});
