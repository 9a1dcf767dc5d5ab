import { defineConfig } from '@playwright/test';

/**
 * Playwright drives Debian's Chromium (never a downloaded browser). The flags suit a root CI user
 * on a machine with no network beyond the package registries.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  workers: 1,
  retries: 0,
  // skip-reasons: the one line saying why a test was skipped (the Electron test, without its
  // binary or a display), which the list reporter leaves out.
  reporter: [['list'], ['./e2e/support/skip-reasons.ts']],
  // No webServer: each browser-mode test starts its own `xmlpool serve --port 0` (e2e/support/
  // served-app.ts) and reads the URL it prints, so ports never clash and state never leaks.
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-quic',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
});
