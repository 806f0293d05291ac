/**
 * Which pages this build process renders. A large archive's paper pages are
 * rendered by several `astro build` processes at once, one per core (see
 * src/integrations/paper-shards.ts): the process the person started is shard 0
 * and renders every other page too, so it keeps a smaller share of the papers.
 */

/** Set by src/integrations/paper-shards.ts, as `INDEX/COUNT`; absent means one process renders everything. */
export const SHARD_ENV = 'PAPERS_ARCHIVE_SHARD';

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(value: string | undefined): Shard {
  if (!value) return { index: 0, count: 1 };
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count) throw new Error(`${SHARD_ENV}=${value}: expected INDEX/COUNT, like 1/2`);
  return { index, count };
}

/** Read when pages ask, not at import: the integration sets it for the main process after the config is loaded. */
export function currentShard(): Shard {
  return parseShard(process.env[SHARD_ENV]);
}

/**
 * Of every 100 papers, how many the main process renders. It also renders the
 * day, topic, organisation and export pages and merges the other processes'
 * pages; the last process starts the search index (`indexesSearch`), which then
 * runs beside both. Measured at 50,000 papers, the two processes finish
 * together when the main one keeps MAIN_SHARE_OF_TWO of every 100 papers.
 */
const MAIN_SHARE_OF_TWO = 40;

export function mainShare(count: number): number {
  return count === 1 ? 100 : Math.round((MAIN_SHARE_OF_TWO * 2) / count);
}

/**
 * Whether `shard` emits the search records and builds the search index: the
 * last process, so the indexing runs beside the main process's own pages
 * instead of after every page is done (its pages are merged, index included).
 */
export function indexesSearch(shard: Shard = currentShard()): boolean {
  return shard.index === shard.count - 1;
}

/** Whether the paper at `position` (in archive order) is rendered by `shard`. */
export function rendersPaper(position: number, shard: Shard = currentShard()): boolean {
  if (shard.count === 1) return true;
  const slot = position % 100;
  const main = mainShare(shard.count);
  if (slot < main) return shard.index === 0;
  return shard.index === 1 + ((slot - main) % (shard.count - 1));
}

/** Every page but the papers' is rendered by the main process alone. */
export function mainShardOnly<T>(paths: T[], shard: Shard = currentShard()): T[] {
  return shard.index === 0 ? paths : [];
}
