/**
 * Fetch a range of days into the content: pages of several days load at
 * once, but days are applied to the store one at a time, oldest first, and
 * only once every page of the day arrived and parsed. A day that fails is
 * reported and leaves the content as it was; the range goes on.
 */
import type { ApplyReport, Store } from '../ingest/index.ts';
import type { Listing } from '../ingest/types.ts';
import { decodeUtf8, describeInvalidUtf8 } from '../lib/utf8.ts';
import type { ResponseCache } from './response-cache.ts';
import { joinPages, parsePage } from './page-parse.ts';
import { pageUrl, type SourceName } from './source-urls.ts';

/** Reads one page of one day, its bytes as sent: from the network, the cache, or memory. */
export type PageReader = (page: { source: SourceName; day: string; page: number; url: string }) => Promise<Uint8Array>;

export interface FetchPlan {
  days: readonly string[];
  source: SourceName;
  baseUrl: string;
  readPage: PageReader;
  store: Store;
  /** Where raw pages are kept after they parse; absent when reading from that cache. */
  saveTo?: ResponseCache;
  onDay?: (result: DayResult) => void;
}

export type DayResult =
  | { day: string; ok: true; papers: number; report: ApplyReport; warnings: string[] }
  | { day: string; ok: false; reason: string; warnings: string[] };

export interface FetchSummary {
  days: DayResult[];
  ok: number;
  failed: number;
  new: number;
  updated: number;
  unchanged: number;
}

/** A server that never sends a short page must not keep us paging forever. */
const MAX_PAGES_PER_DAY = 100;

/** Days loading while one is applied: enough to keep two requests busy, few enough to bound memory on long ranges. */
const LOOKAHEAD_DAYS = 4;

interface LoadedDay {
  listing: Listing;
  /** Problems that do not fail the day, such as bytes that are not UTF-8 or a cache that cannot be written. */
  warnings: string[];
}

type Loaded = { day: string; ok: true; loaded: LoadedDay } | { day: string; ok: false; reason: string };

export async function fetchDays(plan: FetchPlan): Promise<FetchSummary> {
  const loading: Array<Promise<Loaded>> = [];
  let nextToLoad = 0;
  const loadNext = () => {
    const day = plan.days[nextToLoad++];
    if (day !== undefined) loading.push(settle(day, loadDay(plan, day)));
  };
  for (let i = 0; i < LOOKAHEAD_DAYS; i++) loadNext();

  const results: DayResult[] = [];
  while (loading.length > 0) {
    const loaded = await (loading.shift() as Promise<Loaded>);
    loadNext();
    const result = await applyDay(plan.store, loaded);
    results.push(result);
    plan.onDay?.(result);
  }
  return summarize(results);
}

/** All pages of one day, parsed and joined; the raw pages are cached only once all of them parsed. */
async function loadDay(plan: FetchPlan, day: string): Promise<LoadedDay> {
  const pages: Uint8Array[] = [];
  const listings: Listing[] = [];
  const warnings: string[] = [];
  for (let page = 0; ; page++) {
    if (page === MAX_PAGES_PER_DAY) {
      throw new Error(`${pageUrl(plan.source, plan.baseUrl, day, 0)}: still no short page after ${MAX_PAGES_PER_DAY} pages`);
    }
    const url = pageUrl(plan.source, plan.baseUrl, day, page);
    const bytes = await plan.readPage({ source: plan.source, day, page, url });
    const { text, invalid } = decodeUtf8(bytes);
    if (invalid) warnings.push(describeInvalidUtf8(url, invalid));
    const parsed = parsePage(plan.source, text, { origin: url, day });
    pages.push(bytes);
    listings.push(parsed.listing);
    if (parsed.isLast) break;
  }
  try {
    await plan.saveTo?.writeDay(plan.source, day, pages);
  } catch (error) {
    // The content can still be updated; only a later --offline run misses this day.
    warnings.push(`${day}: raw response not cached (${reasonOf(error)})`);
  }
  return { listing: joinPages(listings), warnings };
}

async function settle(day: string, loading: Promise<LoadedDay>): Promise<Loaded> {
  try {
    return { day, ok: true, loaded: await loading };
  } catch (error) {
    return { day, ok: false, reason: reasonOf(error) };
  }
}

async function applyDay(store: Store, loaded: Loaded): Promise<DayResult> {
  if (!loaded.ok) return { day: loaded.day, ok: false, reason: loaded.reason, warnings: [] };
  const { listing, warnings } = loaded.loaded;
  try {
    const report = await store.apply(listing);
    return {
      day: loaded.day,
      ok: true,
      papers: listing.items.length,
      report,
      warnings: [...listing.warnings, ...warnings, ...report.warnings],
    };
  } catch (error) {
    return { day: loaded.day, ok: false, reason: reasonOf(error), warnings: [...listing.warnings, ...warnings] };
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function summarize(days: DayResult[]): FetchSummary {
  const summary: FetchSummary = { days, ok: 0, failed: 0, new: 0, updated: 0, unchanged: 0 };
  for (const day of days) {
    if (!day.ok) {
      summary.failed++;
      continue;
    }
    summary.ok++;
    summary.new += day.report.new;
    summary.updated += day.report.updated;
    summary.unchanged += day.report.unchanged;
  }
  return summary;
}
