/** The previous build's output is moved aside and deleted while the next build runs: nothing of it may survive or be lost early. */
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AstroIntegrationLogger } from 'astro';
import { expect, test } from 'vitest';
import clearOutput, { asideFolder, moveOutputAside } from '../../src/integrations/clear-output.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

async function previousOutput(): Promise<string> {
  const outDir = path.join(await makeTempDir('clear-output-'), 'dist');
  await mkdir(path.join(outDir, 'papers/a'), { recursive: true });
  await writeFile(path.join(outDir, 'papers/a/index.html'), 'old page');
  await writeFile(path.join(outDir, 'index.html'), 'old home');
  await mkdir(path.join(outDir, '.git'));
  await writeFile(path.join(outDir, '.git/HEAD'), 'ref: refs/heads/gh-pages');
  return outDir;
}

test('the old output moves aside at once, a deploy checkout (.git) stays', async () => {
  const outDir = await previousOutput();
  const toDelete = await moveOutputAside(outDir, 'test');
  expect(await readdir(outDir)).toEqual(['.git']);
  expect(toDelete).toEqual([asideFolder(outDir, 'test')]);
  expect((await readdir(asideFolder(outDir, 'test'))).sort()).toEqual(['index.html', 'papers']);
});

test('folders left by an interrupted build are deleted too; a missing or empty output is fine', async () => {
  const outDir = await previousOutput();
  await mkdir(asideFolder(outDir, 'interrupted'));
  expect((await moveOutputAside(outDir, 'next')).sort()).toEqual([asideFolder(outDir, 'interrupted'), asideFolder(outDir, 'next')].sort());
  const fresh = path.join(await makeTempDir('clear-output-'), 'dist');
  expect(await moveOutputAside(fresh)).toEqual([]);
  await mkdir(fresh);
  expect(await moveOutputAside(fresh)).toEqual([]);
});

test('by the end of the build nothing of the old output is left, beside it or in it', async () => {
  const outDir = await previousOutput();
  const integration = clearOutput();
  const logger = { warn: () => {}, info: () => {} } as unknown as AstroIntegrationLogger;
  const hooks = integration.hooks as Record<string, (options: unknown) => Promise<void> | void>;
  await hooks['astro:config:done']!({ config: { outDir: pathToFileURL(`${outDir}/`) } });
  await hooks['astro:build:start']!({ logger });
  // The build writes its pages meanwhile.
  await writeFile(path.join(outDir, 'index.html'), 'new home');
  await hooks['astro:build:done']!({});
  expect((await readdir(outDir)).sort()).toEqual(['.git', 'index.html']);
  expect(await readdir(path.dirname(outDir))).toEqual(['dist']);
  expect(existsSync(path.join(outDir, '.git/HEAD'))).toBe(true);
});
