/**
 * Reads `content/papers/` for the site, validating every file against the one
 * paper schema.
 *
 * Papers are deliberately not an Astro content collection. Astro keeps a
 * collection in its data store, which a build serialises and then compiles back
 * as one JavaScript module: at the whole Hugging Face history (50,000 files,
 * about 200 MB of Markdown) that module costs more time and memory than
 * rendering every page. Read straight from disk with gray-matter, the same
 * files cost a few seconds. Days, topics and digests stay collections.
 */
import { readFileSync } from 'node:fs';
import matter from 'gray-matter';
import yaml from 'js-yaml';
import { z } from 'zod';
import { controlsWarning, stripControls, stripControlsDeep } from '../control-chars.ts';
import { listMarkdownFiles } from '../markdown-files.ts';
import { paperSchema, type Paper } from '../schema.ts';

/** A paper file as read: its front matter, its body (the abstract and notes) and where it is. */
export interface PaperEntry {
  data: Paper;
  body?: string;
  filePath?: string;
}

/**
 * gray-matter's YAML engine, js-yaml (the one Astro reads the collections with), on its core schema: a date
 * written unquoted stays the text it is, which the schema checks against the calendar, where the default
 * schema's timestamps would turn 2026-02-30 into March 2.
 */
const engines = { yaml: (source: string): object => yaml.load(source, { schema: yaml.CORE_SCHEMA }) as object };

/** The front matter and body of a Markdown file; throws, naming the line, when the front matter is no YAML mapping. */
function readFrontMatter(text: string): { data: Record<string, unknown>; body: string } {
  let file;
  try {
    // With options, gray-matter keeps no cache of every file it read.
    file = matter(text, { engines });
  } catch (error) {
    // The YAML passed to js-yaml starts at the end of the opening `---` line: its lines are the file's.
    if (error instanceof yaml.YAMLException) {
      throw new Error(`the front matter is not valid YAML: line ${error.mark.line + 1}: ${error.reason}`, { cause: error });
    }
    throw new Error(`the front matter cannot be read: ${(error as Error).message}`, { cause: error });
  }
  const data: unknown = file.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new Error('the front matter is not a YAML mapping');
  return { data: data as Record<string, unknown>, body: file.content };
}

/**
 * One file: its entry, or the reason it cannot be one. Control characters are removed from the text first
 * (`warnings` says so, naming the file).
 */
export function readPaperFile(filePath: string, text: string, warnings: string[] = []): PaperEntry | string {
  // Raw ones first, which a YAML parser may refuse; then those a YAML escape (`"\x01"`) spelled.
  const clean = stripControls(text);
  let file;
  try {
    file = readFrontMatter(clean.text);
  } catch (error) {
    return (error as Error).message;
  }
  const count = { removed: clean.removed };
  const data = stripControlsDeep(file.data, count);
  if (count.removed > 0) warnings.push(controlsWarning(filePath, count.removed));
  const parsed = paperSchema.safeParse(data);
  if (!parsed.success) return z.prettifyError(parsed.error).replaceAll('\n', ' ');
  return { data: parsed.data, body: file.body, filePath };
}

/**
 * Every paper below `papersDir`, `size` at a time, in the order `readPapers`
 * gives them. A file the site cannot read (bad YAML, a field the schema
 * refuses, an id another file has) is left out, and `warnings` names the file
 * and what is wrong with it: one bad paper does not keep the rest of the
 * archive off the site.
 */
export function* paperBatches(papersDir: string, size: number, warnings: string[] = []): Generator<PaperEntry[]> {
  let batch: PaperEntry[] = [];
  const fileOfId = new Map<string, string>();
  for (const filePath of listMarkdownFiles(papersDir)) {
    const entry = readPaperFile(filePath, readFileSync(filePath, 'utf8'), warnings);
    if (typeof entry === 'string') {
      warnings.push(`${filePath}: left out of the site: ${entry}`);
      continue;
    }
    const other = fileOfId.get(entry.data.id);
    if (other !== undefined) {
      warnings.push(`${filePath}: left out of the site: id "${entry.data.id}" is also the id of ${other}`);
      continue;
    }
    fileOfId.set(entry.data.id, filePath);
    batch.push(entry);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Every paper below `papersDir` (see `paperBatches`); what was left out or changed goes to `warnings`. */
export function readPapers(papersDir: string, warnings: string[] = []): PaperEntry[] {
  const papers: PaperEntry[] = [];
  for (const batch of paperBatches(papersDir, 4096, warnings)) papers.push(...batch);
  return papers;
}
