import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * End-to-end tests run against the built site (scripts/build-test-sites.mjs) served by the
 * plain static server, once from the domain root and once under /training/.
 *
 * Browser: Debian's Chromium when it is installed (or CHROMIUM_PATH names one), because
 * Playwright cannot download its own browsers here; otherwise Playwright's own Chromium
 * (`npx playwright install chromium`).
 */
const systemChromium = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);

const launchOptions = systemChromium
  ? {
      executablePath: systemChromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    }
  : {};

// TANDEM_E2E_PORT and TANDEM_E2E_DIST let two runs share a machine without sharing ports or builds.
const ROOT_PORT = Number(process.env.TANDEM_E2E_PORT ?? 4401);
const SUB_PORT = ROOT_PORT + 1;
const DIST = process.env.TANDEM_E2E_DIST ?? 'dist-test';

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  outputDir: process.env.TANDEM_E2E_DIST ? `${DIST}-results` : 'test-results',
  timeout: 60_000,
  // Service workers precache the whole site on a first visit; only tests/e2e/offline.spec.ts
  // needs one, and the others should not each download the site in the background.
  use: { headless: true, launchOptions, trace: 'retain-on-failure', serviceWorkers: 'block' },
  projects: [
    { name: 'root', use: { baseURL: `http://127.0.0.1:${ROOT_PORT}/` } },
    { name: 'subpath', use: { baseURL: `http://127.0.0.1:${SUB_PORT}/training/` } },
  ],
  webServer: [
    {
      command: `node scripts/serve.mjs ${DIST}/root --port ${ROOT_PORT}`,
      url: `http://127.0.0.1:${ROOT_PORT}/`,
      reuseExistingServer: !process.env.CI,
    },
    {
      command: `node scripts/serve.mjs ${DIST}/sub --port ${SUB_PORT} --base /training/`,
      url: `http://127.0.0.1:${SUB_PORT}/training/`,
      reuseExistingServer: !process.env.CI,
    },
  ],
});
