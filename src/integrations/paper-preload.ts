/**
 * Starts reading the papers and scoring their related lists on a worker
 * thread as soon as a build starts (src/lib/site/paper-preload.ts says why);
 * the archive takes the result when its pages ask for it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { startPaperPreload } from '../lib/site/paper-preload.ts';
import { buildMemo } from '../lib/site/build-memo.ts';
import { RELATED_LIMIT } from '../lib/site/related.ts';

/** The related index's term counts, in the build memo's folder. */
const RELATED_MEMO_FILE = 'related-terms.bin';

export default function paperPreload(options: { contentDir: string }): AstroIntegration {
  return {
    name: 'paper-preload',
    hooks: {
      // After build-memo's setup hook, which says whether the previous build's term counts may be taken.
      'astro:config:setup': ({ command, config }) => {
        if (command !== 'build') return;
        // The project root from Astro's config: this module's own URL changes once it is bundled.
        const workerFile = fileURLToPath(new URL('src/lib/site/paper-preload-worker.ts', config.root));
        const cache = buildMemo();
        const memo = cache && {
          file: path.join(cache.dir, RELATED_MEMO_FILE),
          read: cache.trusted,
          lists: { dir: cache.dir, run: cache.run, previousRun: cache.previousRun },
        };
        startPaperPreload(workerFile, { papersDir: path.join(options.contentDir, 'papers'), limit: RELATED_LIMIT, memo });
      },
    },
  };
}
