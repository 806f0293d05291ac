/**
 * The Astro integration of the site's search (src/search/): builds the bundle
 * from the archive's records into `<outDir>/search-index/`. The pages start
 * the indexer as soon as they load the archive (src/lib/site/search-indexing.ts);
 * this integration says where and waits for it at the end of the build.
 * Any problem fails the build with a message naming the file and line.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { AstroIntegration } from 'astro';
import { MANIFEST_ELEMENT_ID, MANIFEST_FILE, SEARCH_INDEX_DIR } from '../search/format.ts';
import { buildMemo } from '../lib/site/build-memo.ts';
import { SEARCH_INDEXING_ENV, prestartSearchIndexer, startedSearchIndexing, type SearchIndexingSettings } from '../lib/site/search-indexing.ts';
import { SearchIndexError } from '../search/indexer-launch.ts';

export const SEARCH_INTEGRATION = 'papers-search';

/** The search indexer's word memo, in the build memo's folder. */
const WORD_MEMO_FILE = 'search-words.bin';
/** The search records, and their lines' keys: kept in the build memo's folder for the next build. */
const RECORDS_FILE = 'search-records.jsonl';
const RECORD_KEYS_FILE = 'search-records.keys';

/** The built search page, relative to the output folder. */
const SEARCH_PAGE = 'search/index.html';
/** The search page's empty manifest element, as index.astro writes it. */
const MANIFEST_ELEMENT = new RegExp(`<script id="${MANIFEST_ELEMENT_ID}" type="application/json"></script>`);
/** The bundled page script, as Astro links it. */
const MODULE_SCRIPT = /<script type="module" src="([^"]+)"><\/script>/;
/** A bundled script that imports other chunks or could end the inline element early cannot be inlined. */
const NOT_INLINABLE = /<\/script|<!--|\bimport\s*\(|\bfrom\s*["']|\bimport\s*["']/i;

/**
 * Puts the manifest and the page script into the built search page, so its
 * first query fetches nothing before its words' term shards: the script no
 * longer waits for its own download and then the manifest's (two round trips
 * that are most of a first query's time on a busy machine), nor for the rest
 * of the page (both are in its head, the script `async`). The manifest file
 * stays for other readers; a script that imports other chunks stays linked.
 * `base`: the site's base path, ending in "/".
 */
export async function inlineIntoSearchPage(outDir: string, base: string): Promise<void> {
  const page = path.join(outDir, SEARCH_PAGE);
  let html: string;
  try {
    html = await readFile(page, 'utf8');
  } catch {
    return; // A site without the search page (the tests' bare folders).
  }
  if (!MANIFEST_ELEMENT.test(html)) throw new SearchIndexError(`${page}: the search page has no #${MANIFEST_ELEMENT_ID} element for the manifest`);
  const manifest = gunzipSync(await readFile(path.join(outDir, SEARCH_INDEX_DIR, MANIFEST_FILE))).toString('utf8');
  // "<" escaped, so no value can end the element early; JSON reads it back the same.
  html = html.replace(MANIFEST_ELEMENT, (element) => element.replace('><', `>${manifest.replaceAll('<', '\\u003c')}<`));
  const tag = MODULE_SCRIPT.exec(html);
  const src = tag?.[1];
  if (tag && src?.startsWith(base)) {
    const script = await readFile(path.join(outDir, src.slice(base.length)), 'utf8').catch(() => undefined);
    // `async` runs it as soon as the parser reaches it in the head, instead of once the page is parsed (a
    // deferred script waits for that): it asks for the shards at once and waits for the elements it needs itself.
    if (script !== undefined && !NOT_INLINABLE.test(script)) html = html.replace(MODULE_SCRIPT, () => `<script type="module" async>${script}</script>`);
  }
  await writeFile(page, html);
}

interface Logger {
  info: (message: string) => void;
}

/**
 * Waits for the indexing the pages started and reports it; the records file
 * (an intermediate, never published) is removed whether indexing worked or
 * not, unless it is kept for the next build (src/lib/site/search-indexing.ts).
 */
export async function finishSearchIndexing(logger: Logger): Promise<void> {
  const indexing = startedSearchIndexing();
  if (!indexing) throw new SearchIndexError('search index: no page loaded the archive, so no search records were written');
  try {
    const summary = await indexing.result;
    const seconds = ((performance.now() - indexing.startedAt) / 1000).toFixed(1);
    const notes = [
      ...(indexing.recordsTaken > 0 ? [`${indexing.recordsTaken} records taken from the previous build`] : []),
      ...(summary.reused.length > 0 ? [`${summary.reused.length} fragments unchanged`] : []),
    ];
    const unchanged = notes.length > 0 ? ` (${notes.join(', ')})` : '';
    logger.info(`indexed ${summary.records} records into ${summary.bundleDir} in ${seconds}s${unchanged}`);
  } finally {
    if (!indexing.settings.keepRecords) await rm(indexing.settings.recordsFile, { force: true });
  }
}

export default function searchIndex(): AstroIntegration {
  let base = '/';
  return {
    name: SEARCH_INTEGRATION,
    hooks: {
      'astro:config:setup': ({ command, config }) => {
        if (command !== 'build') return;
        const outDir = fileURLToPath(config.outDir);
        const cache = buildMemo();
        const settings: SearchIndexingSettings = {
          // The project root from Astro's config: this module's own URL changes once it is bundled.
          script: fileURLToPath(new URL('src/search/indexer-process.ts', config.root)),
          recordsFile: path.join(cache?.dir ?? fileURLToPath(config.cacheDir), RECORDS_FILE),
          bundleDir: path.join(outDir, SEARCH_INDEX_DIR),
          // The previous bundle is in the output the site is written over.
          previousDir: path.join(outDir, SEARCH_INDEX_DIR),
          // Read only when the previous build ran the same code and settings.
          wordMemo: cache && { file: path.join(cache.dir, WORD_MEMO_FILE), read: cache.trusted },
          keepRecords: cache && { keysFile: path.join(cache.dir, RECORD_KEYS_FILE), read: cache.trusted },
        };
        process.env[SEARCH_INDEXING_ENV] = JSON.stringify(settings);
      },
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:start': () => prestartSearchIndexer(),
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        await finishSearchIndexing(logger);
        await inlineIntoSearchPage(outDir, base);
      },
    },
  };
}
