/**
 * `OUT_DIR` anywhere: a build writes its site to a folder outside the project,
 * also when that folder lies under the folder the build was started from (where
 * Astro stages the page bundle beside the output, out of reach of the project's packages).
 * The same content built in the project (a shared build) gives the same search index, byte for byte.
 */
import { access, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import { buildSite } from '../helpers/build-site.ts';
import { SEARCH_FIXTURE, sharedBuild } from '../helpers/shared-builds.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

/** Every file below `root`, by its path below it, as base64. */
async function files(root: string): Promise<Record<string, string>> {
  const names = (await readdir(root, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  const pairs = await Promise.all(
    names.map(async (entry) => [path.relative(root, path.join(entry.parentPath, entry.name)), (await readFile(path.join(entry.parentPath, entry.name))).toString('base64')]),
  );
  return Object.fromEntries(pairs.sort());
}

test('a site built into a folder under the system temporary folder, started from there; its search index is the one built in the project', async () => {
  const outside = await makeTempDir('out-dir-');
  const outDir = path.join(outside, 'site');
  const build = await buildSite({ contentDir: SEARCH_FIXTURE, basePath: '/archive/', cwd: outside, env: { OUT_DIR: outDir } });
  try {
    expect(build.output).not.toContain('Cannot find package');
    expect(build.exitCode, build.output).toBe(0);
    expect(await readFile(path.join(outDir, 'papers/2501.00007/index.html'), 'utf8')).toContain('<h1>');
    // Astro's staging folder is gone once the pages are written.
    await expect(access(path.join(outDir, '.prerender'))).rejects.toThrow();
    // The same content built again (here, from and into another folder) gives the same index, byte for byte.
    const inProject = await sharedBuild('search-archive');
    expect(inProject.exitCode, inProject.output).toBe(0);
    expect(await files(path.join(outDir, 'search-index'))).toEqual(await files(path.join(inProject.outDir, 'search-index')));
  } finally {
    await build.dispose();
  }
}, 600_000);
