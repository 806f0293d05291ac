/**
 * The search indexer's word memo: a rebuild takes the words of the records it
 * has seen from the previous build instead of counting them again, and its
 * bundle is the same as one built from nothing.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { buildSearchIndex } from '../../src/search/build.ts';
import { readWordMemo, writeWordMemo } from '../../src/search/word-memo.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const record = (n: number, abstract = `Abstract of paper ${n} about graphs and transformers`) =>
  JSON.stringify({ kind: 'paper', url: `/papers/${n}/`, title: `Paper ${n}`, authors: [], keywords: ['retrieval'], abstract, topics: [], date: '2024-01-02' });

async function filesBelow(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(path.relative(dir, path.join(entry.parentPath, entry.name)), await readFile(path.join(entry.parentPath, entry.name)));
  }
  return files;
}

/** Every term of the bundle's shards (their files are gzipped; a term is a length-prefixed UTF-8 string). */
async function shardText(bundle: string): Promise<string> {
  const names = await readdir(path.join(bundle, 't'));
  return (await Promise.all(names.map(async (name) => gunzipSync(await readFile(path.join(bundle, 't', name))).toString('latin1')))).join('');
}

/** The bundle's filter columns, with the value tables (kinds, organisations, topics) as text. */
async function filterText(bundle: string): Promise<string> {
  const [name] = await readdir(path.join(bundle, 'd'));
  return gunzipSync(await readFile(path.join(bundle, 'd', name!))).toString('utf8');
}

async function setUp() {
  const dir = await makeTempDir('word-memo-');
  const records = path.join(dir, 'records.jsonl');
  const memo = { file: path.join(dir, 'cache/search-words.bin'), read: true };
  await writeFile(records, `${[1, 2, 3].map((n) => record(n)).join('\n')}\n`);
  const previous = path.join(dir, 'previous');
  await buildSearchIndex(records, previous, previous, { ...memo, read: false });
  return { dir, records, memo, previous };
}

describe('the word memo', () => {
  test('a rebuild that reads it writes, merged over the previous bundle, the same bundle as a build from nothing', async () => {
    const { dir, records, memo, previous } = await setUp();
    expect(readWordMemo(memo.file)?.digests).toHaveLength(3);
    // A new day (records 4 and 5) and a revised abstract (record 2).
    await writeFile(records, `${[record(1), record(2, 'A revised abstract on diffusion'), record(3), record(4), record(5)].join('\n')}\n`);
    const next = path.join(dir, 'next');
    const summary = await buildSearchIndex(records, next, previous, memo);
    expect(summary.reused.sort()).toEqual(['f/0.json.gz', 'f/2.json.gz']);
    const fresh = path.join(dir, 'fresh');
    await buildSearchIndex(records, fresh);
    const merged = await filesBelow(previous);
    for (const [name, bytes] of await filesBelow(next)) merged.set(name, bytes);
    const expected = await filesBelow(fresh);
    for (const [name, bytes] of expected) expect(merged.get(name), name).toEqual(bytes);
    // The rebuild's memo holds the five records, the revised one with its new words.
    const written = readWordMemo(memo.file)!;
    expect(written.digests).toHaveLength(5);
    expect(written.words).toContain('diffus');
  });

  test('is what the rebuild takes for records it has seen (so their words are not counted again)', async () => {
    const { dir, records, memo } = await setUp();
    // Swap a remembered word for one no record holds: only a bundle built from the memo can contain it.
    const remembered = readWordMemo(memo.file)!;
    writeWordMemo(memo.file, { ...remembered, words: remembered.words.map((word) => (word === 'graph' ? 'zzzmemo' : word)) });
    const next = path.join(dir, 'next');
    await buildSearchIndex(records, next, next, memo);
    expect(await shardText(next)).toContain('zzzmemo');
    // Not read when the previous build is not trusted.
    const untrusted = path.join(dir, 'untrusted');
    writeWordMemo(memo.file, { ...remembered, words: remembered.words.map((word) => (word === 'graph' ? 'zzzmemo' : word)) });
    await buildSearchIndex(records, untrusted, untrusted, { ...memo, read: false });
    expect(await shardText(untrusted)).not.toContain('zzzmemo');
    expect(await shardText(untrusted)).toContain('graph');
  });

  test('an unchanged record is indexed from its note, without parsing its line, when its fragment file is there', async () => {
    const { dir, records, memo, previous } = await setUp();
    const remembered = readWordMemo(memo.file)!;
    expect(remembered.notes).toHaveLength(3);
    // A topic no record has, noted for record 2: only a bundle that took the note instead of the line holds it.
    const poisoned = () => writeWordMemo(memo.file, { ...remembered, notes: remembered.notes!.map((note, n) => (n === 1 ? [19000, 0, 'paper', null, ['Noted topic']] : note)) });
    poisoned();
    const next = path.join(dir, 'next');
    const summary = await buildSearchIndex(records, next, previous, memo);
    expect(await filterText(next)).toContain('Noted topic');
    expect(summary.reused.sort()).toEqual(['f/0.json.gz', 'f/1.json.gz', 'f/2.json.gz']);
    // Without the previous fragment file the line is parsed, so the fragment can be written.
    poisoned();
    await rm(path.join(previous, 'f/1.json.gz'));
    const again = path.join(dir, 'again');
    await buildSearchIndex(records, again, previous, memo);
    expect(await filterText(again)).not.toContain('Noted topic');
    expect(existsSync(path.join(again, 'f/1.json.gz'))).toBe(true);
    // A note of the wrong shape is not taken either.
    writeWordMemo(memo.file, { ...remembered, notes: remembered.notes!.map((note, n) => (n === 1 ? { topics: ['Noted topic'] } : note)) });
    const third = path.join(dir, 'third');
    await buildSearchIndex(records, third, previous, memo);
    expect(await filterText(third)).not.toContain('Noted topic');
    const fresh = path.join(dir, 'fresh');
    await buildSearchIndex(records, fresh);
    const merged = await filesBelow(previous);
    for (const [name, bytes] of await filesBelow(third)) merged.set(name, bytes);
    for (const [name, bytes] of await filesBelow(fresh)) expect(merged.get(name), name).toEqual(bytes);
  });

  test('a damaged memo is ignored: every record is counted again', async () => {
    const { dir, records, memo } = await setUp();
    const bytes = await readFile(memo.file);
    await writeFile(memo.file, bytes.subarray(0, bytes.length - 6));
    expect(readWordMemo(memo.file)).toBeUndefined();
    const next = path.join(dir, 'next');
    await buildSearchIndex(records, next, path.join(dir, 'nowhere'), memo);
    const fresh = path.join(dir, 'fresh');
    await buildSearchIndex(records, fresh);
    expect(await filesBelow(next)).toEqual(await filesBelow(fresh));
    expect(existsSync(memo.file)).toBe(true);
    expect(readWordMemo(memo.file)?.digests).toHaveLength(3);
  });
});
