/**
 * The search bundle's file format, shared by the indexer and the search page.
 *
 * `<bundle>/manifest.json.gz`, the only file with a fixed name, says where
 * everything else is (the search page carries a copy); every other file is named by its content (or by the
 * build), so a host may let browsers keep it. Every file is gzipped by the
 * indexer and unpacked by the page, so a host needs no compression settings.
 *
 * - term shards `t/<n>.<build>.bin.gz`: the stemmed words in code-unit order,
 *   each with the records that hold it (ascending gaps as varints, or a bitmap
 *   for a common word) and a 4-bit score per record (BM25's term-frequency
 *   part, already normalised by the record's length); the manifest lists
 *   each shard's first word. Each word's postings are preceded by their size
 *   in bytes, so the page skips the words it was not asked for without
 *   decoding them.
 * - `d/<hash>.bin.gz`: what filters and the "newest" sort need, one column
 *   per field (day, kind, organisation, topics) with the value lists.
 * - `u/<hash>.bin.gz`: upvotes, only fetched to sort by them.
 * - `f/<group>.json.gz` (fetched with `?v=<build>`): the records themselves
 *   (URL, meta, filters and the text excerpts are cut from), `groupSize`
 *   consecutive records a file.
 */

export const FORMAT_VERSION = 2;
export const MANIFEST_FILE = 'manifest.json.gz';
/**
 * The built search page carries the manifest in this element (filled in by
 * the search integration), so the page's first query need not fetch it.
 */
export const MANIFEST_ELEMENT_ID = 'search-manifest';
/** The index's folder in the built site. */
export const SEARCH_INDEX_DIR = 'search-index';

export interface Manifest {
  format: number;
  /** Hash of the indexed records: names the shards and versions the fragment files. */
  build: string;
  records: number;
  /** First word of each term shard, ascending; shard i is `shardFile(build, i)`. */
  shardFirstTerms: string[];
  docsFile: string;
  upvotesFile: string;
  groupSize: number;
  /** BM25 parameters the score bytes were made with. */
  k1: number;
}

/** One record as the page shows it (and as the tests read it back). */
export interface Fragment {
  url: string;
  content: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}

export function shardFile(build: string, shard: number): string {
  return `t/${shard}.${build}.bin.gz`;
}

/** How a word's records are stored: gaps between ascending record numbers, or a bitmap over all records. */
export const POSTINGS_GAPS = 0;
export const POSTINGS_BITMAP = 1;

/**
 * A record's fragment file. Its name is stable from build to build (so the
 * indexer can write it as soon as the record arrives); the page asks for it
 * with `?v=<build>`, so a browser never shows a cached older version.
 */
export function fragmentFile(groupSize: number, record: number): string {
  return `f/${Math.floor(record / groupSize)}.json.gz`;
}

/** Scores hold tf·(k1+1)/(tf+k1·norm) divided by (k1+1), times this (4 bits, two to a byte). */
export const SCORE_SCALE = 15;

export class ByteWriter {
  private buffer = new Uint8Array(1024);
  length = 0;

  private room(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + bytes) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }

  byte(value: number): void {
    this.room(1);
    this.buffer[this.length++] = value;
  }

  varint(value: number): void {
    this.room(5);
    let rest = value;
    while (rest >= 0x80) {
      this.buffer[this.length++] = (rest & 0x7f) | 0x80;
      rest = Math.floor(rest / 128);
    }
    this.buffer[this.length++] = rest;
  }

  bytes(data: Uint8Array): void {
    this.room(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  result(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

export class ByteReader {
  offset = 0;
  private readonly data: Uint8Array;
  constructor(data: Uint8Array) {
    this.data = data;
  }

  get done(): boolean {
    return this.offset >= this.data.length;
  }

  byte(): number {
    if (this.offset >= this.data.length) throw new Error('search index: unexpected end of data');
    return this.data[this.offset++]!;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.byte();
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  }

  bytes(count: number): Uint8Array {
    if (this.offset + count > this.data.length) throw new Error('search index: unexpected end of data');
    const out = this.data.subarray(this.offset, this.offset + count);
    this.offset += count;
    return out;
  }
}

/** Days since 1970-01-01 for an ISO day; 0 means undated. */
export function dayNumber(iso: string | undefined): number {
  if (!iso) return 0;
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000) + 1;
}

export function isoDay(day: number): string | undefined {
  return day === 0 ? undefined : new Date((day - 1) * 86_400_000).toISOString().slice(0, 10);
}
