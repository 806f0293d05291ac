/** Reading fetched pages with the ingest's parsers, and joining a day's pages into one listing. */
import { apiItemsToListing, parseApiItems, parseHtmlListing } from '../ingest/index.ts';
import type { Listing, ParseContext } from '../ingest/types.ts';
import { API_PAGE_LIMIT, type SourceName } from './source-urls.ts';

export interface ParsedPage {
  listing: Listing;
  /** False when the day continues on the next page. */
  isLast: boolean;
}

/** Throws the ingest's ListingError when the page is not a listing at all. */
export function parsePage(source: SourceName, text: string, context: ParseContext): ParsedPage {
  if (source === 'html') return { listing: parseHtmlListing(text, context), isLast: true };
  const items = parseApiItems(text, context.origin);
  // Count what the server sent, not what survived parsing: a full page with
  // one malformed item is still full, and the day goes on.
  return { listing: apiItemsToListing(items, context, 'api'), isLast: items.length < API_PAGE_LIMIT };
}

/** One day's pages as the single listing the store applies. */
export function joinPages(pages: readonly Listing[]): Listing {
  const [first, ...rest] = pages;
  if (first === undefined) throw new Error('joinPages: a day has at least one page');
  if (rest.length === 0) return first;
  return {
    ...first,
    items: pages.flatMap((page) => page.items),
    warnings: pages.flatMap((page) => page.warnings),
  };
}
