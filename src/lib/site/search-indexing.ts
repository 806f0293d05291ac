/**
 * Starts building the search index as soon as the archive is loaded, in the
 * build process that indexes (src/lib/site/shard.ts `indexesSearch`).
 *
 * The index needs the archive's records, not its pages: started with the
 * archive, it runs in a process of its own (search-index-process.ts) while this
 * build renders its pages, instead of after them. The search integration
 * (src/integrations/search.ts) says where, through the environment, and awaits
 * the result at build:done; pages run in Astro's bundle, a module instance
 * apart from the integration's, so the running job is handed over on
 * `globalThis`.
 */
import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildSearchIndexApart, type IndexSummary } from '../../integrations/search-index-apart.ts';
import type { WordMemoFile } from '../../integrations/search.ts';
import { digestSearchRecord, paperSearchRecord } from '../../integrations/search-record.ts';
import { digestPath, paperPath } from '../urls.ts';
import type { Archive } from './archive.ts';

/** Set by the search integration in the process that builds the index: `SearchIndexingSettings` as JSON. */
export const SEARCH_INDEXING_ENV = 'PAPERS_ARCHIVE_SEARCH_INDEXING';

export interface SearchIndexingSettings {
  /** src/integrations/search-index-process.ts */
  script: string;
  /** Where the records are written for the indexer (never in the output). */
  recordsFile: string;
  bundleDir: string;
  /** The previous build's bundle: its unchanged fragments are not written again. */
  previousDir: string;
  /** What the indexer counted, kept for the next build (src/lib/word-memo.ts); none outside a page-cached build. */
  wordMemo?: WordMemoFile;
}

export interface SearchIndexing {
  settings: SearchIndexingSettings;
  /** performance.now() when it started. */
  startedAt: number;
  result: Promise<IndexSummary>;
}

const STARTED = Symbol.for('papers-archive.search-indexing');

/** Records packed into one piece of the records file at a time. */
const RECORDS_PER_PIECE = 1000;

/**
 * The records file's text: one line of JSON per paper and per digest, oldest
 * first (a record's number names its fragment file, so a new day's records
 * come last and leave the numbers, and files, of the older ones as they were;
 * the engine prefers the higher number on a tie, src/scripts/search/engine.ts),
 * as UTF-8 pieces of a thousand lines: the whole text as one string, then as
 * one buffer, held 115 MB twice over at 50,000 papers when the build's memory
 * is at its highest.
 */
export function searchRecordPieces(archive: Archive): Buffer[] {
  const digests = archive.digests;
  const papers = archive.papers;
  const total = papers.length + digests.length;
  // Oldest first: the archive lists papers then digests, each newest first.
  const line = (position: number) => {
    const index = total - 1 - position;
    if (index >= papers.length) {
      const digest = digests[index - papers.length]!;
      return JSON.stringify(digestSearchRecord(digest, digestPath(digest.slug)));
    }
    const paper = papers[index]!;
    const topicTitles = paper.topics.map((slug) => archive.topicBySlug.get(slug)?.title ?? slug);
    return JSON.stringify(paperSearchRecord(paper, topicTitles, paperPath(paper.id)));
  };
  const pieces: Buffer[] = [];
  for (let start = 0; start < total; start += RECORDS_PER_PIECE) {
    const lines = Array.from({ length: Math.min(RECORDS_PER_PIECE, total - start) }, (_, offset) => line(start + offset));
    pieces.push(Buffer.from(`${lines.join('\n')}\n`));
  }
  return pieces;
}

/** Writes the records and starts the indexer, once per build; nothing outside the process that indexes. */
export function startSearchIndexing(archive: Archive): void {
  const value = process.env[SEARCH_INDEXING_ENV];
  const global = globalThis as { [STARTED]?: SearchIndexing };
  if (!value || global[STARTED]) return;
  const settings = JSON.parse(value) as SearchIndexingSettings;
  const pieces = searchRecordPieces(archive);
  mkdirSync(path.dirname(settings.recordsFile), { recursive: true });
  // Written by Node's thread pool while this process goes on to its pages (115 MB at 50,000 papers: written
  // synchronously, it held the process 3 s before its first page); the indexer starts once it is on disk.
  const result = writeFile(settings.recordsFile, pieces).then(() =>
    buildSearchIndexApart(settings.script, settings.recordsFile, settings.bundleDir, settings.previousDir, settings.wordMemo),
  );
  // Awaited at build:done; until then a failure must not count as unhandled.
  result.catch(() => {});
  global[STARTED] = { settings, startedAt: performance.now(), result };
}

/** The indexing this process started, if any. */
export function startedSearchIndexing(): SearchIndexing | undefined {
  return (globalThis as { [STARTED]?: SearchIndexing })[STARTED];
}
