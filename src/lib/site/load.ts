/** Loads the archive once per build from Astro's content collections; every page shares it. */
import { getCollection } from 'astro:content';
import { buildArchive, type Archive } from './archive.ts';

let archive: Promise<Archive> | undefined;

export function loadArchive(): Promise<Archive> {
  archive ??= (async () => {
    const [papers, days, topics] = await Promise.all([getCollection('papers'), getCollection('days'), getCollection('topics')]);
    const built = buildArchive(papers, days, topics);
    for (const warning of built.warnings) console.warn(`[archive] ${warning}`);
    return built;
  })();
  return archive;
}
