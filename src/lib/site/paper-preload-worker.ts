/**
 * The paper preload's worker thread (paper-preload.ts): reads every paper and
 * hands the entries over, then scores the related lists of the papers this
 * build process renders, in the order the archive will number them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { splitPaperBody } from '../schema.ts';
import { readWordMemo, writeWordMemo, type WordMemo } from '../word-memo.ts';
import { byNewest } from './paper-order.ts';
import type { PreloadMessage, PreloadSettings } from './paper-preload.ts';
import { readPapers } from './papers-source.ts';
import { relatedInput, relatedPositions } from './related.ts';
import { rendersPaper } from './shard.ts';

const { papersDir, shard, limit, memo } = workerData as PreloadSettings;
const post = (message: PreloadMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);

try {
  const entries = readPapers(papersDir);
  post({ kind: 'papers', entries });
  const papers = entries
    .map((entry) => ({ id: entry.data.id, date: entry.data.date, upvotes: entry.data.upvotes, title: entry.data.title, keywords: entry.data.keywords, body: entry.body ?? '' }))
    .sort(byNewest);
  const docs = papers.map((paper) => relatedInput({ ...paper, abstract: splitPaperBody(paper.body).abstract }));
  const termMemo = memo && {
    previous: memo.read ? readWordMemo(memo.file) : undefined,
    keep: memo.write ? (counted: WordMemo) => writeWordMemo(memo.file, counted) : undefined,
  };
  const lists = relatedPositions(docs, (position) => rendersPaper(position, shard), limit, termMemo);
  post({ kind: 'related', order: papers.map((paper) => paper.id), lists }, [lists.buffer as ArrayBuffer]);
} catch (error) {
  // The build reads the papers itself and reports the problem with its own words.
  post({ kind: 'failed', message: (error as Error).message });
}
