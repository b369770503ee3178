/**
 * Crawls the built site from the home page and requests every internal link, form target,
 * stylesheet, script and image: none may be broken, none may escape the site's base path, and every
 * in-page anchor (#fragment) must exist on its target page.
 */
import { expect, test } from './helpers/test';

test('no broken internal links anywhere in the site', async ({ request, baseURL }) => {
  const root = new URL(baseURL!);
  const pages = new Map<string, string>(); // url -> html
  const queue = [root.href];
  const problems: string[] = [];
  const anchors: { from: string; target: string; id: string }[] = [];
  const assets = new Set<string>();

  while (queue.length > 0) {
    const url = queue.shift()!;
    if (pages.has(url)) continue;
    const response = await request.get(url);
    if (!response.ok()) {
      problems.push(`${url} → ${response.status()}`);
      pages.set(url, '');
      continue;
    }
    const html = await response.text();
    pages.set(url, html);
    for (const [, attr, raw] of html.matchAll(/\s(href|src|action)="([^"]*)"/g)) {
      if (!raw || /^(mailto:|tel:|data:)/.test(raw)) continue;
      const target = new URL(raw.replaceAll('&amp;', '&'), url);
      if (target.origin !== root.origin) continue;
      if (!target.pathname.startsWith(root.pathname)) problems.push(`${url} links outside the site base: ${raw}`);
      if (target.hash)
        anchors.push({ from: url, target: target.href.split('#')[0]!, id: decodeURIComponent(target.hash.slice(1)) });
      target.hash = '';
      const isPage = attr !== 'src' && (target.pathname.endsWith('/') || target.pathname.endsWith('.html'));
      if (isPage && !target.search) queue.push(target.href);
      else assets.add(target.href);
    }
  }

  for (const asset of assets) {
    const response = await request.get(asset);
    if (!response.ok()) problems.push(`${asset} → ${response.status()}`);
  }
  for (const { from, target, id } of anchors) {
    const html = pages.get(target) ?? '';
    if (!html.includes(`id="${id}"`)) problems.push(`${from} links to #${id}, which ${target} does not have`);
  }

  expect(problems).toEqual([]);
  // Every lesson, module and skill page was reached by following links from the home page.
  const paths = [...pages.keys()].map((u) => new URL(u).pathname.slice(root.pathname.length));
  expect(paths.filter((p) => p.startsWith('lessons/')).length).toBeGreaterThanOrEqual(24);
  expect(paths.filter((p) => p.startsWith('modules/')).length).toBe(12);
  expect(paths.filter((p) => p.startsWith('skills/')).length).toBeGreaterThanOrEqual(10);
  expect(paths).toEqual(expect.arrayContaining(['', 'search/', 'guides/trainer/', 'guides/owner/']));
});
