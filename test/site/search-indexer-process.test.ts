/** The search indexer's process starts with the build and waits for its records; it must never hold a build up. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { startIndexerProcess } from '../../src/search/indexer-launch.ts';
import { projectRoot } from '../helpers/build-site.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const script = path.join(projectRoot, 'src/search/indexer-process.ts');

test('a build that ends without its records ends, and takes the waiting indexer along', async () => {
  const dir = await makeTempDir('indexer-');
  // A build process that starts the indexer and then stops (as one whose archive failed to load does).
  const build = `import { startIndexerProcess } from ${JSON.stringify(path.join(projectRoot, 'src/search/indexer-launch.ts'))};
startIndexerProcess(${JSON.stringify(script)}, ${JSON.stringify(path.join(dir, 'records.jsonl'))}, ${JSON.stringify(path.join(dir, 'bundle'))});
console.log('started');`;
  // A process that hangs is killed at the timeout, which rejects: the test then fails naming the kill.
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', build], { timeout: 20_000 });
  expect(stdout.trim()).toBe('started');
});

test('once begun, it says what is missing', async () => {
  const dir = await makeTempDir('indexer-');
  const records = path.join(dir, 'records.jsonl');
  const indexer = startIndexerProcess(script, records, path.join(dir, 'bundle'));
  indexer.begin();
  await expect(indexer.result).rejects.toThrow(`${records}: search records missing`);
});
