/**
 * Starts building the search index as soon as the archive is loaded.
 *
 * The index needs the archive's records, not its pages: started with the
 * archive, it runs in a process of its own (src/search/indexer-process.ts) while this
 * build renders its pages, instead of after them. The search integration
 * (src/integrations/search.ts) says where, through the environment, and awaits
 * the result at build:done; pages run in Astro's bundle, a module instance
 * apart from the integration's, so the running job is handed over on
 * `globalThis`.
 */
import { closeSync, ftruncateSync, mkdirSync, openSync, rmSync, writevSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-write.ts';
import { startIndexerProcess, type IndexSummary, type IndexerProcess } from '../../search/indexer-launch.ts';
import type { WordMemoFile } from '../../search/word-memo.ts';
import type { SearchRecord } from '../../search/record.ts';
import { readRecordKeys } from '../../search/records-file.ts';
import { textDigest } from '../../search/word-memo.ts';
import { digestPath, paperPath } from '../urls.ts';
import type { Archive, ArchiveDigest, ArchivePaper } from './archive.ts';
import { paperDigest } from './page-keys.ts';

/** Set by the search integration: `SearchIndexingSettings` as JSON. */
export const SEARCH_INDEXING_ENV = 'PAPERS_ARCHIVE_SEARCH_INDEXING';

export interface SearchIndexingSettings {
  /** src/search/indexer-process.ts */
  script: string;
  /** Where the records are written for the indexer (never in the output). */
  recordsFile: string;
  bundleDir: string;
  /** The previous build's bundle: its unchanged fragments are not written again. */
  previousDir: string;
  /** What the indexer counted, kept for the next build (src/search/word-memo.ts); none outside a build. */
  wordMemo?: WordMemoFile;
  /**
   * When the records file is kept for the next build (`RecordsMemo`): the file of its lines' keys, and whether the
   * previous build's records may be taken (only when it ran the same code and settings, src/lib/site/build-memo.ts).
   */
  keepRecords?: { keysFile: string; read: boolean };
}

export interface SearchIndexing {
  settings: SearchIndexingSettings;
  /** performance.now() when it started. */
  startedAt: number;
  /** Records taken as they were from the previous build's file (`RecordsMemo`). */
  recordsTaken: number;
  result: Promise<IndexSummary>;
}

const STARTED = Symbol.for('papers-archive.search-indexing');

/** Records packed into one piece of the records file at a time. */
const RECORDS_PER_PIECE = 1000;

/** The key of a line no later build may take (a digest's record: its key would have to hold every paper it names). */
const NO_KEY = '-';

/**
 * The previous build's records by what each paper's record is made of (`paperDigest`: its fields and its topics'
 * names; its address follows from its id and the base path, which the build memo's trust covers): a daily rebuild
 * takes 50,000 unchanged lines from the previous file instead of writing and encoding each again (3 s at 50,000
 * papers), and as a day's new records come last, it mostly keeps the file as it is and appends to it.
 */
export interface RecordsMemo {
  /** Where each keyed line is in the previous records file (its "\n" included), and the digest of its text. */
  lines: Map<string, RecordLine>;
}

export interface RecordLine {
  start: number;
  end: number;
  digest: string;
}

/** The previous build's records file with its keys file, or undefined when they cannot be read together (`readRecordKeys`). */
export function readRecordsMemo(recordsFile: string, keysFile: string): RecordsMemo | undefined {
  const keys = readRecordKeys(recordsFile, keysFile);
  if (!keys) return undefined;
  const lines = new Map<string, RecordLine>();
  let at = 0;
  for (const { key, length, digest } of keys) {
    if (key !== NO_KEY) lines.set(key, { start: at, end: at + length, digest });
    at += length;
  }
  return { lines };
}

/** Bytes `start` to `end` of the previous records file. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface SearchRecords {
  /** The records file's bytes, in pieces: new text, or a range of the previous file (`RecordsMemo`). */
  pieces: (Buffer | ByteRange)[];
  /** Each line's key, length in bytes and digest, a line each (`parseRecordKeys`): the next build's `RecordsMemo`. */
  keys: string;
  /** How many lines came from the memo. */
  taken: number;
}

/**
 * The records file: one line of JSON per paper and per digest, oldest first
 * (a record's number names its fragment file, so a new day's records come
 * last and leave the numbers, and files, of the older ones as they were; the
 * engine prefers the higher number on a tie, src/search/client/engine.ts),
 * as UTF-8 pieces of a thousand new lines or ranges of lines of `memo`'s
 * file: the whole text as one string, then as one buffer, held 115 MB twice
 * over at 50,000 papers when the build's memory is at its highest.
 */
