import type { APIRoute, GetStaticPaths } from 'astro';
import type { ArchiveTopic } from '../../../lib/site/archive.ts';
import { feedItems, feedResponse } from '../../../lib/site/feed.ts';
import { loadArchive } from '../../../lib/site/load.ts';
import { site } from '../../../lib/config.ts';

export const getStaticPaths = (async () => {
  const archive = await loadArchive();
  return archive.topics.map((topic) => ({ params: { slug: topic.slug }, props: { topic } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = (context) => {
  const { topic } = context.props as { topic: ArchiveTopic };
  return feedResponse(context, {
    title: `${site.title}: ${topic.title}`,
    description: `The latest papers about ${topic.title}.`,
    items: feedItems(topic.papers),
  });
};
