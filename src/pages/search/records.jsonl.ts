/**
 * One search record per paper and per digest, one JSON object per line. Only
 * the build reads this file: the search integration indexes it with Pagefind
 * and deletes it.
 */
import type { APIRoute } from 'astro';
import { digestSearchRecord, paperSearchRecord } from '../../integrations/search-record.ts';
import { loadArchive } from '../../lib/site/load.ts';
import { digestPath, paperPath } from '../../lib/urls.ts';

export const GET: APIRoute = async () => {
  const archive = await loadArchive();
  const papers = archive.papers.map((paper) => {
    const topicTitles = paper.topics.map((slug) => archive.topicBySlug.get(slug)?.title ?? slug);
    return JSON.stringify(paperSearchRecord(paper, topicTitles, paperPath(paper.id)));
  });
  const digests = archive.digests.map((digest) => JSON.stringify(digestSearchRecord(digest, digestPath(digest.slug))));
  const lines = [...papers, ...digests];
  return new Response(lines.length > 0 ? `${lines.join('\n')}\n` : '', {
    headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8' },
  });
};
