/**
 * Renders a large archive's paper pages in several processes at once.
 *
 * Astro renders pages one after another in one process, so a 50,000-paper
 * archive used one core of a two-core runner. With this integration the
 * `astro build` a person starts (the main process) starts one more `astro
 * build` per extra core, each rendering only its share of the paper pages into
 * a folder of its own (src/lib/site/shard.ts says which); the main process
 * renders every other page and its own share, then moves the other processes'
 * pages into its output before the sitemap and the search index are written.
 *
 * `BUILD_PROCESSES=N` sets the number of processes; by default two when the
 * machine has two cores or more and the archive has at least 5,000 papers
 * (below that, starting a second build costs more than it saves), and one for
 * a small rebuild (`isSmallRebuild`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { listMarkdownFiles } from '../lib/markdown-files.ts';
import { pageCacheRun, type ArchiveInputs } from '../lib/site/page-cache.ts';
import { previousBuild, previousOutputPresent } from './page-cache.ts';
import { SHARD_ENV, currentShard } from '../lib/site/shard.ts';
import { SEARCH_INTEGRATION } from './search.ts';

/** From this many papers on, a second process pays for its start-up. */
export const SHARD_THRESHOLD = 5_000;

export class ShardBuildError extends Error {
  override name = 'ShardBuildError';
}

/** How many papers `papersDir` holds, without reading them. */
export function countPapers(papersDir: string): number {
  return listMarkdownFiles(papersDir).length;
}

/** A rebuild whose paper count moved by at most this share (and whose taxonomy is unchanged) is small. */
export const SMALL_REBUILD_SHARE = 0.05;

/**
 * Whether this build follows a trusted previous build (src/integrations/page-cache.ts)
 * of nearly the same archive (whose pages are still in the output folder,
 * `previousOutputPresent`): it then renders a few thousand pages, and a
 * second process would spend more repeating the archive's preparation (Astro's
 * start, topics, the related-papers index) than it saves (measured at 50,000
 * papers plus a day: 58-62 s in one process, 82 s in two).
 */
export function isSmallRebuild(previous: ArchiveInputs | undefined, current: ArchiveInputs): boolean {
  if (!previous || previous.taxonomy !== current.taxonomy) return false;
  return Math.abs(current.papers - previous.papers) <= previous.papers * SMALL_REBUILD_SHARE;
}

/** `BUILD_PROCESSES`, or the default described above. */
export function processCount(setting: string | undefined, cores: number, papers: number, smallRebuild = false): number {
  if (setting !== undefined && setting.trim() !== '') {
    const count = Number(setting);
    if (!Number.isInteger(count) || count < 1 || count > 64) throw new ShardBuildError(`BUILD_PROCESSES=${setting}: expected a whole number from 1 to 64`);
    return count;
  }
  return cores >= 2 && papers >= SHARD_THRESHOLD && !smallRebuild ? 2 : 1;
}

interface Helper {
  index: number;
  outDir: string;
  process: ChildProcess;
  /** The last lines it printed, to explain a failure. */
  tail: string[];
  exit: Promise<number>;
  /** When it exited (performance.now()), to report how evenly the work was shared. */
  finishedAt?: number;
}

const TAIL_LINES = 60;

function startHelper(index: number, count: number, root: string, workDir: string): Helper {
  const outDir = path.join(workDir, String(index), 'dist');
  const astroBin = path.join(root, 'node_modules/astro/bin/astro.mjs');
  const child = spawn(process.execPath, [...process.execArgv, astroBin, 'build'], {
    cwd: root,
    env: { ...process.env, [SHARD_ENV]: `${index}/${count}`, OUT_DIR: outDir, ASTRO_CACHE_DIR: path.join(workDir, String(index), 'cache') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    const lines = chunk.toString().split('\n').filter((line) => line.trim());
    // The search index may be built by this process: its summary belongs in the build's own log.
    for (const line of lines) if (line.includes(`[${SEARCH_INTEGRATION}]`)) console.log(line);
    tail.push(...lines);
    tail.splice(0, Math.max(0, tail.length - TAIL_LINES));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exit = new Promise<number>((resolve) => {
    child.on('error', (error) => {
      tail.push(String(error));
      resolve(1);
    });
    child.on('close', (code) => {
      helper.finishedAt = performance.now();
      resolve(code ?? 1);
    });
  });
  const helper: Helper = { index, outDir, process: child, tail, exit };
  return helper;
}

/**
 * Moves everything below `from` into `to`, a whole folder where `to` has none,
 * else file by file. A file replaces the one in `to`: the output is written over
 * the previous build's (src/integrations/keep-output.ts), and the files both
 * processes write (pages without getStaticPaths, assets) are the same bytes.
 * Synchronous: nothing else runs meanwhile, and a plain rename is cheaper than
 * one through Node's thread pool, 30,000 times over.
 */
function moveTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory() && existsSync(target) && statSync(target).isDirectory()) moveTree(source, target);
    else renameSync(source, target);
  }
}

/** Where a helper process lists the pages it rendered, beside its output folder. */
function pageListFile(outDir: string): string {
  return path.join(path.dirname(outDir), 'pages.json');
}

/** What a helper process tells the main one about its pages. */
interface PageList {
  /** Paper pages it rendered (Astro's own list, paths like `papers/x/`). */
  rendered: string[];
  /**
   * Files it left as the previous build wrote them (paper pages, search fragments), and every paper page's
   * key (src/lib/site/page-cache.ts).
   */
  reused: string[];
  keys: [string, string][];
}

