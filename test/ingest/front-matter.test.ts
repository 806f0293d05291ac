import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { readMarkdown, writeMarkdown } from '../../src/ingest/front-matter.ts';
import { NOTES_MARKER } from '../../src/lib/schema.ts';

/** What gray-matter with the yaml library makes of a file, the reference the fast path must match. */
function reference(text: string): unknown {
  try {
    const parsed = matter(text, { engines: { yaml: (source: string) => YAML.parse(source, { version: '1.1' }) as object } });
    // readMarkdown also refuses front matter that is not a mapping.
    return Array.isArray(parsed.data) ? 'error' : { data: parsed.data, body: parsed.content };
  } catch {
    return 'error';
  }
}

function actual(text: string): unknown {
  try {
    return readMarkdown(text);
  } catch {
    return 'error';
  }
}

const paper = writeMarkdown(
  { id: '2410.17243', title: 'MoE$^2$: Scaling "experts"', date: '2024-10-25', authors: ['Ana García'], upvotes: 3, keywords: [] },
  `An abstract.\n\n${NOTES_MARKER}\nMy note.\n`,
);

describe('reading a Markdown file', () => {
  it('splits front matter and body exactly as gray-matter does, whatever the delimiters look like', () => {
    const variants = [
      paper,
      paper.replace('\n---\n', '\n---\n\n'),
      paper.replace('\n---\n', '\n----\n'),
      paper.replace('\n---\n', '\n--- \n'),
      paper.replace('\n---\n', '\n---x\n'),
      paper.replace('\n---\n', '\n---'),
      `\uFEFF${paper}`,
      `---\n---\nOnly a body.\n`,
      `---\n\n---\nOnly a body.\n`,
      `---\n# just a comment\n---\nBody.\n`,
      `----\ntitle: x\n---\nBody.\n`,
      `No front matter at all.\n`,
      `---\ntitle: x\n---\nBody with\n---\na rule.\n`,
      `---\ntitle: [unclosed\n---\nBroken.\n`,
      `---\n- a list\n---\nNot a mapping.\n`,
    ];
    for (const text of variants) expect({ text, read: actual(text) }).toEqual({ text, read: reference(text) });
  });

  it('reads a file a person saved with CRLF line ends like the same file with LF (gray-matter left a CR in the last value)', () => {
    const crlf = paper.replace(/\n/g, '\r\n');
    expect(readMarkdown(crlf)).toEqual({ data: readMarkdown(paper).data, body: readMarkdown(paper).body.replace(/\n/g, '\r\n') });
  });

  it('reads back what it writes, body byte for byte', () => {
    expect(readMarkdown(paper)).toEqual({
      data: { id: '2410.17243', title: 'MoE$^2$: Scaling "experts"', date: '2024-10-25', authors: ['Ana García'], upvotes: 3, keywords: [] },
      body: `An abstract.\n\n${NOTES_MARKER}\nMy note.\n`,
    });
  });
});
