/**
 * `npm run new -- DIR`: an empty archive, ready for `npm run import`, `npm run
 * fetch` and `npm run build`: the default taxonomy copied into `topics/` (so it
 * can be edited), the site settings in `site.yaml`, and empty `papers/`,
 * `days/` and `digests/` folders (each with a `.gitkeep`, so a commit keeps them).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SITE_SETTINGS, SITE_SETTINGS_FILE, siteSettingsFile } from './site-settings.ts';

export const NEW_USAGE = `Usage: npm run new -- DIR

Creates an empty archive in DIR (a new or empty folder): the default taxonomy in
DIR/topics/ (yours to edit), the site's title, description and URL in
DIR/site.yaml, and empty papers/, days/ and digests/ folders.
`;

/** A folder that cannot become a new archive; the message says why and what to do. */
export class NewArchiveError extends Error {
  override name = 'NewArchiveError';
}

/** Writes the archive into a temporary sibling first, then renames it into place: never half an archive. */
export function createArchive(dir: string, taxonomy: string): { topics: number } {
  const target = path.resolve(dir);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new NewArchiveError(`${dir} is a file, not a folder: choose another name`);
    const entries = readdirSync(target);
    if (entries.length > 0) {
      throw new NewArchiveError(
        `${dir} is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, e.g. ${entries.sort()[0]}): nothing was written. ` +
          'Choose a new folder, or import into this one with npm run import -- --content ' + dir,
      );
    }
  }
  const topics = existsSync(taxonomy) ? readdirSync(taxonomy).filter((name) => /\.mdx?$/.test(name)) : [];
  if (topics.length === 0) throw new NewArchiveError(`${taxonomy}: no default taxonomy to copy (the project's content/topics/ is missing or empty)`);
  mkdirSync(path.dirname(target), { recursive: true });
  const staging = `${target}.tmp-${process.pid}`;
  try {
    mkdirSync(staging);
    mkdirSync(path.join(staging, 'topics'));
    for (const name of topics) cpSync(path.join(taxonomy, name), path.join(staging, 'topics', name));
    for (const folder of ['papers', 'days', 'digests']) {
      mkdirSync(path.join(staging, folder));
      writeFileSync(path.join(staging, folder, '.gitkeep'), '');
    }
    writeFileSync(path.join(staging, SITE_SETTINGS_FILE), siteSettingsFile(DEFAULT_SITE_SETTINGS));
    if (existsSync(target)) rmdirSync(target); // empty, checked above
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return { topics: topics.length };
}

export interface NewOutput {
  log(line: string): void;
  error(line: string): void;
}

/** Runs the command; resolves to the process exit code. */
export function runNew(argv: string[], taxonomy: string, output: NewOutput): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    output.error(`${(error as Error).message}\n\n${NEW_USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    output.log(NEW_USAGE);
    return 0;
  }
  const [dir, ...extra] = parsed.positionals;
  if (!dir || extra.length > 0) {
    output.error(`expected one folder, got ${parsed.positionals.length}\n\n${NEW_USAGE}`);
    return 2;
  }
  try {
    const { topics } = createArchive(dir, taxonomy);
    output.log(`Created ${dir}/: ${topics} topics in topics/ (the default taxonomy, yours to edit), ${SITE_SETTINGS_FILE} (title, description, url), papers/, days/, digests/.`);
    output.log('Next:');
    output.log(`  npm run fetch -- --content ${dir} --days 7      the last week from Hugging Face`);
    output.log(`  npm run import -- --content ${dir} FILE...      saved listings`);
    output.log(`  CONTENT_DIR=${dir} npm run build                the site, in dist/`);
    output.log(`Then npm run fetch -- --content ${dir} --since-last keeps it up to date.`);
    return 0;
  } catch (error) {
    output.error(error instanceof NewArchiveError ? error.message : `${dir}: ${(error as Error).message}`);
    return 1;
  }
}
