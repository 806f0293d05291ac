/**
 * `node search-index-process.ts RECORDS BUNDLE [PREVIOUS_BUNDLE]`: builds the search bundle in a
 * process of its own, so the indexer's memory is never added to the Astro
 * build's (and is returned to the system when it exits). Prints the summary as
 * JSON; a failure goes to stderr with exit code 1.
 */
import { buildSearchIndex } from './search.ts';

const [recordsFile, bundleDir, previousDir] = process.argv.slice(2);
if (!recordsFile || !bundleDir) {
  process.stderr.write('usage: node search-index-process.ts RECORDS BUNDLE [PREVIOUS_BUNDLE]\n');
  process.exit(2);
}
try {
  process.stdout.write(`${JSON.stringify(await buildSearchIndex(recordsFile, bundleDir, previousDir || bundleDir))}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
