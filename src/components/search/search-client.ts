/**
 * A thin client over Pagefind's own JavaScript API. Pagefind is loaded only when someone
 * searches, from the index the build wrote next to the site, so lesson pages carry none of it.
 */
export interface SearchHit {
  url: string;
  title: string;
  excerpt: string;
}

interface PagefindApi {
  options(o: { baseUrl: string }): Promise<void>;
  init(): Promise<void>;
  search(
    q: string,
  ): Promise<{ results: { data(): Promise<{ url: string; meta: { title?: string }; excerpt: string }> }[] }>;
}

let api: Promise<PagefindApi> | undefined;

function loadPagefind(base: string): Promise<PagefindApi> {
  api ??= (async () => {
    const mod = (await import(/* @vite-ignore */ `${base}pagefind/pagefind.js`)) as PagefindApi;
    // Results carry site-relative URLs; under a sub-path they must be prefixed with it.
    await mod.options({ baseUrl: base });
    await mod.init();
    return mod;
  })();
  return api;
}

export async function searchLessons(base: string, query: string, limit = 20): Promise<SearchHit[]> {
  const pagefind = await loadPagefind(base);
  const found = await pagefind.search(query);
  const data = await Promise.all(found.results.slice(0, limit).map((r) => r.data()));
  return data.map((d) => ({ url: d.url, title: d.meta.title ?? d.url, excerpt: d.excerpt }));
}
