/**
 * Builds the search bundle (format in src/scripts/search/format.ts) from
 * indexed records, one at a time: postings are kept as compact numbers, the
 * records' text is packed into gzipped fragment groups as it arrives, and the
 * files are written at the end. Memory grows with the number of distinct
 * (word, record) pairs, not with the text.
 */
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import {
  ByteWriter,
  FORMAT_VERSION,
  MANIFEST_FILE,
  SCORE_SCALE,
  dayNumber,
  fragmentFile,
  type Fragment,
  type Manifest,
} from '../scripts/search/format.ts';
import { terms } from '../scripts/search/text.ts';
import type { IndexRecord } from './search-record.ts';

const gzip = promisify(gzipCallback);

/** BM25's usual constants. */
const K1 = 1.2;
const B = 0.75;
/** A title word counts as this many words of text, a keyword as KEYWORD_WEIGHT: both say what a paper is about. */
const TITLE_WEIGHT = 3;
const KEYWORD_WEIGHT = 2;
/** Records per fragment file: the first page of 20 results fetches at most 20 files of this many records. */
export const GROUP_SIZE = 4;
/** Raw bytes per term shard: a query fetches one shard per word, so a shard stays small. */
const SHARD_BYTES = 24 * 1024;
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

/** Postings of one word: record numbers ascending, with the word's weighted count in each. */
interface Postings {
  records: number[];
  counts: number[];
}

export class SearchIndexBuilder {
  private readonly postings = new Map<string, Postings>();
  private readonly lengths: number[] = [];
  private readonly days: number[] = [];
  private readonly upvotes: number[] = [];
  private readonly kinds: number[] = [];
  private readonly orgs: number[] = [];
  private readonly topics: number[][] = [];
  private readonly kindTable = new ValueTable();
  private readonly orgTable = new ValueTable();
  private readonly topicTable = new ValueTable();
  private readonly recordsHash = createHash('sha1');
  private group: Fragment[] = [];
  private readonly groups: Promise<Buffer>[] = [];

  get count(): number {
    return this.lengths.length;
  }

  add(record: IndexRecord): void {
    const number = this.lengths.length;
    const counts = new Map<string, number>();
    const count = (text: string, weight: number) => {
      for (const term of terms(text)) counts.set(term, (counts.get(term) ?? 0) + weight);
    };
    count(record.content, 1);
    count(record.title, TITLE_WEIGHT - 1);
    count(record.keywords.join(' '), KEYWORD_WEIGHT - 1);
    let length = 0;
    for (const [term, weight] of counts) {
      length += weight;
      let entry = this.postings.get(term);
      if (!entry) {
        entry = { records: [], counts: [] };
        this.postings.set(term, entry);
      }
      entry.records.push(number);
      entry.counts.push(weight);
    }
    this.lengths.push(length);
    this.days.push(dayNumber(record.meta.date));
    this.upvotes.push(record.upvotes);
    this.kinds.push(this.kindTable.number(record.filters.kind?.[0] ?? 'paper'));
    const org = record.filters.organisation?.[0];
    this.orgs.push(org === undefined ? 0 : this.orgTable.number(org) + 1);
    this.topics.push((record.filters.topic ?? []).map((topic) => this.topicTable.number(topic)));

    const fragment: Fragment = { url: record.url, content: record.content, meta: record.meta, filters: record.filters };
    const json = JSON.stringify(fragment);
    this.recordsHash.update(json).update('\n');
    this.group.push(fragment);
    if (this.group.length === GROUP_SIZE) this.closeGroup();
  }

  private closeGroup(): void {
    if (this.group.length === 0) return;
    this.groups.push(gzip(JSON.stringify(this.group), { level: 6 }));
    this.group = [];
  }

