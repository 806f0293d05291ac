/**
 * The part of Pagefind's browser API (`pagefind/pagefind.js` in the built
 * site) that the search page uses, and its loader.
 */
import type { PagefindQuery } from './state.ts';

export interface PagefindResultData {
  url: string;
  /** Indexed text around the matches, matches wrapped in `<mark>`; the text is not escaped. */
  excerpt: string;
  meta: Record<string, string | undefined>;
}

export interface PagefindResult {
  id: string;
  data(): Promise<PagefindResultData>;
}

/** filter key → value → number of results. */
export type FilterCounts = Record<string, Record<string, number>>;

export interface PagefindResponse {
  results: PagefindResult[];
  /** Counts each filter value would have, given the query and the other chosen filters. */
  filters: FilterCounts;
  /** Counts for the query alone. */
  totalFilters: FilterCounts;
}

export interface Pagefind {
  options(options: { baseUrl?: string; excerptLength?: number }): Promise<void>;
  init(): Promise<void>;
  search(term: string | null, options: PagefindQuery['options']): Promise<PagefindResponse>;
  filters(): Promise<FilterCounts>;
}

/** Loads the bundle from the site itself (base path included), never from another origin. */
export async function loadPagefind(base: string): Promise<Pagefind> {
  const pagefind = (await import(/* @vite-ignore */ `${base}pagefind/pagefind.js`)) as Pagefind;
  // Record URLs already carry the base path, so Pagefind must not add it again.
  await pagefind.options({ baseUrl: '/', excerptLength: 36 });
  await pagefind.init();
  // Searches only report filter counts once the filter indexes are loaded; this loads them.
  await pagefind.filters();
  return pagefind;
}
