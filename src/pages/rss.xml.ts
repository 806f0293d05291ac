import type { APIRoute } from 'astro';
import { feedItems, feedResponse } from '../lib/site/feed.ts';
import { loadArchive } from '../lib/site/load.ts';

export const GET: APIRoute = async (context) => {
  const archive = await loadArchive();
  return feedResponse(context, {
    title: 'Daily Papers Archive',
    description: 'The latest papers of the archive.',
    items: feedItems(archive.papers),
  });
};
