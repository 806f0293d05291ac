/**
 * Builds the search bundle (format in src/search/format.ts) from
 * indexed records, one at a time: postings are kept as compact numbers while
 * a worker thread gzips and writes each record's fragment file as it arrives
 * (the second core does the compression and file creation while this one
 * tokenizes); shards and columns are written at the end. Memory grows with
 * the number of distinct (word, record) pairs, not with the text.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  ByteWriter,
  FORMAT_VERSION,
  MANIFEST_FILE,
  POSTINGS_BITMAP,
  POSTINGS_GAPS,
  SCORE_SCALE,
  dayNumber,
  fragmentFile,
  shardFile,
  type Fragment,
  type Manifest,
} from './format.ts';
import { NOT_WORD, fold, stemWord, superscriptedWords } from './text.ts';
import type { IndexRecord } from './record.ts';
import { Uint32List } from '../lib/uint32-list.ts';
import { MemoRecall, type WordMemo } from './word-memo.ts';
import type { FragmentJob, FragmentReply } from './fragment-writer.ts';
import { z } from 'zod';

/**
 * Synchronous gzip: for files of a few KB it is several times faster than
 * zlib's asynchronous calls. A 4 KB window covers a record's text.
 */
const SMALL_FILE = { level: 6, windowBits: 12, memLevel: 5 } as const;
const gzip = (data: Uint8Array | string, options: { level: number; windowBits?: number; memLevel?: number } = SMALL_FILE) => gzipSync(data, options);

/** BM25's usual constants. */
const K1 = 1.2;
const B = 0.75;
/** A title word counts as this many words of text, a keyword as KEYWORD_WEIGHT: both say what a paper is about. */
const TITLE_WEIGHT = 3;
const KEYWORD_WEIGHT = 2;
/**
 * Records per fragment file. A page of 20 results fetches up to 20 files, so
 * one record a file (about 1 KB gzipped) keeps a page of results near 20 KB.
 */
export const GROUP_SIZE = 1;
/**
 * Raw bytes per term shard: a query fetches a whole shard for each word, so
 * shards stay small (a common word's postings still fill a shard of its own).
 */
const SHARD_BYTES = 3 * 1024;
/** A word in at least one record in this many is stored as a bitmap. */
const DENSE_RATIO = 10;
/** Files written at once. */
const WRITE_CONCURRENCY = 64;

const hash = (data: Uint8Array | string) => createHash('sha1').update(data).digest('hex').slice(0, 12);

/** Values of one field, numbered in order of first appearance. */
class ValueTable {
  readonly values: string[] = [];
  private readonly numbers = new Map<string, number>();
  number(value: string): number {
    let n = this.numbers.get(value);
    if (n === undefined) {
      n = this.values.length;
      this.values.push(value);
      this.numbers.set(value, n);
    }
    return n;
  }
}

/** Up to this many topics, a record's topics are one bitmask number (exact in a double). */
const MAX_MASK_TOPICS = 52;

/** Value numbers ordered by how often they occur, and each number's place in that order. */
function byFrequency(count: number, occurrences: number[]): { values: number[]; rank: number[] } {
  const tally = new Array<number>(count).fill(0);
  for (const value of occurrences) tally[value]! += 1;
  const values = Array.from({ length: count }, (_, i) => i).sort((a, b) => tally[b]! - tally[a]! || a - b);
  const rank = new Array<number>(count);
  values.forEach((value, i) => (rank[value] = i));
  return { values, rank };
}

/** A fragment file's name (see fragmentFile); its number is the group's. */
const FRAGMENT_NAME = /^(\d+)\.json\.gz$/;

/** Fragments handed to the writer thread at once. */
const FRAGMENT_BATCH = 256;

/**
 * What the indexer notes in its word memo beside a record's words: its filter and sort values (day number, upvotes,
 * kind, organisation, topics). With them and the words, a rebuild indexes an unchanged record without parsing it.
 */
const recordNoteSchema = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative(), z.string(), z.string().nullable(), z.array(z.string())]);
type RecordNote = z.infer<typeof recordNoteSchema>;

/**
 * The writer thread's own module, run from its source file by Node (type stripping). This module is loaded as it
 * is, never bundled: by the indexing process (indexer-process.ts) and by the tests.
 */
const WRITER_MODULE = new URL('./fragment-writer.ts', import.meta.url);

