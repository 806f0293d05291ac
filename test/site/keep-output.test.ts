/** The site is written over the previous output; what the new build did not write must go, and only that. */
import { existsSync } from 'node:fs';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import { BUILD_MARKER, listOutputFiles, markBuildStart, readRouteFiles, removeUnwritten, writeRouteFiles } from '../../src/integrations/keep-output.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

async function write(dir: string, file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), text);
}

test('files older than the build go, with the folders they leave empty; new files and .git stay', async () => {
  const work = await makeTempDir('keep-output-');
  const outDir = path.join(work, 'dist');
  for (const file of ['papers/gone/index.html', 'papers/kept/index.html', 'index.html', '_astro/old.js', '.git/HEAD']) await write(outDir, file, 'previous build');
  // The previous build's files are a minute old.
  const minuteAgo = new Date(Date.now() - 60_000);
  for (const file of ['papers/gone/index.html', 'papers/kept/index.html', 'index.html', '_astro/old.js', '.git/HEAD']) {
    await utimes(path.join(outDir, file), minuteAgo, minuteAgo);
  }
  const startedAt = await markBuildStart(outDir);
  // Listed while the build starts, before it writes anything.
  const previous = await listOutputFiles(outDir);
  expect(previous.sort()).toEqual([BUILD_MARKER, '_astro/old.js', 'index.html', 'papers/gone/index.html', 'papers/kept/index.html']);
  for (const file of ['papers/kept/index.html', 'index.html', '_astro/new.js']) await write(outDir, file, 'this build');

  expect(removeUnwritten(outDir, startedAt, previous)).toBe(2);
  expect(existsSync(path.join(outDir, 'papers/gone'))).toBe(false);
  expect(existsSync(path.join(outDir, 'papers/kept/index.html'))).toBe(true);
  expect((await readdir(path.join(outDir, '_astro'))).sort()).toEqual(['new.js']);
  expect(existsSync(path.join(outDir, '.git/HEAD'))).toBe(true);
  expect(existsSync(path.join(outDir, 'index.html'))).toBe(true);
  // The marker itself is written by this build: the integration deletes it once the build is done.
  expect(existsSync(path.join(outDir, BUILD_MARKER))).toBe(true);
});

test('a file the page cache reused stays although it is old; folders emptied at any depth go, deepest first', async () => {
  const work = await makeTempDir('keep-output-');
  const outDir = path.join(work, 'dist');
  const old = ['papers/reused/index.html', 'api/days/2024/a.json', 'papers/hep-th/9901001/index.html', 'papers/hep-th/index.html', 'topics/x/2/index.html', 'topics/y/index.html'];
  for (const file of old) await write(outDir, file, 'previous build');
  const minuteAgo = new Date(Date.now() - 60_000);
  for (const file of old) await utimes(path.join(outDir, file), minuteAgo, minuteAgo);
  const startedAt = await markBuildStart(outDir);
  const previous = await listOutputFiles(outDir);
  await write(outDir, 'topics/y/index.html', 'this build');

  expect(removeUnwritten(outDir, startedAt, previous, new Set(['papers/reused/index.html']))).toBe(4);
  expect(existsSync(path.join(outDir, 'papers/reused/index.html'))).toBe(true);
  expect(existsSync(path.join(outDir, 'papers/hep-th'))).toBe(false);
  expect(existsSync(path.join(outDir, 'api'))).toBe(false);
  expect((await readdir(path.join(outDir, 'topics'))).sort()).toEqual(['y']);
  expect((await readdir(outDir)).sort()).toEqual([BUILD_MARKER, 'papers', 'topics']);
});

test("the previous build's leaf pages are listed from its manifest without reading their folders; every other folder is read", async () => {
  const work = await makeTempDir('keep-output-');
  const outDir = path.join(work, 'dist');
  const files = ['papers/a/index.html', 'papers/a/stray.txt', 'papers/hep-th/index.html', 'papers/hep-th/notes.txt', 'papers/hep-th/9901001/index.html', 'papers/unlisted/index.html', 'papers/caf%C3%A9/index.html', 'topics/x/index.html', 'topics/x/2/index.html'];
  for (const file of files) await write(outDir, file, 'previous build');
  await write(outDir, 'papers/café/index.html', 'previous build');
  const manifest = path.join(work, 'pages.previous.json');
  const pages = ['papers/a/', 'papers/hep-th/', 'papers/hep-th/9901001/', 'papers/caf%C3%A9/', 'topics/x/', 'topics/x/2/'];
  await writeFile(manifest, JSON.stringify({ fingerprint: 'f', pages: Object.fromEntries(pages.map((page) => [page, 'key'])) }));

  const listed = (await listOutputFiles(outDir, manifest, [])).sort();
  // papers/a/ is a leaf page: its folder is not read, so the stray file in it is not seen; papers/hep-th/ has a page below
  // it and is read; papers/unlisted/ is no page of the manifest and is read. Names are compared decoded.
  expect(listed).toEqual(
    [
      'papers/a/index.html',
      'papers/caf%C3%A9/index.html',
      'papers/café/index.html',
      'papers/hep-th/9901001/index.html',
      'papers/hep-th/index.html',
      'papers/hep-th/notes.txt',
      'papers/unlisted/index.html',
      'topics/x/2/index.html',
      'topics/x/index.html',
    ].sort(),
  );
  // Without a manifest (or an unreadable one), every folder is read.
  expect((await listOutputFiles(outDir, path.join(work, 'missing.json'), [])).sort()).toEqual([...files, 'papers/café/index.html'].sort());
  // So it is when the previous build recorded no route files: a leaf page's folder may hold more than its page.
  expect((await listOutputFiles(outDir, manifest)).sort()).toEqual([...files, 'papers/café/index.html'].sort());
});

test("a leaf page's folder that holds a file the previous build's routes wrote (a topic's feed) is read", async () => {
  const work = await makeTempDir('keep-output-');
  const outDir = path.join(work, 'dist');
  for (const file of ['topics/x/index.html', 'topics/x/rss.xml', 'topics/y/index.html', 'topics/y/stray.txt']) await write(outDir, file, 'previous build');
  const manifest = path.join(work, 'pages.previous.json');
  await writeFile(manifest, JSON.stringify({ fingerprint: 'f', pages: { 'topics/x/': 'key', 'topics/y/': 'key' } }));
  const memoDir = path.join(work, 'memo');
  writeRouteFiles(memoDir, outDir, [path.join(outDir, 'topics/x/rss.xml'), path.join(outDir, 'topics/x/index.html'), path.join(outDir, 'rss.xml')]);
  const routeFiles = readRouteFiles(memoDir);
  expect(routeFiles).toEqual(['rss.xml', 'topics/x/rss.xml']);

  expect((await listOutputFiles(outDir, manifest, routeFiles)).sort()).toEqual(['topics/x/index.html', 'topics/x/rss.xml', 'topics/y/index.html']);
});
