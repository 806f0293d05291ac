/**
 * The indexer's writer thread (indexer.ts `FragmentWriter`): gzips and writes fragment files. One the previous
 * bundle holds with the same text is not written again (its name is its record's number, and records are numbered
 * oldest first, so a new day leaves the older ones as they were): a daily rebuild then writes a day's fragments
 * instead of replacing tens of thousands of files. Replies to each batch with how many files it handled and which
 * it left as they were.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { gunzipSync, gzipSync, type ZlibOptions } from 'node:zlib';

/**
 * [name in the bundle, file to write, the previous bundle's file, text, whether the word memo says the previous
 * bundle's file holds this very text (its records had the same lines and numbers): then it is not read to compare]
 */
export type FragmentJob = [string, string, string, string, boolean];

export interface FragmentReply {
  count: number;
  reused: string[];
}

function sameText(file: string, text: string): boolean {
  try {
    return gunzipSync(readFileSync(file)).toString() === text;
  } catch {
    return false;
  }
}

const options = workerData as ZlibOptions;
parentPort?.on('message', (files: FragmentJob[]) => {
  const reused: string[] = [];
  for (const [name, file, previous, text, unchanged] of files) {
    if (unchanged ? existsSync(previous) : sameText(previous, text)) reused.push(name);
    else writeFileSync(file, gzipSync(text, options));
  }
  parentPort?.postMessage({ count: files.length, reused } satisfies FragmentReply);
});
