/**
 * A large archive's paper pages are rendered by several processes: the site a
 * person gets must be the same, byte for byte, as one process would build.
 */
import { readFile, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { shardWorkDir } from '../../src/integrations/paper-shards.ts';
import { buildSite, projectRoot, type BuildResult } from '../helpers/build-site.ts';
import { sharedBuild } from '../helpers/shared-builds.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { makeFixtureArchive } from './fixture.ts';

const builds: BuildResult[] = [];
let contentDir = '';

/** The other process's folder of a build whose cache is outside the project (it keeps its Astro cache there). */
let outsideWorkDir = '';

afterAll(async () => {
  await Promise.all(builds.map((build) => build.dispose()));
  if (outsideWorkDir) await rm(outsideWorkDir, { recursive: true, force: true });
  if (contentDir) await rm(path.dirname(contentDir), { recursive: true, force: true });
});

async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(path.relative(dir, path.join(entry.parentPath, entry.name)), await readFile(path.join(entry.parentPath, entry.name)));
  }
  return files;
}

let twoProcesses: BuildResult | undefined;

test('two build processes write the same site as one, sitemap and search index included', async () => {
  // The one-process build is the shared one of the same fixture (its own copy of the content, in another folder).
  const one = await sharedBuild('site-archive');
  contentDir = await makeFixtureArchive();
  // Output and cache outside the project, as a CI job might set them: the processes must not share Astro's staging folder.
  const outside = await makeTempDir('shards-outside-');
  outsideWorkDir = shardWorkDir(projectRoot, path.join(outside, 'cache'));
  const two = await buildSite({
    contentDir,
    basePath: '/archive/',
    env: { BUILD_PROCESSES: '2', OUT_DIR: path.join(outside, 'dist'), ASTRO_CACHE_DIR: path.join(outside, 'cache') },
  });
  builds.push(two);
  expect(one.exitCode, one.output).toBe(0);
  expect(two.exitCode, two.output).toBe(0);
  expect(two.output).toContain('rendering paper pages in 2 processes');

  const [single, sharded] = await Promise.all([filesOf(one.outDir), filesOf(two.outDir)]);
  expect([...sharded.keys()].sort()).toEqual([...single.keys()].sort());
  const differing = [...single].filter(([file, bytes]) => !sharded.get(file)?.equals(bytes)).map(([file]) => file);
  expect(differing).toEqual([]);
  expect([...single.keys()].filter((file) => file.startsWith('papers/')).length).toBeGreaterThan(60);
  expectSitemapListsEveryPageOnce(sharded);
  twoProcesses = two;
});

const SITE = 'https://example.org/archive/';
const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((match) => match[1]!);

/** The sitemap index's files' entries in the order they come, and the URL of every HTML page of the output. */
function sitemapAndPages(files: Map<string, Buffer>): { listed: string[]; pages: string[] } {
  const index = files.get('sitemap-index.xml')?.toString() ?? '';
  const listed = locs(index).flatMap((url) => locs(files.get(url.slice(SITE.length))?.toString() ?? ''));
  const pages = [...files.keys()].filter((file) => file.endsWith('index.html')).map((file) => `${SITE}${file.slice(0, -'index.html'.length)}`);
  return { listed, pages };
}

/** Every page once: those of both processes, and after a rebuild those reused from the previous build. */
function expectSitemapListsEveryPageOnce(files: Map<string, Buffer>): void {
  const { listed, pages } = sitemapAndPages(files);
  expect(listed.length).toBeGreaterThan(60);
  expect(new Set(listed).size).toBe(listed.length);
  expect([...listed].sort()).toEqual(pages.sort());
}

/** Replaces `from` with `to` in a content file, failing when it is not there (the test would prove nothing). */
async function replaceIn(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  expect(text, file).toContain(from);
  await writeFile(file, text.replace(from, to));
}

test('a rebuild over the previous output equals a fresh build, yet renders only the pages that changed', async () => {
  const previous = twoProcesses;
  expect(previous, 'needs the two-process build of the test above').toBeDefined();
  if (!previous) return;
  // One paper leaves the archive; ten get new titles (some rendered by each process; they are in other papers'
  // related lists, day pages and topic pages); a new day arrives; a topic and a digest are renamed (shown on
  // every paper card and on the page of the paper the digest discusses).
  await unlink(path.join(contentDir, 'papers/2411.10061.md'));
  for (let index = 30; index < 40; index += 1) {
    await replaceIn(path.join(contentDir, `papers/2411.${10000 + index}.md`), 'Mixture of Experts Study', 'Revised Study');
  }
  const newDay = (await readFile(path.join(contentDir, 'papers/2411.10060.md'), 'utf8'))
    .replaceAll('2411.10060', '2411.20000')
    .replaceAll('2024-11-05', '2024-11-06');
  await writeFile(path.join(contentDir, 'papers/2411.20000.md'), newDay);
  await replaceIn(path.join(contentDir, 'topics/vision.md'), 'title: ', 'title: Seeing, ');
  await replaceIn(path.join(contentDir, 'digests/generated-3.mdx'), 'Generated digest 3', 'Renamed digest 3');
  const rebuilt = await buildSite({
    contentDir,
    basePath: '/archive/',
    env: { BUILD_PROCESSES: '2', OUT_DIR: previous.outDir, ASTRO_CACHE_DIR: path.join(path.dirname(previous.outDir), 'cache') },
  });
  builds.push(rebuilt);
  expect(rebuilt.exitCode, rebuilt.output).toBe(0);
  const fresh = await buildSite({ contentDir, basePath: '/archive/', env: { BUILD_PROCESSES: '1' } });
  builds.push(fresh);
  expect(fresh.exitCode, fresh.output).toBe(0);

  const [expected, actual] = await Promise.all([filesOf(fresh.outDir), filesOf(previous.outDir)]);
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  const differing = [...expected].filter(([file, bytes]) => !actual.get(file)?.equals(bytes)).map(([file]) => file);
  expect(differing).toEqual([]);
  expect(actual.has('papers/2411.10061/index.html')).toBe(false);
  expect(actual.get('papers/2411.10035/index.html')?.toString()).toContain('Revised Study Number 35');
  expect(rebuilt.output).toMatch(/removed \d+ file\(s\) of the previous build/);
  // The search records of unchanged papers were taken from the previous build, the rest written anew.
  const taken = Number(/(\d+) records taken from the previous build/.exec(rebuilt.output)?.[1] ?? 0);
  expect(taken).toBeGreaterThan(100);
  expect(taken).toBeLessThan(6 + 162);
  expect(actual.get('papers/2411.20000/index.html')?.toString()).toContain('2024-11-06');
  expect(actual.get('papers/2411.10003/index.html')?.toString()).toContain('Renamed digest 3');
  // Most pages were left as they were: the rebuild is no full build in disguise.
  const reused = Number(/reused (\d+) unchanged page/.exec(rebuilt.output)?.[1] ?? 0);
  expect(reused).toBeGreaterThan(0);
  expectSitemapListsEveryPageOnce(actual);
});
