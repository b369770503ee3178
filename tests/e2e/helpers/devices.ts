/**
 * Devices that share nothing but the links and files a test passes between them (a trainee's
 * phone, a trainer's laptop, a colleague's browser): one browser context each, with one page.
 */
import type { Browser, Page } from '@playwright/test';

/**
 * One page per name, each in its own browser context at the site's `baseURL`; `close` ends them
 * all. A page's context (for routes) is `page.context()`.
 */
export async function devices<N extends string>(
  browser: Browser,
  baseURL: string | undefined,
  ...names: N[]
): Promise<Record<N, Page> & { close: () => Promise<void> }> {
  const pages = {} as Record<N, Page>;
  for (const name of names) {
    const context = await browser.newContext(baseURL === undefined ? {} : { baseURL });
    pages[name] = await context.newPage();
  }
  const close = async () => {
    for (const name of names) await pages[name].context().close();
  };
  return { ...pages, close };
}
