/**
 * `npm run import -- [--content DIR] [--as-of YYYY-MM-DD] FILE...`: parse saved
 * listings, then merge them into the content folder oldest listing first (so
 * values that follow the newest listing end up from the newest file). One bad
 * file never stops the others.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repeatedOption } from '../lib/cli-options.ts';
import { lockContent } from '../lib/content-lock.ts';
import { decodeUtf8, describeInvalidUtf8 } from '../lib/utf8.ts';
import { sourceDay } from './merge.ts';
import { parseListing } from './parse.ts';
import { openStore } from './store.ts';
import { isValidDay } from './text.ts';
import type { Listing } from './types.ts';

export const IMPORT_USAGE = `Usage: npm run import -- [--content DIR] [--as-of YYYY-MM-DD] FILE...

Imports saved daily listings into the Markdown archive. The format of each FILE
is detected from its content: a JSON API response, a listing page's HTML, or a
text snapshot. A YYYY-MM-DD in a JSON or HTML file's name is the listing's day.

  --content DIR        the content folder to write (default: content)
  --as-of YYYY-MM-DD   the day text snapshots were captured; their year is
                       inferred from the file (and reported) when absent
  -h, --help           print this help
`;

export interface ImportOutput {
  log(line: string): void;
  error(line: string): void;
}

interface ParsedFile {
  file: string;
  listing: Listing;
}

/** Runs the import command; resolves to the process exit code. */
export async function runImport(argv: string[], output: ImportOutput): Promise<number> {
  let options;
  try {
    options = parseArgs({
      args: argv,
      allowPositionals: true,
      tokens: true,
      options: {
        content: { type: 'string', default: 'content' },
        'as-of': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    output.error(`${(error as Error).message}\n\n${IMPORT_USAGE}`);
    return 2;
  }
  const repeated = repeatedOption(options.tokens);
  if (repeated) {
    output.error(`${repeated} is given twice; give it once\n\n${IMPORT_USAGE}`);
    return 2;
  }
  const { values, positionals: files } = options;
  if (values.help) {
    output.log(IMPORT_USAGE);
    return 0;
  }
  const asOf = values['as-of'];
  if (asOf !== undefined && !isValidDay(asOf)) {
    output.error(`--as-of: expected a day as YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
    return 2;
  }
  if (files.length === 0) {
    output.error(`no FILE given\n\n${IMPORT_USAGE}`);
    return 2;
  }

  const failed: string[] = [];
  const fail = (file: string, error: unknown) => {
    // Parser messages already start with the file name.
    const reason = (error as Error).message.replace(`${file}: `, '');
    failed.push(`${file}: ${reason}`);
    output.error(`${file}: FAILED: ${reason}`);
  };
  const parsed: ParsedFile[] = [];
  for (const file of files) {
    try {
      const day = /(\d{4}-\d{2}-\d{2})/.exec(path.basename(file))?.[1];
      const ctx = { origin: file, ...(day && isValidDay(day) && { day }), ...(asOf && { asOf }) };
      const { text, invalid } = decodeUtf8(await readFile(file));
      const listing = parseListing(text, ctx);
      if (invalid) listing.warnings.unshift(describeInvalidUtf8(file, invalid));
      parsed.push({ file, listing });
    } catch (error) {
      fail(file, error);
    }
  }

  // Oldest listing first: upvotes and other values then end up from the newest one.
  parsed.sort((a, b) => sourceDay(a.listing.source).localeCompare(sourceDay(b.listing.source)));
  // One writer at a time per content folder (src/lib/content-lock.ts), from before the store reads it.
  const lock = await lockContent(values.content, { note: (line) => output.error(line) });
  const store = await openStore(values.content).catch((error: unknown) => {
    lock.release();
    throw error;
  });
  const totals = { new: 0, updated: 0, unchanged: 0, warnings: 0 };
  let applyFailures = 0;
  for (const { file, listing } of parsed) {
    try {
      const report = await store.apply(listing);
      const warnings = [...listing.warnings, ...report.warnings];
      output.log(
        `${file}: ${listing.items.length} items (${listing.source}): ${report.new} new, ${report.updated} updated, ${report.unchanged} unchanged, ${warnings.length} warnings`,
      );
      for (const warning of warnings) output.log(`  warning: ${warning}`);
      // What was written counts, also when some file of the listing could not be.
      if (report.notWritten) {
        failed.push(`${file}: incomplete: ${report.notWritten} file(s) could not be written (see its warnings)`);
        output.error(`${file}: INCOMPLETE: ${report.notWritten} file(s) could not be written (see its warnings)`);
      }
      totals.new += report.new;
      totals.updated += report.updated;
      totals.unchanged += report.unchanged;
      totals.warnings += warnings.length;
    } catch (error) {
      applyFailures += 1;
      fail(file, error);
    }
  }

  lock.release();
  output.log(
    `Imported ${parsed.length - applyFailures} of ${files.length} files into ${values.content}: ` +
      `${totals.new} new, ${totals.updated} updated, ${totals.unchanged} unchanged papers, ${totals.warnings} warnings`,
  );
  if (failed.length) {
    output.error(`${failed.length} file(s) failed:`);
    for (const failure of failed) output.error(`  ${failure}`);
    return 1;
  }
  return 0;
}
