/**
 * Indexes a records file (one JSON record a line, record.ts) into a search bundle (format.ts) with the indexer
 * (indexer.ts): what the indexing process (indexer-process.ts) runs. Any problem is a SearchIndexError naming the
 * file and line.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { z } from 'zod';
import { SearchIndexBuilder } from './indexer.ts';
import { SearchIndexError, type IndexSummary } from './indexer-launch.ts';
import { searchRecordSchema, toIndexRecord } from './record.ts';
import { readRecordKeys, type RecordKey } from './records-file.ts';
import { forEachLine } from '../lib/lines.ts';
import { readWordMemo, textDigest, writeWordMemo, type WordMemoFile } from './word-memo.ts';

function parseRecord(recordsFile: string, line: number, text: string) {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SearchIndexError(`${recordsFile}:${line}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = searchRecordSchema.safeParse(json);
  if (!parsed.success) {
    throw new SearchIndexError(`${recordsFile}:${line}: not a search record: ${z.prettifyError(parsed.error).replaceAll('\n', ' ')}`);
  }
  return toIndexRecord(parsed.data);
}

/**
 * Index every record of `recordsFile` and write the bundle to `bundleDir`.
 * The records file is read a megabyte at a time; memory holds the postings (numbers) and the packed text.
 * `previousDir`: the previous build's bundle, when it is not in `bundleDir`.
 */
export async function buildSearchIndex(
  recordsFile: string,
  bundleDir: string,
  previousDir = bundleDir,
  memo?: WordMemoFile,
  recordsReady?: Promise<void>,
  keysFile?: string,
): Promise<IndexSummary> {
  // The memo first: it does not depend on the records, which may still be being written (`recordsReady`).
  const builder = new SearchIndexBuilder(bundleDir, previousDir, memo?.read ? readWordMemo(memo.file) : undefined);
  await recordsReady;
  try {
    await access(recordsFile);
  } catch {
    throw new SearchIndexError(`${recordsFile}: search records missing (src/lib/site/search-indexing.ts writes them)`);
  }
  await builder.open();
  const add = (text: string, line: number, digest: string) => {
    if (text.trim()) builder.add(parseRecord(recordsFile, line, text), digest);
  };
  try {
    const keys = keysFile ? readRecordKeys(recordsFile, keysFile) : undefined;
    if (keys) {
      // The build noted each line's digest: a line indexed before is taken from the memo unread.
      forEachKeyedLine(recordsFile, keys, (digest, read, line) => {
        if (!builder.addUnchanged(digest)) add(read(), line, digest);
      });
    } else {
      forEachLine(recordsFile, (bytes, line) => {
        const digest = textDigest(bytes);
        // A record the previous build indexed, as it was: only its line's digest is needed, not its text.
        if (builder.addUnchanged(digest)) return;
        add(bytes.toString('utf8'), line, digest);
      });
    }
  } catch (error) {
    await builder.abandon();
    throw error;
  }
  let reused: string[];
  try {
    const counted = memo && builder.wordMemo();
    ({ reused } = await builder.write());
    if (counted) writeWordMemo(memo.file, counted);
  } catch (error) {
    throw new SearchIndexError(`search index: writing ${bundleDir} failed: ${(error as Error).message}`);
  }
  return { records: builder.count, bundleDir, reused };
}

/** Calls `visit` with each line's digest, a reader of its text (without its newline) and its number (from 1). */
function forEachKeyedLine(file: string, keys: RecordKey[], visit: (digest: string, read: () => string, line: number) => void): void {
  const fd = openSync(file, 'r');
  try {
    let at = 0;
    keys.forEach(({ length, digest }, index) => {
      const start = at;
      const read = () => {
        const bytes = Buffer.alloc(length);
        readSync(fd, bytes, 0, length, start);
        return bytes.toString('utf8', 0, length - 1);
      };
      visit(digest, read, index + 1);
      at += length;
    });
  } finally {
    closeSync(fd);
  }
}

