/** What `npm run import` shares with the fetch: the UTF-8 reading and the content folder's lock. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import { runImport } from '../../src/ingest/import-command.ts';
import { apiDay, tempDir } from './helpers.ts';

async function runImportCommand(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runImport(argv, { log: (line) => out.push(line), error: (line) => err.push(line) });
  return { code, out, err };
}

test('a file with bytes that are not UTF-8 is imported with a warning naming the file, the first offset and the count', async () => {
  const work = await tempDir('import-utf8');
  const text = apiDay('2024-10-25', 2);
  const at = text.indexOf('We study problem 1');
  const file = path.join(work, 'daily-2024-10-25.json');
  await writeFile(file, Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xff]), Buffer.from(text.slice(at))]));
  const content = path.join(work, 'content');

  const run = await runImportCommand(['--content', content, file]);

  expect(run.code).toBe(0);
  expect(run.out[0]).toBe(`${file}: 2 items (api:2024-10-25): 2 new, 0 updated, 0 unchanged, 1 warnings`);
  expect(run.out[1]).toBe(`  warning: ${file}: 1 byte sequence that is not valid UTF-8, the first at byte offset ${at}, read as U+FFFD`);
  expect(await readFile(path.join(content, 'papers', '2410.25001.md'), 'utf8')).toContain('\uFFFDWe study problem 1');
});
