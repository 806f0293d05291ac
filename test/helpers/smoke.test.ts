import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import { buildSite, projectRoot } from './build-site.ts';

test('the bundled content builds into a site', async () => {
  const result = await buildSite({ contentDir: path.join(projectRoot, 'content') });
  expect(result.exitCode, result.output).toBe(0);
  // The papers were read and scored by the preload thread, not by the build's fallback.
  expect(result.output).not.toContain('[paper-preload]');
  const home = await readFile(path.join(result.outDir, 'index.html'), 'utf8');
  expect(home).toContain('<h1');
  await result.dispose();
});
