import type { APIRoute } from 'astro';
import { jsonResponse, paperSummary } from '../../lib/site/api.ts';
import { loadArchive } from '../../lib/site/load.ts';
import { currentShard } from '../../lib/site/shard.ts';

export const GET: APIRoute = async () => {
  // Another process's copy would be discarded: a response without a body writes no file.
  if (currentShard().index > 0) return new Response(null);
  const archive = await loadArchive();
  return jsonResponse(archive.papers.map(paperSummary));
};
