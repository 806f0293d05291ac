/** Loads the archive once per build, from the papers on disk and Astro's content collections; every page shares it. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getCollection } from 'astro:content';
import { contentDir, topics as taxonomy } from '../config.ts';
import { controlsWarning, stripControlsDeep } from '../control-chars.ts';
import { buildArchive, type Archive } from './archive.ts';
import { bodyStartLine } from './digest-refs.ts';
import type { TopicDef, TopicInput } from '../topics.ts';
import { buildMemo } from './build-memo.ts';
import { digestEveryPaper } from './page-keys.ts';
import { paperPreload, type PreloadedRelated } from './paper-preload.ts';
import { readPapers } from './papers-source.ts';
import { startSearchIndexing } from './search-indexing.ts';
import { TopicMemo, readTopicMemo, writeTopicMemo } from './topic-memo.ts';

/** Reference errors name the line in the file, so each MDX entry learns where its body starts. */
async function withBodyLine<T extends { body?: string; filePath?: string }>(entry: T): Promise<T & { bodyLine?: number }> {
  if (!entry.filePath?.endsWith('.mdx') || !entry.body) return entry;
  const raw = await readFile(entry.filePath, 'utf8').catch(() => undefined);
  return raw === undefined ? entry : { ...entry, bodyLine: bodyStartLine(raw, entry.body) };
}

/**
 * Entries whose front matter and body have lost their control characters (src/lib/control-chars.ts), each
 * file that had any named in a warning. (An MDX body is compiled by Astro from the file itself.)
 */
function withoutControls<T extends { data: object; body?: string; filePath?: string }>(entries: T[]): T[] {
  return entries.map((entry) => {
    const count = { removed: 0 };
    const data = stripControlsDeep(entry.data, count);
    const body = entry.body === undefined ? undefined : stripControlsDeep(entry.body, count);
    if (count.removed === 0) return entry;
    console.warn(`[archive] ${controlsWarning(entry.filePath ?? 'an entry', count.removed)}`);
    return { ...entry, data, body };
  });
}

let archive: Promise<Archive> | undefined;

export function loadArchive(): Promise<Archive> {
  archive ??= (async () => {
    // Read on a worker thread while Astro started, when the build started one (src/lib/site/paper-preload.ts).
    const preload = paperPreload();
    let papers = await preload?.papers;
    // Said, so that a build that has silently lost its preload (and the time it saves) shows why.
    if (taxonomy.fallback) {
      console.log(`[topics] ${path.join(contentDir, 'topics')} does not exist: using the default taxonomy, ${taxonomy.dir} (copy it there to edit it)`);
    }
    if (preload?.problem) console.warn(`[paper-preload] ${preload.problem}: the papers are read and scored on the build's own thread`);
    const paperWarnings = papers ? preload!.warnings : [];
    papers ??= readPapers(path.join(contentDir, 'papers'), paperWarnings);
    for (const warning of paperWarnings) console.warn(`[papers] ${warning}`);
    const [days, topics, digests] = await Promise.all([
      getCollection('days').then(withoutControls),
      getCollection('topics').then(withoutControls),
      getCollection('digests').then(withoutControls),
    ]);
    // Topics matched by the previous build are reused when it ran the same code and settings.
    const cache = buildMemo();
    let memo: TopicMemo | undefined;
    const topicMatcher = (taxonomy: TopicDef[]) => {
      memo = new TopicMemo(taxonomy, cache?.trusted ? readTopicMemo(cache.dir) : undefined);
      return (paper: TopicInput) => memo!.topicsOf(paper);
    };
    // The related lists the worker scores meanwhile: awaited once everything else here is done, and asked for by
    // the archive only when a page wants its first list, which is after this function returned.
    const scored: { related?: PreloadedRelated } = {};
    const built = buildArchive(papers, days, await Promise.all(topics.map(withBodyLine)), await Promise.all(digests.map(withBodyLine)), {
      topicMatcher,
      related: () => scored.related,
    });
    if (cache && memo) writeTopicMemo(cache.dir, memo);
    for (const warning of built.warnings) console.warn(`[archive] ${warning}`);
    // Indexing starts now, beside the pages.
    startSearchIndexing(built);
    // Their page keys' digests are computed while the worker scores.
    digestEveryPaper(built);
    scored.related = await preload?.related;
    return built;
  })();
  return archive;
}
