/**
 * Starts reading the papers and scoring their related lists on a worker
 * thread as soon as a build starts (src/lib/site/paper-preload.ts says why);
 * the archive takes the result when its pages ask for it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { startPaperPreload } from '../lib/site/paper-preload.ts';
import { pageCacheSettings } from '../lib/site/page-cache.ts';
import { RELATED_LIMIT } from '../lib/site/related.ts';
import { currentShard } from '../lib/site/shard.ts';

/** The related index's term counts, in the page cache's folder. */
const RELATED_MEMO_FILE = 'related-terms.bin';

export default function paperPreload(options: { contentDir: string }): AstroIntegration {
  return {
    name: 'paper-preload',
    hooks: {
      // After the setup hooks of paper-shards, which tells the main process its share of the papers, and of
      // page-cache, which says whether the previous build's term counts may be taken.
      'astro:config:setup': ({ command, config }) => {
        if (command !== 'build') return;
        // The project root from Astro's config: this module's own URL changes once it is bundled.
        const workerFile = fileURLToPath(new URL('src/lib/site/paper-preload-worker.ts', config.root));
        const shard = currentShard();
        const cache = pageCacheSettings();
        const memo = cache && {
          file: path.join(cache.memoDir, RELATED_MEMO_FILE),
          read: cache.previous !== '',
          write: shard.index === 0,
          lists: { dir: cache.memoDir, run: cache.run, previousRun: cache.previousRun, part: shard.index },
        };
        startPaperPreload(workerFile, { papersDir: path.join(options.contentDir, 'papers'), shard, limit: RELATED_LIMIT, memo });
      },
    },
  };
}