/** Writes fragment files on a worker thread; `done()` resolves once every file is on disk. */
class FragmentWriter {
  private readonly worker = new Worker(WRITER_MODULE, { workerData: SMALL_FILE });
  private pending = 0;
  private failure: Error | undefined;
  private drained: (() => void) | undefined;
  /** Fragments left as the previous bundle has them. */
  readonly reused: string[] = [];

  constructor() {
    this.worker.on('message', ({ count, reused }: FragmentReply) => {
      this.reused.push(...reused);
      this.pending -= count;
      if (this.pending === 0) this.drained?.();
    });
    this.worker.on('error', (error) => {
      this.failure = error;
      this.drained?.();
    });
  }

  write(files: FragmentJob[]): void {
    if (this.failure) throw this.failure;
    this.pending += files.length;
    this.worker.postMessage(files);
  }

  async done(): Promise<void> {
    if (this.pending > 0 && !this.failure) await new Promise<void>((resolve) => (this.drained = resolve));
    await this.worker.terminate();
    if (this.failure) throw this.failure;
  }
}

export class SearchIndexBuilder {
  /** Each word's number and its records so far; each record's (word, weighted count) pairs, in record order. */
  private readonly wordNumbers = new Map<string, number>();
  private readonly words: string[] = [];
  private readonly wordRecords: Uint32List;
  private readonly pairs: Uint32List;
  private readonly pairEnds: number[] = [];
  private readonly lengths: number[] = [];
  private readonly days: number[] = [];
  private readonly upvotes: number[] = [];
  private readonly kinds: number[] = [];
  private readonly orgs: number[] = [];
  private readonly topics: number[][] = [];
  private readonly kindTable = new ValueTable();
  private readonly orgTable = new ValueTable();
  private readonly topicTable = new ValueTable();
  /** Digests of the records' lines: the bundle's build id, in its files' names, changes with any of them. */
  private readonly recordsHash = createHash('sha1');
  private group: Fragment[] = [];
  /** Whether every record of the group had the same line and number in the previous build (its word memo). */
  private groupUnchanged = true;
  private batch: FragmentJob[] = [];
  /** Per record, the digest of its line and its note, for the next build's word memo. */
  private readonly digests: string[] = [];
  private readonly notes: RecordNote[] = [];
  /** Fragments left as the previous bundle has them, found unchanged by `addUnchanged` (the writer thread finds the others). */
  private readonly unchangedFragments: string[] = [];
  /** The previous build's word memo. */
  private readonly recall: MemoRecall | undefined;
  private writer: FragmentWriter | undefined;
  private readonly dir: string;
  private readonly previousDir: string;

  /**
   * `dir`: the bundle's folder, emptied by `open()`. `previousDir`: where the
   * previous build's bundle is, when not in `dir` (another build process's output).
   */
  constructor(dir: string, previousDir = dir, previousMemo?: WordMemo) {
    this.dir = dir;
    this.previousDir = previousDir;
    this.recall = previousMemo && new MemoRecall(previousMemo, (word) => this.wordNumber(word));
    // Sized as the previous build's, with room for a few new days: growing by doubling copied and touched fresh memory.
    this.wordRecords = new Uint32List(previousMemo && Math.ceil(previousMemo.words.length * 1.05));
    this.pairs = new Uint32List(previousMemo && Math.ceil(previousMemo.pairs.length * 1.05));
  }

  /**
   * Empties the bundle folder, except the fragment files of an earlier build:
   * they are rewritten only when their text changed (cheaper than deleting and
   * creating tens of thousands of files) and those past the new last record
   * removed by `write()`.
   */
  async open(): Promise<void> {
    const kept = path.join(this.dir, 'f');
    const entries = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(entries.filter((name) => name !== 'f').map((name) => rm(path.join(this.dir, name), { recursive: true, force: true })));
    for (const sub of ['t', 'd', 'u', 'f']) await mkdir(path.join(this.dir, sub), { recursive: true });
    this.previousFragments = (await readdir(kept)).filter((name) => FRAGMENT_NAME.test(name));
    const previous = path.join(this.previousDir, 'f');
    this.previousBundleFragments = new Set(previous === kept ? this.previousFragments : await readdir(previous).catch(() => []));
    this.writer = new FragmentWriter();
  }

  private previousFragments: string[] = [];
  /** The fragment files of the previous bundle (in `previousDir`). */
  private previousBundleFragments = new Set<string>();

