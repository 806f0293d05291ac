import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import { sharedBuild } from './shared-builds.ts';

test('the bundled content builds into a site', async () => {
  const result = await sharedBuild('bundled');
  expect(result.exitCode, result.output).toBe(0);
  // The papers were read and scored by the preload thread, not by the build's fallback.
  expect(result.output).not.toContain('[paper-preload]');
  const home = await readFile(path.join(result.outDir, 'index.html'), 'utf8');
  expect(home).toContain('<h1');
});
