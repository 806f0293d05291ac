/**
 * A rebuild takes the previous build's search records as bytes for the papers
 * whose record would come out the same: the records file must be the one a
 * fresh build writes, byte for byte, whatever changed in between.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { buildArchive } from '../../src/lib/site/archive.ts';
import type { PaperEntry } from '../../src/lib/site/papers-source.ts';
import { readPapers } from '../../src/lib/site/papers-source.ts';
import { appendRecordsNow, readRecordsMemo, searchRecordPieces, writeRecords, type ByteRange, type SearchRecords } from '../../src/lib/site/search-indexing.ts';
import { projectRoot } from '../helpers/build-site.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

// The bundled archive: 198 real papers.
const bundled = readPapers(path.join(projectRoot, 'content/papers'));

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Keeps `records` as a build keeps them for the next one; returns the records file and the keys file. */
async function keep(records: SearchRecords): Promise<[string, string]> {
  dir = await makeTempDir('records-memo-');
  const files: [string, string] = [path.join(dir, 'search-records.jsonl'), path.join(dir, 'search-records.keys')];
  await writeRecords(files[0], records.pieces);
  await writeFile(files[1], records.keys);
  return files;
}

/** The records' bytes, ranges read from `file` (the previous records). */
async function bytesOf(records: SearchRecords, file?: string): Promise<Buffer> {
  const previous = file ? await readFile(file) : Buffer.alloc(0);
  return Buffer.concat(records.pieces.map((piece) => (Buffer.isBuffer(piece) ? piece : previous.subarray(piece.start, piece.end))));
}

/** The next day's archive: one paper retitled, one gone, one new. */
function nextDay(papers: PaperEntry[]): PaperEntry[] {
  // The second paper leaves the archive.
  const [retitled, , ...rest] = papers;
  const newcomer = structuredClone(rest[0]!);
  newcomer.data.id = '2699.00001';
  newcomer.data.date = '2099-01-02';
  return [{ ...retitled!, data: { ...retitled!.data, title: `${retitled!.data.title}, revised` } }, ...rest, newcomer];
}

test('records taken from the previous build are the bytes a fresh build writes, and most lines are taken', async () => {
  const before = searchRecordPieces(buildArchive(bundled, [], []));
  const files = await keep(before);
  const memo = readRecordsMemo(...files);
  expect(memo?.lines.size).toBe(bundled.length);
  const fresh = searchRecordPieces(buildArchive(nextDay(bundled), [], []));
  const freshBytes = await bytesOf(fresh);
  const taken = searchRecordPieces(buildArchive(nextDay(bundled), [], []), memo);
  expect((await bytesOf(taken, files[0])).equals(freshBytes)).toBe(true);
  // The keys, digests of the lines' text included, are a fresh build's too.
  expect(taken.keys).toBe(fresh.keys);
  // Runs of unchanged lines come as ranges of the previous file, not as new text.
  const fromMemo = taken.pieces.filter((piece): piece is ByteRange => !Buffer.isBuffer(piece));
  expect(fromMemo.reduce((sum, piece) => sum + piece.end - piece.start, 0)).toBeGreaterThan(freshBytes.length * 0.9);
  // Not an append (a line changed and one went): left to the background writer, the file untouched meanwhile.
  const previousBytes = await readFile(files[0]);
  expect(appendRecordsNow(files[0], taken.pieces)).toBe(false);
  expect((await readFile(files[0])).equals(previousBytes)).toBe(true);
  // Written over the previous file, they make a fresh build's file.
  await writeRecords(files[0], taken.pieces);
  expect((await readFile(files[0])).equals(freshBytes)).toBe(true);
});

test('a new day after an unchanged archive keeps the file as it is and appends its records', async () => {
  const files = await keep(searchRecordPieces(buildArchive(bundled, [], [])));
  const newcomer = structuredClone(bundled[0]!);
  newcomer.data.id = '2699.00002';
  newcomer.data.date = '2099-01-03';
  const next = buildArchive([...bundled, newcomer], [], []);
  const taken = searchRecordPieces(next, readRecordsMemo(...files));
  const previousSize = (await readFile(files[0])).length;
  expect(taken.pieces[0]).toEqual({ start: 0, end: previousSize });
  // Appended at once, on the calling thread, so that the indexer can begin before the pages.
  expect(appendRecordsNow(files[0], taken.pieces)).toBe(true);
  expect((await readFile(files[0])).equals(await bytesOf(searchRecordPieces(next)))).toBe(true);
});

test('the memo is read: a line changed in it shows in the records, except for a paper that changed', async () => {
  const archive = buildArchive(bundled, [], []);
  const before = searchRecordPieces(archive);
  const files = await keep(before);
  const [file] = files;
  const text = await readFile(file, 'utf8');
  // Same length, so the keys still add up: a poisoned memo proves the lines come from it.
  const unchanged = bundled[5]!.data.title;
  const retitled = bundled[0]!.data.title;
  await writeFile(file, text.replace(JSON.stringify(unchanged), JSON.stringify(unchanged.replace(/[a-z]/, '#'))).replace(JSON.stringify(retitled), JSON.stringify(retitled.replace(/[a-z]/, '#'))));
  const taken = (await bytesOf(searchRecordPieces(buildArchive(nextDay(bundled), [], []), readRecordsMemo(...files)), file)).toString('utf8');
  expect(taken).toContain(JSON.stringify(unchanged.replace(/[a-z]/, '#')));
  expect(taken).toContain(JSON.stringify(`${retitled}, revised`));
  expect(taken).not.toContain(JSON.stringify(retitled.replace(/[a-z]/, '#')));
});

test('a memo whose keys do not add up to its records is not read', async () => {
  const files = await keep(searchRecordPieces(buildArchive(bundled, [], [])));
  await writeFile(files[0], 'shorter\n');
  expect(readRecordsMemo(...files)).toBeUndefined();
  await rm(files[1]);
  expect(readRecordsMemo(...files)).toBeUndefined();
});

test("an earlier version's keys file (no digests) is not read: the records are written anew", async () => {
  const records = searchRecordPieces(buildArchive(bundled, [], []));
  const files = await keep(records);
  expect(readRecordsMemo(...files)).toBeDefined();
  const withoutDigests = records.keys.replace(/\t[^\t\n]+$/gm, '');
  expect(withoutDigests).not.toBe(records.keys);
  await writeFile(files[1], withoutDigests);
  expect(readRecordsMemo(...files)).toBeUndefined();
});
