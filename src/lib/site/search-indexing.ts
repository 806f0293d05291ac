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
import { mkdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-write.ts';
import { buildSearchIndexApart, type IndexSummary } from '../../integrations/search-index-apart.ts';
import type { WordMemoFile } from '../../integrations/search.ts';
import { digestSearchRecord, paperSearchRecord } from '../../integrations/search-record.ts';
import { digestPath, paperPath } from '../urls.ts';
import type { Archive } from './archive.ts';
import { paperDigest } from './page-keys.ts';

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
  /** Where this build's records are kept for the next (`RecordsMemo`), and whether the previous build's may be read. */
  recordsMemo?: { dir: string; read: boolean };
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

/** The records file as the previous build wrote it, and the key and length of each of its lines. */
const MEMO_RECORDS = 'search-records.jsonl';
const MEMO_KEYS = 'search-records.keys';
/** The key of a line no later build may take (a digest's record: its key would have to hold every paper it names). */
const NO_KEY = '-';

/**
 * The previous build's records by what each paper's record is made of (`paperDigest`: its fields and its topics'
 * names; its address follows from its id and the base path, which the page cache's trust covers): a daily rebuild
 * takes 50,000 unchanged lines as bytes instead of writing and encoding each again (3 s at 50,000 papers).
 */
export interface RecordsMemo {
  bytes: Buffer;
  lines: Map<string, { start: number; end: number }>;
}

/** The previous build's records memo, or undefined when it is missing or does not add up (never a wrong line). */
export function readRecordsMemo(dir: string): RecordsMemo | undefined {
  try {
    const bytes = readFileSync(path.join(dir, MEMO_RECORDS));
    const lines = new Map<string, { start: number; end: number }>();
    let at = 0;
    for (const line of readFileSync(path.join(dir, MEMO_KEYS), 'utf8').split('\n')) {
      if (line === '') continue;
      const tab = line.indexOf('\t');
      const length = Number(line.slice(tab + 1));
      if (tab < 0 || !Number.isInteger(length) || length < 1) return undefined;
      const key = line.slice(0, tab);
      if (key !== NO_KEY) lines.set(key, { start: at, end: at + length });
      at += length;
    }
    return at === bytes.length ? { bytes, lines } : undefined;
  } catch {
    return undefined;
  }
}

export interface SearchRecords {
  /** The records file's bytes, in pieces. */
  pieces: Buffer[];
  /** Each line's key and length in bytes, a line each: the next build's `RecordsMemo` with the records. */
  keys: string;
}

/**
 * The records file: one line of JSON per paper and per digest, oldest first
 * (a record's number names its fragment file, so a new day's records come
 * last and leave the numbers, and files, of the older ones as they were; the
 * engine prefers the higher number on a tie, src/scripts/search/engine.ts),
 * as UTF-8 pieces of a thousand new lines or of a run of lines taken from
 * `memo`: the whole text as one string, then as one buffer, held 115 MB twice
 * over at 50,000 papers when the build's memory is at its highest.
 */
export function searchRecordPieces(archive: Archive, memo?: RecordsMemo): SearchRecords {
  const digests = archive.digests;
  const papers = archive.papers;
  const total = papers.length + digests.length;
  const pieces: Buffer[] = [];
  const keys: string[] = [];
  let lines: string[] = [];
  const flushLines = () => {
    if (lines.length > 0) pieces.push(Buffer.from(`${lines.join('\n')}\n`));
    lines = [];
  };
  // A run of consecutive lines of the memo, written as one piece.
  let run: { start: number; end: number } | undefined;
  const flushRun = () => {
    if (run) pieces.push(memo!.bytes.subarray(run.start, run.end));
    run = undefined;
  };
  const addLine = (key: string, line: string) => {
    flushRun();
    lines.push(line);
    keys.push(`${key}\t${Buffer.byteLength(line) + 1}`);
    if (lines.length === RECORDS_PER_PIECE) flushLines();
  };
  // Oldest first: the archive lists papers then digests, each newest first.
  for (let position = 0; position < total; position += 1) {
    const index = total - 1 - position;
    if (index >= papers.length) {
      const digest = digests[index - papers.length]!;
      addLine(NO_KEY, JSON.stringify(digestSearchRecord(digest, digestPath(digest.slug))));
      continue;
    }
    const paper = papers[index]!;
    const key = paperDigest(archive, paper);
    const taken = memo?.lines.get(key);
    if (taken) {
      flushLines();
      if (run && run.end === taken.start) run.end = taken.end;
      else {
        flushRun();
        run = { ...taken };
      }
      keys.push(`${key}\t${taken.end - taken.start}`);
      continue;
    }
    const topicTitles = paper.topics.map((slug) => archive.topicBySlug.get(slug)?.title ?? slug);
    addLine(key, JSON.stringify(paperSearchRecord(paper, topicTitles, paperPath(paper.id))));
  }
  flushLines();
  flushRun();
  return { pieces, keys: `${keys.join('\n')}\n` };
}

/** Writes the records and starts the indexer, once per build; nothing outside the process that indexes. */
export function startSearchIndexing(archive: Archive): void {
  const value = process.env[SEARCH_INDEXING_ENV];
  const global = globalThis as { [STARTED]?: SearchIndexing };
  if (!value || global[STARTED]) return;
  const settings = JSON.parse(value) as SearchIndexingSettings;
  const keep = settings.recordsMemo;
  const { pieces, keys } = searchRecordPieces(archive, keep?.read ? readRecordsMemo(keep.dir) : undefined);
  mkdirSync(path.dirname(settings.recordsFile), { recursive: true });
  // Written by Node's thread pool while this process goes on to its pages (115 MB at 50,000 papers: written
  // synchronously, it held the process 3 s before its first page); the indexer starts once it is on disk.
  const result = writeFile(settings.recordsFile, pieces).then(() => {
    // For the next build, which reads it only if this one ends well (the page cache's trust): the keys last, so
    // that records without their keys are never taken.
    if (keep) {
      writeFileAtomic(keep.dir, path.join(keep.dir, MEMO_RECORDS), pieces);
      writeFileAtomic(keep.dir, path.join(keep.dir, MEMO_KEYS), keys);
    }
    return buildSearchIndexApart(settings.script, settings.recordsFile, settings.bundleDir, settings.previousDir, settings.wordMemo);
  });
  // Awaited at build:done; until then a failure must not count as unhandled.
  result.catch(() => {});
  global[STARTED] = { settings, startedAt: performance.now(), result };
}

/** The indexing this process started, if any. */
export function startedSearchIndexing(): SearchIndexing | undefined {
  return (globalThis as { [STARTED]?: SearchIndexing })[STARTED];
}
