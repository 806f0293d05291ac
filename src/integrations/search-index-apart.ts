/**
 * Runs the search indexer in a process of its own (search-index-process.ts),
 * so its memory is never added to a build process's. Small on purpose: the
 * pages' bundle starts it (src/lib/site/search-indexing.ts).
 */
import { spawn } from 'node:child_process';
import type { WordMemoFile } from './search.ts';

export class SearchIndexError extends Error {
  override name = 'SearchIndexError';
}

export interface IndexSummary {
  records: number;
  bundleDir: string;
  /** Fragments the previous bundle already held as they are (`f/12.json.gz`): not written again. */
  reused: string[];
}

/** Runs `buildSearchIndex` (src/integrations/search.ts) in a child process and returns its summary. */
export async function buildSearchIndexApart(script: string, recordsFile: string, bundleDir: string, previousDir = bundleDir, memo?: WordMemoFile): Promise<IndexSummary> {
  const memoArgs = memo ? [memo.file, memo.read ? 'read' : 'write'] : [];
  // The build's own Node flags (say --cpu-prof from `npm run bench -- --cpu-prof`) apply to the indexer too.
  const child = spawn(process.execPath, [...process.execArgv, script, recordsFile, bundleDir, previousDir, ...memoArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  // A build that fails while the indexer runs (it starts with the archive, before the pages) takes it along.
  const stop = () => child.kill();
  process.once('exit', stop);
  child.on('close', () => process.off('exit', stop));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exit) => resolve(exit ?? 1));
  });
  if (code !== 0) throw new SearchIndexError(stderr.trim() || `search index: the indexing process exited with code ${code}`);
  return JSON.parse(stdout) as IndexSummary;
}
