/**
 * One search record per paper and per digest, one JSON object per line. Only
 * the build reads this file: the search integration (src/integrations/search.ts)
 * indexes it and deletes it.
 */
import type { APIRoute } from 'astro';
import { digestSearchRecord, paperSearchRecord } from '../../integrations/search-record.ts';
import { loadArchive } from '../../lib/site/load.ts';
import { indexesSearch } from '../../lib/site/shard.ts';
import { digestPath, paperPath } from '../../lib/urls.ts';

export const GET: APIRoute = async () => {
  // Only the process that indexes needs them (a response without a body writes no file).
  if (!indexesSearch()) return new Response(null);
  const archive = await loadArchive();
  const papers = archive.papers.map((paper) => {
    const topicTitles = paper.topics.map((slug) => archive.topicBySlug.get(slug)?.title ?? slug);
    return JSON.stringify(paperSearchRecord(paper, topicTitles, paperPath(paper.id)));
  });
  const digests = archive.digests.map((digest) => JSON.stringify(digestSearchRecord(digest, digestPath(digest.slug))));
  // Oldest first: a record's number names its fragment file, so a new day's records come last and leave the
  // numbers (and files) of the older ones as they were. The engine prefers the higher number on a tie.
  const lines = [...papers, ...digests].reverse();
  // Bytes, not a string: a string body is first scanned for lone surrogates, which at 50,000 papers is costly.
  return new Response(lines.length > 0 ? Buffer.from(`${lines.join('\n')}\n`) : '', {
    headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8' },
  });
};