  get count(): number {
    return this.lengths.length;
  }

  /** A word as written (folded) → its stem's word number: each distinct spelling is stemmed once. */
  private readonly spellings = new Map<string, number>();
  /** Weighted counts of the record being added, by word number, and which numbers it touched. */
  private tally = new Uint32Array(1 << 16);
  private readonly touched: number[] = [];

  private wordNumber(term: string): number {
    let word = this.wordNumbers.get(term);
    if (word === undefined) {
      word = this.words.length;
      this.words.push(term);
      this.wordNumbers.set(term, word);
      this.wordRecords.push(0);
      if (word >= this.tally.length) {
        const next = new Uint32Array(this.tally.length * 2);
        next.set(this.tally);
        this.tally = next;
      }
    }
    return word;
  }

  private countWords(text: string, weight: number): void {
    const folded = fold(text);
    // The text's words, cut with `split` (one native call, no match object per word); the ends may be empty.
    for (const spelling of folded.split(NOT_WORD)) this.countSpelling(spelling, weight);
    for (const spelling of superscriptedWords(folded)) this.countSpelling(spelling, weight);
  }

  private countSpelling(spelling: string, weight: number): void {
    if (spelling === '') return;
    let word = this.spellings.get(spelling);
    if (word === undefined) {
      const term = stemWord(spelling);
      word = term ? this.wordNumber(term) : -1;
      this.spellings.set(spelling, word);
    }
    if (word < 0) return;
    if (this.tally[word] === 0) this.touched.push(word);
    this.tally[word]! += weight;
  }

  private tallyWord = (word: number, weight: number): void => {
    if (this.tally[word] === 0) this.touched.push(word);
    this.tally[word]! += weight;
  };

  /**
   * Adds the next record. `digest` (src/search/word-memo.ts `textDigest` of its line) lets a record the previous
   * build's memo holds skip the counting of its words, and is kept for the next build's memo.
   */
  add(record: IndexRecord, digest: string): void {
    const remembered = this.recall?.textOf(digest);
    if (this.recall && remembered !== undefined) {
      // The pairs in the order counting would find them.
      this.recall.forEachPair(remembered, this.tallyWord);
    } else {
      this.countWords(record.content, 1);
      this.countWords(record.title, TITLE_WEIGHT - 1);
      this.countWords(record.keywords.join(' '), KEYWORD_WEIGHT - 1);
    }
    if (this.recall?.memo.digests[this.count] !== digest) this.groupUnchanged = false;
    const note: RecordNote = [
      dayNumber(record.meta.date),
      record.upvotes,
      record.filters.kind?.[0] ?? 'paper',
      record.filters.organisation?.[0] ?? null,
      record.filters.topic ?? [],
    ];
    this.finishRecord(digest, note);
    this.group.push({ url: record.url, content: record.content, meta: record.meta, filters: record.filters });
    if (this.group.length === GROUP_SIZE) this.closeGroup();
  }

  /**
   * Adds the next record from the previous build's memo alone, without its text, when the memo holds a record
   * with this line digest at this very number, with its note, and the previous bundle its fragment file (then
   * left as it is). Returns whether it did; if not, parse the line and `add` it.
   */
  addUnchanged(digest: string): boolean {
    // A fragment file per record: a group of several would need the text of its changed records.
    if (!this.recall || GROUP_SIZE !== 1 || this.group.length > 0) return false;
    const position = this.count;
    const { digests, notes } = this.recall.memo;
    if (digests[position] !== digest) return false;
    const fragment = fragmentFile(GROUP_SIZE, position);
    if (!this.previousBundleFragments.has(fragment.slice('f/'.length))) return false;
    const note = recordNoteSchema.safeParse(notes?.[position]);
    if (!note.success) return false;
    this.recall.forEachPair(position, this.tallyWord);
    this.finishRecord(digest, note.data);
    this.unchangedFragments.push(fragment);
    return true;
  }

