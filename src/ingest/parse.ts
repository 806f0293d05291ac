/** Format detection: the listing's own content says which parser reads it; a `.json` name or valid JSON means the API's. */
import { parseApiListing } from './parse-api.ts';
import { parseHtmlListing } from './parse-html.ts';
import { parseTextSnapshot } from './parse-snapshot.ts';
import type { Listing, ParseContext } from './types.ts';

export function parseListing(text: string, ctx: ParseContext): Listing {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('[') || start.startsWith('{') || /\.json$/i.test(ctx.origin) || isJson(start)) return parseApiListing(start, ctx);
  if (start.startsWith('<')) return parseHtmlListing(text, ctx);
  return parseTextSnapshot(text, ctx);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
