/**
 * The site test archive: the hand-written fixture in test/fixtures/site/content
 * plus a generated bulk (a 50-paper day, 160+ papers in one topic, an
 * organisation with three pages of papers) copied into a temporary folder.
 */
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../helpers/build-site.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

export const fixtureContent = path.join(projectRoot, 'test/fixtures/site/content');

/** The day that holds 50 generated papers (the page-size budget applies to it). */
export const BUSY_DAY = '2024-11-04';
export const GENERATED = 162;
/** The organisation of the first BIG_ORG_PAPERS generated papers: a front page (55) and two older pages of 50. */
export const BIG_ORG = { name: 'Routing Lab', slug: 'routing-lab' };
export const BIG_ORG_PAPERS = 155;
/** Enough older digests, with the two hand-written ones, to need a second page of /digests/. */
export const GENERATED_DIGESTS = 20;

/** As long as arXiv allows (1,920 characters), with some math: the worst realistic case for page size. */
const ABSTRACT =
  'We study sparse mixture of experts layers with $k$ active experts out of $E$, routing each token by a learned gate and ' +
  'balancing the load with an auxiliary loss; the method reduces training cost by 40\\% at equal quality. ' +
  'Routing collapse, where a few experts receive most tokens, remains the main obstacle at scale. '.repeat(20);

function generatedPaper(index: number): string {
  const date = index < 50 ? BUSY_DAY : '2024-11-05';
  const id = `2411.${String(10000 + index)}`;
  const authors = Array.from({ length: 8 }, (_, author) => `Author ${index}-${author}`);
  return [
    '---',
    `id: "${id}"`,
    `title: "Mixture of Experts Study Number ${index}: Routing at Scale"`,
    `date: "${date}"`,
    `authors: [${authors.map((name) => `"${name}"`).join(', ')}]`,
    `authorCount: ${authors.length}`,
    `upvotes: ${index}`,
    index < BIG_ORG_PAPERS ? `organization: { name: "${BIG_ORG.name}", slug: ${BIG_ORG.slug} }` : `organization: { name: "Lab ${index % 5}" }`,
    `arxiv: "${id}"`,
    'keywords: [mixture of experts, routing, load balancing]',
    `sources: ["api:${date}"]`,
    '---',
    ABSTRACT.slice(0, 1900),
    '',
  ].join('\n');
}

function generatedDigest(index: number): string {
  const day = String(index + 1).padStart(2, '0');
  return ['---', `title: "Generated digest ${index}"`, `date: "2024-09-${day}"`, 'authors: [Generator]', 'summary: A generated digest about one paper.', '---', '', `<Paper id="2411.${10000 + index}" />`, ''].join('\n');
}

/** The fixture archive in a new temporary folder (removed after the test file); returns its content folder. */
export async function makeFixtureArchive(): Promise<string> {
  return writeFixtureArchive(path.join(await makeTempDir('site-fixture-'), 'content'));
}

/** Writes the fixture archive into `dir` (made if missing) and returns it. */
export async function writeFixtureArchive(dir: string): Promise<string> {
  await cp(fixtureContent, dir, { recursive: true });
  await mkdir(path.join(dir, 'papers'), { recursive: true });
  await Promise.all(
    Array.from({ length: GENERATED }, (_, index) =>
      writeFile(path.join(dir, 'papers', `2411.${10000 + index}.md`), generatedPaper(index)),
    ),
  );
  await Promise.all(
    Array.from({ length: GENERATED_DIGESTS }, (_, index) =>
      writeFile(path.join(dir, 'digests', `generated-${index}.mdx`), generatedDigest(index)),
    ),
  );
  return dir;
}
