/**
 * Builds the search bundle at the end of `astro build` from the records the
 * site emitted (`search/records.jsonl`) with the site's own indexer
 * (search-index.ts; the file keeps its old name, which astro.config.mjs imports).
 * Any problem fails the build with a message naming the file and line.
 */
import { createReadStream } from 'node:fs';
import { access, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { z } from 'zod';
import { SearchIndexBuilder } from './search-index.ts';
import { RECORDS_FILE, searchRecordSchema, toIndexRecord } from './search-record.ts';

export class SearchIndexError extends Error {
  override name = 'SearchIndexError';
}

export interface IndexSummary {
  records: number;
  bundleDir: string;
}

interface NumberedLine {
  line: number;
  text: string;
}

function parseRecord(recordsFile: string, { line, text }: NumberedLine) {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SearchIndexError(`${recordsFile}:${line}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = searchRecordSchema.safeParse(json);
  if (!parsed.success) {
    throw new SearchIndexError(`${recordsFile}:${line}: not a search record: ${z.prettifyError(parsed.error).replaceAll('\n', ' ')}`);
  }
  return toIndexRecord(parsed.data);
}

/**
 * Index every record of `recordsFile` and write the bundle to `bundleDir`.
 * The records file is streamed; memory holds the postings (numbers) and the packed text.
 */
export async function buildSearchIndex(recordsFile: string, bundleDir: string): Promise<IndexSummary> {
  try {
    await access(recordsFile);
  } catch {
    throw new SearchIndexError(`${recordsFile}: search records missing (src/pages/search/records.jsonl.ts emits them)`);
  }
  const builder = new SearchIndexBuilder();
  let line = 0;
  const lines = createInterface({ input: createReadStream(recordsFile, 'utf8'), crlfDelay: Infinity });
  for await (const text of lines) {
    line += 1;
    if (!text.trim()) continue;
    builder.add(parseRecord(recordsFile, { line, text }));
  }
  try {
    await builder.write(bundleDir);
  } catch (error) {
    throw new SearchIndexError(`search index: writing ${bundleDir} failed: ${(error as Error).message}`);
  }
  return { records: builder.count, bundleDir };
}

export default function pagefindSearch(): AstroIntegration {
  return {
    name: 'papers-search',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const recordsFile = path.join(outDir, RECORDS_FILE);
        const started = performance.now();
        try {
          const summary = await buildSearchIndex(recordsFile, path.join(outDir, 'pagefind'));
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          logger.info(`indexed ${summary.records} records into ${summary.bundleDir} in ${seconds}s`);
        } finally {
          // The records are an intermediate: never published, whether indexing worked or not.
          await rm(recordsFile, { force: true });
        }
      },
    },
  };
}
