/**
 * Debian's Chromium for the browser tests. When it is missing the tests are
 * skipped with a printed reason, unless REQUIRE_BROWSER_TESTS=1 (CI), where
 * a missing browser is a failure.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const browserRequired = process.env.REQUIRE_BROWSER_TESTS === '1';
export const browserAvailable = existsSync(CHROMIUM_PATH);
/** Run when the browser is there, and also when it is required (so its absence fails loudly). */
export const runBrowserTests = browserAvailable || browserRequired;

if (!runBrowserTests) {
  console.warn(
    `\n[browser tests] SKIPPED: ${CHROMIUM_PATH} not found. Install Debian's chromium (apt-get install chromium) to run them;` +
      ' with REQUIRE_BROWSER_TESTS=1 a missing browser fails instead.\n',
  );
}

export async function launchChromium(): Promise<Browser> {
  if (!browserAvailable) {
    throw new Error(`REQUIRE_BROWSER_TESTS=1 but ${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}
