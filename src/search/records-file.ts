/**
 * The indexer's input: the records file, one JSON record a line (record.ts), and beside it, when the build keeps
 * it for the next one, its keys file: a line per record with its key, its length and the digest of its text
 * (word-memo.ts `textDigest`), with which the indexer reads only the lines it has not indexed before.
 */
import { readFileSync, statSync } from 'node:fs';

/** A line of the records file as its keys file describes it. */
export interface RecordKey {
  key: string;
  /** In bytes, its "\n" included. */
  length: number;
  /** `textDigest` of its text. */
  digest: string;
}

/**
 * The keys file of a records file: a line per record, its key, length and digest, tab separated; undefined when
 * either file is missing or they do not add up (never a wrong line). The records file itself is not read, only its
 * size. The indexer takes the digests too (build.ts), so that it reads only the lines it has not
 * indexed before.
 */
export function readRecordKeys(recordsFile: string, keysFile: string): RecordKey[] | undefined {
  try {
    const keys: RecordKey[] = [];
    let total = 0;
    for (const line of readFileSync(keysFile, 'utf8').split('\n')) {
      if (line === '') continue;
      const [key, lengthText, digest, extra] = line.split('\t');
      const length = Number(lengthText);
      if (key === undefined || digest === undefined || extra !== undefined || !Number.isInteger(length) || length < 1) return undefined;
      keys.push({ key, length, digest });
      total += length;
    }
    return total === statSync(recordsFile).size ? keys : undefined;
  } catch {
    return undefined;
  }
}