  /** Ends the record whose words are tallied: its pairs, length, and filter and sort values. */
  private finishRecord(digest: string, note: RecordNote): void {
    this.digests.push(digest);
    this.notes.push(note);
    this.recordsHash.update(digest);
    let length = 0;
    for (const word of this.touched) {
      const weight = this.tally[word]!;
      this.tally[word] = 0;
      length += weight;
      this.wordRecords.data[word]! += 1;
      this.pairs.push(word);
      this.pairs.push(weight);
    }
    this.touched.length = 0;
    this.lengths.push(length);
    this.pairEnds.push(this.pairs.length);
    const [day, upvotes, kind, org, topics] = note;
    this.days.push(day);
    this.upvotes.push(upvotes);
    this.kinds.push(this.kindTable.number(kind));
    this.orgs.push(org === null ? 0 : this.orgTable.number(org) + 1);
    this.topics.push(topics.map((topic) => this.topicTable.number(topic)));
  }

  private closeGroup(): void {
    if (this.group.length === 0) return;
    const name = fragmentFile(GROUP_SIZE, this.count - 1);
    this.batch.push([name, path.join(this.dir, name), path.join(this.previousDir, name), JSON.stringify(this.group), this.groupUnchanged]);
    this.group = [];
    this.groupUnchanged = true;
    if (this.batch.length >= FRAGMENT_BATCH) this.flushBatch();
  }

  private flushBatch(): void {
    if (!this.writer) throw new Error('search index: open() the builder before adding records');
    this.writer.write(this.batch);
    this.batch = [];
  }

  /**
   * What this builder counted and noted, for the next build (src/search/word-memo.ts). Call before `write()`, which
   * lets go of the pairs.
   */
  wordMemo(): WordMemo {
    return { words: this.words, digests: this.digests, pairEnds: Uint32Array.from(this.pairEnds), pairs: this.pairs.values(), notes: this.notes };
  }

  /** Stops the writer thread and removes the half-written bundle (after a bad record). */
  async abandon(): Promise<void> {
    this.batch = [];
    await this.writer?.done().catch(() => {});
    await rm(this.dir, { recursive: true, force: true });
  }

