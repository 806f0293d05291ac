import rss from '@astrojs/rss';
import type { APIRoute, GetStaticPaths } from 'astro';
import type { ArchiveTopic } from '../../../lib/site/archive.ts';
import { feedItems } from '../../../lib/site/feed.ts';
import { loadArchive } from '../../../lib/site/load.ts';
import { withBase } from '../../../lib/urls.ts';

export const getStaticPaths = (async () => {
  const archive = await loadArchive();
  return archive.topics.map((topic) => ({ params: { slug: topic.slug }, props: { topic } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = (context) => {
  const { topic } = context.props as { topic: ArchiveTopic };
  return rss({
    title: `Daily Papers Archive: ${topic.title}`,
    description: `The latest papers about ${topic.title}.`,
    // The channel link is the site's home, base path included; item links are absolute paths under it.
    site: new URL(withBase(''), context.site ?? context.url.origin).href,
    items: feedItems(topic.papers),
    trailingSlash: true,
  });
};
