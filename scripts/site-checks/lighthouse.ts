/** Lighthouse (mobile preset, simulated throttling) on a page, in Debian's Chromium. */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../lib/chromium.ts';

export interface LighthouseScores {
  url: string;
  /** 0 to 100. */
  performance: number;
  accessibility: number;
  cumulativeLayoutShift: number;
  totalBlockingTimeMs: number;
  largestContentfulPaintMs: number;
}

export async function runLighthouse(url: string): Promise<LighthouseScores> {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_ARGS, logLevel: 'silent' });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] });
    if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
    const { categories, audits, runtimeError } = result.lhr;
    if (runtimeError) throw new Error(`Lighthouse on ${url}: ${runtimeError.code} ${runtimeError.message}`);
    const score = (name: string) => Math.round((categories[name]?.score ?? 0) * 100);
    const metric = (name: string) => audits[name]?.numericValue ?? Number.NaN;
    return {
      url,
      performance: score('performance'),
      accessibility: score('accessibility'),
      cumulativeLayoutShift: metric('cumulative-layout-shift'),
      totalBlockingTimeMs: metric('total-blocking-time'),
      largestContentfulPaintMs: metric('largest-contentful-paint'),
    };
  } finally {
    chrome.kill();
  }
}
