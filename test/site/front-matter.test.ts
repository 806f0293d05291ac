/**
 * An id that cannot be a page address stops the build before any page is written, naming the file. (A paper with a
 * bad field is left out of a site that is still built: test/site/hostile-content.test.ts.)
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

test('an id that cannot be a page address fails the build naming the file', async () => {
  const result = await buildWith('escape.md', '---\nid: "../../etc/passwd"\ntitle: "Escape"\ndate: "2024-10-25"\n---\nText.\n');
  expect(result.exitCode).not.toBe(0);
  expect(result.output).toContain('escape.md');
  expect(result.output).toContain('cannot be a page address');
  expect(result.pagesWritten).toBe(false);
});