/**
 * For the processes paper-shards starts: lists the paper pages this process
 * rendered or reused, so the main process can add them to the sitemap and
 * the page cache without walking the folders it moves. Pages without
 * `getStaticPaths` (home, 404, indexes) are rendered by every process; the main
 * process's copies are the ones kept and listed, so they are left out here.
 */
export function shardPageList(): AstroIntegration {
  return {
    name: 'paper-shards-page-list',
    hooks: {
      'astro:build:done': async ({ dir, pages }) => {
        const run = pageCacheRun();
        const list: PageList = {
          rendered: pages.map((page) => page.pathname).filter((pathname) => pathname.startsWith('papers/')),
          reused: run.reused,
          keys: [...run.keys],
        };
        await writeFile(pageListFile(fileURLToPath(dir)), JSON.stringify(list));
      },
    },
  };
}

/**
 * Where the other processes write their output. Astro stages the pages of an
 * output folder outside its working directory (the project) in one shared
 * `<project>/.astro/.prerender/`, the main process's too when its OUT_DIR lies
 * outside: a helper must therefore write inside the project. That is the cache
 * folder when it is inside, else a folder of node_modules/.cache named after it.
 */
export function shardWorkDir(root: string, cacheDir: string): string {
  const relative = path.relative(root, cacheDir);
  if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) return path.join(cacheDir, 'paper-shards');
  // Resolved, so "/x/cache/" (as Astro gives it) and "/x/cache" name the same folder.
  const name = createHash('sha256').update(path.resolve(cacheDir)).digest('hex').slice(0, 12);
  return path.join(root, 'node_modules/.cache/paper-shards', name);
}

/**
 * Removes what the other processes wrote into `workDir` (their output and page
 * lists), but not their Astro caches: like the main process's, a cache kept
 * from the previous build saves each of them a content sync from scratch.
 */
async function removeHelperOutput(workDir: string): Promise<void> {
  const helpers = await readdir(workDir).catch(() => [] as string[]);
  await Promise.all(helpers.map((name) => rm(path.join(workDir, name, 'dist'), { recursive: true, force: true })));
  await Promise.all(helpers.map((name) => rm(pageListFile(path.join(workDir, name, 'dist')), { force: true })));
}

export interface PaperShardsOptions {
  contentDir: string;
  /**
   * Receives the absolute URLs of the pages the other processes rendered. Pass
   * the same array as the sitemap's `customPages`: this integration runs first,
   * so the sitemap lists them.
   */
  extraPages: string[];
}

export default function paperShards(options: PaperShardsOptions): AstroIntegration {
  let helpers: Helper[] = [];
  let workDir = '';
  let root = '';
  let count = 1;
  let siteBase = '';
  const stopHelpers = () => helpers.forEach((helper) => helper.process.kill());
  return {
    name: 'paper-shards',
    hooks: {
      'astro:config:setup': ({ command, config, logger }) => {
        if (command !== 'build' || currentShard().index > 0) return;
        const { manifest, inputs } = previousBuild(config, options.contentDir);
        const smallRebuild = manifest !== undefined && isSmallRebuild(manifest.inputs, inputs) && previousOutputPresent(manifest, fileURLToPath(config.outDir));
        count = processCount(process.env.BUILD_PROCESSES, os.availableParallelism(), inputs.papers, smallRebuild);
        if (count === 1) {
          if (smallRebuild && inputs.papers >= SHARD_THRESHOLD) logger.info('a small rebuild of the previous build: one process renders what changed');
          return;
        }
        root = fileURLToPath(config.root);
        workDir = shardWorkDir(root, fileURLToPath(config.cacheDir));
        siteBase = new URL(config.base, config.site ?? 'http://localhost/').href;
        // Read by the pages of this process when they choose their papers (src/lib/site/shard.ts).
        process.env[SHARD_ENV] = `0/${count}`;
      },
      'astro:build:start': async ({ logger }) => {
        if (count === 1) return;
        await removeHelperOutput(workDir);
        logger.info(`rendering paper pages in ${count} processes`);
        helpers = Array.from({ length: count - 1 }, (_, i) => startHelper(i + 1, count, root, workDir));
        process.once('exit', stopHelpers);
      },
      'astro:build:done': async ({ dir, logger }) => {
        if (count === 1) return;
        const outDir = fileURLToPath(dir);
        const mainDoneAt = performance.now();
        try {
          for (const helper of helpers) {
            const code = await helper.exit;
            const apart = ((helper.finishedAt ?? mainDoneAt) - mainDoneAt) / 1000;
            logger.info(`process ${helper.index} finished ${Math.abs(apart).toFixed(1)}s ${apart > 0 ? 'after' : 'before'} this one`);
            if (code !== 0) {
              throw new ShardBuildError(`the build process rendering paper share ${helper.index}/${count} failed (exit ${code}):\n${helper.tail.join('\n')}`);
            }
            const list = JSON.parse(await readFile(pageListFile(helper.outDir), 'utf8')) as PageList;
            moveTree(helper.outDir, outDir);
            options.extraPages.push(...list.rendered.map((page) => new URL(page, siteBase).href));
            const run = pageCacheRun();
            for (const [pathname, key] of list.keys) run.keys.set(pathname, key);
            run.reused.push(...list.reused);
          }
          logger.info(`merged the pages of ${helpers.length} more process(es)`);
        } finally {
          stopHelpers();
          process.off('exit', stopHelpers);
          await removeHelperOutput(workDir);
        }
      },
    },
  };
}
