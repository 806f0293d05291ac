/**
 * The related lists a build scored, kept for the next build
 * (src/lib/site/related.ts `RelatedListsMemo` says when they can be taken
 * over).
 *
 * Every build process scores the lists of its own papers, so each leaves its
 * part: `related-lists.RUN.PART.json`, RUN naming the build (the page cache's
 * manifest names the run it belongs to) and PART the process (0, the main
 * process, also notes the papers and the reference set). The next build reads
 * the parts of the previous run only: a build with fewer processes than the
 * one before leaves the older parts behind, and the main process removes them.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../atomic-write.ts';
import type { KeptList, RelatedListsMemo } from './related.ts';

/** Per paper id, its list: the papers' ids and their scores, best first. */
const listsSchema = z.record(z.string(), z.tuple([z.array(z.string()), z.array(z.number())]));
const mainPartSchema = z.object({ reference: z.string(), ids: z.array(z.string()), digests: z.array(z.string()), lists: listsSchema });
const otherPartSchema = z.object({ lists: listsSchema });

const PREFIX = 'related-lists.';

function partFile(dir: string, run: string, part: number): string {
  return path.join(dir, `${PREFIX}${run}.${part}.json`);
}

/** Writes this process's lists; the main process (part 0) notes the papers and the reference set too. */
export function writeRelatedLists(dir: string, run: string, part: number, memo: RelatedListsMemo): void {
  const lists = Object.fromEntries([...memo.lists].map(([id, list]) => [id, [list.ids, list.scores]]));
  const value = part === 0 ? { reference: memo.reference, ids: memo.ids, digests: memo.digests, lists } : { lists };
  writeFileAtomic(dir, partFile(dir, run, part), JSON.stringify(value));
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The lists every process of `run` kept, as one memo; undefined without the main process's part (or with a damaged
 * one): the lists are then scored from scratch. A missing or damaged other part only leaves its lists to be scored.
 */
export function readRelatedLists(dir: string, run: string): RelatedListsMemo | undefined {
  const main = mainPartSchema.safeParse(readJson(partFile(dir, run, 0)));
  if (!main.success || main.data.ids.length !== main.data.digests.length) return undefined;
  const lists = new Map<string, KeptList>();
  const add = (parsed: z.infer<typeof listsSchema>) => {
    for (const [id, [ids, scores]] of Object.entries(parsed)) lists.set(id, { ids, scores });
  };
  add(main.data.lists);
  for (let part = 1; ; part += 1) {
    const value = readJson(partFile(dir, run, part));
    if (value === undefined) break;
    const other = otherPartSchema.safeParse(value);
    if (other.success) add(other.data.lists);
  }
  return { reference: main.data.reference, ids: main.data.ids, digests: main.data.digests, lists };
}

/** Removes the parts of every run but `keep` (the previous build's, which this build reads). */
export function removeOtherRelatedLists(dir: string, keep: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith(PREFIX) && !name.startsWith(`${PREFIX}${keep}.`)) rmSync(path.join(dir, name), { force: true });
  }
}
