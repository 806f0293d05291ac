/**
 * What a build counted in each text, kept for the next build.
 *
 * Cutting, folding and stemming every paper's words is most of what the
 * search indexer and the related-papers index do (at 50,000 papers, about 12
 * of the indexer's 17 s of CPU and 3.5 s of the related index), yet a daily
 * rebuild changes a few dozen papers. Each of them therefore leaves, beside
 * the page cache, every text's (word, count) pairs under a digest of the text,
 * and the next build takes the pairs of every text it has seen before instead
 * of counting its words again. A memo is read only when the page cache trusts
 * the previous build (src/integrations/build-memo.ts): the same code, so the
 * same words and counts.
 */
import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../lib/atomic-write.ts';

/** Where the indexer keeps what it counted for the next build, and whether to read it first. */
export interface WordMemoFile {
  file: string;
  /** Only when the previous build is trusted (same code): otherwise its memo may count words differently. */
  read: boolean;
}

export interface WordMemo {
  /** Words (or terms), numbered as the pairs use them. */
  words: string[];
  /** Per text, in the order counted: `textDigest` of it. */
  digests: string[];
  /** Per text, where its pairs end in `pairs` (the first starts at 0). */
  pairEnds: Uint32Array;
  /** (word number, count) pairs, text after text. */
  pairs: Uint32Array;
  /**
   * Per text, what its counter noted beside the words, as JSON (the search indexer: a record's filter and sort
   * values, so an unchanged record need not be parsed again). Checked by whoever reads them.
   */
  notes?: unknown[];
}

/**
 * The file: this line, the header's length in bytes (12 digits) and a newline, the header (JSON: words, digests and
 * how many pair numbers), spaces up to a multiple of 4 bytes, then the pair ends and the pairs as 32-bit numbers in
 * the machine's byte order (the memo is a cache of this machine's builds), read straight into the array that keeps
 * them.
 */
const MAGIC = 'papers-archive word memo 2\n';
const LENGTH_DIGITS = 12;

/** A text's identity in a memo; a text's UTF-8 bytes have the same digest as the text. */
export function textDigest(text: string | Uint8Array): string {
  // The one-shot hash: several times cheaper than a Hash object per text, 50,000 times a build.
  return hash('sha1', text, 'base64url');
}

/**
 * A previous build's memo as the next count reads it: which of its texts a
 * digest names, and that text's pairs in the order they were counted, with
 * each word numbered as the caller numbers words (`numberOf`, asked once per
 * word), so the count comes out exactly as if the text had been counted again.
 */
export class MemoRecall {
  readonly memo: WordMemo;
  private readonly numberOf: (word: string) => number;
  private readonly textByDigest: Map<string, number>;
  /** The caller's number of each of the memo's words (-1: not asked for yet). */
  private readonly numbers: Int32Array;

  constructor(memo: WordMemo, numberOf: (word: string) => number) {
    this.memo = memo;
    this.numberOf = numberOf;
    this.textByDigest = new Map(memo.digests.map((digest, text) => [digest, text]));
    this.numbers = new Int32Array(memo.words.length).fill(-1);
  }

  /** The memo's text with this digest, if it holds one. */
  textOf(digest: string): number | undefined {
    return this.textByDigest.get(digest);
  }

  /** Calls `visit` with each (word number, count) pair of the memo's text `text`. */
  forEachPair(text: number, visit: (word: number, count: number) => void): void {
    const { pairs, pairEnds, words } = this.memo;
    for (let p = text === 0 ? 0 : (pairEnds[text - 1] as number), end = pairEnds[text] as number; p < end; p += 2) {
      const remembered = pairs[p] as number;
      let word = this.numbers[remembered] as number;
      if (word < 0) this.numbers[remembered] = word = this.numberOf(words[remembered] as string);
      visit(word, pairs[p + 1] as number);
    }
  }
}

/** Writes `memo` to `file`, atomically: a half-written memo is never read. */
export function writeWordMemo(file: string, memo: WordMemo): void {
  const json = Buffer.from(JSON.stringify({ words: memo.words, digests: memo.digests, pairs: memo.pairs.length, notes: memo.notes }));
  const header = Buffer.concat([Buffer.from(`${MAGIC}${String(json.length).padStart(LENGTH_DIGITS, '0')}\n`), json]);
  // The numbers start on a multiple of 4 bytes, so they can be read back as one Uint32Array.
  const padding = Buffer.alloc((4 - (header.length % 4)) % 4, 0x20);
  const bytes = (numbers: Uint32Array) => new Uint8Array(numbers.buffer, numbers.byteOffset, numbers.byteLength);
  writeFileAtomic(path.dirname(file), file, [header, padding, bytes(memo.pairEnds), bytes(memo.pairs)]);
}

/** The memo in `file`, or undefined when there is none or it cannot be read (then every text is counted). */
export function readWordMemo(file: string): WordMemo | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  return parseWordMemo(bytes);
}

/**
 * A memo file's bytes as the memo, or undefined when they are not one. The numbers stay in `bytes`, not copied. (The
 * paper preload reads the file with read-in-background.ts while it reads the papers, then parses it.)
 */
export function parseWordMemo(bytes: Buffer): WordMemo | undefined {
  const prefixLength = MAGIC.length + LENGTH_DIGITS + 1;
  if (bytes.length < prefixLength || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  const headerLength = Number(bytes.toString('latin1', MAGIC.length, MAGIC.length + LENGTH_DIGITS));
  if (!Number.isSafeInteger(headerLength) || prefixLength + headerLength > bytes.length) return undefined;
  let header: { words: string[]; digests: string[]; pairs: number; notes?: unknown[] };
  try {
    header = JSON.parse(bytes.toString('utf8', prefixLength, prefixLength + headerLength)) as typeof header;
  } catch {
    return undefined;
  }
  if (!Array.isArray(header.words) || !Array.isArray(header.digests) || !Number.isSafeInteger(header.pairs)) return undefined;
  if (header.notes !== undefined && (!Array.isArray(header.notes) || header.notes.length !== header.digests.length)) return undefined;
  const end = prefixLength + headerLength;
  const start = end + ((4 - (end % 4)) % 4);
  const records = header.digests.length;
  if (bytes.length - start !== (records + header.pairs) * 4) return undefined;
  // A view when the numbers are aligned in memory (a file read whole is), else a copy.
  const numbers =
    (bytes.byteOffset + start) % 4 === 0
      ? new Uint32Array(bytes.buffer, bytes.byteOffset + start, records + header.pairs)
      : new Uint32Array(Uint8Array.prototype.slice.call(bytes, start).buffer);
  const pairEnds = numbers.subarray(0, records);
  const pairs = numbers.subarray(records);
  if (records > 0 && pairEnds[records - 1] !== pairs.length) return undefined;
  const words = header.words.length;
  for (let i = 0; i < pairs.length; i += 2) if ((pairs[i] as number) >= words) return undefined;
  return { words: header.words, digests: header.digests, pairEnds, pairs, ...(header.notes && { notes: header.notes }) };
}
