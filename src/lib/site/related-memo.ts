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
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-write.ts';
import { readInBackground } from '../read-in-background.ts';
import type { KeptList, RelatedListsMemo } from './related.ts';

/**
 * A part's lists, flat: per list, the paper's number (its place in the main part's `ids`), the list's length, its
 * papers' numbers and their scores. Numbers rather than ids, as 50,000 lists of ids took a second to read back.
 */
interface MainPart {
  reference: string;
  ids: string[];
  digests: string[];
  lists: number[];
  thresholdTerms: string[];
  thresholds: number[];
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isNumberArray = (value: unknown): value is number[] => Array.isArray(value) && value.every((item) => typeof item === 'number');

// Checked by hand, not with a zod schema: this is the build's own cache, read whole every rebuild, and checking
// 600,000 numbers through zod took longer than parsing them.
function isMainPart(value: unknown): value is MainPart {
  const part = value as Partial<MainPart> | undefined;
  return (
    typeof part?.reference === 'string' &&
    isStringArray(part.ids) &&
    isStringArray(part.digests) &&
    isNumberArray(part.lists) &&
    isStringArray(part.thresholdTerms) &&
    isNumberArray(part.thresholds) &&
    part.thresholdTerms.length === part.thresholds.length
  );
}

const PREFIX = 'related-lists.';

function partFile(dir: string, run: string, part: number): string {
  return path.join(dir, `${PREFIX}${run}.${part}.json`);
}

/** Writes this process's lists; the main process (part 0) notes the papers, the reference set and its thresholds too. */
export function writeRelatedLists(dir: string, run: string, part: number, memo: RelatedListsMemo): void {
  const numberOf = new Map(memo.ids.map((id, number) => [id, number]));
  const lists: number[] = [];
  for (const [id, list] of memo.lists) {
    lists.push(numberOf.get(id)!, list.ids.length);
    for (const other of list.ids) lists.push(numberOf.get(other)!);
    lists.push(...list.scores);
  }
  const main = (): MainPart => ({
    reference: memo.reference,
    ids: memo.ids,
    digests: memo.digests,
    lists,
    thresholdTerms: [...memo.thresholds.keys()],
    thresholds: [...memo.thresholds.values()],
  });
  const value = part === 0 ? main() : { lists };
  writeFileAtomic(dir, partFile(dir, run, part), JSON.stringify(value));
}

function parseJson(bytes: Buffer | undefined): unknown {
  try {
    return bytes && (JSON.parse(bytes.toString('utf8')) as unknown);
  } catch {
    return undefined;
  }
}

/** Adds the flat `lists` to `into`; false (and nothing added) when they do not fit `ids`. */
function addLists(flat: number[], ids: string[], into: Map<string, KeptList>): boolean {
  const isNumber = (value: number | undefined): value is number => value !== undefined && Number.isInteger(value) && value >= 0 && value < ids.length;
  const found: [string, KeptList][] = [];
  for (let at = 0; at < flat.length; ) {
    const doc = flat[at];
    const length = flat[at + 1];
    if (!isNumber(doc) || length === undefined || !Number.isInteger(length) || length < 0 || at + 2 + 2 * length > flat.length) return false;
    const others = flat.slice(at + 2, at + 2 + length);
    const scores = flat.slice(at + 2 + length, at + 2 + 2 * length);
    if (!others.every(isNumber)) return false;
    found.push([ids[doc]!, { ids: others.map((other) => ids[other]!), scores }]);
    at += 2 + 2 * length;
  }
  for (const [id, list] of found) into.set(id, list);
  return true;
}

/**
 * The lists every process of `run` kept, as one memo; undefined without the main process's part (or with a damaged
 * one): the lists are then scored from scratch. A missing or damaged other part only leaves its lists to be scored.
 * The files are read by Node's thread pool (read-in-background.ts): the paper preload reads papers meanwhile.
 */
export async function readRelatedLists(dir: string, run: string): Promise<RelatedListsMemo | undefined> {
  const parts: Buffer[] = [];
  for (let part = 0; ; part += 1) {
    const bytes = await readInBackground(partFile(dir, run, part));
    if (!bytes) break;
    parts.push(bytes);
  }
  return parseRelatedLists(parts);
}

function parseRelatedLists(parts: Buffer[]): RelatedListsMemo | undefined {
  const main = parseJson(parts[0]);
  if (!isMainPart(main)) return undefined;
  const { reference, ids, digests } = main;
  const lists = new Map<string, KeptList>();
  if (ids.length !== digests.length || !addLists(main.lists, ids, lists)) return undefined;
  for (const bytes of parts.slice(1)) {
    const value = parseJson(bytes) as { lists?: unknown } | undefined;
    if (isNumberArray(value?.lists)) addLists(value.lists, ids, lists);
  }
  const thresholds = new Map(main.thresholdTerms.map((term, index) => [term, main.thresholds[index]!]));
  return { reference, ids, digests, lists, thresholds };
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
