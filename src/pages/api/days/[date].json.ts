import type { APIRoute, GetStaticPaths } from 'astro';
import { dayExport, jsonResponse } from '../../../lib/site/api.ts';
import type { ArchiveDay } from '../../../lib/site/archive.ts';
import { loadArchive } from '../../../lib/site/load.ts';
import { cacheKey, dayExportKey } from '../../../lib/site/page-keys.ts';

export const getStaticPaths = (async () => {
  const archive = await loadArchive();
  return archive.days.map((day) => ({ params: { date: day.date }, props: { day }, cacheKey: cacheKey(dayExportKey(archive, day)) }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => jsonResponse(dayExport((props as { day: ArchiveDay }).day));
