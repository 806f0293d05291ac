/**
 * Debian's Chromium for the browser tests. When it is missing the tests are
 * skipped with a printed reason, unless REQUIRE_BROWSER_TESTS=1 (CI), where
 * a missing browser is a failure.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { CHROMIUM_PATH, launchChromium as launch } from '../../scripts/lib/chromium.ts';

export { CHROMIUM_PATH };

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
  return launch();
}
