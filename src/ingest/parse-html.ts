/**
 * A listing page's HTML. The page embeds the API items as HTML-escaped JSON in
 * `data-props`; that is read first because card markup changes often. The
 * `<article>` cards are the fallback and give only id, title and (when shown)
 * the abstract.
 */
import * as cheerio from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import { apiItemsToListing } from './parse-api.ts';
import { ListingError } from './types.ts';
import type { Listing, ListingItem, ParseContext } from './types.ts';
import { collapseWhitespace, controlCharacterCleaner, normaliseAbstract, normaliseArxivId } from './text.ts';

/** `/papers/date/2024-10-25` in the page's own URL tells which day it lists. */
function dayFromPage($: CheerioAPI): string | undefined {
  const urls = [$('link[rel="canonical"]').attr('href'), $('meta[property="og:url"]').attr('content')];
  for (const url of urls) {
    const match = url ? /\/papers\/date\/(\d{4}-\d{2}-\d{2})\b/.exec(url) : null;
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/** The `dailyPapers` array from the first `data-props` that has one; undefined when no element carries it. */
function embeddedItems($: CheerioAPI, origin: string): unknown[] | undefined {
  const elements = $('[data-props]').toArray();
  const problems: string[] = [];
  for (const element of elements) {
    const props = $(element).attr('data-props') ?? '';
    if (!props.includes('dailyPapers')) continue;
    try {
      const parsed: unknown = JSON.parse(props);
      const items = (parsed as { dailyPapers?: unknown }).dailyPapers;
      if (Array.isArray(items)) return items;
      problems.push('dailyPapers is not an array');
    } catch (error) {
      problems.push(`invalid JSON (${(error as Error).message})`);
    }
  }
  if (problems.length) throw new ListingError(`${origin}: the embedded data-props cannot be read: ${problems.join('; ')}`);
  return undefined;
}

function cardItems($: CheerioAPI, ctx: ParseContext): { items: ListingItem[]; warnings: string[] } {
  const items: ListingItem[] = [];
  const warnings: string[] = [];
  $('article').each((index, article) => {
    const link = $(article).find('h3 a[href]').first();
    const href = link.attr('href') ?? '';
    const match = /\/papers\/([^?#]+?)\/?(?:[?#].*)?$/.exec(href);
    const arxiv = match?.[1] ? normaliseArxivId(decodeURIComponent(match[1])) : undefined;
    const controlCharacters: string[] = [];
    const clean = controlCharacterCleaner(controlCharacters);
    const title = collapseWhitespace(clean('title', link.text()));
    if (!arxiv || !title) {
      warnings.push(`${ctx.origin}: card ${index + 1} skipped: ${!title ? 'no title' : `link ${JSON.stringify(href)} names no arXiv id`}`);
      return;
    }
    const abstract = normaliseAbstract(clean('abstract', $(article).find('p').first().text()));
    const item: ListingItem = { position: index + 1, arxiv, title, abstract, authors: [] };
    if (ctx.day) item.date = ctx.day;
    if (controlCharacters.length) {
      warnings.push(`${ctx.origin}: card ${index + 1} (${arxiv}, ${JSON.stringify(title)}): control characters removed from ${controlCharacters.join(', ')}`);
    }
    items.push(item);
  });
  return { items, warnings };
}

export function parseHtmlListing(html: string, ctx: ParseContext): Listing {
  const $ = cheerio.load(html);
  const day = ctx.day ?? dayFromPage($);
  const dayCtx: ParseContext = { ...ctx, ...(day && { day }) };
  const embedded = embeddedItems($, ctx.origin);
  if (embedded) return apiItemsToListing(embedded, dayCtx, 'html');

  // An empty day still carries its (empty) dailyPapers, handled above. A page with neither that nor a card is
  // something else, even one titled "Daily Papers - Error 500": taking it as an empty day would hide the day's papers.
  if ($('article').length === 0) {
    const title = collapseWhitespace($('title').text());
    throw new ListingError(
      `${ctx.origin}: not a daily papers page (no data-props with dailyPapers, no <article> cards)${title ? `; its title is ${JSON.stringify(title)}` : ''}`,
    );
  }
  const { items, warnings } = cardItems($, dayCtx);
  return { kind: 'html', source: day ? `html:${day}` : 'html', ...(day && { day }), items, warnings };
}
