/** The ingest's public interface: parsers (pure) and the content store. Import and fetch both use only this. */
export { ListingError } from './types.ts';
export type { Listing, ListingItem, ParseContext, SourceKind } from './types.ts';
export { apiItemsToListing, parseApiItems, parseApiListing } from './parse-api.ts';
export { parseHtmlListing } from './parse-html.ts';
export { parseTextSnapshot } from './parse-snapshot.ts';
export { parseListing } from './parse.ts';
export { openStore } from './store.ts';
export type { ApplyReport, Store } from './store.ts';
