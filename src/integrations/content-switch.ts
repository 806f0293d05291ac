/**
 * Forgets Astro's store of the content collections when the build reads
 * another content folder (`CONTENT_DIR`) than the one the store came from.
 *
 * Astro keeps the collections of the last build in the cache folder
 * (`data-store.json`) and the list of their MDX modules in `<root>/.astro/`
 * (`content-modules.mjs`), which it rewrites only when the store changed. Both
 * are keyed by entry, not by folder: after a build of archive A, a build of B
 * with a digest of the same name could show A's text, and once A was deleted
 * every build failed to resolve A's modules until `node_modules/.astro` was
 * removed by hand. Each of the two folders records the content folder its
 * store files came from; on a change they are removed, and Astro reads the
 * collections afresh (a few seconds: the papers are no collection).
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { writeFileAtomic } from '../lib/atomic-write.ts';

/** Where a folder records the content folder its store files came from. */
const RECORD = 'content-folder.txt';

/** Astro's files that hold what it read from a content folder (data store, its module lists, incremental build). */
const STORE_FILES = ['data-store.json', 'data-store', 'content-modules.mjs', 'content-assets.mjs', 'incremental-build.json'];

/**
 * Removes the content store files from `folder` unless its record names `contentDir`, then records it. Returns
 * whether anything had to go (a folder without a record may hold a store of any folder).
 */
export function forgetOtherContent(folder: string, contentDir: string): boolean {
  let recorded: string | undefined;
  try {
    recorded = readFileSync(path.join(folder, RECORD), 'utf8');
  } catch {
    recorded = undefined;
  }
  if (recorded === contentDir) return false;
  for (const name of STORE_FILES) rmSync(path.join(folder, name), { recursive: true, force: true });
  writeFileAtomic(folder, path.join(folder, RECORD), contentDir);
  return recorded !== undefined;
}

export default function contentSwitch(options: { contentDir: string }): AstroIntegration {
  return {
    name: 'content-switch',
    hooks: {
      // Before Astro reads the collections; in the main build process only (the others start once it has).
      'astro:config:setup': ({ command, config, logger }) => {
        if (command !== 'build' && command !== 'dev') return;
        const folders = [fileURLToPath(config.cacheDir), fileURLToPath(new URL('.astro/', config.root))];
        const switched = folders.map((folder) => forgetOtherContent(folder, options.contentDir)).some(Boolean);
        if (switched) logger.info(`another content folder than the previous build's: the collections of ${options.contentDir} are read afresh`);
      },
    },
  };
}
