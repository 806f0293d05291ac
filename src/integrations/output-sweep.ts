/**
 * Builds the site over the previous output and then removes what this build no longer produces.
 *
 * With `experimental.incrementalBuild`, Astro leaves an unchanged page's file where it is, but it first empties the
 * output folder unless told not to (`vite.build.emptyOutDir: false`), and then copies every unchanged page back from
 * its cache: 113 s at 20,000 papers (docs/benchmarks.md), and a deploy checkout's `.git` in the output is lost.
 * Kept instead, the output still holds the pages of papers, days or topics that left the archive, and the bundles
 * of older code. This integration removes them: the files of the previous build's routes that no route produced
 * this time (the list is kept in the cache folder), and the files of `_astro/` older than this build.
 * A first build over a folder without such a list starts from an empty folder, `.git` kept, as Astro does.
 */
import { mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { writeFileAtomic } from '../lib/atomic-write.ts';

const KEEP = new Set(['.git']);
const BUNDLES = '_astro';

/** The files of every route of a build, relative to the output folder, sorted. */
export function routeFiles(outDir: string, assets: Map<string, URL[]>): string[] {
  return [...assets.values()].flat().map((url) => path.relative(outDir, fileURLToPath(url)).split(path.sep).join('/')).sort();
}

function readList(file: string): string[] | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as string[];
  } catch {
    return undefined;
  }
}

/** Removes `file` and the folders above it (up to `outDir`) it leaves empty. */
function removeWithEmptyFolders(outDir: string, file: string): void {
  rmSync(file, { force: true });
  for (let dir = path.dirname(file); dir.startsWith(outDir + path.sep); dir = path.dirname(dir)) {
    try {
      rmdirSync(dir);
    } catch {
      break;
    }
  }
}

export default function outputSweep(): AstroIntegration {
  let outDir = '';
  let listFile = '';
  let markerFile = '';
  let startedAt = 0;
  let previous: string[] | undefined;
  return {
    name: 'output-sweep',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDir = path.resolve(fileURLToPath(config.outDir));
        listFile = path.join(fileURLToPath(config.cacheDir), 'output-files.json');
        markerFile = path.join(fileURLToPath(config.cacheDir), 'output-sweep.started');
      },
      'astro:build:start': ({ logger }) => {
        // The file system's clock, the one that stamps the files this build writes.
        mkdirSync(path.dirname(markerFile), { recursive: true });
        writeFileSync(markerFile, '');
        startedAt = statSync(markerFile).mtimeMs;
        previous = readList(listFile);
        let names: string[];
        try {
          names = readdirSync(outDir);
        } catch {
          return;
        }
        if (previous || names.every((name) => KEEP.has(name))) return;
        logger.info(`${outDir} holds files of an unknown build: emptying it (.git kept)`);
        for (const name of names) if (!KEEP.has(name)) rmSync(path.join(outDir, name), { recursive: true, force: true });
      },
      'astro:build:done': ({ assets, logger }) => {
        const files = routeFiles(outDir, assets);
        const produced = new Set(files);
        let removed = 0;
        for (const file of previous ?? []) {
          if (produced.has(file)) continue;
          removeWithEmptyFolders(outDir, path.join(outDir, file));
          removed += 1;
        }
        const bundles = path.join(outDir, BUNDLES);
        const bundleFiles = (() => {
          try {
            return readdirSync(bundles, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile());
          } catch {
            return [];
          }
        })();
        for (const entry of bundleFiles) {
          const file = path.join(entry.parentPath, entry.name);
          if (statSync(file).mtimeMs < startedAt) {
            removeWithEmptyFolders(outDir, file);
            removed += 1;
          }
        }
        writeFileAtomic(path.dirname(listFile), listFile, JSON.stringify(files));
        rmSync(markerFile, { force: true });
        if (removed > 0) logger.info(`removed ${removed} file(s) this build no longer produces`);
      },
    },
  };
}