export function searchRecordPieces(archive: Archive, memo?: RecordsMemo): SearchRecords {
  const digests = archive.digests;
  const papers = archive.papers;
  const total = papers.length + digests.length;
  const pieces: (Buffer | ByteRange)[] = [];
  const keys: string[] = [];
  let taken = 0;
  let lines: string[] = [];
  const flushLines = () => {
    if (lines.length > 0) pieces.push(Buffer.from(`${lines.join('\n')}\n`));
    lines = [];
  };
  // A run of consecutive lines of the memo, written as one piece.
  let run: ByteRange | undefined;
  const flushRun = () => {
    if (run) pieces.push(run);
    run = undefined;
  };
  const addLine = (key: string, line: string) => {
    flushRun();
    lines.push(line);
    keys.push(`${key}\t${Buffer.byteLength(line) + 1}\t${textDigest(line)}`);
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
    const remembered = memo?.lines.get(key);
    if (remembered) {
      flushLines();
      if (run && run.end === remembered.start) run.end = remembered.end;
      else {
        flushRun();
        run = { start: remembered.start, end: remembered.end };
      }
      keys.push(`${key}\t${remembered.end - remembered.start}\t${remembered.digest}`);
      taken += 1;
      continue;
    }
    const topicTitles = paper.topics.map((slug) => archive.topicBySlug.get(slug)?.title ?? slug);
    addLine(key, JSON.stringify(paperSearchRecord(paper, topicTitles, paperPath(paper.id))));
  }
  flushLines();
  flushRun();
  return { pieces, keys: `${keys.join('\n')}\n`, taken };
}

/** A paper as the site shows it, with its topic titles and page URL (base path included). */
export function paperSearchRecord(paper: ArchivePaper, topicTitles: string[], url: string): SearchRecord {
  return {
    kind: 'paper',
    url,
    title: paper.plainTitle,
    // The year filter finds a paper no daily listing gave a day by its publication year.
    date: paper.date ?? paper.published,
    upvotes: paper.upvotes,
    organisation: paper.org?.name,
    authors: paper.authors,
    keywords: paper.keywords,
    // Only the abstract: the person's notes below the marker stay out of the index.
    abstract: paper.abstract,
    aiSummary: paper.aiSummary,
    topics: topicTitles,
  };
}

/** A digest: its summary and prose are the searchable text, its authors the authors. */
export function digestSearchRecord(digest: ArchiveDigest, url: string): SearchRecord {
  return {
    kind: 'digest',
    url,
    title: digest.title,
    date: digest.date,
    authors: digest.authors,
    keywords: [],
    abstract: [digest.summary, digest.prose].filter((part) => part.trim()).join('\n\n'),
    topics: [],
  };
}

const PRESTARTED = Symbol.for('papers-archive.search-indexer');

function startIndexer(settings: SearchIndexingSettings): IndexerProcess {
  return startIndexerProcess(settings.script, settings.recordsFile, settings.bundleDir, settings.previousDir, settings.wordMemo, settings.keepRecords?.keysFile);
}

/**
 * Starts the indexing process with the build (the search integration, at build start), so that it has loaded its
 * code and read its memo by the time the records are written; `startSearchIndexing` sets it going.
 */
export function prestartSearchIndexer(): void {
  const value = process.env[SEARCH_INDEXING_ENV];
  const global = globalThis as { [PRESTARTED]?: IndexerProcess };
  if (!value || global[PRESTARTED]) return;
  global[PRESTARTED] = startIndexer(JSON.parse(value) as SearchIndexingSettings);
}

function takePrestartedIndexer(): IndexerProcess | undefined {
  const global = globalThis as { [PRESTARTED]?: IndexerProcess };
  const indexer = global[PRESTARTED];
  global[PRESTARTED] = undefined;
  return indexer;
}

/**
 * How much of the previous file `pieces` keep as it is: up to the end of their first piece when that is a range from
 * the file's start (a new day's records come last), else nothing; and the pieces that follow it.
 */
function keptPrefix(pieces: (Buffer | ByteRange)[]): { keepUpTo: number; rest: (Buffer | ByteRange)[] } {
  const first = pieces[0];
  const keepUpTo = first && !Buffer.isBuffer(first) && first.start === 0 ? first.end : 0;
  return { keepUpTo, rest: keepUpTo > 0 ? pieces.slice(1) : pieces };
}

