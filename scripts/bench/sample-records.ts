/**
 * The search records of a content folder's papers, made in plain Node by the
 * build's own code (the archive, then `searchRecordPieces`): the same lines,
 * in the same order, as a build writes for its indexer, without Astro. Digests
 * are left out (they are an Astro collection); the relevance set judges papers.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { readMarkdown } from '../../src/ingest/front-matter.ts';
import { topicSchema } from '../../src/lib/schema.ts';
import { buildArchive, type TopicEntry } from '../../src/lib/site/archive.ts';
import { readPapers } from '../../src/lib/site/papers-source.ts';
import { searchRecordPieces } from '../../src/lib/site/search-indexing.ts';

function readTopics(topicsDir: string): TopicEntry[] {
  return readdirSync(topicsDir)
    .filter((name) => /\.mdx?$/.test(name))
    .sort()
    .map((name) => {
      const filePath = path.join(topicsDir, name);
      const file = readMarkdown(readFileSync(filePath, 'utf8'));
      const parsed = topicSchema.safeParse(file.data);
      if (!parsed.success) throw new Error(`${filePath}: not a topic: ${parsed.error.message}`);
      return { id: name.replace(/\.mdx?$/, ''), data: parsed.data, body: file.body, filePath };
    });
}

/** The records file's text (JSON lines, oldest first) for the papers and topics under `contentDir`. */
export function sampleRecordsText(contentDir: string): string {
  const archive = buildArchive(readPapers(path.join(contentDir, 'papers')), [], readTopics(path.join(contentDir, 'topics')));
  const { pieces } = searchRecordPieces(archive);
  return Buffer.concat(pieces.map((piece) => {
    if (!Buffer.isBuffer(piece)) throw new Error('search records: a record was taken from a previous file without one');
    return piece;
  })).toString('utf8');
}
