import rss, { type RSSFeedItem } from '@astrojs/rss';
import type { APIContext } from 'astro';
import { texToPlain } from '../tex.ts';
import { digestPath, paperPath, withBase } from '../urls.ts';
import type { ArchiveDigest, ArchivePaper } from './archive.ts';

export const FEED_SIZE = 50;

/**
 * Text as HTML that shows exactly that text. RSS 2.0 readers take an item's description (and many its title) as
 * HTML, and the feed library escapes only for XML: a listing's `<img onerror=…>` would reach the reader as markup.
 * Escaped here as well, the reader's HTML is the listing's characters. Quotes stay as they are: no attribute holds
 * this text, and a reader that shows a title as plain text shows an apostrophe, not `&#39;`.
 */
export function feedText(text: string): string {
  return text.replace(/[&<>]/g, (char) => (char === '&' ? '&amp;' : char === '<' ? '&lt;' : '&gt;'));
}

/** An RSS response for one of the site's feeds; `title` and `description` are text (escaped here). */
export function feedResponse(context: APIContext, feed: { title: string; description: string; items: RSSFeedItem[] }): Promise<Response> {
  return rss({
    ...feed,
    title: feedText(feed.title),
    description: feedText(feed.description),
    // The channel link is the site's home, base path included; item links are absolute paths under it.
    site: new URL(withBase(''), context.site ?? context.url.origin).href,
    trailingSlash: true,
  });
}

/** The newest papers as feed items: TeX as plain text, escaped as HTML (`feedText`). */
export function feedItems(newestFirst: ArchivePaper[], size = FEED_SIZE): RSSFeedItem[] {
  return newestFirst.slice(0, size).map((paper) => ({
    title: feedText(paper.plainTitle),
    link: paperPath(paper.id),
    description: feedText(texToPlain(paper.abstract)),
    ...(paper.date || paper.published ? { pubDate: new Date(`${paper.date ?? paper.published}T00:00:00Z`) } : {}),
    ...(paper.authors.length ? { author: feedText(paper.authors.join(', ')) } : {}),
    categories: paper.topics,
  }));
}

/** Digests as feed items, the summary as description, escaped as HTML (`feedText`). */
export function digestFeedItems(newestFirst: ArchiveDigest[], size = FEED_SIZE): RSSFeedItem[] {
  return newestFirst.slice(0, size).map((digest) => ({
    title: feedText(digest.title),
    link: digestPath(digest.slug),
    description: feedText(digest.summary),
    pubDate: new Date(`${digest.date}T00:00:00Z`),
    author: feedText(digest.authors.join(', ')),
  }));
}
