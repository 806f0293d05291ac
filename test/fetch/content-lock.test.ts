/**
 * One writer at a time per content folder: two fetches (or a fetch and an
 * import) at once must not write over each other's papers, and a lock left by
 * a killed run must not block the next one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, expect, test } from 'vitest';
import { runImport } from '../../src/ingest/import-command.ts';
import { LOCK_FILE_NAME } from '../../src/lib/content-lock.ts';
import { projectRoot } from '../helpers/build-site.ts';
import { type FakeHub, startFakeHub } from './fake-hub.ts';
import { apiItem, runCli, tempDir } from './helpers.ts';

let hub: FakeHub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

/** The same papers listed on every day asked for, as the API lists a paper that stays on the list. */
function samePapersEveryDay(count: number, day: string): string {
  return JSON.stringify(Array.from({ length: count }, (_, i) => ({ ...apiItem('2026-07-28', i + 1), publishedAt: `${day}T12:00:00.000Z` })));
}

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' });
  expect(child.status).toBe(0);
  return child.pid;
}

async function writeDeadLock(content: string): Promise<number> {
  const pid = deadPid();
  const holder = { pid, host: hostname(), command: 'fetch.ts --date 2026-07-27', since: '2026-07-27T06:00:00.000Z' };
  await writeFile(path.join(content, LOCK_FILE_NAME), `${JSON.stringify(holder)}\n`);
  return pid;
}

test('two fetches into one folder at once: both succeed and every paper keeps both days', async () => {
  const days = ['2026-07-28', '2026-07-29'];
  let bothAsked!: () => void;
  const barrier = new Promise<void>((resolve) => (bothAsked = resolve));
  const asked = new Set<string>();
  hub = await startFakeHub((request) => {
    const day = request.query.get('date')!;
    asked.add(day);
    if (asked.size === days.length) bothAsked();
    // Answer once both runs have asked, so that both are mid-run together; a run kept waiting by the other's lock cannot ask, hence the time limit.
    return { body: samePapersEveryDay(90, day), until: Promise.race([barrier, sleep(1_500)]) };
  });
  const content = await tempDir('lock-content');
  const cache = await tempDir('lock-cache');
  const flags = ['--content', content, '--cache', cache, '--base-url', hub.baseUrl];

  const runs = await Promise.all(days.map((day) => runCli([...flags, '--date', day])));

  expect(runs.map((run) => run.code)).toEqual([0, 0]);
  expect((await readdir(path.join(content, 'days'))).sort()).toEqual(['2026-07-28.md', '2026-07-29.md']);
  const papers = await readdir(path.join(content, 'papers'));
  expect(papers).toHaveLength(90);
  for (const paper of papers) {
    const text = await readFile(path.join(content, 'papers', paper), 'utf8');
    expect(text).toMatch(/^date: "2026-07-28"$/m);
    expect(text).toMatch(/^sources:\n {2}- api:2026-07-28\n {2}- api:2026-07-29$/m);
  }
  // The run that waited said for what and for whom.
  const waited = runs.find((run) => run.stderr !== '');
  expect(waited?.stderr).toMatch(
    new RegExp(`^fetch: ${escape(path.join(content, LOCK_FILE_NAME))} is held by pid ${process.pid} on ${escape(hostname())} \\(.*\\): waiting for that run to finish`),
  );
  expect(await readdir(content)).not.toContain(LOCK_FILE_NAME);
});

test('a lock left by a run that died is taken over with a note, and the fetch goes on', async () => {
  hub = await startFakeHub((request) => ({ body: samePapersEveryDay(2, request.query.get('date')!) }));
  const content = await tempDir('lock-content');
  const cache = await tempDir('lock-cache');
  const pid = await writeDeadLock(content);

  const run = await runCli(['--content', content, '--cache', cache, '--base-url', hub.baseUrl, '--date', '2026-07-28']);

  expect(run.code).toBe(0);
  expect(run.stderr).toBe(
    `fetch: ${path.join(content, LOCK_FILE_NAME)} was left by pid ${pid} on ${hostname()} (fetch.ts --date 2026-07-27, since 2026-07-27T06:00:00.000Z), which is no longer running: taken over\n`,
  );
  expect(run.stdout).toContain('2026-07-28 ok: 2 papers (2 new, 0 updated, 0 unchanged)');
  expect(await readdir(content)).not.toContain(LOCK_FILE_NAME);
});

test('npm run import takes the same lock: it takes over a dead run\'s and leaves none behind', async () => {
  const work = await tempDir('lock-import');
  const content = path.join(work, 'content');
  const file = path.join(work, 'daily-2026-07-28.json');
  await writeFile(file, samePapersEveryDay(2, '2026-07-28'));
  await mkdir(content);
  const pid = await writeDeadLock(content);
  const err: string[] = [];
  const out: string[] = [];

  const code = await runImport(['--content', content, file], { log: (line) => out.push(line), error: (line) => err.push(line) });

  expect(code).toBe(0);
  expect(err).toEqual([expect.stringMatching(new RegExp(`^${escape(path.join(content, LOCK_FILE_NAME))} was left by pid ${pid} .*: taken over$`))]);
  expect(out.at(-1)).toMatch(/^Imported 1 of 1 files .*: 2 new,/);
  expect(await readdir(content)).not.toContain(LOCK_FILE_NAME);
});

test('the lock file is ignored by git wherever the content folder is', () => {
  for (const file of [`content/${LOCK_FILE_NAME}`, `elsewhere/content/${LOCK_FILE_NAME}`, `content/${LOCK_FILE_NAME}.takeover`]) {
    expect(execFileSync('git', ['check-ignore', '--no-index', file], { cwd: projectRoot, encoding: 'utf8' }).trim()).toBe(file);
  }
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
