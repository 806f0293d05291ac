/**
 * Writes the site over the previous build's output instead of emptying it
 * first, then removes whatever this build did not write.
 *
 * Astro empties the output folder before it builds. For a 50,000-paper site
 * that is 110,000 files and folders deleted and then created again, and on a
 * small runner's disk deleting them alone took most of two minutes: a rebuild
 * after one more day cost far more than the first build. Writing a file that
 * exists costs no new folder or file entry, so the site is written over the
 * old output (`vite.build.emptyOutDir: false` in astro.config.mjs) and, once
 * every other integration is done, each file older than this build's start is
 * deleted (a page whose paper left the archive, an asset of an older bundle),
 * with the folders that end up empty. A `.git` folder in the output (a deploy
 * checkout) is left alone, as Astro leaves it.
 *
 * Which files the previous build left is read on a thread of its own while
 * the build runs: walking 55,000 folders took 3.3 s at the end of every build,
 * where nothing else could overlap it, and still 3-4 s of CPU beside it. Most
 * of those folders hold one page each (`papers/<id>/index.html`), which the
 * previous build's page manifest already names: a folder that is a page there,
 * with no other page or file below it, is taken to hold just its
 * `index.html` and is not read. The manifest names only the pages the page
 * cache keys, so each build also records the files its routes wrote that are
 * not a folder's `index.html` (a topic's `rss.xml` beside its page): a folder
 * holding one of those is read. At the end only the listed files that no page
 * of this build reused are looked at.
 */
import { readFileSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AstroIntegration } from 'astro';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import { outputFileOf, pageCacheRun, pageCacheSettings } from '../lib/site/page-cache.ts';
import { paperPreload } from '../lib/site/paper-preload.ts';
import type { OutputListingJob } from './output-listing-worker.ts';

const KEEP = new Set(['.git']);

/** The file whose modification time marks a build's start, inside the output until the build ends. */
export const BUILD_MARKER = '.build-started';

/**
 * Marks the start of a build with a file's modification time, in the output
 * folder itself: the same clock as every file the build writes there (the file
 * system's, coarser than Date.now(), and a file server's own on a network disk).
 */
export async function markBuildStart(outDir: string): Promise<number> {
  const marker = path.join(outDir, BUILD_MARKER);
  await mkdir(outDir, { recursive: true });
  await writeFile(marker, '');
  return (await stat(marker)).mtimeMs;
}

const LISTING_WORKER = new URL('./output-listing-worker.ts', import.meta.url);

/**
 * The files below `dir` but `.git`'s, relative to it, listed on a worker thread. `manifest`: the page manifest of the
 * build that wrote `dir`, whose leaf pages' folders are not read; `routeFiles`: the pathnames of that build's
 * routes that are files rather than pages (`topics/x/rss.xml`), whose folders are read. Without both, every folder is.
 */
export function listOutputFiles(dir: string, manifest = '', routeFiles?: readonly string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const job: OutputListingJob = { dir, keep: [...KEEP], manifest, routeFiles };
    const worker = new Worker(LISTING_WORKER, { workerData: job });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

/**
 * Deletes each of `files` (relative to `dir`, as `listOutputFiles` gives them)
 * that was modified before `startedAt` and is not `kept`, then the folders
 * left empty (never `dir` itself). Returns how many files went.
 */
export function removeUnwritten(dir: string, startedAt: number, files: readonly string[], kept: ReadonlySet<string> = new Set()): number {
  let removed = 0;
  const emptied = new Set<string>();
  for (const file of files) {
    if (kept.has(file)) continue;
    const filePath = path.join(dir, file);
    let modified: number;
    try {
      modified = statSync(filePath).mtimeMs;
    } catch {
      continue; // Gone already (a stale search fragment the indexer removed).
    }
    if (modified >= startedAt) continue;
    unlinkSync(filePath);
    removed += 1;
    emptied.add(path.dirname(file));
  }
  // Every folder above a deleted file may now be empty: tried deepest first, so a folder's emptied sub-folders are
  // gone before it is tried.
  for (const folder of [...emptied]) {
    for (let parent = path.dirname(folder); parent !== '.'; parent = path.dirname(parent)) emptied.add(parent);
  }
  emptied.delete('.');
  const depth = (folder: string) => folder.split('/').length;
  for (const folder of [...emptied].sort((a, b) => depth(b) - depth(a))) {
    try {
      rmdirSync(path.join(dir, folder));
    } catch {
      // Not empty: something of this build is in it.
    }
  }
  return removed;
}

/** Where a build records its routes' files (`listOutputFiles`'s `routeFiles`): beside the page manifest. */
const ROUTE_FILES = 'route-files.json';

/** The files a build recorded in `memoDir`, undefined when it recorded none (or they cannot be read). */
export function readRouteFiles(memoDir: string): string[] | undefined {
  try {
    const files: unknown = JSON.parse(readFileSync(path.join(memoDir, ROUTE_FILES), 'utf8'));
    return Array.isArray(files) && files.every((file) => typeof file === 'string') ? files : undefined;
  } catch {
    return undefined;
  }
}

/** Records which of the files Astro's routes wrote (paths relative to `outDir`) are not a page's `index.html`. */
export function writeRouteFiles(memoDir: string, outDir: string, written: readonly string[]): void {
  const files = written.map((file) => path.relative(outDir, file).split(path.sep).join('/')).filter((file) => !/(^|\/)index\.html$/.test(file));
  writeFileAtomic(memoDir, path.join(memoDir, ROUTE_FILES), JSON.stringify([...new Set(files)].sort()));
}

/** Whether `dir` holds anything a build could have left (anything but `.git`). */
async function hasOutput(dir: string): Promise<boolean> {
  const names = await readdir(dir).catch(() => []);
  return names.some((name) => !KEEP.has(name));
}

export default function keepOutput(): AstroIntegration {
  let outDir = '';
  let startedAt = 0;
  let previousFiles: Promise<string[]> | undefined;
  return {
    name: 'keep-output',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDir = fileURLToPath(config.outDir);
      },
      'astro:build:start': async () => {
        const previous = await hasOutput(outDir);
        startedAt = await markBuildStart(outDir);
        if (previous) {
          // Once the paper preload is done with the second core (it is on the critical path; this listing is not).
          // The page cache's settings name the previous build's manifest when that build wrote this output.
          const cache = pageCacheSettings();
          const routeFiles = cache?.previous ? readRouteFiles(cache.memoDir) : undefined;
          previousFiles = Promise.resolve(paperPreload()?.related).then(() => listOutputFiles(outDir, cache?.previous, routeFiles));
          // Awaited at build:done; a failure before then must not count as unhandled.
          previousFiles.catch(() => {});
        }
      },
      'astro:build:done': async ({ assets, logger }) => {
        if (previousFiles) {
          // Pages the page cache reused were not written, yet belong to this build.
          const kept = new Set(pageCacheRun().reused.map((pathname) => outputFileOf(pathname)));
          const removed = removeUnwritten(outDir, startedAt, await previousFiles, kept);
          if (removed > 0) logger.info(`removed ${removed} file(s) of the previous build that this one did not write`);
        }
        // Those the page cache reused are in its manifest; the others every build writes, so are in `assets`.
        const memoDir = pageCacheSettings()?.memoDir;
        if (memoDir) writeRouteFiles(memoDir, outDir, [...assets.values()].flat().map((url) => fileURLToPath(url)));
        await rm(path.join(outDir, BUILD_MARKER), { force: true });
      },
    },
  };
}