  /**
   * Writes the rest of the bundle. Returns the number of files and the
   * fragments left as the previous bundle had them (names like `f/12.json.gz`),
   * which are part of this bundle although this build did not write them.
   */
  async write(): Promise<{ files: number; reused: string[] }> {
    const dir = this.dir;
    this.closeGroup();
    if (this.batch.length > 0) this.flushBatch();
    await this.writer?.done();
    const fragmentFiles = Math.ceil(this.count / GROUP_SIZE);
    const stale = this.previousFragments.filter((name) => Number(FRAGMENT_NAME.exec(name)![1]) >= fragmentFiles);
    await Promise.all(stale.map((name) => rm(path.join(dir, 'f', name), { force: true })));
    const files: [string, Uint8Array][] = [];
    const build = createHash('sha1').update(`format ${FORMAT_VERSION}\n`).update(this.recordsHash.digest()).digest('hex').slice(0, 12);

    // Term shards.
    const records = this.count;
    const averageLength = records === 0 ? 1 : this.lengths.reduce((sum, length) => sum + length, 0) / records;
    // Postings: every word's records in one array, in record order (so ascending), by a counting sort of the pairs.
    const wordCount = this.words.length;
    const starts = new Uint32Array(wordCount + 1);
    for (let word = 0; word < wordCount; word++) starts[word + 1] = starts[word]! + this.wordRecords.data[word]!;
    const postingRecords = new Uint32Array(starts[wordCount]!);
    const postingCounts = new Uint16Array(starts[wordCount]!);
    const cursor = starts.slice(0, wordCount);
    const pairs = this.pairs.data;
    for (let record = 0, p = 0; record < records; record++) {
      for (const end = this.pairEnds[record]!; p < end; p += 2) {
        const at = cursor[pairs[p]!]!++;
        postingRecords[at] = record;
        postingCounts[at] = Math.min(65_535, pairs[p + 1]!);
      }
    }
    this.pairs.data = new Uint32Array(0);
    const order = Array.from({ length: wordCount }, (_, i) => i).sort((a, b) => {
      const x = this.words[a]!;
      const y = this.words[b]!;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    const shardFirstTerms: string[] = [];
    let shardCount = 0;
    const encoder = new TextEncoder();
    let shard = new ByteWriter();
    const closeShard = () => {
      if (shard.length === 0) return;
      const writer = shard;
      files.push([shardFile(build, shardCount++), gzip(writer.result())]);
      shard = new ByteWriter();
    };
    for (const number of order) {
      const word = this.words[number]!;
      const entry = { records: postingRecords.subarray(starts[number]!, starts[number + 1]!), counts: postingCounts.subarray(starts[number]!, starts[number + 1]!) };
      if (shard.length >= SHARD_BYTES) closeShard();
      if (shard.length === 0) shardFirstTerms.push(word);
      const bytes = encoder.encode(word);
      shard.varint(bytes.length);
      shard.bytes(bytes);
      const count = entry.records.length;
      shard.varint(count);
      // Postings and scores go after their size, so the page can skip the words it does not need.
      const body = new ByteWriter();
      if (count * DENSE_RATIO >= records) {
        // A common word: one bit per record is smaller than a gap per record.
        shard.byte(POSTINGS_BITMAP);
        const bitmap = new Uint8Array(Math.ceil(records / 8));
        for (const record of entry.records) bitmap[record >> 3]! |= 1 << (record & 7);
        body.bytes(bitmap);
      } else {
        shard.byte(POSTINGS_GAPS);
        let previous = 0;
        for (const record of entry.records) {
          body.varint(record - previous);
          previous = record;
        }
      }
      // Scores, two to a byte.
      let pair = 0;
      entry.records.forEach((record, i) => {
        const tf = entry.counts[i]!;
        const norm = 1 - B + (B * this.lengths[record]!) / averageLength;
        const score = Math.max(1, Math.min(SCORE_SCALE, Math.round((tf / (tf + K1 * norm)) * SCORE_SCALE)));
        if (i % 2 === 0) pair = score;
        else body.byte(pair | (score << 4));
      });
      if (count % 2 === 1) body.byte(pair);
      shard.varint(body.length);
      shard.bytes(body.result());
    }
    closeShard();

    // Filter and sort columns.
    const docs = new ByteWriter();
    // Most frequent values first: small numbers, and the topic bitmask's low bits, are the common ones.
    const orgOrder = byFrequency(this.orgTable.values.length, this.orgs.filter((org) => org > 0).map((org) => org - 1));
    const topicOrder = byFrequency(this.topicTable.values.length, this.topics.flat());
    const topicMask = topicOrder.values.length <= MAX_MASK_TOPICS;
    const tables = encoder.encode(
      JSON.stringify({
        kinds: this.kindTable.values,
        orgs: orgOrder.values.map((n) => this.orgTable.values[n]!),
        topics: topicOrder.values.map((n) => this.topicTable.values[n]!),
        topicMask,
      }),
    );
    docs.varint(tables.length);
    docs.bytes(tables);
    let previousDay = 0;
    for (const day of this.days) {
      const delta = day - previousDay;
      docs.varint(delta >= 0 ? delta * 2 : -delta * 2 - 1);
      previousDay = day;
    }
    for (const kind of this.kinds) docs.varint(kind);
    for (const org of this.orgs) docs.varint(org === 0 ? 0 : orgOrder.rank[org - 1]! + 1);
    for (const list of this.topics) {
      if (topicMask) {
        docs.varint(list.reduce((mask, topic) => mask + 2 ** topicOrder.rank[topic]!, 0));
      } else {
        docs.varint(list.length);
        for (const topic of list) docs.varint(topicOrder.rank[topic]!);
      }
    }
    const docsPacked = gzip(docs.result(), { level: 9 });
    const docsFile = `d/${hash(docsPacked)}.bin.gz`;
    files.push([docsFile, docsPacked]);
    const upvotes = new ByteWriter();
    for (const value of this.upvotes) upvotes.varint(value);
    const upvotesPacked = gzip(upvotes.result(), { level: 9 });
    const upvotesFile = `u/${hash(upvotesPacked)}.bin.gz`;
    files.push([upvotesFile, upvotesPacked]);

    // Fragments.

    const manifest: Manifest = {
      format: FORMAT_VERSION,
      build,
      records,
      shardFirstTerms,
      docsFile,
      upvotesFile,
      groupSize: GROUP_SIZE,
      k1: K1,
    };
    files.push([MANIFEST_FILE, gzip(JSON.stringify(manifest), { level: 9 })]);

    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const [name, data] = files[next++]!;
        await writeFile(path.join(dir, name), data);
      }
    };
    await Promise.all(Array.from({ length: WRITE_CONCURRENCY }, worker));
    return { files: files.length + fragmentFiles, reused: [...this.unchangedFragments, ...(this.writer?.reused ?? [])] };
  }
}
