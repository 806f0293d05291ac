/**
 * Measures Pagefind's search as its own JS API serves it: a bare page on the
 * counting server (measure-search.ts) imports `pagefind.js` from the written
 * bundle, searches, and asks `.data()` of the results a page would show, as
 * many as the site's search page shows (20). Each first-query figure comes
 * from a fresh browser context (nothing cached): the plain query, the query
 * with every filter's counts (`pagefind.filters()`), the query narrowed by a
 * filter (with counts), and the query sorted by upvotes. Later queries are
 * typed into the plain query's page. Bytes are counted by the server; times
 * are on the page's clock, from the navigation's start for a first query (as
 * the own engine's `firstResultPageMs`) and from the call for a later one.
 *
 * The page is bare: unlike the own engine's figures, Pagefind's hold no
 * search page (HTML, styles, the site's script), only Pagefind's own files.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../lib/chromium.ts';
import { kilobytes, serveCounting, type CountingServer } from './measure-search.ts';

/** Results the site's search page shows at once (src/search/client/page.ts PAGE_SIZE). */
export const RESULTS_SHOWN = 20;
const TIMEOUT_MS = 60_000;
const HARNESS = 'pagefind-bench.html';

/**
 * The bare page: `?q=` searches once the module runs, with `&year=` as a filter, `&sort=upvotes`, `&counts=1` for
 * every filter's counts; `window.benchSearch(q)` searches again.
 */
const HARNESS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pagefind bench</title></head><body>
<script type="module">
const pagefind = await import('./pagefind/pagefind.js');
await pagefind.options({ excerptLength: 30 });
const params = new URLSearchParams(location.search);
async function run(query, options, counts) {
  if (counts) await pagefind.filters();
  const search = await pagefind.search(query, options);
  const shown = await Promise.all(search.results.slice(0, ${RESULTS_SHOWN}).map((result) => result.data()));
  return { urls: shown.map((data) => data.url), total: search.results.length, filters: search.filters };
}
window.benchSearch = async (query) => {
  const started = performance.now();
  const outcome = await run(query, {}, false);
  return { ...outcome, ms: performance.now() - started };
};
window.benchSearches = async (queries) => {
  const ranked = [];
  for (const query of queries) ranked.push((await run(query, {}, false)).urls);
  return ranked;
};
if (params.get('q')) {
  const options = {};
  if (params.get('year')) options.filters = { year: params.get('year') };
  if (params.get('sort')) options.sort = { [params.get('sort')]: 'desc' };
  const outcome = await run(params.get('q'), options, params.get('counts') === '1' || Boolean(params.get('year')));
  window.benchFirst = { ...outcome, ms: performance.now() };
}
window.benchReady = true;
</script></body></html>
`;

export interface PagefindSearchMeasurement {
  /** The plain first query: bytes and page-clock ms until its shown results' data had arrived. */
  firstResultKB: number;
  firstResultPageMs: number;
  /** …with every filter's counts. */
  firstQueryKB: number;
  firstQueryPageMs: number;
  /** …narrowed by a year, with counts. */
  filteredQueryKB: number;
  filteredQueryPageMs: number;
  /** …sorted by upvotes. */
  sortedQueryKB: number;
  sortedQueryPageMs: number;
  laterQueryKB: number[];
  laterQueryPageMs: number[];
}

interface FirstQuery {
  kb: number;
  ms: number;
}

async function firstQuery(browser: Browser, server: CountingServer, search: URLSearchParams): Promise<FirstQuery & { page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await server.waitForQuiet();
  server.takeBytes();
  await page.goto(`${server.origin}/${HARNESS}?${search}`);
  await page.waitForFunction(() => (window as unknown as { benchReady?: boolean }).benchReady === true, undefined, { timeout: TIMEOUT_MS });
  const outcome = await page.evaluate(() => (window as unknown as { benchFirst: { ms: number; total: number } }).benchFirst);
  if (outcome.total === 0) throw new Error(`pagefind: no result for ${search}`);
  await server.waitForQuiet();
  return { kb: kilobytes(server.takeBytes()), ms: Math.round(outcome.ms), page };
}

/** Writes the bare page beside the bundle in `outDir` (the folder holding `pagefind/`). */
export async function writeHarness(outDir: string): Promise<void> {
  await writeFile(path.join(outDir, HARNESS), HARNESS_HTML);
}

export async function measurePagefindSearch(outDir: string, queries: readonly string[], year: string): Promise<PagefindSearchMeasurement> {
  const [first, ...later] = queries;
  if (!first) throw new Error('measurePagefindSearch needs at least one query');
  await writeHarness(outDir);
  const server = await serveCounting(path.resolve(outDir));
  const browser = await launchChromium();
  try {
    const counts = await firstQuery(browser, server, new URLSearchParams({ q: first, counts: '1' }));
    await counts.page.context().close();
    const filtered = await firstQuery(browser, server, new URLSearchParams({ q: first, year }));
    await filtered.page.context().close();
    const sorted = await firstQuery(browser, server, new URLSearchParams({ q: first, sort: 'upvotes' }));
    await sorted.page.context().close();
    const plain = await firstQuery(browser, server, new URLSearchParams({ q: first }));
    const laterQueryKB: number[] = [];
    const laterQueryPageMs: number[] = [];
    for (const query of later) {
      const outcome = await plain.page.evaluate((q) => (window as unknown as { benchSearch: (q: string) => Promise<{ ms: number }> }).benchSearch(q), query);
      laterQueryPageMs.push(Math.round(outcome.ms));
      await server.waitForQuiet();
      laterQueryKB.push(kilobytes(server.takeBytes()));
    }
    return {
      firstResultKB: plain.kb,
      firstResultPageMs: plain.ms,
      firstQueryKB: counts.kb,
      firstQueryPageMs: counts.ms,
      filteredQueryKB: filtered.kb,
      filteredQueryPageMs: filtered.ms,
      sortedQueryKB: sorted.kb,
      sortedQueryPageMs: sorted.ms,
      laterQueryKB,
      laterQueryPageMs,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** The URLs Pagefind ranks first for each query (up to `RESULTS_SHOWN`), from the bundle in `outDir`. */
export async function pagefindRankings(outDir: string, queries: readonly string[]): Promise<string[][]> {
  await writeHarness(outDir);
  const server = await serveCounting(path.resolve(outDir));
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.origin}/${HARNESS}`);
    await page.waitForFunction(() => (window as unknown as { benchReady?: boolean }).benchReady === true, undefined, { timeout: TIMEOUT_MS });
    return await page.evaluate((list) => (window as unknown as { benchSearches: (q: string[]) => Promise<string[][]> }).benchSearches(list), [...queries]);
  } finally {
    await browser.close();
    await server.close();
  }
}
