import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { feedItems } from '../lib/site/feed.ts';
import { loadArchive } from '../lib/site/load.ts';
import { withBase } from '../lib/urls.ts';

export const GET: APIRoute = async (context) => {
  const archive = await loadArchive();
  return rss({
    title: 'Daily Papers Archive',
    description: 'The latest papers of the archive.',
    // The channel link is the site's home, base path included; item links are absolute paths under it.
    site: new URL(withBase(''), context.site ?? context.url.origin).href,
    items: feedItems(archive.papers),
    trailingSlash: true,
  });
};
