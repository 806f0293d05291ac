/**
 * Digest references are checked before anything renders: what a digest names
 * must exist, and the papers it shows are the ones its components will render.
 */
import { describe, expect, test } from 'vitest';
import { ArchiveReferenceError, buildArchive, type DigestEntry } from '../../src/lib/site/archive.ts';
import type { PaperEntry } from '../../src/lib/site/papers-source.ts';
import { bodyStartLine, scanReferences } from '../../src/lib/site/digest-refs.ts';
import { mdxProse } from '../../src/lib/site/mdx-text.ts';

const paper = (id: string, date: string, upvotes: number, title = `Paper ${id} about agents`): PaperEntry => ({
  data: { id, title, date, upvotes, authors: [], authorCount: 0, keywords: [], sources: [] },
  body: 'An abstract.',
});
const papers = [paper('2401.00001', '2024-01-01', 5), paper('2401.00002', '2024-01-01', 9), paper('2401.00003', '2024-01-02', 1, 'Unrelated')];
const topics = [{ id: 'agents', data: { title: 'Agents', terms: ['agents'] } }];
const digest = (id: string, body: string, date = '2024-02-01'): DigestEntry => ({
  id,
  data: { title: `Digest ${id}`, date, authors: ['Ada'], summary: 'A summary.' },
  body,
  filePath: `content/digests/${id}.mdx`,
});

describe('scanning a digest', () => {
  test('finds each component with its attributes and line, and skips code', () => {
    const source = ['# Week', '<Paper id="2401.00001" />', '`<Paper id="shown-as-code" />`', '<Day date="2024-01-01" top={1}/>', '```', '<Topic slug="nope" />', '```', "<Topic slug='agents' limit={2} />"].join('\n');
    expect(scanReferences(source)).toEqual([
      { kind: 'paper', id: '2401.00001', line: 2, tag: '<Paper id="2401.00001" />' },
      { kind: 'day', date: '2024-01-01', top: 1, line: 4, tag: '<Day date="2024-01-01" top={1}/>' },
      { kind: 'topic', slug: 'agents', limit: 2, line: 8, tag: "<Topic slug='agents' limit={2} />" },
    ]);
  });

  test('counts only components that render: not in MDX comments or a fence inside a list', () => {
    const source = [
      '{/* <Paper id="retired" /> */}',
      '',
      'Written as code: `<Paper id="inline-code" />`.',
      '',
      '- An example:',
      '  ```mdx',
      '  <Paper id="fenced-in-a-list" />',
      '  ```',
      '- <Paper',
      '    id="2401.00001"',
      '  />',
    ].join('\n');
    expect(scanReferences(source)).toEqual([{ kind: 'paper', id: '2401.00001', line: 9, tag: '<Paper\n    id="2401.00001"\n  />' }]);
    // MDX has no indented code: indented, a component still renders, so it still counts.
    expect(scanReferences('    <Paper id="2401.00001" />')).toHaveLength(1);
  });

  test('reports MDX that does not parse, and computed attributes, with the file\'s line', () => {
    expect(() => scanReferences('Intro\n\n<Paper id="2401.00001"\n', 4)).toThrow(/^line 6: not valid MDX: /);
    expect(() => scanReferences('<Paper {...props} />')).toThrow('line 1: {...props} is not a literal');
  });

  test('counts lines from where the body starts in its file', () => {
    const raw = '---\ntitle: T\n---\n\nIntro\n<Paper id="x" />\n';
    const body = '\nIntro\n<Paper id="x" />\n';
    expect(scanReferences(body, bodyStartLine(raw, body))[0]?.line).toBe(6);
  });

  test('refuses computed or malformed attributes instead of rendering a blank', () => {
    expect(() => scanReferences('\n<Paper id={someId} />')).toThrow(/line 2: id=\{someId\} is not a literal/);
    expect(() => scanReferences('<Day date="June" />')).toThrow(/date must be YYYY-MM-DD/);
    expect(() => scanReferences('<Topic slug="agents" limit={0} />')).toThrow(/limit must be a whole number/);
  });
});

describe('digests in the archive', () => {
  test('each component shows the right papers, and every shown paper links back to the digest', () => {
    const archive = buildArchive(papers, [], topics, [
      digest('one', '<Paper id="2401.00003" />\n<Day date="2024-01-01" top={1} />'),
      digest('two', '<Topic slug="agents" limit={5} />', '2024-03-01'),
    ]);
    expect(archive.digests.map((entry) => entry.slug)).toEqual(['two', 'one']);
    // The day's top paper is the most upvoted one.
    expect(archive.digestBySlug.get('one')?.papers.map((entry) => entry.id)).toEqual(['2401.00003', '2401.00002']);
    // Newest first; the same day's papers by upvotes. "Unrelated" is not in the topic.
    expect(archive.digestBySlug.get('two')?.papers.map((entry) => entry.id)).toEqual(['2401.00002', '2401.00001']);
    expect(archive.digestsByPaper.get('2401.00002')?.map((entry) => entry.slug)).toEqual(['two', 'one']);
    expect(archive.digestsByPaper.get('2401.00003')?.map((entry) => entry.slug)).toEqual(['one']);
  });

  test('an unknown id, date or slug fails with the file, line and reference, all at once', () => {
    const build = () =>
      buildArchive(papers, [], topics, [digest('bad', 'Intro\n<Paper id="9999.99999" />\n<Day date="2030-01-01" />\n<Topic slug="robots" />')]);
    expect(build).toThrow(ArchiveReferenceError);
    expect(build).toThrow('content/digests/bad.mdx:2: <Paper id="9999.99999" />: no paper with id "9999.99999" in papers/');
    expect(build).toThrow('content/digests/bad.mdx:3: <Day date="2030-01-01" />: no papers listed on 2030-01-01');
    expect(build).toThrow('content/digests/bad.mdx:4: <Topic slug="robots" />: no topic "robots" in topics/');
  });

  test('an .mdx topic description is checked the same way', () => {
    const mdxTopic = { id: 'agents', data: { title: 'Agents', terms: ['agents'] }, body: '<Paper id="nope" />', filePath: 'content/topics/agents.mdx' };
    expect(() => buildArchive(papers, [], [mdxTopic])).toThrow('content/topics/agents.mdx:1: <Paper id="nope" />');
    // A .md description is plain Markdown: the same text is not a reference there.
    expect(() => buildArchive(papers, [], [{ ...mdxTopic, filePath: 'content/topics/agents.md' }])).not.toThrow();
  });

  test('a file name that cannot be a page address, or would clash with list page numbers, is refused', () => {
    expect(() => buildArchive(papers, [], topics, [digest('2', 'text')])).toThrow('content/digests/2.mdx: the file name "2" cannot be a page address');
    expect(() => buildArchive(papers, [], topics, [digest('Week 1', 'text')])).toThrow(/Week 1/);
  });
});

describe('digest prose for search', () => {
  test('keeps what people wrote and drops component tags, imports and code', () => {
    const prose = mdxProse("import X from './x';\n\n## Why it *matters*\n\nSee [the paper](/papers/x/).\n\n<Paper id=\"2401.00001\" />\n\n```js\ncode()\n```");
    expect(prose).toBe('Why it matters\nSee the paper.');
  });

  test('leaves out code fenced inside a list and JavaScript expressions, and keeps words written with Markdown characters', () => {
    const source = ['- Try it:', '  ```py', '  secret_code()', '  ```', '', 'Count: {props.count}. It runs C# and snake_case, 2 > 1.'].join('\n');
    expect(mdxProse(source)).toBe('Try it:\nCount: . It runs C# and snake_case, 2 > 1.');
  });
});
