/** The writing thread of write-queue.ts: runs each batch of atomic writes in order and answers once per batch. */
import { parentPort } from 'node:worker_threads';
import { runWriteRequest } from './write-queue.ts';
import type { BatchMessage, ReplyMessage } from './write-queue.ts';

parentPort?.on('message', ({ batch, requests }: BatchMessage) => {
  const errors = requests.map((request) => {
    try {
      runWriteRequest(request);
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  });
  parentPort?.postMessage({ batch, errors } satisfies ReplyMessage);
});
