/**
 * Runs the search indexer in a process of its own (search-index-process.ts),
 * so its memory is never added to a build process's. Small on purpose: the
 * pages' bundle starts it (src/lib/site/search-indexing.ts).
 */
import { spawn } from 'node:child_process';

export class SearchIndexError extends Error {
  override name = 'SearchIndexError';
}

export interface IndexSummary {
  records: number;
  bundleDir: string;
  /** Fragments the previous bundle already held as they are (`f/12.json.gz`): not written again. */
  reused: string[];
}

/** Lines per write to the indexer: big enough to keep the calls few, small enough to start it early. */
const LINES_PER_WRITE = 500;

/**
 * Runs the indexer (src/integrations/search.ts) in a child process on
 * `records` (JSON lines), handed over through its standard input as it reads
 * them, and returns its summary.
 */
export async function buildSearchIndexApart(script: string, records: string[], bundleDir: string, previousDir = bundleDir): Promise<IndexSummary> {
  // The build's own Node flags (say --cpu-prof from `npm run bench -- --cpu-prof`) apply to the indexer too.
  const child = spawn(process.execPath, [...process.execArgv, script, '-', bundleDir, previousDir], { stdio: ['pipe', 'pipe', 'pipe'] });
  // A build that fails while the indexer runs (it starts with the archive, before the pages) takes it along.
  const stop = () => child.kill();
  process.once('exit', stop);
  child.on('close', () => process.off('exit', stop));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exit) => resolve(exit ?? 1));
  });
  // An indexer that stops reading (it failed) closes the pipe: its exit code and message tell why.
  child.stdin.on('error', () => {});
  for (let start = 0; start < records.length; start += LINES_PER_WRITE) {
    const chunk = `${records.slice(start, start + LINES_PER_WRITE).join('\n')}\n`;
    if (!child.stdin.write(chunk)) await new Promise((resolve) => child.stdin.once('drain', resolve).once('close', resolve));
    if (child.stdin.destroyed) break;
  }
  child.stdin.end();
  if ((await code) !== 0) throw new SearchIndexError(stderr.trim() || `search index: the indexing process exited with code ${await code}`);
  return JSON.parse(stdout) as IndexSummary;
}
