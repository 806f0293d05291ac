import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import { removeStaleTemporaryFiles, temporaryPathFor, writeFileAtomic } from '../../src/lib/atomic-write.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

test('writes the whole file and leaves no temporary file behind', async () => {
  const root = await makeTempDir('atomic-');
  writeFileAtomic(root, path.join(root, 'a/b.md'), 'hello');
  expect(await readFile(path.join(root, 'a/b.md'), 'utf8')).toBe('hello');
  expect(await readdir(path.join(root, 'a'))).toEqual(['b.md']);
});

test('writes pieces of bytes one after another, as one file', async () => {
  const root = await makeTempDir('atomic-');
  const numbers = new Uint32Array([1, 2, 3]);
  writeFileAtomic(root, path.join(root, 'memo.bin'), [Buffer.from('head '), new Uint8Array(numbers.buffer), new Uint8Array(0)]);
  const written = await readFile(path.join(root, 'memo.bin'));
  expect(written.subarray(0, 5).toString()).toBe('head ');
  expect(written.subarray(5)).toEqual(Buffer.from(numbers.buffer));
  expect(await readdir(root)).toEqual(['memo.bin']);
});

test('still writes after the folder was deleted and made again in the same process', async () => {
  const root = await makeTempDir('atomic-');
  writeFileAtomic(root, path.join(root, 'papers/x.md'), 'one');
  await rm(root, { recursive: true, force: true });
  await mkdir(root);
  writeFileAtomic(root, path.join(root, 'papers/x.md'), 'two');
  expect(await readFile(path.join(root, 'papers/x.md'), 'utf8')).toBe('two');
});

test('refuses to write outside its root, by path or through a symlinked folder', async () => {
  const root = await makeTempDir('atomic-');
  const outside = await makeTempDir('outside-');
  expect(() => writeFileAtomic(root, path.join(root, '../escape.md'), 'x')).toThrow(/outside/);
  await symlink(outside, path.join(root, 'link'));
  expect(() => writeFileAtomic(root, path.join(root, 'link/escape.md'), 'x')).toThrow(/outside/);
  expect(await readdir(outside)).toEqual([]);
});

test('a failed write leaves neither a temporary file nor a changed target behind', async () => {
  const root = await makeTempDir('atomic-');
  // The target is a folder: the temporary file is written, then the rename over it fails.
  await mkdir(path.join(root, 'papers/x.md'), { recursive: true });
  expect(() => writeFileAtomic(root, path.join(root, 'papers/x.md'), 'text')).toThrow();
  expect(await readdir(path.join(root, 'papers'))).toEqual(['x.md']);
  expect(await readdir(path.join(root, 'papers/x.md'))).toEqual([]);
});

test('names its temporary files so that the project\'s .gitignore keeps them out of a commit', () => {
  const repo = path.resolve(import.meta.dirname, '../..');
  const temporary = path.relative(repo, temporaryPathFor(path.join(repo, 'content/papers/2401.00001.md')));
  const check = spawnSync('git', ['check-ignore', '--no-index', '--quiet', temporary], { cwd: repo });
  expect(check.status, temporary).toBe(0);
});

test('removes the temporary files of runs that are gone, and keeps those of a run still going', async () => {
  const root = await makeTempDir('atomic-');
  const dead = spawnSync(process.execPath, ['-e', '']).pid;
  const stale = [`papers/2401.00001.md.${dead}-0badc0de-3.tmp`, `papers/hep-th/9901001.md.tmp-${dead}-0badc0de-1`];
  const live = [`papers/2401.00002.md.${process.ppid}-0badc0de-1.tmp`, 'papers/notes.tmp', 'papers/2401.00003.md'];
  for (const file of [...stale, ...live]) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), 'x');
  }
  expect(removeStaleTemporaryFiles(root).map((file) => path.relative(root, file)).sort()).toEqual(stale.sort());
  expect((await readdir(root, { recursive: true })).filter((file) => file.includes('.md') || file.endsWith('.tmp')).sort()).toEqual(live.sort());
});
