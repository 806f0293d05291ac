/**
 * The paper preload: a worker thread reads the papers and scores their
 * related lists while Astro starts; the archive takes them only when they
 * number the papers as it does, and what it shows is the same either way.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildArchive } from '../../src/lib/site/archive.ts';
import { runPaperPreload } from '../../src/lib/site/paper-preload.ts';
import { readPapers } from '../../src/lib/site/papers-source.ts';
import { NOT_SCORED, RELATED_LIMIT } from '../../src/lib/site/related.ts';
import { projectRoot } from '../helpers/build-site.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const workerFile = path.join(projectRoot, 'src/lib/site/paper-preload-worker.ts');
// The bundled archive: 198 real papers, enough for related lists that tell papers apart.
const papersDir = path.join(projectRoot, 'content/papers');

const ids = (papers: { id: string }[]) => papers.map((paper) => paper.id);

describe('the paper preload', () => {
  test('reads the same papers as the build would, and scores the same related lists', async () => {
    const preload = runPaperPreload(workerFile, { papersDir, limit: RELATED_LIMIT });
    const entries = await preload.papers;
    expect(entries).toEqual(readPapers(papersDir));
    const related = await preload.related;
    expect(related).toBeDefined();
    const scored = buildArchive(entries!, [], [], [], { related: () => related });
    const computed = buildArchive(readPapers(papersDir), [], []);
    expect(related!.order).toEqual(ids(computed.papers));
    for (const paper of computed.papers) expect(ids(scored.related(paper.id)), paper.id).toEqual(ids(computed.related(paper.id)));
    expect(computed.papers.some((paper) => computed.related(paper.id).length === RELATED_LIMIT)).toBe(true);
  });

  test('leaves out a paper it cannot read, the way the build would, and names the file and field', async () => {
    const dir = await makeTempDir('preload-');
    await mkdir(path.join(dir, 'papers'));
    await writeFile(path.join(dir, 'papers/bad.md'), '---\ntitle: [unclosed\n---\n');
    await writeFile(path.join(dir, 'papers/feb-30.md'), '---\nid: "feb-30"\ntitle: "Impossible"\ndate: "2026-02-30"\n---\nText.\n');
    await writeFile(path.join(dir, 'papers/good.md'), '---\nid: "good"\ntitle: "Good"\ndate: "2024-10-25"\n---\nText.\n');
    const preload = runPaperPreload(workerFile, { papersDir: path.join(dir, 'papers'), limit: RELATED_LIMIT });
    expect(ids((await preload.papers)!.map((entry) => entry.data))).toEqual(['good']);
    expect(preload.problem).toBeUndefined();
    const warnings: string[] = [];
    expect(ids(readPapers(path.join(dir, 'papers'), warnings).map((entry) => entry.data))).toEqual(['good']);
    expect(preload.warnings).toEqual(warnings);
    expect(warnings).toEqual([expect.stringMatching(/bad\.md: left out of the site: the front matter is not valid YAML/), expect.stringMatching(/feb-30\.md: left out of the site: .*"2026-02-30".*date/)]);
  });

  test('says why when its thread cannot run, and gives nothing', async () => {
    const preload = runPaperPreload(path.join(projectRoot, 'src/lib/site/no-such-worker.ts'), { papersDir, limit: RELATED_LIMIT });
    expect(await preload.papers).toBeUndefined();
    expect(await preload.related).toBeUndefined();
    expect(preload.problem).toMatch(/no-such-worker/);
  });
});

describe('the archive given related lists scored beforehand', () => {
  const papers = readPapers(papersDir);
  const computed = buildArchive(papers, [], []);
  const [first, second, third] = computed.papers;

  test('takes them when they number the papers as it does', () => {
    const lists = new Int32Array(computed.papers.length * RELATED_LIMIT).fill(NOT_SCORED);
    lists.set([2, 1, -1, -1, -1], 0);
    const archive = buildArchive(papers, [], [], [], { related: () => ({ order: ids(computed.papers), lists }) });
    expect(ids(archive.related(first!.id))).toEqual([third!.id, second!.id]);
    // A paper without a list there is scored as usual.
    expect(ids(archive.related(second!.id))).toEqual(ids(computed.related(second!.id)));
  });

  test('ignores them when the papers are numbered otherwise', () => {
    const lists = new Int32Array(computed.papers.length * RELATED_LIMIT).fill(0);
    const archive = buildArchive(papers, [], [], [], { related: () => ({ order: ids(computed.papers).reverse(), lists }) });
    expect(ids(archive.related(first!.id))).toEqual(ids(computed.related(first!.id)));
  });
});
