/**
 * Text snapshots are search and trending pages: the date on a card is the paper's publication day, never a
 * listing day. Imported as `published`; an archive an older import gave `date` from snapshots is migrated by the
 * next import that touches the paper, keeping everything the person added.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, parseTextSnapshot } from '../../src/ingest/index.ts';
import type { Listing } from '../../src/ingest/index.ts';
import { readMarkdown } from '../../src/ingest/front-matter.ts';
import { honestDates, NOTES_MARKER } from '../../src/lib/schema.ts';
import { runImport } from '../../src/ingest/import-command.ts';
import { hashTree, item, listing, seedFiles, snapshotTree, tempDir } from './helpers.ts';

async function applyAll(content: string, listings: Listing[]) {
  const store = await openStore(content);
  for (const each of listings) await store.apply(each);
  return store;
}

const quiet = { log: () => {}, error: () => {} };

describe('text snapshot dates', () => {
  it('are publication days: a card dated 2013 gives `published`, never a listing `date` or a day file', async () => {
    const text = 'Daily Papers\n\nJun 1\n\nOld Paper\n\nAn abstract.\n\n  • 3 authors\n·\nAug 15, 2013 4\n\n';
    const parsed = parseTextSnapshot(text, { origin: 'trending.txt', asOf: '2026-06-02' });
    expect(parsed.day).toBeUndefined();
    expect(parsed.items[0]).toMatchObject({ published: '2013-08-15', upvotes: 4 });
    expect(parsed.items[0]).not.toHaveProperty('date');

    const content = await tempDir();
    await applyAll(content, [parsed]);
    const { data } = readMarkdown(await readFile(path.join(content, 'papers', 'old-paper.md'), 'utf8'));
    expect(data).toMatchObject({ published: '2013-08-15', sources: ['snapshot:2026-06-01'] });
    expect(data).not.toHaveProperty('date');
    await expect(readFile(path.join(content, 'days', '2013-08-15.md'))).rejects.toThrow(/ENOENT/);
  });

  it('never become the listing day of a paper a daily listing also lists, in either order', async () => {
    const api = listing('api:2024-01-09', [item({ arxiv: '2401.00001', title: 'Both', date: '2024-01-09' })], '2024-01-09');
    const snapshot = parseTextSnapshot('Daily Papers\n\nFeb 1\n\nBoth\n\nAn abstract.\n\n  • 3 authors\n·\nJan 3\n', { origin: 'search.txt', asOf: '2024-02-01' });
    for (const order of [[api, snapshot], [snapshot, api]]) {
      const content = await tempDir();
      await applyAll(content, order);
      const { data } = readMarkdown(await readFile(path.join(content, 'papers', '2401.00001.md'), 'utf8'));
      expect(data).toMatchObject({ date: '2024-01-09', published: '2024-01-03' });
    }
  });
});

describe('migrating an archive an older import gave snapshot dates as `date`', () => {
  // What the import wrote before: the card's date in `date`, only snapshot sources. The person then added a
  // comment, keys of their own, a topic override, a note and notes below the marker.
  const oldFile = (eol: string) =>
    [
      '---',
      'id: agent-bazaar',
      'title: "Agent Bazaar: Enabling Economic Alignment"',
      'date: "2013-08-15"',
      'authors: []',
      '# my comment, about the upvotes',
      'upvotes: 3',
      'rating: 010   # out of ten',
      'topics:',
      '  - agents',
      'note: "Read this: twice"',
      'sources:',
      '  - snapshot:2026-06-01',
      'seen: yes',
      '---',
      'An abstract.',
      '',
      NOTES_MARKER,
      '',
      '## Mine',
      '',
      'Kept *exactly*.   ',
      '',
    ].join(eol);
  const snapshot = listing('snapshot:2026-06-01', [item({ title: 'Agent Bazaar: Enabling Economic Alignment', abstract: 'An abstract.', upvotes: 3, published: '2013-08-15' })]);

  it.each([['LF', '\n'], ['CRLF', '\r\n']])('moves `date` to `published`, every byte of the person\'s kept (%s); a re-run changes no byte', async (_name, eol) => {
    const content = await tempDir();
    await mkdir(path.join(content, 'papers'));
    const file = path.join(content, 'papers', 'agent-bazaar.md');
    await writeFile(file, oldFile(eol));
    const store = await applyAll(content, [snapshot]);
    expect(store.newestDay()).toBeUndefined();
    const expected = oldFile(eol).replace(`date: "2013-08-15"${eol}`, '').replace(`upvotes: 3${eol}`, `upvotes: 3${eol}published: "2013-08-15"${eol}`);
    expect(await readFile(file, 'utf8')).toBe(expected);

    const before = await hashTree(content);
    await applyAll(content, [snapshot]);
    expect(await hashTree(content)).toBe(before);
  });

  it('takes a listing day from the other listings, and keeps a publication day it already had', () => {
    expect(honestDates({ date: '2024-01-03', sources: ['api:2024-01-09', 'snapshot:2024-02-01'] })).toEqual({ date: '2024-01-09', published: '2024-01-03' });
    expect(honestDates({ date: '2024-01-03', published: '2024-01-02', sources: ['snapshot:2024-02-01'] })).toEqual({ date: undefined, published: '2024-01-02' });
    // A date a daily listing gave stays: its day is named, or the listing named no day of its own.
    expect(honestDates({ date: '2024-01-09', sources: ['api:2024-01-09', 'snapshot:2024-02-01'] })).toEqual({ date: '2024-01-09', published: undefined });
    expect(honestDates({ date: '2024-01-03', sources: ['api', 'snapshot:2024-02-01'] })).toEqual({ date: '2024-01-03', published: undefined });
    expect(honestDates({ date: '2024-01-03', sources: [] })).toEqual({ date: '2024-01-03', published: undefined });
  });

  it('re-importing the seeds into an archive the older import wrote gives what a fresh import gives', async () => {
    const fresh = await tempDir();
    expect(await runImport(['--content', fresh, ...seedFiles], quiet)).toBe(0);
    const migrated = await tempDir();
    expect(await runImport(['--content', migrated, ...seedFiles], quiet)).toBe(0);
    // Turn every paper back into what the older import wrote: the publication day as `date`.
    for (const [name, text] of Object.entries(await snapshotTree(migrated))) {
      const published = /^published: ("[\d-]+")\n/m.exec(text);
      if (!published) continue;
      await writeFile(path.join(migrated, name), text.replace(published[0], '').replace(/^(title: .*\n)/m, `$1date: ${published[1]}\n`));
    }
    expect(await snapshotTree(migrated)).not.toEqual(await snapshotTree(fresh));
    expect(await runImport(['--content', migrated, ...seedFiles], quiet)).toBe(0);
    expect(await snapshotTree(migrated)).toEqual(await snapshotTree(fresh));
  });
});
