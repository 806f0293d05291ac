import type { APIRoute } from 'astro';
import { jsonResponse, paperSummary } from '../../lib/site/api.ts';
import { loadArchive } from '../../lib/site/load.ts';

export const GET: APIRoute = async () => {
  const archive = await loadArchive();
  return jsonResponse(archive.papers.map(paperSummary));
};
