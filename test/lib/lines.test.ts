/** The search indexer reads its records file line by line: every line must come out whole, numbered as an editor numbers it. */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { forEachLine } from '../../src/lib/lines.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function linesOf(content: string | Buffer, chunkBytes?: number): Promise<[string, number][]> {
  dir = await makeTempDir('lines-');
  const file = path.join(dir, 'records.jsonl');
  await writeFile(file, content);
  const lines: [string, number][] = [];
  forEachLine(file, (bytes, line) => lines.push([bytes.toString('utf8'), line]), chunkBytes);
  return lines;
}

test('lines with their numbers, "\\r\\n" ends dropped, empty lines kept, a last line without an end included', async () => {
  expect(await linesOf('{"a":1}\r\n\n{"b":2}\n{"c":3}')).toEqual([
    ['{"a":1}', 1],
    ['', 2],
    ['{"b":2}', 3],
    ['{"c":3}', 4],
  ]);
  expect(await linesOf('')).toEqual([]);
  expect(await linesOf('one\n')).toEqual([['one', 1]]);
});

test('a line or a character split between two reads comes out whole', async () => {
  const text = 'Chloé ∑ 𝐀 naïve\r\nsecond line, longer than a read\nthird';
  // One to eight bytes a read: every multi-byte character, every line and the "\r\n" are split somewhere, and
  // lines longer than the buffer make it grow.
  for (const chunkBytes of [1, 2, 3, 5, 8]) {
    expect(await linesOf(Buffer.from(text), chunkBytes)).toEqual([
      ['Chloé ∑ 𝐀 naïve', 1],
      ['second line, longer than a read', 2],
      ['third', 3],
    ]);
  }
});

test('a missing file is an error naming it', async () => {
  dir = await makeTempDir('lines-');
  expect(() => forEachLine(path.join(dir, 'none.jsonl'), () => {})).toThrow(/none\.jsonl/);
});
