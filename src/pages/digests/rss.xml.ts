import type { APIRoute } from 'astro';
import { digestFeedItems, feedResponse } from '../../lib/site/feed.ts';
import { loadArchive } from '../../lib/site/load.ts';
import { site } from '../../lib/config.ts';

export const GET: APIRoute = async (context) => {
  const archive = await loadArchive();
  return feedResponse(context, {
    title: `${site.title}: digests`,
    description: 'What the reading group wrote about the papers.',
    items: digestFeedItems(archive.digests),
  });
};
