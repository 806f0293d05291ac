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
 *
 * Opening a page costs this VM's Chromium 0.5-0.85 s before any script runs,
 * so the first query is also measured as a visitor on the search page meets
 * it: `typedQueryKB`/`typedQueryMs` come from a fresh browser (nothing cached)
 * that has opened /search/ and settled, then types the first query and presses
 * Enter; the time runs on the page's clock from the form's submit event to the
 * first result in the page, the bytes are everything fetched until then
 * (the search index's files; the page's own bytes are in `firstResultKB`).
 * Later queries also get their page-clock time, `laterQueryPageMs`.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
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
  /** The first query typed into the settled search page of a fresh browser: bytes fetched until its first result. */
  typedQueryKB: number;
  /** …and ms from its submit event to its first result, on the page's clock. */
  typedQueryMs: number;
  laterQueryKB: number[];
  laterQueryMs: number[];
  /** Later queries' ms from submit to first result on the page's clock (without Playwright's round trips). */
  laterQueryPageMs: number[];
}

export interface CountingServer {
  origin: string;
  takeBytes: () => number;
  /** Resolves once no request has arrived for QUIET_MS: late chunk fetches are then counted. */
  waitForQuiet: () => Promise<void>;
  close: () => Promise<void>;
}

/** The built site served on 127.0.0.1, counting the body bytes it sends. */
export async function serveCounting(root: string): Promise<CountingServer> {
  let bytes = 0;
  let lastRequestAt = performance.now();
  const server = await serveStatic(root, {
    // Pagefind's chunks and Astro's assets are fingerprinted; a real host lets the browser keep them.
    maxAge: 3600,
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

export const kilobytes = (bytes: number) => Math.round(bytes / 102.4) / 10;

/**
 * Notes, on the page's clock, when a search form was last submitted and when a
 * result not marked `data-bench-old` first entered the list after it.
 */
function watchResults(): void {
  const seen = window as unknown as { submittedAt?: number; firstResultAt?: number };
  document.addEventListener('submit', () => {
    seen.submittedAt = performance.now();
    seen.firstResultAt = undefined;
  }, true);
  new MutationObserver(() => {
    if (seen.firstResultAt === undefined && document.querySelector('#search-results li:not([data-bench-old])')) seen.firstResultAt = performance.now();
  }).observe(document, { childList: true, subtree: true });
}

/** Types `query` into the search box and waits for its first result; returns the page-clock ms from submit to it. */
async function typeQuery(page: Page, query: string): Promise<number> {
  // Results of the previous query are marked, so the wait below sees only the new query's results.
  await page.$$eval('#search-results li', (items) => items.forEach((item) => item.setAttribute('data-bench-old', '')));
  await page.fill('#search-query', query);
  await page.press('#search-query', 'Enter');
  await page.waitForSelector('#search-results li:not([data-bench-old])', { state: 'visible', timeout: RESULT_TIMEOUT_MS });
  return page.evaluate(() => {
    const seen = window as unknown as { submittedAt?: number; firstResultAt?: number };
    if (seen.submittedAt === undefined || seen.firstResultAt === undefined) throw new Error('bench: the search page was not watched');
    return Math.round(seen.firstResultAt - seen.submittedAt);
  });
}

/** The first query typed into the settled search page of a browser with nothing cached. */
async function measureTypedFirstQuery(browser: Browser, server: CountingServer, query: string): Promise<{ typedQueryKB: number; typedQueryMs: number }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(watchResults);
    await page.goto(`${server.origin}/search/`);
    await page.waitForSelector('#search-form', { state: 'visible', timeout: RESULT_TIMEOUT_MS });
    await server.waitForQuiet();
    server.takeBytes();
    const typedQueryMs = await typeQuery(page, query);
    return { typedQueryKB: kilobytes(server.takeBytes()), typedQueryMs };
  } finally {
    await context.close();
  }
}

export async function measureSearch(outDir: string, queries: readonly string[] = SEARCH_QUERIES): Promise<SearchMeasurement> {
  const [first, ...later] = queries;
  if (!first) throw new Error('measureSearch needs at least one query');
  const server = await serveCounting(path.resolve(outDir));
  const browser = await launchChromium();
  try {
    const typed = await measureTypedFirstQuery(browser, server, first);
    await server.waitForQuiet();
    const page = await (await browser.newContext()).newPage();
    await page.addInitScript(watchResults);
    server.takeBytes();
    const started = performance.now();
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
    const laterQueryPageMs: number[] = [];
    for (const query of later) {
      const queryStarted = performance.now();
      laterQueryPageMs.push(await typeQuery(page, query));
      laterQueryMs.push(Math.round(performance.now() - queryStarted));
      await server.waitForQuiet();
      laterQueryKB.push(kilobytes(server.takeBytes()));
    }
    return {
      firstResultKB,
      firstQueryKB,
      firstQueryMs,
      firstResultPageMs: firstResult.at,
      firstResultRequests: firstResult.requests,
      ...typed,
      laterQueryKB,
      laterQueryMs,
      laterQueryPageMs,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

export interface FirstQueryMeasurement {
  /** Everything the search page fetched for the query, its counts included, once the network was quiet. */
  kb: number;
  /** When its first result entered the page, from the navigation's start on the page's clock. */
  pageMs: number;
}

/**
 * One first query as a link opens it (`search`: the URL's query string, e.g. `q=…&year=2025` or `q=…&sort=upvotes`)
 * in a fresh browser with nothing cached: the filtered and sorted first queries the comparison with Pagefind needs.
 */
export async function measureFirstQuery(outDir: string, search: string): Promise<FirstQueryMeasurement> {
  const server = await serveCounting(path.resolve(outDir));
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext()).newPage();
    await page.addInitScript(watchResults);
    await page.goto(`${server.origin}/search/?${search}`);
    await page.waitForSelector('#search-results li', { state: 'visible', timeout: RESULT_TIMEOUT_MS });
    const pageMs = await page.evaluate(() => Math.round((window as unknown as { firstResultAt?: number }).firstResultAt ?? performance.now()));
    await page.waitForSelector('#search-facets fieldset', { state: 'attached', timeout: RESULT_TIMEOUT_MS });
    await server.waitForQuiet();
    return { kb: kilobytes(server.takeBytes()), pageMs };
  } finally {
    await browser.close();
    await server.close();
  }
}
