import rss, { type RSSFeedItem } from '@astrojs/rss';
import type { APIContext } from 'astro';
import { texToPlain } from '../tex.ts';
import { digestPath, paperPath, withBase } from '../urls.ts';
import type { ArchiveDigest, ArchivePaper } from './archive.ts';

export const FEED_SIZE = 50;

/** An RSS response for one of the site's feeds. */
export function feedResponse(context: APIContext, feed: { title: string; description: string; items: RSSFeedItem[] }): Promise<Response> {
  return rss({
    ...feed,
    // The channel link is the site's home, base path included; item links are absolute paths under it.
    site: new URL(withBase(''), context.site ?? context.url.origin).href,
    trailingSlash: true,
  });
}

/** The newest papers as feed items; text stays plain (the feed library escapes it). */
export function feedItems(newestFirst: ArchivePaper[], size = FEED_SIZE): RSSFeedItem[] {
  return newestFirst.slice(0, size).map((paper) => ({
    title: paper.plainTitle,
    link: paperPath(paper.id),
    description: texToPlain(paper.abstract),
    ...(paper.date ? { pubDate: new Date(`${paper.date}T00:00:00Z`) } : {}),
    ...(paper.authors.length ? { author: paper.authors.join(', ') } : {}),
    categories: paper.topics,
  }));
}

/** Digests as feed items, the summary as description. */
export function digestFeedItems(newestFirst: ArchiveDigest[], size = FEED_SIZE): RSSFeedItem[] {
  return newestFirst.slice(0, size).map((digest) => ({
    title: digest.title,
    link: digestPath(digest.slug),
    description: digest.summary,
    pubDate: new Date(`${digest.date}T00:00:00Z`),
    author: digest.authors.join(', '),
  }));
}
