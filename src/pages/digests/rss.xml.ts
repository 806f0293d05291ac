import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { digestFeedItems } from '../../lib/site/feed.ts';
import { loadArchive } from '../../lib/site/load.ts';
import { withBase } from '../../lib/urls.ts';

export const GET: APIRoute = async (context) => {
  const archive = await loadArchive();
  return rss({
    title: 'Daily Papers Archive: digests',
    description: 'What the reading group wrote about the papers.',
    site: new URL(withBase(''), context.site ?? context.url.origin).href,
    items: digestFeedItems(archive.digests),
    trailingSlash: true,
  });
};
