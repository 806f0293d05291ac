// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import contentSwitch from './src/integrations/content-switch.ts';
import keepOutput from './src/integrations/keep-output.ts';
import pageWrites from './src/integrations/page-writes.ts';
import pageCache from './src/integrations/page-cache.ts';
import paperPreload from './src/integrations/paper-preload.ts';
import paperShards, { shardPageList } from './src/integrations/paper-shards.ts';
import searchIndex from './src/integrations/search.ts';
import stagedPackages from './src/integrations/staged-packages.ts';
import { contentDir, site } from './src/lib/config.ts';
import { SHARD_ENV, indexesSearch, parseShard } from './src/lib/site/shard.ts';

/**
 * `BASE_PATH=/archive` serves the site under a sub-path; always normalised to "/x/" form.
 * @param {string | undefined} value
 */
function basePath(value) {
  const trimmed = (value ?? '').trim().replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

// Astro copies every environment variable into import.meta.env, where these names would override the
// configured base and site (vitest, for one, exports BASE_URL=/ to the builds it spawns). BASE_PATH and
// SITE_URL are this project's settings; the reserved names are dropped.
for (const reserved of ['BASE_URL', 'SITE', 'ASSETS_PREFIX', 'MODE', 'DEV', 'PROD', 'SSR']) delete process.env[reserved];

// A process started by paper-shards to render a share of the paper pages: it writes pages (the last one
// also the search index); the main process merges them and then writes the sitemap for the whole site.
const shard = parseShard(process.env[SHARD_ENV]);
const renderOnly = shard.index > 0;
/**
 * @type {string[]} Pages this process did not render: those of the other processes (paper-shards) and those
 * reused from the previous build (page-cache), filled in at build:done before the sitemap reads its options
 * (@astrojs/sitemap validates `customPages` in its own build:done hook, which runs after theirs).
 */
const pagesNotRenderedHere = [];

export default defineConfig({
  // SITE_URL, else the url of the content folder's site.yaml (src/lib/config.ts).
  site: site.url || 'http://localhost:4321',
  base: basePath(process.env.BASE_PATH),
  trailingSlash: 'always',
  // Separate output and cache folders let tests build several fixture sites side by side, provided OUT_DIR
  // is inside the project: Astro stages the pages of an outside OUT_DIR in the one shared .astro/.prerender/.
  // Any OUT_DIR builds on its own: src/integrations/staged-packages.ts.
  outDir: process.env.OUT_DIR || './dist',
  cacheDir: process.env.ASTRO_CACHE_DIR || './node_modules/.astro',
  // A few pages in flight: when pages were written through Node's thread pool, the writes of one overlapped the
  // rendering of the next. Written synchronously now (src/integrations/page-writes.ts), 1 and 4 build as fast.
  build: { concurrency: 4 },
  // The site is written over the previous output, not into an emptied folder: src/integrations/keep-output.ts.
  vite: { build: { emptyOutDir: false } },
  // paper-shards comes first: its build:done hook merges the other processes' pages (and page keys) before the
  // page cache records them and the sitemap and the search index read the output.
  integrations: renderOnly
    ? // The search index first: shardPageList reports the fragments it left unchanged too.
      [stagedPackages(), pageWrites(), paperPreload({ contentDir }), mdx(), ...(indexesSearch(shard) ? [searchIndex()] : []), shardPageList()]
    : [
        // First: the collections' store must match the content folder before anything reads it.
        contentSwitch({ contentDir }),
        stagedPackages(),
        paperShards({ contentDir, extraPages: pagesNotRenderedHere }),
        pageCache({ extraPages: pagesNotRenderedHere, contentDir }),
        pageWrites(),
        paperPreload({ contentDir }),
        mdx(),
        // Plain <loc> entries: the news, image, video and xhtml namespaces would declare what no entry uses.
        sitemap({ customPages: pagesNotRenderedHere, namespaces: { news: false, xhtml: false, image: false, video: false } }),
        searchIndex(),
        // Last: once everything else has written its files, it removes those the previous build left.
        keepOutput(),
      ],
});