/** Above this many new bytes, appending waits for Node's thread pool (a full build's records are 115 MB). */
const APPEND_NOW_BYTES = 4 * 2 ** 20;

/**
 * Appends the new records at once when that is all there is to do: the file kept up to its first range, then a few
 * new lines (a new day's records). Returns false, having written nothing, otherwise. Done in the background, the
 * append waited for this thread, busy with page keys for about 2 s, and the indexer with it, at the end of a rebuild.
 */
export function appendRecordsNow(file: string, pieces: (Buffer | ByteRange)[]): boolean {
  const { keepUpTo, rest } = keptPrefix(pieces);
  const buffers = rest.filter((piece): piece is Buffer => Buffer.isBuffer(piece));
  if (keepUpTo === 0 || buffers.length < rest.length || buffers.reduce((sum, buffer) => sum + buffer.length, 0) > APPEND_NOW_BYTES) return false;
  let fd: number;
  try {
    fd = openSync(file, 'r+');
  } catch {
    return false;
  }
  try {
    ftruncateSync(fd, keepUpTo);
    writevSync(fd, buffers, keepUpTo);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Writes `pieces` to `file`, whose previous content their ranges refer to. When they begin with the file's own
 * start, as after a new day (its records come last), the file is kept up to there and the rest written after it;
 * otherwise the ranges are read first and the file written whole. The keys file is removed before and written
 * after this, so a failure half way is never read as a memo.
 */
export async function writeRecords(file: string, pieces: (Buffer | ByteRange)[]): Promise<void> {
  const { keepUpTo, rest } = keptPrefix(pieces);
  const ranges = rest.filter((piece): piece is ByteRange => !Buffer.isBuffer(piece));
  const handle = await open(file, keepUpTo > 0 || ranges.length > 0 ? 'r+' : 'w').catch(() => open(file, 'w'));
  try {
    const buffers: Buffer[] = [];
    for (const piece of rest) {
      if (Buffer.isBuffer(piece)) buffers.push(piece);
      else {
        const bytes = Buffer.alloc(piece.end - piece.start);
        const { bytesRead } = await handle.read(bytes, 0, bytes.length, piece.start);
        if (bytesRead !== bytes.length) throw new Error(`${file}: shorter than its keys say`);
        buffers.push(bytes);
      }
    }
    await handle.truncate(keepUpTo);
    await handle.writev(buffers, keepUpTo);
  } finally {
    await handle.close();
  }
}

/** Writes the records and starts the indexer, once per build; nothing outside a build. */
export function startSearchIndexing(archive: Archive): void {
  const value = process.env[SEARCH_INDEXING_ENV];
  const global = globalThis as { [STARTED]?: SearchIndexing };
  if (!value || global[STARTED]) return;
  const settings = JSON.parse(value) as SearchIndexingSettings;
  const keep = settings.keepRecords;
  // Read whole before the file is written again below.
  const memo = keep?.read ? readRecordsMemo(settings.recordsFile, keep.keysFile) : undefined;
  // Without a memo the file is written anew: what is there is not this build's to keep.
  const { pieces, keys, taken } = searchRecordPieces(archive, memo);
  mkdirSync(path.dirname(settings.recordsFile), { recursive: true });
  // The keys go before the records they describe are overwritten, and come back once the new ones are on disk:
  // records are never read with another build's keys. The next build takes them only if this one ends well.
  if (keep) rmSync(keep.keysFile, { force: true });
  // A new day's few lines are appended at once; anything more is written by Node's thread pool while this process
  // goes on to its pages (115 MB at 50,000 papers: written synchronously, it held the process 3 s before its first
  // page). The indexer begins once the records are on disk.
  const indexer = takePrestartedIndexer() ?? startIndexer(settings);
  const begin = () => {
    if (keep) writeFileAtomic(path.dirname(keep.keysFile), keep.keysFile, keys);
    indexer.begin();
    return indexer.result;
  };
  const result = appendRecordsNow(settings.recordsFile, pieces) ? begin() : writeRecords(settings.recordsFile, pieces).then(begin);
  // Awaited at build:done; until then a failure must not count as unhandled.
  result.catch(() => {});
  global[STARTED] = { settings, startedAt: performance.now(), recordsTaken: taken, result };
}

/** The indexing this process started, if any. */
export function startedSearchIndexing(): SearchIndexing | undefined {
  return (globalThis as { [STARTED]?: SearchIndexing })[STARTED];
}
