/**
 * The `test` every end-to-end spec uses: Playwright's, plus a guard that fails the test when
 * any page in any of its browser contexts (trainee's, trainer's, a third device's) reports a
 * Content-Security-Policy violation. The test server sends the site's own public/_headers, so
 * every test also proves the site works under the strict policy an owner deploys.
 */
import { expect, test as base, type BrowserContext } from '@playwright/test';

const CSP = /Content Security Policy|Content-Security-Policy/i;

export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ browser, context }, use) => {
      const violations: string[] = [];
      const watch = (ctx: BrowserContext) => {
        ctx.on('console', (message) => {
          if (CSP.test(message.text())) violations.push(`${message.page()?.url() ?? ''}: ${message.text()}`);
        });
        // Violations that print nothing (a report-only header, a blocked style attribute in
        // some versions) still fire this event in the page.
        return ctx.addInitScript(() => {
          document.addEventListener('securitypolicyviolation', (event) => {
            console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
          });
        });
      };
      await watch(context);
      const newContext = browser.newContext.bind(browser);
      // Contexts a test opens itself (a second device) get the same guard, and, like the
      // config's own context, no service worker unless the test asks for one.
      browser.newContext = async (options = {}) => {
        const ctx = await newContext({ serviceWorkers: 'block', ...options });
        await watch(ctx);
        return ctx;
      };
      await use(violations);
      browser.newContext = newContext;
      expect(violations, 'no Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { chromium } from '@playwright/test';
export { expect };
export type { Page, Locator, BrowserContext } from '@playwright/test';