  /** Writes the bundle's search files into `dir` (emptied first); returns the number of files. */
  async write(dir: string): Promise<number> {
    this.closeGroup();
    const files: [string, Uint8Array | Promise<Uint8Array>][] = [];
    const build = createHash('sha1').update(`format ${FORMAT_VERSION}\n`).update(this.recordsHash.digest()).digest('hex').slice(0, 12);

    // Term shards.
    const records = this.count;
    const averageLength = records === 0 ? 1 : this.lengths.reduce((sum, length) => sum + length, 0) / records;
    const words = [...this.postings.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const shardFirstTerms: string[] = [];
    const shardFiles: string[] = [];
    const encoder = new TextEncoder();
    let shard = new ByteWriter();
    const flush = async (writer: ByteWriter) => {
      const packed = await gzip(writer.result(), { level: 9 });
      return packed;
    };
    const pendingShards: Promise<void>[] = [];
    const closeShard = () => {
      if (shard.length === 0) return;
      const writer = shard;
      const index = shardFiles.length;
      shardFiles.push('');
      pendingShards.push(
        flush(writer).then((packed) => {
          const name = `t/${hash(packed)}.bin.gz`;
          shardFiles[index] = name;
          files.push([name, packed]);
        }),
      );
      shard = new ByteWriter();
    };
    for (const word of words) {
      const entry = this.postings.get(word)!;
      if (shard.length >= SHARD_BYTES) closeShard();
      if (shard.length === 0) shardFirstTerms.push(word);
      const bytes = encoder.encode(word);
      shard.varint(bytes.length);
      shard.bytes(bytes);
      shard.varint(entry.records.length);
      let previous = 0;
      for (const record of entry.records) {
        shard.varint(record - previous);
        previous = record;
      }
      entry.records.forEach((record, i) => {
        const tf = entry.counts[i]!;
        const norm = 1 - B + (B * this.lengths[record]!) / averageLength;
        const score = tf / (tf + K1 * norm);
        shard.byte(Math.max(1, Math.min(SCORE_SCALE, Math.round(score * SCORE_SCALE))));
      });
    }
    closeShard();
    this.postings.clear();
    await Promise.all(pendingShards);

    // Filter and sort columns.
    const docs = new ByteWriter();
    const tables = encoder.encode(JSON.stringify({ kinds: this.kindTable.values, orgs: this.orgTable.values, topics: this.topicTable.values }));
    docs.varint(tables.length);
    docs.bytes(tables);
    let previousDay = 0;
    for (const day of this.days) {
      const delta = day - previousDay;
      docs.varint(delta >= 0 ? delta * 2 : -delta * 2 - 1);
      previousDay = day;
    }
    for (const kind of this.kinds) docs.varint(kind);
    for (const org of this.orgs) docs.varint(org);
    for (const list of this.topics) {
      docs.varint(list.length);
      for (const topic of list) docs.varint(topic);
    }
    const docsPacked = await gzip(docs.result(), { level: 9 });
    const docsFile = `d/${hash(docsPacked)}.bin.gz`;
    files.push([docsFile, docsPacked]);
    const upvotes = new ByteWriter();
    for (const value of this.upvotes) upvotes.varint(value);
    const upvotesPacked = await gzip(upvotes.result(), { level: 9 });
    const upvotesFile = `u/${hash(upvotesPacked)}.bin.gz`;
    files.push([upvotesFile, upvotesPacked]);

    // Fragments.
    const groups = await Promise.all(this.groups);
    groups.forEach((packed, group) => files.push([fragmentFile({ build, groupSize: GROUP_SIZE }, group * GROUP_SIZE), packed]));

    const manifest: Manifest = {
      format: FORMAT_VERSION,
      build,
      records,
      shardFirstTerms,
      shardFiles,
      docsFile,
      upvotesFile,
      groupSize: GROUP_SIZE,
      k1: K1,
    };
    files.push([MANIFEST_FILE, await gzip(JSON.stringify(manifest), { level: 9 })]);

    await rm(dir, { recursive: true, force: true });
    for (const sub of ['t', 'd', 'u', 'f']) await mkdir(path.join(dir, sub), { recursive: true });
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const [name, data] = files[next++]!;
        await writeFile(path.join(dir, name), await data);
      }
    };
    await Promise.all(Array.from({ length: WRITE_CONCURRENCY }, worker));
    return files.length;
  }
}
