/**
 * Reuses the pages of the previous build that would come out the same.
 *
 * A daily rebuild of a large archive changes a few hundred pages out of
 * tens of thousands: the new day's, the papers whose related lists moved,
 * the topic pages that shifted. Each route gives every page a key built from
 * everything the page shows (`src/lib/site/page-keys.ts`); a page whose key
 * matches the previous build's and whose file is still in the output is left
 * out of `getStaticPaths`, so Astro does not render it and the output keeps
 * the previous file. src/integrations/page-cache.ts decides whether the
 * previous build can be trusted (same code, configuration and output folder:
 * the `fingerprint`) and keeps the keys between builds.
 *
 * Pages run inside Astro's bundle, a module instance apart from the
 * integrations': settings come in through the environment (also to the other
 * build processes, see paper-shards) and the run's record goes out through
 * `globalThis`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { textDigest } from '../../search/word-memo.ts';

/** Set by the page-cache integration for every build process: `PageCacheSettings` as JSON. */
export const PAGE_CACHE_ENV = 'PAPERS_ARCHIVE_PAGE_CACHE';

export interface PageCacheSettings {
  /** The previous build's manifest, if it may be trusted ('' when not). */
  previous: string;
  /** The main process's output folder, where the previous build's pages are. */
  outDir: string;
  /** Where derived data is kept between builds (src/lib/site/topic-memo.ts); trusted when `previous` is set. */
  memoDir: string;
  /** This build's name, for what its processes keep in `memoDir` (src/lib/site/related-memo.ts). */
  run: string;
  /** The previous build's, when `previous` is set (else ''). */
  previousRun: string;
}

/** What a build's archive was made of, as far as the next build needs to know how much may change. */
export interface ArchiveInputs {
  /** Paper files. */
  papers: number;
  /** A digest of the taxonomy (content/topics/): a change to it can change every page. */
  taxonomy: string;
}

/** What a build leaves for the next one: each page's key, by pathname (`papers/x/`, `api/days/d.json`). */
export interface PageManifest {
  fingerprint: string;
  inputs?: ArchiveInputs;
  /** The build's name (`PageCacheSettings.run`). */
  run?: string;
  pages: Record<string, string>;
}

/** What this process did, for the integrations (same process, other module instance). */
export interface PageCacheRun {
  /** The key of every page this process was given, rendered or reused. */
  keys: Map<string, string>;
  /**
   * Pathnames of the pages left as the previous build wrote them, and of other
   * such files (the search index's unchanged fragments): keep-output keeps them.
   */
  reused: string[];
}

const RUN = Symbol.for('papers-archive.page-cache-run');

export function pageCacheRun(): PageCacheRun {
  const global = globalThis as { [RUN]?: PageCacheRun };
  global[RUN] ??= { keys: new Map(), reused: [] };
  return global[RUN];
}

/** The file Astro writes for a page (`trailingSlash: 'always'`, directory format), relative to the output folder. */
export function outputFileOf(pathname: string): string {
  const file = pathname.endsWith('/') ? `${pathname}index.html` : pathname;
  return file.split('/').map(decodeURIComponent).join('/');
}

let previousKeys: Map<string, string> | undefined;

const SHARED_PAGES = Symbol.for('papers-archive.previous-pages');

/**
 * Hands the previous build's page keys, which the page-cache integration has read already, to the pages (another
 * module instance in the same process): parsing the 3 MB manifest again cost the rebuild 0.3-0.7 s.
 */
export function sharePreviousPages(pages: Record<string, string>): void {
  (globalThis as { [SHARED_PAGES]?: Record<string, string> })[SHARED_PAGES] = pages;
}

/** This build's settings; undefined outside a build (`astro dev`, tests). */
export function pageCacheSettings(): PageCacheSettings | undefined {
  const value = process.env[PAGE_CACHE_ENV];
  return value ? (JSON.parse(value) as PageCacheSettings) : undefined;
}

function previousPages(previous: string): Map<string, string> {
  if (previousKeys) return previousKeys;
  previousKeys = new Map();
  if (!previous) return previousKeys;
  const shared = (globalThis as { [SHARED_PAGES]?: Record<string, string> })[SHARED_PAGES];
  if (shared) return (previousKeys = new Map(Object.entries(shared)));
  try {
    const manifest = JSON.parse(readFileSync(previous, 'utf8')) as PageManifest;
    previousKeys = new Map(Object.entries(manifest.pages));
  } catch {
    // Unreadable: every page is rendered, as on a first build.
  }
  return previousKeys;
}

/** Per folder of the output, the names in it (undefined: no such folder). */
const outputFolders = new Map<string, Set<string> | undefined>();

/**
 * Whether the previous build's file for `pathname` is still in `outDir`, judged by its folder's listing: a page's
 * folder (`papers/x/`) or a file (`api/days/d.json`) is looked up in its parent folder, listed once. One listing of
 * papers/ instead of a check per paper: 50,000 of those took 0.5-0.8 s of a rebuild. (A page folder emptied by hand
 * still counts as present; deleting the folder, or the output, brings the page back.)
 */
function presentInOutput(outDir: string, pathname: string): boolean {
  const file = outputFileOf(pathname);
  const entry = pathname.endsWith('/') ? path.dirname(file) : file;
  const folder = path.dirname(entry);
  let names = outputFolders.get(folder);
  if (!outputFolders.has(folder)) {
    try {
      names = new Set(readdirSync(path.join(outDir, folder)));
    } catch {
      names = undefined;
    }
    outputFolders.set(folder, names);
  }
  return names?.has(path.basename(entry)) ?? false;
}

/** A short digest of any JSON value. */
export function digest(value: unknown): string {
  return textDigest(JSON.stringify(value));
}

export interface PageIdentity {
  /** As Astro names the page: no base, no leading slash (`papers/x/`). */
  pathname: string;
  /** Everything the page shows; `undefined` for a page that is always rendered. */
  key: unknown;
}

/**
 * The entries of a route's `getStaticPaths` that must be rendered: every one,
 * unless the previous build wrote the same page (same key) and its file is
 * still there. Every page's key is recorded for the next build.
 */
export function withoutUnchangedPages<T>(entries: T[], identify: (entry: T) => PageIdentity): T[] {
  const cache = pageCacheSettings();
  const run = pageCacheRun();
  const previous = cache ? previousPages(cache.previous) : new Map<string, string>();
  return entries.filter((entry) => {
    const { pathname, key } = identify(entry);
    if (key === undefined) return true;
    const keyDigest = digest(key);
    run.keys.set(pathname, keyDigest);
    if (!cache || previous.get(pathname) !== keyDigest || !presentInOutput(cache.outDir, pathname)) return true;
    run.reused.push(pathname);
    return false;
  });
}
