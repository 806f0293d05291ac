import type { APIRoute, GetStaticPaths } from 'astro';
import { dayExport, jsonResponse } from '../../../lib/site/api.ts';
import type { ArchiveDay } from '../../../lib/site/archive.ts';
import { loadArchive } from '../../../lib/site/load.ts';
import { withoutUnchangedPages } from '../../../lib/site/page-cache.ts';
import { dayExportKey } from '../../../lib/site/page-keys.ts';
import { mainShardOnly } from '../../../lib/site/shard.ts';
import { pagePathname, withBase } from '../../../lib/urls.ts';

export const getStaticPaths = (async () => {
  const archive = await loadArchive();
  const days = archive.days.map((day) => ({ params: { date: day.date }, props: { day } }));
  return withoutUnchangedPages(mainShardOnly(days), ({ props: { day } }) => ({
    pathname: pagePathname(withBase(`api/days/${day.date}.json`)),
    key: dayExportKey(archive, day),
  }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => jsonResponse(dayExport((props as { day: ArchiveDay }).day));
