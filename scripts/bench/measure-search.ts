/**
 * Measures search as a visitor meets it: the built site served on 127.0.0.1,
 * headless Chromium opening /search/?q=… for the first query and typing the
 * later ones into the box. Bytes are counted by the server, so they are the
 * sum of every response the page needed (HTML, scripts, index files), as
 * stored: the index files are gzipped by the indexer, the HTML and scripts are
 * counted uncompressed (a host that compresses them sends about a third).
 *
 * The page shows a plain query's results before it fetches the filter columns
 * for the counts, so the first query has two figures: `firstResultKB`, the
 * bodies that had arrived when the first result entered the page (from the
 * browser's resource timings), and `firstQueryKB`, everything the first query
 * fetched once the filter counts were shown and the network was quiet.
 *
 * Two more figures say where the first query's time went: `firstResultPageMs`,
 * when the first result entered the page on the page's own clock (from the
 * navigation's start, so without the browser's work before it, such as
 * starting the page's process), and `firstResultRequests`, how many requests
 * besides the page itself had finished by then.
 */
import path from 'node:path';
import { launchChromium } from '../lib/chromium.ts';
import { serveStatic } from '../lib/static-server.ts';

export const SEARCH_QUERIES = ['diffusion video generation', 'speculative decoding', 'robot manipulation benchmark'] as const;

const RESULT_TIMEOUT_MS = 30_000;
const QUIET_MS = 500;

export interface SearchMeasurement {
  /** Bytes until the first result was visible. */
  firstResultKB: number;
  /** Bytes of the whole first query, once no request came for QUIET_MS (filter counts included). */
  firstQueryKB: number;
  firstQueryMs: number;
  /** When the first result entered the page, in ms from the navigation's start on the page's clock. */
  firstResultPageMs: number;
  /** Requests (besides the page) finished before the first result entered the page. */
  firstResultRequests: number;
  laterQueryKB: number[];
  laterQueryMs: number[];
}

interface CountingServer {
  origin: string;
  takeBytes: () => number;
  /** Resolves once no request has arrived for QUIET_MS: late chunk fetches are then counted. */
  waitForQuiet: () => Promise<void>;
  close: () => Promise<void>;
}

/** The built site served on 127.0.0.1, counting the body bytes it sends. */
async function serveCounting(root: string): Promise<CountingServer> {
  let bytes = 0;
  let lastRequestAt = performance.now();
  const server = await serveStatic(root, {
    // Pagefind's chunks and Astro's assets are fingerprinted; a real host lets the browser keep them.
    cacheControl: 'public, max-age=3600',
    onResponse: (size) => {
      lastRequestAt = performance.now();
      bytes += size;
    },
  });
  return {
    origin: server.origin,
    takeBytes: () => {
      const taken = bytes;
      bytes = 0;
      return taken;
    },
    waitForQuiet: async () => {
      while (performance.now() - lastRequestAt < QUIET_MS) await new Promise((resolve) => setTimeout(resolve, QUIET_MS / 5));
    },
    close: () => server.close(),
  };
}

const kilobytes = (bytes: number) => Math.round(bytes / 102.4) / 10;

export async function measureSearch(outDir: string, queries: readonly string[] = SEARCH_QUERIES): Promise<SearchMeasurement> {
  const [first, ...later] = queries;
  if (!first) throw new Error('measureSearch needs at least one query');
  const server = await serveCounting(path.resolve(outDir));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // Notes when the first result enters the page, on the page's own clock.
    await page.addInitScript(() => {
      const seen = window as unknown as { firstResultAt?: number };
      new MutationObserver((_, observer) => {
        if (!document.querySelector('#search-results li')) return;
        seen.firstResultAt = performance.now();
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    server.takeBytes();
    let started = performance.now();
    await page.goto(`${server.origin}/search/?q=${encodeURIComponent(first)}`);
    await page.waitForSelector('#search-results li', { state: 'visible', timeout: RESULT_TIMEOUT_MS });
    const firstQueryMs = Math.round(performance.now() - started);
    const firstResult = await page.evaluate(() => {
      const at = (window as unknown as { firstResultAt?: number }).firstResultAt ?? performance.now();
      const resources = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((entry) => entry.responseEnd <= at);
      const entries = [...(performance.getEntriesByType('navigation') as PerformanceResourceTiming[]), ...resources];
      return { bytes: entries.reduce((sum, entry) => sum + entry.encodedBodySize, 0), at: Math.round(at), requests: resources.length };
    });
    // The whole first query: until the filter counts are shown and nothing more is fetched.
    await page.waitForSelector('#search-facets fieldset', { state: 'attached', timeout: RESULT_TIMEOUT_MS });
    await server.waitForQuiet();
    const firstQueryKB = kilobytes(server.takeBytes());
    const firstResultKB = kilobytes(firstResult.bytes);

    const laterQueryKB: number[] = [];
    const laterQueryMs: number[] = [];
    for (const query of later) {
      // Results of the previous query are marked, so the wait below sees only the new query's results.
      await page.$$eval('#search-results li', (items) => items.forEach((item) => item.setAttribute('data-bench-old', '')));
      started = performance.now();
      await page.fill('#search-query', query);
      await page.press('#search-query', 'Enter');
      await page.waitForSelector('#search-results li:not([data-bench-old])', { state: 'visible', timeout: RESULT_TIMEOUT_MS });
      laterQueryMs.push(Math.round(performance.now() - started));
      await server.waitForQuiet();
      laterQueryKB.push(kilobytes(server.takeBytes()));
    }
    return { firstResultKB, firstQueryKB, firstQueryMs, firstResultPageMs: firstResult.at, firstResultRequests: firstResult.requests, laterQueryKB, laterQueryMs };
  } finally {
    await browser.close();
    await server.close();
  }
}
