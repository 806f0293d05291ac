import { spawnSync } from 'node:child_process';
import { cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../src/ingest/import-command.ts';
import { apiFiles, fixtures, hashTree, seedFiles, snapshotTree, tempDir } from './helpers.ts';

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runImport(argv, { log: (line) => out.push(line), error: (line) => err.push(line) });
  return { code, out, err };
}

describe('import command', () => {
  it('imports the four seeds: one line per file, 194 papers, and a second run changes no byte', async () => {
    const content = await tempDir();
    const first = await run(['--content', content, ...seedFiles]);
    expect(first.code).toBe(0);
    expect(first.err).toEqual([]);
    const lines = first.out.filter((line) => !line.startsWith('  '));
    expect(lines).toEqual([
      `${seedFiles[1]}: 45 items (snapshot:2026-03-05): 45 new, 0 updated, 0 unchanged, 1 warnings`,
      `${seedFiles[2]}: 56 items (snapshot:2026-05-15): 56 new, 0 updated, 0 unchanged, 1 warnings`,
      `${seedFiles[0]}: 56 items (snapshot:2026-06-01): 49 new, 7 updated, 0 unchanged, 1 warnings`,
      `${seedFiles[3]}: 53 items (snapshot:2026-06-16): 44 new, 9 updated, 0 unchanged, 1 warnings`,
      `Imported 4 of 4 files into ${content}: 194 new, 16 updated, 0 unchanged papers, 4 warnings`,
    ]);
    expect(first.out).toContain(`  warning: ${seedFiles[0]}: capture year 2026 inferred (newest explicit year 2025 + 1); pass --as-of YYYY-MM-DD to set it`);
    expect(await readdir(path.join(content, 'papers'))).toHaveLength(194);

    const before = await hashTree(content);
    const second = await run(['--content', content, ...seedFiles, ...apiFiles]);
    const third = await run(['--content', content, ...seedFiles, ...apiFiles]);
    expect(second.code).toBe(0);
    expect(third.out.at(-1)).toBe(`Imported 6 of 6 files into ${content}: 0 new, 0 updated, 214 unchanged papers, 4 warnings`);
    expect(await hashTree(content)).not.toBe(before);
    const afterSecond = await snapshotTree(content);
    await run(['--content', content, ...apiFiles, ...seedFiles]);
    expect(await snapshotTree(content)).toEqual(afterSecond);
  });

  it('takes the listing day of a JSON file from its name and writes the day file', async () => {
    const content = await tempDir();
    const result = await run(['--content', content, apiFiles[0] as string]);
    expect(result.out[0]).toBe(`${apiFiles[0]}: 3 items (api:2024-10-25): 3 new, 0 updated, 0 unchanged, 0 warnings`);
    expect(await readdir(path.join(content, 'days'))).toEqual(['2024-10-25.md']);
  });

  it('imports the good files when one is malformed, names the bad one and why, and exits non-zero', async () => {
    const work = await tempDir();
    const content = path.join(work, 'content');
    const truncated = path.join(work, 'daily-2024-01-02.json');
    await writeFile(truncated, '[{"paper": {"id": "2401.0');
    const missing = path.join(work, 'missing.txt');
    const result = await run(['--content', content, truncated, seedFiles[1] as string, missing]);
    expect(result.code).toBe(1);
    expect(result.out).toContain(`${seedFiles[1]}: 45 items (snapshot:2026-03-05): 45 new, 0 updated, 0 unchanged, 1 warnings`);
    expect(result.out.at(-1)).toBe(`Imported 1 of 3 files into ${content}: 45 new, 0 updated, 0 unchanged papers, 1 warnings`);
    expect(result.err).toEqual([
      expect.stringMatching(new RegExp(`^${truncated}: FAILED: not valid JSON`)),
      expect.stringMatching(new RegExp(`^${missing}: FAILED: ENOENT`)),
      '2 file(s) failed:',
      expect.stringMatching(new RegExp(`^  ${truncated}: not valid JSON`)),
      expect.stringMatching(new RegExp(`^  ${missing}: ENOENT`)),
    ]);
    expect(await readdir(path.join(content, 'papers'))).toHaveLength(45);
  });

  it('uses --as-of as the snapshots\' capture day instead of inferring the year', async () => {
    const content = await tempDir();
    const result = await run(['--content', content, '--as-of', '2026-06-01', seedFiles[0] as string]);
    expect(result.out[0]).toBe(`${seedFiles[0]}: 56 items (snapshot:2026-06-01): 56 new, 0 updated, 0 unchanged, 0 warnings`);
  });

  it('removes the temporary files a killed import left in the content folder, and says so', async () => {
    const content = await tempDir();
    await mkdir(path.join(content, 'papers'), { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const leftovers = [`2024-10-25.md.tmp-${dead}-0123abcd-2`, `2410.17243.md.${dead}-0123abcd-1.tmp`].map((name) => path.join(content, 'papers', name));
    for (const file of leftovers) await writeFile(file, '---\nid: half\n');
    const result = await run(['--content', content, apiFiles[0] as string]);
    expect(result.code).toBe(0);
    expect((await readdir(path.join(content, 'papers'))).sort()).toEqual(['2410.17243.md', '2410.17897.md', '2410.18745.md']);
    for (const file of leftovers) expect(result.out).toContain(`  warning: ${file}: removed, a temporary file an interrupted run left behind`);
  });

  it('counts the papers it wrote when the day file is refused, and names that file', async () => {
    const content = await tempDir();
    await mkdir(path.join(content, 'days', '2024-10-25.md'), { recursive: true });
    const result = await run(['--content', content, apiFiles[0] as string]);
    expect(result.code).toBe(1);
    expect(result.out[0]).toBe(`${apiFiles[0]}: 3 items (api:2024-10-25): 3 new, 0 updated, 0 unchanged, 1 warnings`);
    expect(result.out[1]).toMatch(new RegExp(`^  warning: ${path.join(content, 'days', '2024-10-25.md')}: not written: `));
    expect(result.out.at(-1)).toBe(`Imported 1 of 1 files into ${content}: 3 new, 0 updated, 0 unchanged papers, 1 warnings`);
    expect(result.err).toContain(`  ${apiFiles[0]}: incomplete: 1 file(s) could not be written (see its warnings)`);
    expect(await readdir(path.join(content, 'papers'))).toHaveLength(3);
  });

  it('prints usage for --help and refuses bad arguments with exit code 2', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out[0]).toMatch(/^Usage: npm run import -- \[--content DIR\] \[--as-of YYYY-MM-DD\] FILE\.\.\./);
    expect((await run(['--as-of', '2026-13-01', 'x'])).err[0]).toBe('--as-of: expected a day as YYYY-MM-DD, got "2026-13-01"');
    expect((await run([])).code).toBe(2);
    expect((await run(['--bogus', 'x'])).err[0]).toMatch(/Unknown option '--bogus'/);
    // Node keeps the last of a repeated option; the import must not write into the second folder unasked.
    const twice = await run(['--content', 'a', '--content', 'b', 'x']);
    expect(twice.code).toBe(2);
    expect(twice.err[0]).toMatch(/^--content is given twice; give it once/);
  });
});

describe('the bundled sample archive in content/', () => {
  it('is exactly what importing the bundled fixtures gives: re-importing into a copy changes no byte', async () => {
    const copy = await tempDir();
    const repoContent = path.resolve(fixtures, '../../content');
    await cp(path.join(repoContent, 'papers'), path.join(copy, 'papers'), { recursive: true });
    await cp(path.join(repoContent, 'days'), path.join(copy, 'days'), { recursive: true });
    const before = await snapshotTree(copy);
    expect(Object.keys(before).filter((file) => file.startsWith('papers'))).toHaveLength(198);
    const result = await run(['--content', copy, ...seedFiles, ...apiFiles]);
    expect(result.code).toBe(0);
    expect(await snapshotTree(copy)).toEqual(before);
  });
});
