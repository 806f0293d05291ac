/** Shared helpers for the ingest tests: fixture paths, temp content folders, tree hashing. */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Listing, ListingItem } from '../../src/ingest/index.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

export const fixtures = path.resolve(import.meta.dirname, '../fixtures');
export const seedFiles = ['000_48cbe51526d07668.txt', '001_9cde5d2c2920943e.txt', '002_ecd92f54ff281733.txt', '003_1553c6def254654a.txt'].map(
  (name) => path.join(fixtures, 'seeds', name),
);
export const apiFiles = ['hf-daily-papers-2024-10-25.json', 'hf-daily-papers-2026-03-06.json'].map((name) => path.join(fixtures, 'api', name));

export const readFixture = (...parts: string[]) => readFile(path.join(fixtures, ...parts), 'utf8');

/** Removed when the test file ends. */
export const tempDir = (prefix = 'ingest-test-') => makeTempDir(prefix);

/** Every file under a folder with its content, sorted: compare two of these to prove nothing changed. */
export async function snapshotTree(root: string): Promise<Record<string, string>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  const tree: Record<string, string> = {};
  for (const file of files.sort()) tree[path.relative(root, file)] = await readFile(file, 'utf8');
  return tree;
}

export async function hashTree(root: string): Promise<string> {
  const hash = createHash('sha256');
  for (const [file, text] of Object.entries(await snapshotTree(root))) hash.update(`${file}\0${text}\0`);
  return hash.digest('hex');
}

/** A listing item with only what a test names (and an abstract). */
export const item = (fields: Partial<ListingItem> & { title: string }): ListingItem => ({ abstract: `Abstract of ${fields.title}.`, authors: [], ...fields });

/** A parsed listing: a text snapshot when `source` says so, else an API day. */
export const listing = (source: string, items: ListingItem[], day?: string): Listing => ({
  kind: source.startsWith('snapshot') ? 'snapshot' : 'api',
  source,
  ...(day && { day }),
  items,
  warnings: [],
});
