/**
 * Keeps the pages' keys from one build to the next, so a rebuild renders only
 * the pages that changed (src/lib/site/page-cache.ts skips the others).
 *
 * The previous build's keys are trusted only when its fingerprint matches this
 * build's: the same source code, dependencies and configuration (a change to
 * a template changes every page), and the same output folder (the reused files
 * must be there). Before anything is rendered, the previous manifest is moved
 * aside; the new one is written only once every page is in the output, so a
 * build that fails half way leaves none and the next build renders everything.
 * Deleting the cache folder (`ASTRO_CACHE_DIR`, node_modules/.astro by default)
 * forces a full build the same way.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroConfig, AstroIntegration } from 'astro';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import { site, taxonomyDir } from '../lib/config.ts';
import { listMarkdownFiles } from '../lib/markdown-files.ts';
import { removeOtherRelatedLists } from '../lib/site/related-memo.ts';
import { PAGE_CACHE_ENV, outputFileOf, pageCacheRun, sharePreviousPages, type ArchiveInputs, type PageCacheSettings, type PageManifest } from '../lib/site/page-cache.ts';
import { currentShard } from '../lib/site/shard.ts';

/** Besides src/, the files whose change may change any page. */
const CODE_FILES = ['astro.config.mjs', 'package-lock.json', 'tsconfig.json'];

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** A digest of the site's code and of the settings that reach its pages. */
export function buildFingerprint(root: string, settings: unknown): string {
  const hash = createHash('sha256').update(JSON.stringify(settings));
  const files = [...filesBelow(path.join(root, 'src')), ...CODE_FILES.map((file) => path.join(root, file))].filter((file) => existsSync(file));
  for (const file of files.sort()) hash.update(`\0${path.relative(root, file)}\0`).update(readFileSync(file));
  return hash.digest('base64url');
}

function readManifest(file: string): PageManifest | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PageManifest;
  } catch {
    return undefined;
  }
}

/** How many papers the content holds and a digest of its taxonomy, without reading the papers. */
export function archiveInputs(contentDir: string): ArchiveInputs {
  const hash = createHash('sha256');
  const topicsDir = taxonomyDir(contentDir).dir;
  for (const file of listMarkdownFiles(topicsDir).sort()) hash.update(`\0${path.relative(topicsDir, file)}\0`).update(readFileSync(file));
  return { papers: listMarkdownFiles(path.join(contentDir, 'papers')).length, taxonomy: hash.digest('base64url') };
}

/** The previous build as this one sees it: its manifest, when the same code and settings made it. */
export interface PreviousBuild {
  fingerprint: string;
  manifestFile: string;
  /** This build's archive, noted in its manifest for the next one. */
  inputs: ArchiveInputs;
  /** undefined: no previous build, or one this build cannot trust. */
  manifest?: PageManifest;
  /** A manifest was found but made by other code or settings. */
  distrusted: boolean;
}

const previousBuilds = new Map<string, PreviousBuild>();

/**
 * Reads the previous build's manifest once per build: paper-shards asks first,
 * to choose how many processes to start, then page-cache takes it
 * (`takePreviousBuild`) and moves the file aside.
 */
export function previousBuild(config: AstroConfig, contentDir: string): PreviousBuild {
  const outDir = fileURLToPath(config.outDir);
  const manifestFile = path.join(fileURLToPath(config.cacheDir), 'page-cache', 'pages.json');
  let found = previousBuilds.get(manifestFile);
  if (!found) {
    const fingerprint = buildFingerprint(fileURLToPath(config.root), {
      site: config.site,
      base: config.base,
      trailingSlash: config.trailingSlash,
      format: config.build.format,
      outDir,
      // The site's title and description are on every page.
      title: site.title,
      description: site.description,
    });
    const manifest = readManifest(manifestFile);
    const trusted = manifest?.fingerprint === fingerprint;
    found = {
      fingerprint,
      manifestFile,
      inputs: archiveInputs(contentDir),
      manifest: trusted ? manifest : undefined,
      distrusted: manifest !== undefined && !trusted,
    };
    previousBuilds.set(manifestFile, found);
  }
  return found;
}

/**
 * Whether the output folder still holds the previous build's pages, judged by
 * `samples` of them spread over the manifest: a trusted manifest beside an
 * emptied `dist/` means every page is rendered again, which is no small rebuild.
 */
export function previousOutputPresent(manifest: PageManifest, outDir: string, samples = 100): boolean {
  const pages = Object.keys(manifest.pages);
  const step = Math.max(1, Math.floor(pages.length / samples));
  for (let index = 0; index < pages.length; index += step) {
    if (!existsSync(path.join(outDir, outputFileOf(pages[index]!)))) return false;
  }
  return true;
}

function takePreviousBuild(config: AstroConfig, contentDir: string): PreviousBuild {
  const found = previousBuild(config, contentDir);
  previousBuilds.delete(found.manifestFile);
  return found;
}

export interface PageCacheOptions {
  /**
   * Receives the absolute URLs of the pages reused from the previous build:
   * pass the sitemap's `customPages`, as Astro lists only the pages it rendered.
   */
  extraPages: string[];
  /** The content folder: the manifest notes what the archive was made of (`ArchiveInputs`). */
  contentDir: string;
}

export default function pageCache(options: PageCacheOptions): AstroIntegration {
  let manifestFile = '';
  let fingerprint = '';
  let siteBase = '';
  let inputs: ArchiveInputs | undefined;
  let run = '';
  return {
    name: 'page-cache',
    hooks: {
      'astro:config:setup': ({ command, config, logger }) => {
        if (command !== 'build' || currentShard().index > 0) return;
        const outDir = fileURLToPath(config.outDir);
        siteBase = new URL(config.base, config.site ?? 'http://localhost/').href;
        const previous = takePreviousBuild(config, options.contentDir);
        fingerprint = previous.fingerprint;
        manifestFile = previous.manifestFile;
        inputs = previous.inputs;
        const folder = path.dirname(manifestFile);
        const previousFile = path.join(folder, 'pages.previous.json');
        let previousPath = '';
        if (previous.manifest) {
          renameSync(manifestFile, previousFile);
          previousPath = previousFile;
          sharePreviousPages(previous.manifest.pages);
        } else {
          if (previous.distrusted) logger.info('the code or configuration changed since the previous build: every page is rendered');
          rmSync(manifestFile, { force: true });
          rmSync(previousFile, { force: true });
        }
        run = randomUUID();
        const previousRun = (previousPath && previous.manifest?.run) || '';
        // What older builds than the previous one kept is of no more use.
        removeOtherRelatedLists(folder, previousRun);
        const settings: PageCacheSettings = { previous: previousPath, outDir, memoDir: folder, run, previousRun };
        // Inherited by the other build processes (paper-shards), which read the same manifest.
        process.env[PAGE_CACHE_ENV] = JSON.stringify(settings);
      },
      'astro:build:done': ({ logger }) => {
        if (!manifestFile) return;
        // By now paper-shards has added the other processes' keys and reused pages.
        const done = pageCacheRun();
        const keys = Object.fromEntries([...done.keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
        writeFileAtomic(path.dirname(manifestFile), manifestFile, JSON.stringify({ fingerprint, inputs, run, pages: keys } satisfies PageManifest));
        const pages = done.reused.filter((pathname) => done.keys.has(pathname));
        options.extraPages.push(...pages.filter((pathname) => pathname.endsWith('/')).map((pathname) => new URL(pathname, siteBase).href));
        if (pages.length > 0) logger.info(`reused ${pages.length} unchanged page(s) of the previous build`);
      },
    },
  };
}
