/**
 * Runs the search indexer in a process of its own (indexer-process.ts),
 * so its memory is never added to a build process's. Small on purpose: the
 * pages' bundle starts it (src/lib/site/search-indexing.ts).
 */
import { spawn } from 'node:child_process';
import type { WordMemoFile } from './word-memo.ts';

export class SearchIndexError extends Error {
  override name = 'SearchIndexError';
}

export interface IndexSummary {
  records: number;
  bundleDir: string;
  /** Fragments the previous bundle already held as they are (`f/12.json.gz`): not written again. */
  reused: string[];
}

/** An indexing process started ahead of its records: `begin()` once they are on disk; `result` when it is done. */
export interface IndexerProcess {
  begin: () => void;
  result: Promise<IndexSummary>;
}

/**
 * Starts `buildSearchIndex` (build.ts) in a child process, which loads its code and reads its word
 * memo, then waits for `begin()` before it touches the records or the bundle: started with the build, that second
 * of its work overlaps Astro's own start instead of following the archive. Until then it holds nothing open: a
 * build that ends without calling `begin()` ends, and takes the process along.
 */
export function startIndexerProcess(script: string, recordsFile: string, bundleDir: string, previousDir = bundleDir, memo?: WordMemoFile, keysFile?: string): IndexerProcess {
  const memoArgs = memo ? [memo.file, memo.read ? 'read' : 'write', ...(keysFile ? [keysFile] : [])] : [];
  // The build's own Node flags (say --cpu-prof from `npm run bench -- --cpu-prof`) apply to the indexer too.
  const child = spawn(process.execPath, [...process.execArgv, script, recordsFile, bundleDir, previousDir, ...memoArgs], { stdio: ['pipe', 'pipe', 'pipe'] });
  // A build that fails while the indexer runs (or waits) takes it along.
  const stop = () => child.kill();
  process.once('exit', stop);
  child.on('close', () => process.off('exit', stop));
  // Writing to a process that died already must not throw: its exit code and stderr say what happened.
  child.stdin.on('error', () => {});
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exit) => resolve(exit ?? 1));
  }).then((code) => {
    if (code !== 0) throw new SearchIndexError(stderr.trim() || `search index: the indexing process exited with code ${code}`);
    return JSON.parse(stdout) as IndexSummary;
  });
  // Awaited by whoever begins it; until then a failure must not count as unhandled.
  result.catch(() => {});
  // Until it is begun, a waiting indexer must not keep the build alive (a build that fails ends without it).
  const pipes = [child.stdin, child.stdout, child.stderr] as unknown as { ref(): void; unref(): void }[];
  child.unref();
  for (const pipe of pipes) pipe.unref();
  const begin = () => {
    child.ref();
    for (const pipe of pipes) pipe.ref();
    child.stdin.end('begin\n');
  };
  return { begin, result };
}
