import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import { writeQueue } from '../../src/ingest/write-queue.ts';
import { tempDir } from './helpers.ts';

test('the writing thread writes in the order queued, removes only after a write worked, and reports each failure', async () => {
  const root = await tempDir();
  const file = (name: string) => path.join(root, 'papers', name);
  const written = [
    writeQueue.write({ root, file: file('slug.md'), text: 'first ✓' }),
    writeQueue.write({ root, file: file('slug.md'), text: 'second ✓' }),
    writeQueue.write({ root, file: file('2401.00001.md'), text: 'renamed – ✓ é', thenRemove: file('slug.md') }),
    writeQueue.write({ root, file: path.join(root, '../escape.md'), text: 'x', thenRemove: file('2401.00001.md') }),
    ...Array.from({ length: 100 }, (_, i) => writeQueue.write({ root, file: file(`${i}.md`), text: String(i) })),
  ];
  writeQueue.flush();
  const results = await Promise.allSettled(written);
  expect(results.slice(0, 3).map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
  expect(results[3]).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/^refusing to write .*escape\.md: it is outside/) } });
  expect(results.slice(4).every((result) => result.status === 'fulfilled')).toBe(true);
  expect(await readFile(file('2401.00001.md'), 'utf8')).toBe('renamed – ✓ é');
  const names = await readdir(path.join(root, 'papers'));
  expect(names).toHaveLength(101);
  expect(names).not.toContain('slug.md');
  expect(names.filter((name) => name.includes('.tmp-'))).toEqual([]);
  expect(await readFile(file('99.md'), 'utf8')).toBe('99');
});
