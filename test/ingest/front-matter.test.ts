import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { readMarkdown, writeMarkdown } from '../../src/ingest/front-matter.ts';
import { NOTES_MARKER } from '../../src/lib/schema.ts';

/** What gray-matter with js-yaml's core schema (the site's reader) makes of a file: the reference readMarkdown must match. */
function reference(text: string): unknown {
  try {
    const parsed = matter(text, { engines: { yaml: (source: string) => yaml.load(source, { schema: yaml.CORE_SCHEMA }) as object } });
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
      `---\nwhen: 12:30\nflag: yes\nday: 2024-10-25\nrating: 010\n---\nYAML 1.1 look-alikes a person typed.\n`,
    ];
    for (const text of variants) expect({ text, read: actual(text) }).toEqual({ text, read: reference(text) });
  });

  it('reads a file a person saved with CRLF line ends like the same file with LF (gray-matter left a CR in the last value)', () => {
    const crlf = paper.replace(/\n/g, '\r\n');
    expect(readMarkdown(crlf)).toEqual({ data: readMarkdown(paper).data, body: readMarkdown(paper).body.replace(/\n/g, '\r\n') });
  });

  it('names the file\'s line when the front matter is not valid YAML', () => {
    expect(() => readMarkdown(`---\nid: "1"\ntitle: a: b\n---\nBody.\n`)).toThrow(/^the front matter is not valid YAML: line 3: bad indentation/);
    expect(() => readMarkdown(`----\nid: "1"\n---\n`)).not.toThrow();
    expect(() => readMarkdown(`---\n- a list\n---\n`)).toThrow('the front matter is not a YAML mapping');
  });

  it('reads back what it writes, body byte for byte', () => {
    expect(readMarkdown(paper)).toEqual({
      data: { id: '2410.17243', title: 'MoE$^2$: Scaling "experts"', date: '2024-10-25', authors: ['Ana García'], upvotes: 3, keywords: [] },
      body: `An abstract.\n\n${NOTES_MARKER}\nMy note.\n`,
    });
  });

  it('writes every file of the bundled archive anew byte for byte from what it reads', async () => {
    const content = path.resolve(import.meta.dirname, '../../content');
    let files = 0;
    for (const folder of ['papers', 'days']) {
      for (const name of await readdir(path.join(content, folder))) {
        const text = await readFile(path.join(content, folder, name), 'utf8');
        const { data, body } = readMarkdown(text);
        expect({ name, text: writeMarkdown(data, body) }).toEqual({ name, text });
        files += 1;
      }
    }
    expect(files).toBeGreaterThan(198);
  });
});
