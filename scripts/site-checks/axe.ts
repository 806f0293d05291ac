/** axe-core in Chromium on a page, in the light and the dark colour scheme. */
import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';

export interface AxeViolation {
  url: string;
  scheme: 'light' | 'dark';
  rule: string;
  help: string;
  targets: string[];
}

export async function checkAccessibility(browser: Browser, url: string): Promise<AxeViolation[]> {
  const found: AxeViolation[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ colorScheme: scheme });
    try {
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'networkidle' });
      const { violations } = await new AxeBuilder({ page }).analyze();
      for (const violation of violations) {
        found.push({ url, scheme, rule: violation.id, help: violation.help, targets: violation.nodes.map((node) => node.target.join(' ')) });
      }
    } finally {
      await context.close();
    }
  }
  return found;
}
