/** Listings, temporary folders and captured output for the fetch tests. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../src/fetch/cli.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

export const fixturesDir = path.resolve(import.meta.dirname, '../fixtures/fetch');

export async function recordedDay(day: '2024-10-25' | '2026-03-06'): Promise<string> {
  return readFile(path.join(fixturesDir, `hf-daily-papers-${day}.json`), 'utf8');
}

/** A small but complete API item; `day` and `n` (up to 999) make the arXiv id and title unique. */
export function apiItem(day: string, n: number, upvotes = n): object {
  const arxiv = `${day.slice(2, 4)}${day.slice(5, 7)}.${day.slice(8, 10)}${String(n).padStart(3, '0')}`;
  const title = `Synthetic paper ${n} listed on ${day}`;
  return {
    paper: {
      id: arxiv,
      authors: [{ _id: 'a', name: 'Ada Lovelace', hidden: false }],
      publishedAt: `${day}T10:00:00.000Z`,
      title,
      summary: `We study problem ${n}.\nIt matters.`,
      upvotes,
      discussionId: 'd',
    },
    publishedAt: `${day}T12:00:00.000Z`,
    title,
    numComments: 0,
  };
}

export function apiDay(day: string, count: number, upvotes?: number): string {
  return JSON.stringify(Array.from({ length: count }, (_, i) => apiItem(day, i + 1, upvotes)));
}

/** Removed when the test file ends. */
export async function tempDir(prefix: string): Promise<string> {
  return makeTempDir(`fetch-test-${prefix}-`);
}

/** Every file under `dir` with its text, to compare folders byte for byte. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, file)] = await readFile(file, 'utf8');
  }
  return files;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the fetch command in-process, as `npm run fetch -- ...argv` would, output captured. */
export async function runCli(argv: string[]): Promise<CliRun> {
  const stdout = collector();
  const stderr = collector();
  const code = await main(argv, { stdout: stdout.stream, stderr: stderr.stream, interactive: false });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function collector() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}
