/**
 * A digest that names something the archive does not hold stops the build
 * with the file and the reference, never a page with a silent blank.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { buildSite, type BuildResult } from '../helpers/build-site.ts';
import { fixtureContent } from './fixture.ts';

let build: BuildResult | undefined;
let work: string | undefined;

afterAll(async () => {
  await build?.dispose();
  if (work) await rm(work, { recursive: true, force: true });
});

test('an unknown paper id or topic slug fails the build, naming the digest file and each missing reference', async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'digest-errors-'));
  const contentDir = path.join(work, 'content');
  await cp(fixtureContent, contentDir, { recursive: true });
  await writeFile(
    path.join(contentDir, 'digests', 'typo.mdx'),
    ['---', 'title: Typo', 'date: "2024-11-01"', 'authors: [Ada]', 'summary: Has typos.', '---', '', '<Paper id="2410.99999" />', '', '<Topic slug="mixture-of-expert" />', ''].join('\n'),
  );
  build = await buildSite({ contentDir });
  expect(build.exitCode).not.toBe(0);
  expect(build.output).toMatch(/digests\/typo\.mdx:8: <Paper id="2410\.99999" \/>: no paper with id "2410\.99999" in papers\//);
  expect(build.output).toMatch(/digests\/typo\.mdx:10: <Topic slug="mixture-of-expert" \/>: no topic "mixture-of-expert" in topics\//);
});
