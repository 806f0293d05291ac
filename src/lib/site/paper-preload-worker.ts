/**
 * The paper preload's worker thread (paper-preload.ts): reads every paper and
 * hands the entries over, then scores every paper's related list, in the
 * order the archive will number them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { splitPaperBody } from '../schema.ts';
import { readInBackground } from '../read-in-background.ts';
import { parseWordMemo, writeWordMemo, type WordMemo } from '../../search/word-memo.ts';
import { byNewest } from './paper-order.ts';
import type { PreloadMessage, PreloadSettings } from './paper-preload.ts';
import { paperBatches } from './papers-source.ts';
import { relatedInput, relatedPositions, type RelatedInput, type RelatedListsMemo, type RelatedMemo } from './related.ts';
import { readRelatedLists, writeRelatedLists } from './related-memo.ts';

const { papersDir, limit, memo } = workerData as PreloadSettings;
const post = (message: PreloadMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);

/** Papers handed over at a time: the worker never holds more than these of the entries it has read. */
const BATCH = 2000;

/**
 * Reads the papers and hands them over a batch at a time, keeping only what related papers need: the entries
 * themselves (a few hundred MB at 50,000 papers, copied to the build's thread) never pile up here, which keeps the
 * process's peak memory near what it was before the preload.
 */
async function handOverPapers(): Promise<{ order: string[]; docs: RelatedInput[] }> {
  const papers: { id: string; date?: string; published?: string; upvotes?: number; text: string }[] = [];
  const warnings: string[] = [];
  for (const batch of paperBatches(papersDir, BATCH, warnings)) {
    for (const entry of batch) {
      const { id, date, published, upvotes } = entry.data;
      papers.push({ id, date, published, upvotes, text: relatedInput({ ...entry.data, abstract: splitPaperBody(entry.body ?? '').abstract }).text });
    }
    post({ kind: 'papers', entries: batch });
    // A turn of the event loop between batches: the memos' reads in the background go on (read-in-background.ts).
    await new Promise((resolve) => setImmediate(resolve));
  }
  post({ kind: 'papers-done', warnings });
  papers.sort(byNewest);
  return { order: papers.map((paper) => paper.id), docs: papers.map(({ id, text }) => ({ id, text })) };
}

try {
  // The memos are read by the thread pool while this thread reads the papers, and parsed after.
  const termsRead = memo?.read ? readInBackground(memo.file) : undefined;
  const listsRead = memo?.read && memo.lists.previousRun ? readRelatedLists(memo.lists.dir, memo.lists.previousRun) : undefined;
  const { order, docs } = await handOverPapers();
  const termBytes = await termsRead;
  let counted: WordMemo | undefined;
  let scored: RelatedListsMemo | undefined;
  const relatedMemo: RelatedMemo | undefined = memo && {
    previous: termBytes && parseWordMemo(termBytes),
    keep: (memoToKeep: WordMemo) => (counted = memoToKeep),
    previousLists: await listsRead,
    keepLists: (lists) => (scored = lists),
    notePapers: true,
  };
  const lists = relatedPositions(docs, () => true, limit, relatedMemo);
  post({ kind: 'related', order, lists }, [lists.buffer as ArrayBuffer]);
  // Written once the build has its lists: the build waits for those, not for these files.
  if (memo && counted) writeWordMemo(memo.file, counted);
  if (memo && scored) writeRelatedLists(memo.lists.dir, memo.lists.run, 0, scored);
} catch (error) {
  // The build reads the papers itself.
  post({ kind: 'failed', message: (error as Error).message });
}
