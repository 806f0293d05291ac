/**
 * `node scripts/bench/pagefind-index.ts RECORDS OUT_DIR`: indexes the search
 * records file a build writes for its own indexer (one JSON line per record)
 * with Pagefind's Node API, as custom records, into OUT_DIR/pagefind/. Each
 * record gets what the own index gets (src/search/record.ts
 * `toIndexRecord`): the same searched text, its title and date as metadata,
 * topic, year and organisation as filters, date and upvotes as sort keys.
 * Run in a process of its own by the benchmark, which measures it (and the
 * Pagefind binary the API starts) as it measures the own indexer.
 * Prints `{"records":N}`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { close, createIndex, type CustomRecord } from 'pagefind';
import { searchRecordSchema, toIndexRecord } from '../../src/search/record.ts';
import { forEachLine } from '../../src/lib/lines.ts';

/** Records sent to Pagefind before waiting for its answers: one at a time, each waits for a round trip. */
const IN_FLIGHT = 500;

export function pagefindRecord(line: string, where: string): CustomRecord {
  const parsed = searchRecordSchema.safeParse(JSON.parse(line));
  if (!parsed.success) throw new Error(`${where}: not a search record: ${parsed.error.message}`);
  const record = toIndexRecord(parsed.data);
  const { kind: _kind, ...filters } = record.filters;
  return {
    url: record.url,
    content: record.content,
    language: 'en',
    meta: record.meta,
    filters,
    sort: { upvotes: String(record.upvotes), ...(record.meta.date ? { date: record.meta.date } : {}) },
  };
}

/** Children of this process still running (the Pagefind binary until it has exited and been reaped). */
function childCount(): number {
  let count = 0;
  for (const task of readdirSync('/proc/self/task')) {
    try {
      count += readFileSync(`/proc/self/task/${task}/children`, 'utf8').split(' ').filter((pid) => pid.trim()).length;
    } catch {
      // The thread ended while being read.
    }
  }
  return count;
}

async function main(): Promise<void> {
  const [recordsFile, outDir] = process.argv.slice(2);
  if (!recordsFile || !outDir) throw new Error('usage: node scripts/bench/pagefind-index.ts RECORDS OUT_DIR');
  const { index, errors } = await createIndex({ forceLanguage: 'en' });
  if (!index) throw new Error(`pagefind: no index (${errors.join('; ')})`);
  const lines: { text: string; line: number }[] = [];
  forEachLine(recordsFile, (bytes, line) => {
    if (bytes.length > 0) lines.push({ text: bytes.toString('utf8'), line });
  });
  for (let start = 0; start < lines.length; start += IN_FLIGHT) {
    const answers = await Promise.all(lines.slice(start, start + IN_FLIGHT).map(({ text, line }) => index.addCustomRecord(pagefindRecord(text, `${recordsFile}:${line}`))));
    const failed = answers.flatMap((answer) => answer.errors);
    if (failed.length > 0) throw new Error(`pagefind: ${failed.join('; ')}`);
  }
  const written = await index.writeFiles({ outputPath: path.join(outDir, 'pagefind') });
  if (written.errors.length > 0) throw new Error(`pagefind: ${written.errors.join('; ')}`);
  await close();
  // The binary's CPU time reaches the benchmark only once this process has reaped it.
  for (let waited = 0; childCount() > 0 && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  process.stdout.write(`${JSON.stringify({ records: lines.length })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
