/**
 * Writes sitemap-index.xml and its sitemap files at the end of the build, from
 * the pages this process rendered and `extraPages` (the other processes' and
 * those reused from the previous build). Replaces @astrojs/sitemap, whose sort
 * took 4.6 s at 55,000 pages on every build and rebuild (src/lib/site/sitemap.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import { SITEMAP_INDEX_FILE, sitemapFiles } from '../lib/site/sitemap.ts';

/** Error pages are not pages to index. */
const STATUS_PAGE = /^\/?(404|500)\/?$/;

export interface SitemapOptions {
  /** Absolute URLs of pages Astro did not render in this process, filled in before build:done. */
  extraPages: string[];
}

export default function sitemap(options: SitemapOptions): AstroIntegration {
  let siteBase: string | undefined;
  return {
    name: 'sitemap',
    hooks: {
      'astro:config:done': ({ config }) => {
        siteBase = config.site ? new URL(config.base, config.site).href : undefined;
        if (siteBase && !siteBase.endsWith('/')) siteBase += '/';
      },
      'astro:build:done': ({ pages, dir, logger }) => {
        if (!siteBase) {
          logger.warn(`no \`site\` in the configuration: ${SITEMAP_INDEX_FILE} not written`);
          return;
        }
        const base = siteBase;
        const urls = pages
          .filter((page) => !STATUS_PAGE.test(page.pathname))
          .map((page) => new URL(page.pathname.replace(/^\//, ''), base).href)
          .concat(options.extraPages);
        const outDir = fileURLToPath(dir);
        const files = sitemapFiles(urls, base);
        for (const file of files) writeFileAtomic(outDir, path.join(outDir, file.name), file.xml);
        logger.info(`${SITEMAP_INDEX_FILE} and ${files.length - 1} sitemap file(s) list ${new Set(urls).size} pages`);
      },
    },
  };
}
