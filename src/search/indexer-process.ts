/**
 * `node indexer-process.ts RECORDS BUNDLE [PREVIOUS_BUNDLE [MEMO read|write [KEYS]]]`: builds the search bundle in a
 * process of its own, so the indexer's memory is never added to the Astro
 * build's (and is returned to the system when it exits). Prints the summary as
 * JSON; a failure goes to stderr with exit code 1. It reads its word memo at
 * once, then waits for a line on stdin (the records are written) before it
 * reads the records or touches the bundle.
 */
import { buildSearchIndex } from './build.ts';

const [recordsFile, bundleDir, previousDir, memoFile, memoMode, keysFile] = process.argv.slice(2);
if (!recordsFile || !bundleDir || (memoFile && memoMode !== 'read' && memoMode !== 'write')) {
  process.stderr.write('usage: node indexer-process.ts RECORDS BUNDLE [PREVIOUS_BUNDLE [MEMO read|write [KEYS]]]\n');
  process.exit(2);
}
const memo = memoFile ? { file: memoFile, read: memoMode === 'read' } : undefined;
/** The build says "begin" on stdin once the records are on disk (indexer-launch.ts); an end without it stops here. */
const begun = new Promise<void>((resolve) => {
  let input = '';
  process.stdin.on('data', (chunk: Buffer) => {
    input += chunk.toString();
    if (input.includes('\n')) resolve();
  });
  process.stdin.on('end', () => {
    if (!input.includes('\n')) process.exit(0);
  });
});
try {
  process.stdout.write(`${JSON.stringify(await buildSearchIndex(recordsFile, bundleDir, previousDir || bundleDir, memo, begun, keysFile || undefined))}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
