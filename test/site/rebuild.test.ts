/**
 * A daily rebuild writes over the previous output and renders only the pages that changed (Astro's incremental
 * build): the site a person gets must still be the same, byte for byte, as a fresh build of the same content.
 */
import { mkdir, readFile, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { buildSite, type BuildResult } from '../helpers/build-site.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { makeFixtureArchive } from './fixture.ts';

const builds: BuildResult[] = [];
let contentDir = '';
let outside = '';

afterAll(async () => {
  await Promise.all(builds.map((build) => build.dispose()));
  if (outside) await rm(outside, { recursive: true, force: true });
  if (contentDir) await rm(path.dirname(contentDir), { recursive: true, force: true });
});

async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(path.relative(dir, path.join(entry.parentPath, entry.name)), await readFile(path.join(entry.parentPath, entry.name)));
  }
  return files;
}

const SITE = 'https://example.org/archive/';
const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((match) => match[1]!);

/** The sitemap index's files' entries in the order they come, and the URL of every HTML page of the output. */
function sitemapAndPages(files: Map<string, Buffer>): { listed: string[]; pages: string[] } {
  const index = files.get('sitemap-index.xml')?.toString() ?? '';
  const listed = locs(index).flatMap((url) => locs(files.get(url.slice(SITE.length))?.toString() ?? ''));
  const pages = [...files.keys()].filter((file) => file.endsWith('index.html')).map((file) => `${SITE}${file.slice(0, -'index.html'.length)}`);
  return { listed, pages };
}

/** Every page once, those a rebuild left as they were included. */
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
  contentDir = await makeFixtureArchive();
  // Output and cache outside the project, as a CI job might set them.
  outside = await makeTempDir('rebuild-outside-');
  const env = { OUT_DIR: path.join(outside, 'dist'), ASTRO_CACHE_DIR: path.join(outside, 'cache') };
  const first = await buildSite({ contentDir, basePath: '/archive/', env });
  builds.push(first);
  expect(first.exitCode, first.output).toBe(0);
  // A deploy checkout in the output folder survives rebuilds.
  await mkdir(path.join(first.outDir, '.git'), { recursive: true });
  await writeFile(path.join(first.outDir, '.git/HEAD'), 'ref: refs/heads/main\n');
  // One paper leaves the archive; ten get new titles (they are in other papers' related lists, day pages and topic
  // pages); a new day arrives; a topic and a digest are renamed (shown on every paper card and on the page of the
  // paper the digest discusses).
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
  const rebuilt = await buildSite({ contentDir, basePath: '/archive/', env });
  builds.push(rebuilt);
  expect(rebuilt.exitCode, rebuilt.output).toBe(0);
  const fresh = await buildSite({ contentDir, basePath: '/archive/' });
  builds.push(fresh);
  expect(fresh.exitCode, fresh.output).toBe(0);

  const [expected, actual] = await Promise.all([filesOf(fresh.outDir), filesOf(first.outDir)]);
  expect(actual.get('.git/HEAD')?.toString()).toBe('ref: refs/heads/main\n');
  actual.delete('.git/HEAD');
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  const differing = [...expected].filter(([file, bytes]) => !actual.get(file)?.equals(bytes)).map(([file]) => file);
  expect(differing).toEqual([]);
  expect([...actual.keys()].filter((file) => file.startsWith('papers/')).length).toBeGreaterThan(60);
  expect(actual.has('papers/2411.10061/index.html')).toBe(false);
  expect(actual.get('papers/2411.10035/index.html')?.toString()).toContain('Revised Study Number 35');
  expect(rebuilt.output).toMatch(/removed \d+ file\(s\) this build no longer produces/);
  // The search records of unchanged papers were taken from the previous build, the rest written anew.
  const taken = Number(/(\d+) records taken from the previous build/.exec(rebuilt.output)?.[1] ?? 0);
  expect(taken).toBeGreaterThan(100);
  expect(taken).toBeLessThan(6 + 162);
  expect(actual.get('papers/2411.20000/index.html')?.toString()).toContain('2024-11-06');
  expect(actual.get('papers/2411.10003/index.html')?.toString()).toContain('Renamed digest 3');
  // Most pages were left as they were (Astro marks them "cached"): the rebuild is no full build in disguise.
  const cached = (rebuilt.output.match(/\(cached\)/g) ?? []).length;
  expect(cached).toBeGreaterThan(60);
  expectSitemapListsEveryPageOnce(actual);
});
