/** BibTeX a LaTeX document can use, whatever the title holds, and the citation meta tags reference managers read. */
import { expect, test } from 'vitest';
import { buildArchive } from '../../src/lib/site/archive.ts';
import { bibtex, citationMeta, latexText } from '../../src/lib/site/citation.ts';
import type { Paper } from '../../src/lib/schema.ts';

function paperOf(data: Partial<Paper>) {
  const paper = {
    id: '2501.00001',
    title: 'A title',
    date: '2025-01-02',
    authors: ['Ann Lee'],
    authorCount: 1,
    keywords: [],
    sources: ['api:2025-01-02'],
    ...data,
  } as Paper;
  return buildArchive([{ data: paper, body: 'Abstract.' }], [], []).papers[0]!;
}

/** The value of one field of an entry, read the way BibTeX does: up to the brace that balances the first. */
function field(entry: string, name: string): string | undefined {
  const start = entry.indexOf(`  ${name} = {`);
  if (start === -1) return undefined;
  let depth = 0;
  for (let index = start + name.length + 5; index < entry.length; index += 1) {
    const char = entry[index];
    if (char === '{') depth += 1;
    if (char === '}' && --depth === 0) return entry.slice(start + name.length + 6, index);
  }
  throw new Error(`${name}: braces never balance`);
}

/** What a LaTeX-aware check accepts: braces balanced as BibTeX counts them (backslashes do not hide one), no special character unescaped outside math. */
function latexProblems(value: string): string[] {
  const problems: string[] = [];
  let depth = 0;
  for (const char of value) {
    if (char === '{') depth += 1;
    if (char === '}' && --depth < 0) problems.push('a closing brace without its opening one');
  }
  if (depth !== 0) problems.push('unbalanced braces');
  const text = value.replace(/(?<!\\)\$[^$]*(?<!\\)\$/g, ' ').replace(/\\(?:textbackslash|textasciitilde|textasciicircum|textbraceleft|textbraceright)\{\}|\\[&%#_$]/g, ' ');
  for (const char of '&%#_$~^\\') if (text.includes(char)) problems.push(`unescaped ${char}`);
  return problems;
}

test('every LaTeX special character of a title is escaped and braces balance', () => {
  const paper = paperOf({ title: 'R&D at 100% scale: #1 tool_use for $5 ~ 10^3 \\ {braces} } stray', arxiv: '2501.00001' });
  const entry = bibtex(paper);
  const title = field(entry, 'title')!;
  expect(latexProblems(title)).toEqual([]);
  expect(title).toBe(
    '{R\\&D at 100\\% scale: \\#1 tool\\_use for \\$5 \\textasciitilde{} 10\\textasciicircum{}3 \\textbackslash{} \\textbraceleft{}braces\\textbraceright{} \\textbraceright{} stray}',
  );
  expect(latexProblems(entry)).toEqual([]);
});

test('TeX math in a title stays math', () => {
  const entry = bibtex(paperOf({ title: 'Attention in $O(n \\log n)$ & $\\mathcal{O}(1)$ memory' }));
  expect(field(entry, 'title')).toBe('{Attention in $O(n \\log n)$ \\& $\\mathcal{O}(1)$ memory}');
});

test('authors are escaped and joined with "and"; the arXiv fields are there when the id is known', () => {
  const entry = bibtex(paperOf({ authors: ['Ann_Lee', 'Bo & Co'], arxiv: '2501.00001', primaryClass: 'cs.CL' }));
  expect(field(entry, 'author')).toBe('Ann\\_Lee and Bo \\& Co');
  expect(field(entry, 'eprint')).toBe('2501.00001');
  expect(field(entry, 'archivePrefix')).toBe('arXiv');
  expect(field(entry, 'primaryClass')).toBe('cs.CL');
  const withoutArxiv = bibtex(paperOf({ primaryClass: 'cs.CL' }));
  expect(field(withoutArxiv, 'eprint')).toBeUndefined();
  expect(field(withoutArxiv, 'primaryClass')).toBeUndefined();
  expect(latexText('a\nb')).toBe('a b');
});

test('citation meta tags: one author each, the arXiv day as YYYY/MM/DD, the arXiv id and PDF', () => {
  const meta = citationMeta(paperOf({ title: 'Plain $x$ title', authors: ['Ann Lee', 'Bo Chen'], published: '2024-12-30', arxiv: '2501.00001' }));
  expect(meta).toEqual([
    { name: 'citation_title', content: 'Plain x title' },
    { name: 'citation_author', content: 'Ann Lee' },
    { name: 'citation_author', content: 'Bo Chen' },
    { name: 'citation_publication_date', content: '2024/12/30' },
    { name: 'citation_arxiv_id', content: '2501.00001' },
    { name: 'citation_pdf_url', content: 'https://arxiv.org/pdf/2501.00001' },
  ]);
  // Without an arXiv id, only what is known.
  expect(citationMeta(paperOf({ authors: [] })).map((tag) => tag.name)).toEqual(['citation_title', 'citation_publication_date']);
});
