import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { readMarkdown, writeMarkdown } from '../../src/ingest/front-matter.ts';
import { runImport } from '../../src/ingest/import-command.ts';
import { YAML_WRITE_OPTIONS, stringifySimpleYaml } from '../../src/ingest/simple-yaml.ts';
import { apiFiles, seedFiles, tempDir } from './helpers.ts';
import { mulberry32 as random } from '../../scripts/bench/random.ts';

const viaLibrary = (data: Record<string, unknown>) => YAML.stringify(data, YAML_WRITE_OPTIONS);


/** Pieces that trip YAML writers: indicators, quotes, comments, type look-alikes, markers, odd Unicode. */
const pieces = [
  'a', 'Model', 'x', '7', '0', ' ', ' ', '\t', ':', ': ', ' #', '#', '-', '- ', '?', '? ', "'", '"', '\\', '%', '@', '`', '&', '*', '!',
  '|', '>', '{', '}', '[', ']', ',', '.', '~', '<<', '---', '...', 'yes', 'No', 'on', 'OFF', 'y', 'null', 'NULL', 'true', '0x1F',
  '0b101', '017', '0o17', '-0o7', '1_000', '12:30', '1e3', 'e5', '.inf', '.NaN', '+1', '-2.5', '2024-10-25', '2024-1-5 10:00:00', '2410.17243',
  '\n', '\r', '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u00a0', '\u2028', '\uFEFF', 'é', 'Müller', '𝔘', '\uD800', '\uDC00',
  '$^2$', '<script>', '&amp;',
];

function hostileString(next: () => number): string {
  let text = '';
  const count = 1 + Math.floor(next() * 5);
  for (let i = 0; i < count; i++) text += pieces[Math.floor(next() * pieces.length)];
  return text;
}

describe('the fast front-matter writer', () => {
  it('writes exactly what the yaml library writes, or declines, for thousands of hostile strings in every position', () => {
    const next = random(2024);
    let written = 0;
    const total = 2000;
    for (let i = 0; i < total; i++) {
      const value = hostileString(next);
      const data = {
        id: '2410.17243',
        title: value,
        authors: [hostileString(next), value],
        upvotes: Math.floor(next() * 500),
        organization: { name: value, slug: 'MicrosoftResearch' },
        keywords: [],
      };
      // Whichever writer wrote it, the ingest's reader (the site's) reads back every value as it was.
      expect({ value, read: readMarkdown(writeMarkdown(data, '')).data }).toEqual({ value, read: data });
      const fast = stringifySimpleYaml(data);
      if (fast === undefined) continue;
      written += 1;
      expect({ value, yaml: fast }).toEqual({ value, yaml: viaLibrary(data) });
    }
    // The fast path is really exercised: only strings with line breaks, control characters and the like (many here) decline.
    expect(written).toBeGreaterThan(total / 3);
  });

  it('declines what it cannot write the same way: nested lists, booleans, dates, non-integers, odd keys', () => {
    for (const data of [
      { note: 'two\nlines' },
      { topics: [['nested']] },
      { read: true },
      { when: new Date(0) },
      { score: 1.5 },
      { n: 'a key YAML 1.1 reads as a boolean' },
      { 'my key': 'x' },
      { links: { github: 'https://x.test', extra: { deep: 'x' } } },
      {},
    ]) {
      expect(stringifySimpleYaml(data)).toBeUndefined();
    }
  });

  it('writes every file of the bundled fixtures byte for byte as the yaml library would', async () => {
    const content = await tempDir();
    const quiet = { log: () => {}, error: () => {} };
    expect(await runImport(['--content', content, ...seedFiles, ...apiFiles], quiet)).toBe(0);
    const files = (await readdir(content, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
    expect(files.length).toBeGreaterThan(194);
    for (const entry of files) {
      const text = await readFile(path.join(entry.parentPath, entry.name), 'utf8');
      const { data } = readMarkdown(text);
      expect(stringifySimpleYaml(data)).toBe(viaLibrary(data));
      expect(text.startsWith(`---\n${viaLibrary(data)}---\n`)).toBe(true);
    }
  });
});
