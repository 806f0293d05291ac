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
 * the previous build (src/integrations/page-cache.ts): the same code, so the
 * same words and counts.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface WordMemo {
  /** Words (or terms), numbered as the pairs use them. */
  words: string[];
  /** Per text, in the order counted: `textDigest` of it. */
  digests: string[];
  /** Per text, where its pairs end in `pairs` (the first starts at 0). */
  pairEnds: Uint32Array;
  /** (word number, count) pairs, text after text. */
  pairs: Uint32Array;
}

const MAGIC = 'papers-archive word memo 1\n';

/** A text's identity in a memo. */
export function textDigest(text: string): string {
  return createHash('sha1').update(text).digest('base64url');
}

/** Writes `memo` to `file` (temporary file, then rename: a half-written memo is never read). */
export function writeWordMemo(file: string, memo: WordMemo): void {
  const header = Buffer.from(`${MAGIC}${JSON.stringify({ words: memo.words, digests: memo.digests, pairs: memo.pairs.length })}\n`);
  // The numbers start on a multiple of 4 bytes, so they can be read back as one Uint32Array.
  const padding = Buffer.alloc((4 - (header.length % 4)) % 4, 0x20);
  const bytes = (numbers: Uint32Array) => new Uint8Array(numbers.buffer, numbers.byteOffset, numbers.byteLength);
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    // Written piece by piece: copied into one buffer first, the pairs (tens of MB) cost as much again.
    const fd = openSync(temporary, 'w');
    try {
      for (const piece of [header, padding, bytes(memo.pairEnds), bytes(memo.pairs)]) {
        for (let written = 0; written < piece.length; ) written += writeSync(fd, piece, written);
      }
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** The memo in `file`, or undefined when there is none or it cannot be read (then every record is counted). */
export function readWordMemo(file: string): WordMemo | undefined {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return undefined;
  }
  if (data.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  const headerEnd = data.indexOf(0x0a, MAGIC.length);
  if (headerEnd < 0) return undefined;
  let header: { words: string[]; digests: string[]; pairs: number };
  try {
    header = JSON.parse(data.toString('utf8', MAGIC.length, headerEnd)) as typeof header;
  } catch {
    return undefined;
  }
  const start = headerEnd + 1 + ((4 - ((headerEnd + 1) % 4)) % 4);
  const records = header.digests.length;
  if (!Array.isArray(header.words) || !Array.isArray(header.digests) || data.length - start !== (records + header.pairs) * 4) return undefined;
  // A copy into an aligned array of its own: the file's buffer may start anywhere in Node's pool.
  const numbers = new Uint32Array(records + header.pairs);
  Buffer.from(numbers.buffer).set(data.subarray(start));
  const pairEnds = numbers.subarray(0, records);
  const pairs = numbers.subarray(records);
  if (records > 0 && pairEnds[records - 1] !== pairs.length) return undefined;
  for (let i = 0; i < pairs.length; i += 2) if (pairs[i]! >= header.words.length) return undefined;
  return { words: header.words, digests: header.digests, pairEnds, pairs };
}
