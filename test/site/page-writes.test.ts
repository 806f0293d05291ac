/**
 * During a build, pages are written with synchronous calls (src/integrations/page-writes.ts): inside the output
 * folder only, with the promise API's behaviour kept (errors as rejections), and the originals back afterwards.
 */
import fs from 'node:fs';
import { readFile, rm, writeFile as writeFileOriginal } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, expect, test } from 'vitest';
import { writeSynchronouslyInside } from '../../src/integrations/page-writes.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

let dir = '';
let restore: (() => void) | undefined;
afterEach(async () => {
  restore?.();
  restore = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a page inside the output is on disk as soon as the call returns, written as the promise API writes it', async () => {
  dir = await makeTempDir('page-writes-');
  const out = path.join(dir, 'dist');
  restore = writeSynchronouslyInside(out);
  // As Astro calls them: URLs for the folder and the file.
  const folder = pathToFileURL(path.join(out, 'papers', '2401.00001/'));
  const made = fs.promises.mkdir(folder, { recursive: true });
  expect(fs.existsSync(folder)).toBe(true);
  expect(await made).toBe(out);
  const written = fs.promises.writeFile(new URL('index.html', folder), Buffer.from('<h1>é</h1>'));
  expect(fs.readFileSync(new URL('index.html', folder), 'utf8')).toBe('<h1>é</h1>');
  await written;
  await fs.promises.writeFile(path.join(out, 'feed.xml'), 'ü', 'latin1');
  expect(await readFile(path.join(out, 'feed.xml'))).toEqual(Buffer.from([0xfc]));
});

test('a failure is a rejected promise, not an exception', async () => {
  dir = await makeTempDir('page-writes-');
  const out = path.join(dir, 'dist');
  restore = writeSynchronouslyInside(out);
  await fs.promises.mkdir(out, { recursive: true });
  await fs.promises.writeFile(path.join(out, 'file'), 'x');
  let call: Promise<unknown> | undefined;
  expect(() => (call = fs.promises.mkdir(path.join(out, 'file', 'below'), { recursive: true }))).not.toThrow();
  await expect(call).rejects.toMatchObject({ code: 'ENOTDIR' });
  await expect(fs.promises.writeFile(path.join(out, 'missing', 'index.html'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
});

test('paths outside the output go to the original functions, which are back once restored', async () => {
  dir = await makeTempDir('page-writes-');
  const { mkdir, writeFile } = fs.promises;
  const calls: string[] = [];
  const spyMkdir = ((target: fs.PathLike, options?: fs.MakeDirectoryOptions) => (calls.push(String(target)), mkdir(target, options))) as typeof mkdir;
  fs.promises.mkdir = spyMkdir;
  try {
    restore = writeSynchronouslyInside(path.join(dir, 'dist'));
    // A sibling whose name starts like the output folder's is outside it.
    await fs.promises.mkdir(path.join(dir, 'dist-other'), { recursive: true });
    await fs.promises.mkdir(path.join(dir, 'dist', 'page'), { recursive: true });
    expect(calls).toEqual([path.join(dir, 'dist-other')]);
    restore();
    restore = undefined;
    expect(fs.promises.mkdir).toBe(spyMkdir);
    expect(fs.promises.writeFile).toBe(writeFile);
    expect(fs.promises.writeFile).toBe(writeFileOriginal);
  } finally {
    fs.promises.mkdir = mkdir;
  }
});
