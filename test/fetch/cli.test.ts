/** The real script, spawned the way `npm run fetch` runs it. */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { projectRoot } from '../helpers/build-site.ts';
import { type FakeHub, startFakeHub } from './fake-hub.ts';
import { apiDay, tempDir } from './helpers.ts';

let hub: FakeHub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

function runScript(argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // process.execPath is the Node 22 that `npm test` runs on; the script needs its type stripping.
  const child = spawn(process.execPath, [path.join(projectRoot, 'scripts/fetch.ts'), ...argv], { cwd: projectRoot });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

test('npm run fetch: plain lines per day, a summary naming the failed day, exit status 1', async () => {
  hub = await startFakeHub((request) =>
    request.query.get('date') === '2024-10-24' ? { status: 404 } : { body: apiDay(request.query.get('date')!, 2) },
  );
  const content = await tempDir('cli-content');
  const cache = await tempDir('cli-cache');
  const common = ['--content', content, '--cache', cache, '--base-url', hub.baseUrl];

  const run = await runScript([...common, '--from', '2024-10-23', '--to', '2024-10-25']);

  expect(run.stderr).toBe('');
  expect(run.stdout).toBe(
    [
      `Fetching 3 day(s), 2024-10-23 to 2024-10-25, from ${hub.baseUrl} (api)`,
      '2024-10-23 ok: 2 papers (2 new, 0 updated, 0 unchanged)',
      `2024-10-24 failed: GET ${hub.baseUrl}/api/daily_papers?date=2024-10-24&limit=100&p=0: HTTP 404 Not Found`,
      '2024-10-25 ok: 2 papers (2 new, 0 updated, 0 unchanged)',
      'Days: 2 ok, 1 failed. Papers: 4 new, 0 updated, 0 unchanged.',
      'Failed days:',
      `  2024-10-24: GET ${hub.baseUrl}/api/daily_papers?date=2024-10-24&limit=100&p=0: HTTP 404 Not Found`,
      '',
    ].join('\n'),
  );
  expect(run.code).toBe(1);
  expect((await readdir(path.join(content, 'days'))).sort()).toEqual(['2024-10-23.md', '2024-10-25.md']);

  const rerun = await runScript([...common, '--date', '2024-10-25']);
  expect(rerun.code).toBe(0);
  expect(rerun.stdout).toContain('Days: 1 ok, 0 failed. Papers: 0 new, 0 updated, 2 unchanged.');
});

test('npm run fetch: a usage error exits 2 before any request', async () => {
  const run = await runScript(['--date', '2024-02-30']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('fetch: --date: "2024-02-30" is not a calendar day as YYYY-MM-DD');
  expect(run.stderr).toContain('npm run fetch -- --help');
});

test('npm run fetch -- --help lists the options and exits 0', async () => {
  const run = await runScript(['--help']);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^Usage: npm run fetch -- /);
  expect(run.stdout).toContain('--offline');
});
