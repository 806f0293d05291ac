/**
 * Builds the Pagefind search bundle at the end of `astro build` from the
 * records the site emitted (`search/records.jsonl`), through Pagefind's Node
 * API. Any problem fails the build with a message naming the file and line.
 */
import { createReadStream } from 'node:fs';
import { access, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';
import { z } from 'zod';
import { RECORDS_FILE, searchRecordSchema, toPagefindRecord } from './search-record.ts';

/** Records sent to the Pagefind process at once: enough to keep it busy, few enough to bound memory. */
const BATCH_SIZE = 200;

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
  return toPagefindRecord(parsed.data);
}

/**
 * Index every record of `recordsFile` and write the bundle to `bundleDir`.
 * The records file is streamed, so memory does not grow with the archive.
 */
export async function buildSearchIndex(recordsFile: string, bundleDir: string): Promise<IndexSummary> {
  try {
    await access(recordsFile);
  } catch {
    throw new SearchIndexError(`${recordsFile}: search records missing (src/pages/search/records.jsonl.ts emits them)`);
  }
  const created = await pagefind.createIndex({ forceLanguage: 'en' });
  if (!created.index) throw new SearchIndexError(`pagefind: could not create an index: ${created.errors.join('; ')}`);
  const index = created.index;
  try {
    const addBatch = async (batch: NumberedLine[]) => {
      const records = batch.map((entry) => ({ line: entry.line, record: parseRecord(recordsFile, entry) }));
      const responses = await Promise.all(records.map(({ record }) => index.addCustomRecord(record)));
      responses.forEach((response, i) => {
        if (response.errors.length > 0) {
          const { line, record } = records[i]!;
          throw new SearchIndexError(`${recordsFile}:${line}: pagefind rejected ${record.url}: ${response.errors.join('; ')}`);
        }
      });
    };
    let count = 0;
    let batch: NumberedLine[] = [];
    let line = 0;
    const lines = createInterface({ input: createReadStream(recordsFile, 'utf8'), crlfDelay: Infinity });
    for await (const text of lines) {
      line += 1;
      if (!text.trim()) continue;
      batch.push({ line, text });
      count += 1;
      if (batch.length >= BATCH_SIZE) {
        await addBatch(batch);
        batch = [];
      }
    }
    await addBatch(batch);
    const written = await index.writeFiles({ outputPath: bundleDir });
    if (written.errors.length > 0) throw new SearchIndexError(`pagefind: writing ${bundleDir} failed: ${written.errors.join('; ')}`);
    return { records: count, bundleDir };
  } finally {
    // The Pagefind service is a child process: left running, it keeps the build from exiting.
    await pagefind.close();
  }
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
