/** Several build processes must render every paper page exactly once, and the main process the rest. */
import { expect, test } from 'vitest';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { archiveInputs, previousOutputPresent } from '../../src/integrations/page-cache.ts';
import { SHARD_THRESHOLD, isSmallRebuild, processCount, shardWorkDir } from '../../src/integrations/paper-shards.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { indexesSearch, mainShardOnly, parseShard, rendersPaper } from '../../src/lib/site/shard.ts';

test('every paper is rendered by exactly one process, the main one keeping the smaller share', () => {
  for (const count of [1, 2, 3, 4]) {
    const rendered = Array.from({ length: count }, () => 0);
    for (let position = 0; position < 1000; position += 1) {
      const owners = Array.from({ length: count }, (_, index) => index).filter((index) => rendersPaper(position, { index, count }));
      expect(owners).toHaveLength(1);
      const owner = owners[0]!;
      rendered[owner] = (rendered[owner] ?? 0) + 1;
    }
    if (count === 2) expect(rendered).toEqual([400, 600]);
    if (count > 1) expect(rendered[0]).toBeLessThan(1000 / count);
  }
});

test('pages other than papers are rendered by the main process only', () => {
  expect(mainShardOnly(['a', 'b'], { index: 0, count: 2 })).toEqual(['a', 'b']);
  expect(mainShardOnly(['a', 'b'], { index: 1, count: 2 })).toEqual([]);
  expect(mainShardOnly(['a'], parseShard(undefined))).toEqual(['a']);
});

test('a malformed shard setting is an error that names it', () => {
  expect(() => parseShard('2/2')).toThrow(/PAPERS_ARCHIVE_SHARD=2\/2/);
  expect(() => parseShard('one')).toThrow(/INDEX\/COUNT/);
});

test('two processes by default only for a large archive on a multi-core machine; BUILD_PROCESSES overrides', () => {
  expect(processCount(undefined, 2, SHARD_THRESHOLD)).toBe(2);
  expect(processCount(undefined, 2, SHARD_THRESHOLD - 1)).toBe(1);
  expect(processCount(undefined, 1, 50_000)).toBe(1);
  expect(processCount('', 4, 50_000)).toBe(2);
  expect(processCount('3', 1, 10)).toBe(3);
  expect(() => processCount('0', 2, 10)).toThrow(/BUILD_PROCESSES=0/);
  expect(() => processCount('two', 2, 10)).toThrow(/whole number/);
  // A small rebuild runs in one process unless BUILD_PROCESSES says otherwise.
  expect(processCount(undefined, 2, 50_000, true)).toBe(1);
  expect(processCount('2', 2, 50_000, true)).toBe(2);
});

test('a rebuild is small when the previous build had nearly as many papers and the same taxonomy', () => {
  const previous = { papers: 50_000, taxonomy: 't' };
  expect(isSmallRebuild(previous, { papers: 50_040, taxonomy: 't' })).toBe(true);
  expect(isSmallRebuild(previous, { papers: 49_000, taxonomy: 't' })).toBe(true);
  // A year of papers at once, a new taxonomy (every page may change) or no trusted previous build: two processes.
  expect(isSmallRebuild(previous, { papers: 60_000, taxonomy: 't' })).toBe(false);
  expect(isSmallRebuild(previous, { papers: 50_040, taxonomy: 'u' })).toBe(false);
  expect(isSmallRebuild(undefined, { papers: 50_040, taxonomy: 't' })).toBe(false);
});

test('archiveInputs counts paper files and digests the taxonomy', async () => {
  const content = await makeTempDir('inputs-');
  await mkdir(path.join(content, 'papers'), { recursive: true });
  await mkdir(path.join(content, 'topics'), { recursive: true });
  for (const id of ['a', 'b']) await writeFile(path.join(content, 'papers', `${id}.md`), '---\n---\n');
  await writeFile(path.join(content, 'topics', 'agents.md'), '---\ntitle: Agents\nterms: [agent]\n---\n');
  const first = archiveInputs(content);
  expect(first.papers).toBe(2);
  expect(archiveInputs(content)).toEqual(first);
  await writeFile(path.join(content, 'topics', 'agents.md'), '---\ntitle: Agents\nterms: [agent, tool use]\n---\n');
  expect(archiveInputs(content).taxonomy).not.toBe(first.taxonomy);
});

test('the last process builds the search index, so it runs beside the main process', () => {
  expect(indexesSearch({ index: 0, count: 1 })).toBe(true);
  expect(indexesSearch({ index: 0, count: 2 })).toBe(false);
  expect(indexesSearch({ index: 1, count: 2 })).toBe(true);
  expect(indexesSearch({ index: 1, count: 3 })).toBe(false);
});

test('the other processes write inside the project, where Astro gives each output its own staging folder', () => {
  expect(shardWorkDir('/work/site', '/work/site/node_modules/.astro')).toBe('/work/site/node_modules/.astro/paper-shards');
  const outside = shardWorkDir('/work/site', '/tmp/cache');
  expect(outside.startsWith('/work/site/node_modules/.cache/paper-shards/')).toBe(true);
  expect(shardWorkDir('/work/site', '/tmp/other-cache')).not.toBe(outside);
  expect(shardWorkDir('/work/site', '/tmp/cache/')).toBe(outside);
  expect(shardWorkDir('/work/site', '/work/site-b/cache').startsWith('/work/site/node_modules/.cache/')).toBe(true);
});

test('a rebuild is small only while the output folder still holds the previous build\'s pages', async () => {
  const outDir = await makeTempDir('previous-output-');
  const pages = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`papers/p${i}/`, 'k']));
  const manifest = { fingerprint: 'f', pages: { ...pages, 'api/days/2024-01-02.json': 'd' } };
  for (const pathname of Object.keys(manifest.pages)) {
    const file = path.join(outDir, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, 'x');
  }
  expect(previousOutputPresent(manifest, outDir)).toBe(true);
  // `rm -rf dist` beside a kept cache folder: every page would be rendered again.
  expect(previousOutputPresent(manifest, path.join(outDir, 'elsewhere'))).toBe(false);
  await rm(path.join(outDir, 'papers'), { recursive: true });
  expect(previousOutputPresent(manifest, outDir)).toBe(false);
});
