/** The Markdown files of a content folder, as the ingest, the site and the build all list them. */
import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Every `.md` file below `folder` (sub-folders included, hidden files left out),
 * sorted so that every run sees them in the same order; none when the folder is missing.
 */
export function listMarkdownFiles(folder: string): string[] {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md') && !entry.name.startsWith('.'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}
