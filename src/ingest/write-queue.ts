/**
 * Atomic file writes done by one writing thread while the main thread goes on
 * merging the next papers. Creating a file is mostly the kernel's work (on this
 * kind of disk, more than parsing and merging the paper), so overlapping the two
 * on two cores is most of what an ingest can gain. Each write is still
 * `writeFileAtomic` (temp file, then rename, never outside its root), run in
 * the order queued. If the thread cannot run, the writes run on the main thread.
 */
import { Worker } from 'node:worker_threads';
import { removeInside, writeFileAtomic } from '../lib/atomic-write.ts';

/** `file` written atomically, then, only when that worked, `thenRemove` removed (a paper renamed to its arXiv id). */
export interface WriteRequest {
  root: string;
  file: string;
  text: string;
  thenRemove?: string;
}

/** A request as sent to the thread: the text already UTF-8, in a buffer handed over without a copy. */
export interface EncodedRequest extends Omit<WriteRequest, 'text'> {
  bytes: Uint8Array;
}

/** What the writing thread runs for each request, and the main thread when there is no writing thread. */
export function runWriteRequest(request: WriteRequest | EncodedRequest, removedAlreadyIsFine = false): void {
  writeFileAtomic(request.root, request.file, 'bytes' in request ? request.bytes : request.text);
  if (request.thenRemove === undefined) return;
  try {
    removeInside(request.root, request.thenRemove);
  } catch (error) {
    if (!removedAlreadyIsFine || (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

export interface BatchMessage {
  batch: number;
  requests: EncodedRequest[];
}

export interface ReplyMessage {
  batch: number;
  /** One per request, in order: undefined when it was written, else the error's message. */
  errors: (string | undefined)[];
}

interface Waiting {
  request: WriteRequest;
  resolve: () => void;
  reject: (error: Error) => void;
}

const encoder = new TextEncoder();

/** Requests sent to the thread at once: few messages, yet the thread starts while the main thread merges on. */
const BATCH_SIZE = 32;
/** Requests queued or in flight before `whenBelowLimit` makes the caller wait: bounds the texts held in memory. */
const IN_FLIGHT_LIMIT = 512;

class WriteQueue {
  #worker: Worker | undefined;
  /** Set when the thread failed: from then on, writes run on the main thread. */
  #noThread = false;
  #queued: Waiting[] = [];
  readonly #inFlight = new Map<number, Waiting[]>();
  #inFlightCount = 0;
  #nextBatch = 0;
  #roomWaiters: (() => void)[] = [];

  /** Resolves once the file is written (and `thenRemove` removed); rejects with the write's error. */
  write(request: WriteRequest): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queued.push({ request, resolve, reject });
      if (this.#queued.length >= BATCH_SIZE) this.flush();
    });
  }

  /** Send what is queued now. */
  flush(): void {
    if (this.#queued.length === 0) return;
    const waiting = this.#queued;
    this.#queued = [];
    const worker = this.#noThread ? undefined : this.#thread();
    if (!worker) {
      runHere(waiting, false);
      return;
    }
    const batch = this.#nextBatch++;
    this.#inFlight.set(batch, waiting);
    this.#inFlightCount += waiting.length;
    if (this.#inFlight.size === 1) worker.ref();
    const requests = waiting.map(({ request: { text, ...rest } }): EncodedRequest => ({ ...rest, bytes: encoder.encode(text) }));
    worker.postMessage({ batch, requests } satisfies BatchMessage, requests.map((request) => request.bytes.buffer as ArrayBuffer));
  }

  /** Resolves when few enough writes are in flight; call it between papers so a long listing never holds all its texts. */
  whenBelowLimit(): Promise<void> | undefined {
    if (this.#inFlightCount + this.#queued.length < IN_FLIGHT_LIMIT) return undefined;
    this.flush();
    return new Promise((resolve) => this.#roomWaiters.push(resolve));
  }

  #thread(): Worker | undefined {
    if (this.#worker) return this.#worker;
    let worker: Worker;
    try {
      worker = new Worker(new URL('./write-queue-thread.ts', import.meta.url));
    } catch {
      this.#noThread = true;
      return undefined;
    }
    worker.unref();
    worker.on('message', (reply: ReplyMessage) => this.#settle(reply));
    // A thread that fails (cannot start, or dies) hands its unanswered batches back to the main thread.
    // Rewriting a file is harmless, and a paper already moved to its new name is fine.
    const fail = () => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      this.#noThread = true;
      const unanswered = [...this.#inFlight.values()].flat();
      this.#inFlight.clear();
      this.#inFlightCount = 0;
      runHere(unanswered, true);
      this.#wakeRoomWaiters();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    this.#worker = worker;
    return worker;
  }

  #settle({ batch, errors }: ReplyMessage): void {
    const waiting = this.#inFlight.get(batch);
    if (!waiting) return;
    this.#inFlight.delete(batch);
    this.#inFlightCount -= waiting.length;
    if (this.#inFlight.size === 0) this.#worker?.unref();
    waiting.forEach((each, index) => {
      const message = errors[index];
      if (message === undefined) each.resolve();
      else each.reject(new Error(message));
    });
    this.#wakeRoomWaiters();
  }

  #wakeRoomWaiters(): void {
    if (this.#inFlightCount + this.#queued.length >= IN_FLIGHT_LIMIT) return;
    const waiters = this.#roomWaiters;
    this.#roomWaiters = [];
    for (const wake of waiters) wake();
  }
}

function runHere(waiting: Waiting[], removedAlreadyIsFine: boolean): void {
  for (const each of waiting) {
    try {
      runWriteRequest(each.request, removedAlreadyIsFine);
      each.resolve();
    } catch (error) {
      each.reject(error as Error);
    }
  }
}

/** One writing thread per process, shared by every store; it never keeps the process alive when idle. */
export const writeQueue = new WriteQueue();
