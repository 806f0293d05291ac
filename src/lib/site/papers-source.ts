/**
 * Reads `content/papers/` for the site, validating every file against the one
 * paper schema.
 *
 * Papers are deliberately not an Astro content collection. Astro keeps a
 * collection in its data store, which a build serialises and then compiles back
 * as one JavaScript module: at the whole Hugging Face history (50,000 files,
 * about 200 MB of Markdown) that module costs more time and memory than
 * rendering every page. Read straight from disk with the ingest's parser, the
 * same files cost a few seconds. Days, topics and digests stay collections.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { readMarkdown } from '../../ingest/front-matter.ts';
import { listMarkdownFiles } from '../markdown-files.ts';
import { paperSchema } from '../schema.ts';
import type { PaperEntry } from './archive.ts';

export class PaperFileError extends Error {
  override name = 'PaperFileError';
}

/** One file: its entry, or the reason it cannot be one. */
export function readPaperFile(filePath: string, text: string): PaperEntry | string {
  let file;
  try {
    file = readMarkdown(text);
  } catch (error) {
    return `the front matter is not valid YAML: ${(error as Error).message}`;
  }
  const parsed = paperSchema.safeParse(file.data);
  if (!parsed.success) return z.prettifyError(parsed.error).replaceAll('\n', ' ');
  return { data: parsed.data, body: file.body, filePath };
}

/**
 * Every paper below `papersDir`, `size` at a time, in the order `readPapers`
 * gives them. Problems in any file stop the build with one message that names
 * each bad file and field (a half-built site would hide them), thrown once
 * every file has been read.
 */
export function* paperBatches(papersDir: string, size: number): Generator<PaperEntry[]> {
  let batch: PaperEntry[] = [];
  const problems: string[] = [];
  const fileOfId = new Map<string, string>();
  for (const filePath of listMarkdownFiles(papersDir)) {
    const entry = readPaperFile(filePath, readFileSync(filePath, 'utf8'));
    if (typeof entry === 'string') {
      problems.push(`${filePath}: ${entry}`);
      continue;
    }
    const other = fileOfId.get(entry.data.id);
    if (other !== undefined) {
      problems.push(`${filePath}: id "${entry.data.id}" is also the id of ${other}`);
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
  if (problems.length > 0) {
    throw new PaperFileError(`Paper files the site cannot read:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  }
}

/** Every paper below `papersDir` (see `paperBatches`). */
export function readPapers(papersDir: string): PaperEntry[] {
  const papers: PaperEntry[] = [];
  for (const batch of paperBatches(papersDir, 4096)) papers.push(...batch);
  return papers;
}
