/**
 * Reads the papers and scores their related lists on a worker thread while
 * Astro starts.
 *
 * Reading 50,000 paper files and scoring every related list took about 12 s of
 * a build process's one thread, after Astro's own start (about 6 s) in which
 * the second core had little to do. An integration (src/integrations/
 * paper-preload.ts) starts this work with the build instead; the archive
 * (load.ts) takes the entries and lists once its pages ask for them, and reads
 * or scores for itself whatever the worker could not give (a failure, or
 * papers numbered otherwise). Pages run in Astro's bundle, a module instance
 * apart from the integration's, so the running work is handed over on
 * `globalThis`.
 */
import { Worker } from 'node:worker_threads';
import type { PaperEntry } from './papers-source.ts';

export interface PreloadSettings {
  papersDir: string;
  /** Papers per related list. */
  limit: number;
  /**
   * The related index's term counts kept between builds (src/search/word-memo.ts) and the related lists
   * (src/lib/site/related-memo.ts): the previous build's read when trusted, this build's written.
   */
  memo?: { file: string; read: boolean; lists: { dir: string; run: string; previousRun: string } };
}

/** Related lists as src/lib/site/related.ts `relatedPositions` gives them, for papers in `order`. */
export interface PreloadedRelated {
  /** Paper ids in the order the worker numbered them: the archive's, unless something differs. */
  order: string[];
  lists: Int32Array;
}

/** From the worker: batches of papers in file order, their end, then the related lists; or its failure at any point. */
export type PreloadMessage =
  | { kind: 'papers'; entries: PaperEntry[] }
  /** `warnings`: the files left out or changed (src/lib/site/papers-source.ts). */
  | { kind: 'papers-done'; warnings: string[] }
  | ({ kind: 'related' } & PreloadedRelated)
  | { kind: 'failed'; message: string };

export interface PaperPreload {
  /** Undefined when the worker failed: the archive then reads the papers itself. */
  papers: Promise<PaperEntry[] | undefined>;
  /** What reading them left out or changed, each naming its file; set when `papers` resolves to entries. */
  warnings: string[];
  related: Promise<PreloadedRelated | undefined>;
  /** Why the worker failed. */
  problem?: string;
}

const PRELOAD = Symbol.for('papers-archive.paper-preload');

/** Starts the worker (`workerFile`: paper-preload-worker.ts). */
export function runPaperPreload(workerFile: string, settings: PreloadSettings): PaperPreload {
  const worker = new Worker(workerFile, { workerData: settings });
  let gotPapers: (entries: PaperEntry[] | undefined) => void = () => {};
  let gotRelated: (related: PreloadedRelated | undefined) => void = () => {};
  const papers = new Promise<PaperEntry[] | undefined>((resolve) => (gotPapers = resolve));
  const related = new Promise<PreloadedRelated | undefined>((resolve) => (gotRelated = resolve));
  const preload: PaperPreload = { papers, related, warnings: [] };
  // Once the lists are in, or a failure was reported, the thread's end says nothing more.
  let settled = false;
  const fail = (problem?: string) => {
    if (!settled) preload.problem = problem;
    settled = true;
    gotPapers(undefined);
    gotRelated(undefined);
  };
  const entries: PaperEntry[] = [];
  worker.on('message', (message: PreloadMessage) => {
    if (message.kind === 'papers') entries.push(...message.entries);
    else if (message.kind === 'papers-done') {
      preload.warnings = message.warnings;
      gotPapers(entries);
    }
    else if (message.kind === 'related') {
      settled = true;
      gotRelated({ order: message.order, lists: message.lists });
    } else fail(message.message);
  });
  worker.on('error', (error) => fail(error.message));
  worker.on('exit', () => fail('its thread ended before scoring the related lists'));
  // Not unref'd: a process awaiting the papers has nothing else keeping it alive. The worker ends by itself once
  // its lists are posted.
  return preload;
}

/** Starts the preload (`paperPreload` hands it over); once per process. */
export function startPaperPreload(workerFile: string, settings: PreloadSettings): void {
  const global = globalThis as { [PRELOAD]?: PaperPreload };
  global[PRELOAD] ??= runPaperPreload(workerFile, settings);
}

/** The preload this process started, if any. */
export function paperPreload(): PaperPreload | undefined {
  return (globalThis as { [PRELOAD]?: PaperPreload })[PRELOAD];
}
