/**
 * The page cache decides which pages a rebuild may leave as they are: a wrong
 * "unchanged" publishes a stale page, so each reason to render is checked.
 * (test/site/paper-shards.test.ts compares a real rebuild with a fresh build.)
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { buildFingerprint } from '../../src/integrations/page-cache.ts';
import { PAGE_CACHE_ENV, digest, outputFileOf, type PageCacheSettings, type PageManifest } from '../../src/lib/site/page-cache.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

let dir = '';

beforeEach(async () => {
  dir = await makeTempDir('page-cache-');
  // Each test starts a build of its own: a fresh module (its manifest is read once) and a fresh record.
  vi.resetModules();
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('papers-archive.page-cache-run')];
});

afterEach(async () => {
  delete process.env[PAGE_CACHE_ENV];
  await rm(dir, { recursive: true, force: true });
});

interface Entry {
  pathname: string;
  key: unknown;
}

/** A previous build that wrote `written` (pathname → key) into an output folder, and this build's settings. */
async function previousBuild(written: Record<string, unknown>, options: { trusted?: boolean } = {}) {
  const outDir = path.join(dir, 'dist');
  for (const pathname of Object.keys(written)) {
    const file = path.join(outDir, outputFileOf(pathname));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, 'previous');
  }
  const manifestFile = path.join(dir, 'pages.previous.json');
  const manifest: PageManifest = { fingerprint: 'f', pages: Object.fromEntries(Object.entries(written).map(([pathname, key]) => [pathname, digest(key)])) };
  await writeFile(manifestFile, JSON.stringify(manifest));
  const settings: PageCacheSettings = { previous: options.trusted === false ? '' : manifestFile, outDir, memoDir: dir, run: 'test', previousRun: '' };
  process.env[PAGE_CACHE_ENV] = JSON.stringify(settings);
  return { outDir };
}

async function rendered(entries: Entry[]) {
  const cache = await import('../../src/lib/site/page-cache.ts');
  const kept = cache.withoutUnchangedPages(entries, (entry) => entry);
  return { rendered: kept.map((entry) => entry.pathname), run: cache.pageCacheRun() };
}

test('a page with the same key whose file is still there is reused; every other page is rendered', async () => {
  const { outDir } = await previousBuild({ 'papers/a/': ['a', 1], 'papers/b/': ['b', 1], 'papers/gone/': ['gone', 1], 'api/days/2024-01-02.json': ['d'] });
  // A page's folder deleted from the output: the page comes back.
  await rm(path.join(outDir, 'papers/gone'), { recursive: true });
  const { rendered: pages, run } = await rendered([
    { pathname: 'papers/a/', key: ['a', 1] }, // unchanged
    { pathname: 'papers/b/', key: ['b', 2] }, // changed
    { pathname: 'papers/gone/', key: ['gone', 1] }, // unchanged, but its folder was deleted
    { pathname: 'papers/new/', key: ['new', 1] }, // not in the previous build
    { pathname: 'topics/x/', key: undefined }, // never cached
    { pathname: 'api/days/2024-01-02.json', key: ['d'] }, // an endpoint's file
  ]);
  expect(pages).toEqual(['papers/b/', 'papers/gone/', 'papers/new/', 'topics/x/']);
  expect(run.reused).toEqual(['papers/a/', 'api/days/2024-01-02.json']);
  // Keys of every cacheable page go to the next build, rendered or not.
  expect([...run.keys.keys()]).toEqual(['papers/a/', 'papers/b/', 'papers/gone/', 'papers/new/', 'api/days/2024-01-02.json']);
});

test('without a trusted previous build (first build, other code or settings) every page is rendered', async () => {
  await previousBuild({ 'papers/a/': ['a'] }, { trusted: false });
  const { rendered: pages, run } = await rendered([{ pathname: 'papers/a/', key: ['a'] }]);
  expect(pages).toEqual(['papers/a/']);
  expect(run.reused).toEqual([]);
});

test('outside a build (no settings, as in `astro dev`) every page is rendered', async () => {
  const { rendered: pages } = await rendered([{ pathname: 'papers/a/', key: ['a'] }]);
  expect(pages).toEqual(['papers/a/']);
});

test('a page is found as the file Astro writes for it', () => {
  expect(outputFileOf('papers/2411.00001/')).toBe('papers/2411.00001/index.html');
  expect(outputFileOf('papers/hep-th/9901001/')).toBe('papers/hep-th/9901001/index.html');
  expect(outputFileOf('topics/a%20b/2/')).toBe('topics/a b/2/index.html');
  expect(outputFileOf('api/days/2024-01-02.json')).toBe('api/days/2024-01-02.json');
});

test('the fingerprint changes with any source file and with the settings, not otherwise', async () => {
  const root = path.join(dir, 'project');
  await mkdir(path.join(root, 'src/components'), { recursive: true });
  await writeFile(path.join(root, 'src/components/Card.astro'), '<p>card</p>');
  await writeFile(path.join(root, 'astro.config.mjs'), 'export default {}');
  const settings = { base: '/', site: 'https://example.org' };
  const first = buildFingerprint(root, settings);
  expect(buildFingerprint(root, { ...settings })).toBe(first);
  expect(buildFingerprint(root, { ...settings, base: '/archive/' })).not.toBe(first);
  await writeFile(path.join(root, 'src/components/Card.astro'), '<p>card!</p>');
  const edited = buildFingerprint(root, settings);
  expect(edited).not.toBe(first);
  await writeFile(path.join(root, 'package-lock.json'), '{}');
  expect(buildFingerprint(root, settings)).not.toBe(edited);
});
