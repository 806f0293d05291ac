import type { APIRoute, GetStaticPaths } from 'astro';
import { dayExport, jsonResponse } from '../../../lib/site/api.ts';
import type { ArchiveDay } from '../../../lib/site/archive.ts';
import { loadArchive } from '../../../lib/site/load.ts';
import { mainShardOnly } from '../../../lib/site/shard.ts';

export const getStaticPaths = (async () => {
  const archive = await loadArchive();
  return mainShardOnly(archive.days.map((day) => ({ params: { date: day.date }, props: { day } })));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => jsonResponse(dayExport((props as { day: ArchiveDay }).day));
