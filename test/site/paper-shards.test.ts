/**
 * A large archive's paper pages are rendered by several processes: the site a
 * person gets must be the same, byte for byte, as one process would build.
 */
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { buildSite, type BuildResult } from '../helpers/build-site.ts';
import { makeFixtureArchive } from './fixture.ts';

const builds: BuildResult[] = [];
let contentDir = '';

afterAll(async () => {
  await Promise.all(builds.map((build) => build.dispose()));
  if (contentDir) await rm(path.dirname(contentDir), { recursive: true, force: true });
});

async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(path.relative(dir, path.join(entry.parentPath, entry.name)), await readFile(path.join(entry.parentPath, entry.name)));
  }
  return files;
}

test('two build processes write the same site as one, sitemap and search index included', async () => {
  contentDir = await makeFixtureArchive();
  const one = await buildSite({ contentDir, basePath: '/archive/', env: { BUILD_PROCESSES: '1' } });
  builds.push(one);
  const two = await buildSite({ contentDir, basePath: '/archive/', env: { BUILD_PROCESSES: '2' } });
  builds.push(two);
  expect(one.exitCode, one.output).toBe(0);
  expect(two.exitCode, two.output).toBe(0);
  expect(two.output).toContain('rendering paper pages in 2 processes');

  const [single, sharded] = await Promise.all([filesOf(one.outDir), filesOf(two.outDir)]);
  expect([...sharded.keys()].sort()).toEqual([...single.keys()].sort());
  const differing = [...single].filter(([file, bytes]) => !sharded.get(file)?.equals(bytes)).map(([file]) => file);
  expect(differing).toEqual([]);
  expect([...single.keys()].filter((file) => file.startsWith('papers/')).length).toBeGreaterThan(60);
});
