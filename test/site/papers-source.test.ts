/**
 * How the site reads a paper file a person may have written or saved by hand: what YAML gives is what the schema
 * judges, and a file it cannot take is refused with the reason (src/lib/site/papers-source.ts names the file).
 */
import { describe, expect, test } from 'vitest';
import { readPaperFile } from '../../src/lib/site/papers-source.ts';

const paper = (date: string) => `---\nid: "2410.17243"\ntitle: "A title"\ndate: ${date}\nauthors:\n  - Ana García\nupvotes: 3\n---\nAn abstract.\n`;

describe('reading a paper file', () => {
  test('an unquoted day is read as the day written; one the calendar lacks is refused, not moved to another day', () => {
    const good = readPaperFile('good.md', paper('2026-03-06'));
    expect(typeof good === 'string' ? good : good.data.date).toBe('2026-03-06');
    expect(readPaperFile('feb-30.md', paper('2026-02-30'))).toMatch(/"2026-02-30".*date/);
  });

  test('a file saved with CRLF line ends reads as the same file with LF, with no CR in any value', () => {
    const lf = readPaperFile('lf.md', paper('"2024-10-25"'));
    const crlf = readPaperFile('crlf.md', paper('"2024-10-25"').replaceAll('\n', '\r\n'));
    if (typeof lf === 'string' || typeof crlf === 'string') throw new Error(`not read: ${String(lf)} ${String(crlf)}`);
    expect(crlf.data).toEqual(lf.data);
    expect(crlf.body).toBe(lf.body?.replaceAll('\n', '\r\n'));
  });

  test('front matter that is not YAML, or not a mapping, is refused with the line and the reason', () => {
    expect(readPaperFile('bad.md', '---\nid: "x"\ntitle: [unclosed\n---\nText.\n')).toMatch(/^the front matter is not valid YAML: line 4: .*flow collection/);
    expect(readPaperFile('list.md', '---\n- a list\n---\nText.\n')).toBe('the front matter is not a YAML mapping');
  });
});
