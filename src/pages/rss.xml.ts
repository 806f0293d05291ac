import type { APIRoute } from 'astro';
import { feedItems, feedResponse } from '../lib/site/feed.ts';
import { loadArchive } from '../lib/site/load.ts';
import { site } from '../lib/config.ts';

export const GET: APIRoute = async (context) => {
  const archive = await loadArchive();
  return feedResponse(context, {
    title: site.title,
    description: 'The latest papers of the archive.',
    items: feedItems(archive.papers),
  });
};
