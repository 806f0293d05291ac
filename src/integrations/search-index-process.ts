/**
 * `node search-index-process.ts RECORDS BUNDLE [PREVIOUS_BUNDLE]`: builds the search bundle in a
 * process of its own, so the indexer's memory is never added to the Astro
 * build's (and is returned to the system when it exits). RECORDS is a file of
 * JSON lines, or `-` for standard input (how the build hands them over: 115 MB
 * at 50,000 papers never written to disk). Prints the summary as JSON; a
 * failure goes to stderr with exit code 1.
 */
import { buildSearchIndex, buildSearchIndexFrom } from './search.ts';

const [records, bundleDir, previousDir] = process.argv.slice(2);
if (!records || !bundleDir) {
  process.stderr.write('usage: node search-index-process.ts RECORDS|- BUNDLE [PREVIOUS_BUNDLE]\n');
  process.exit(2);
}
try {
  const previous = previousDir || bundleDir;
  const summary =
    records === '-'
      ? await buildSearchIndexFrom(process.stdin.setEncoding('utf8'), 'search records from the build', bundleDir, previous)
      : await buildSearchIndex(records, bundleDir, previous);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
