/**
 * `node search-index-process.ts RECORDS BUNDLE [PREVIOUS_BUNDLE [MEMO read|write]]`: builds the search bundle in a
 * process of its own, so the indexer's memory is never added to the Astro
 * build's (and is returned to the system when it exits). Prints the summary as
 * JSON; a failure goes to stderr with exit code 1.
 */
import { buildSearchIndex } from './search.ts';

const [recordsFile, bundleDir, previousDir, memoFile, memoMode] = process.argv.slice(2);
if (!recordsFile || !bundleDir || (memoFile && memoMode !== 'read' && memoMode !== 'write')) {
  process.stderr.write('usage: node search-index-process.ts RECORDS BUNDLE [PREVIOUS_BUNDLE [MEMO read|write]]\n');
  process.exit(2);
}
const memo = memoFile ? { file: memoFile, read: memoMode === 'read' } : undefined;
try {
  process.stdout.write(`${JSON.stringify(await buildSearchIndex(recordsFile, bundleDir, previousDir || bundleDir, memo))}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
