/**
 * Two archives built one after the other in one project with the default cache folder, as a person switching
 * `CONTENT_DIR` does: each build shows its own content, and deleting an archive does not break the next build.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { buildSite, type BuildResult } from '../helpers/build-site.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const work = await makeTempDir('content-switch-');
const builds: BuildResult[] = [];

afterAll(async () => {
  await Promise.all([...builds.map((build) => build.dispose()), rm(work, { recursive: true, force: true })]);
});

/** A one-paper archive whose digest `notes` says `words`. */
async function archive(name: string, words: string): Promise<string> {
  const dir = path.join(work, name);
  for (const folder of ['papers', 'days', 'digests', 'topics']) await mkdir(path.join(dir, folder), { recursive: true });
  await writeFile(path.join(dir, 'papers/2410.00001.md'), `---\nid: "2410.00001"\ntitle: "Paper of ${name}"\ndate: "2024-10-25"\n---\nAbstract.\n`);
  await writeFile(path.join(dir, 'days/2024-10-25.md'), '---\ndate: "2024-10-25"\npapers: ["2410.00001"]\n---\n');
  await writeDigest(dir, words);
  return dir;
}

function writeDigest(dir: string, words: string): Promise<void> {
  return writeFile(path.join(dir, 'digests/notes.mdx'), `---\ntitle: "Notes"\ndate: "2024-10-26"\nauthors: ["Ada"]\nsummary: "Notes."\n---\n\n${words}\n`);
}

/** Builds `contentDir` with the default cache folder (no ASTRO_CACHE_DIR) and returns its digest page. */
async function build(contentDir: string): Promise<{ exitCode: number; output: string; digest: string }> {
  const result = await buildSite({ contentDir, env: { ASTRO_CACHE_DIR: '' } });
  builds.push(result);
  const digest = await readFile(path.join(result.outDir, 'digests/notes/index.html'), 'utf8').catch(() => '');
  return { exitCode: result.exitCode, output: result.output, digest };
}

test('each archive shows its own digest, and a deleted archive does not break the next build', { timeout: 900_000 }, async () => {
  // The same text in both: Astro's store, keyed by entry and content digest, kept the first archive's file for the second.
  const a = await archive('archive-a', 'The same words.');
  const b = await archive('archive-b', 'The same words.');
  expect((await build(a)).digest).toContain('The same words.');
  expect((await build(b)).digest).toContain('The same words.');

  await writeDigest(a, 'Edited words of archive A.');
  const secondB = await build(b);
  expect(secondB.exitCode, secondB.output).toBe(0);
  expect(secondB.digest).toContain('The same words.');
  expect(secondB.digest).not.toContain('archive A');

  await rm(a, { recursive: true });
  const thirdB = await build(b);
  expect(thirdB.exitCode, thirdB.output).toBe(0);
  expect(thirdB.digest).toContain('The same words.');
});
