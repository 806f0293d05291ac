/**
 * Bad content is reported naming the file and what is wrong: a bad paper is left out of the site (one bad entry does
 * not keep the rest off it); an id that cannot be a page address stops the build before any page is written.
 */
import { existsSync } from 'node:fs';
import { cp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import { buildSite } from '../helpers/build-site.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { fixtureContent } from './fixture.ts';

async function buildWith(file: string, text: string) {
  const contentDir = path.join(await makeTempDir('site-bad-'), 'content');
  await cp(fixtureContent, contentDir, { recursive: true });
  await writeFile(path.join(contentDir, 'papers', file), text);
  const result = await buildSite({ contentDir });
  const pagesWritten = existsSync(path.join(result.outDir, 'index.html'));
  await Promise.all([result.dispose(), rm(path.dirname(contentDir), { recursive: true, force: true })]);
  return { ...result, pagesWritten };
}

test('a paper with a bad field is left out, named with the field; the rest of the site is built', async () => {
  const result = await buildWith('broken-upvotes.md', '---\nid: "broken-upvotes"\ntitle: "Broken"\ndate: "2024-10-25"\nupvotes: "many"\n---\nText.\n');
  expect(result.exitCode, result.output).toBe(0);
  expect(result.output).toContain(`${path.join('papers', 'broken-upvotes.md')}: left out of the site`);
  expect(result.output).toMatch(/broken-upvotes\.md: left out of the site: .*upvotes/);
  expect(result.pagesWritten).toBe(true);
});

test('an id that cannot be a page address fails the build naming the file', async () => {
  const result = await buildWith('escape.md', '---\nid: "../../etc/passwd"\ntitle: "Escape"\ndate: "2024-10-25"\n---\nText.\n');
  expect(result.exitCode).not.toBe(0);
  expect(result.output).toContain('escape.md');
  expect(result.output).toContain('cannot be a page address');
  expect(result.pagesWritten).toBe(false);
});
