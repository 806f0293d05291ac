/**
 * Raw responses on disk, one file per source, day and page, so `--offline`
 * can rebuild the content later without asking the network again. The bytes
 * are kept as they came, undecoded, so a rebuild reads (and warns) the same.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import type { SourceName } from './source-urls.ts';

export interface ResponseCache {
  /** Where a page lives, for messages. */
  pathOf(source: SourceName, day: string, page: number): string;
  /** The cached bytes, exactly as they came, or undefined when that page was never cached. */
  read(source: SourceName, day: string, page: number): Promise<Uint8Array | undefined>;
  /** Replace a day's pages: pages left from an older, longer version of the day are removed. */
  writeDay(source: SourceName, day: string, pages: readonly Uint8Array[]): Promise<void>;
}

const extensions: Record<SourceName, string> = { api: 'json', html: 'html' };

/** `day` must already be a validated YYYY-MM-DD: it becomes a folder name. */
export function openResponseCache(cacheDir: string): ResponseCache {
  const dayDir = (source: SourceName, day: string) => path.join(cacheDir, source, day);
  const pathOf = (source: SourceName, day: string, page: number) =>
    path.join(dayDir(source, day), `p${page}.${extensions[source]}`);

  return {
    pathOf,
    async read(source, day, page) {
      try {
        return await readFile(pathOf(source, day, page));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async writeDay(source, day, pages) {
      for (const [page, bytes] of pages.entries()) writeFileAtomic(cacheDir, pathOf(source, day, page), [bytes]);
      const keep = new Set(pages.map((_, page) => path.basename(pathOf(source, day, page))));
      const stale = (await readdir(dayDir(source, day))).filter((name) => /^p\d+\./.test(name) && !keep.has(name));
      await Promise.all(stale.map((name) => rm(path.join(dayDir(source, day), name), { force: true })));
    },
  };
}
