/**
 * `OUT_DIR` anywhere: a build writes its site to a folder outside the project,
 * also when that folder lies under the folder the build was started from (where
 * Astro stages the page bundle beside the output, out of reach of the project's packages).
 */
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import { buildSite } from '../helpers/build-site.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { fixtureContent } from './fixture.ts';

test('a site built into a folder under the system temporary folder, started from there', async () => {
  const outside = await makeTempDir('out-dir-');
  const outDir = path.join(outside, 'site');
  const build = await buildSite({ contentDir: fixtureContent, cwd: outside, env: { OUT_DIR: outDir } });
  try {
    expect(build.output).not.toContain('Cannot find package');
    expect(build.exitCode, build.output).toBe(0);
    expect(await readFile(path.join(outDir, 'papers/2410.17243/index.html'), 'utf8')).toContain('<h1>');
    // Astro's staging folder is gone once the pages are written.
    await expect(access(path.join(outDir, '.prerender'))).rejects.toThrow();
  } finally {
    await build.dispose();
  }
}, 600_000);
