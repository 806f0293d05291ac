/**
 * Reads a text file line by line, a megabyte at a time, as bytes. The search
 * indexer reads its 75 MB of records this way: Node's `readline` over a stream
 * cost 2 s of a 50,000-paper rebuild in promises and events, one per line, and
 * decoding every line to a string another 1.5 s, when a rebuild needs the text
 * of a few dozen lines and only a digest of the rest.
 */
import { closeSync, openSync, readSync } from 'node:fs';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Calls `visit` with each line of `file`, without its "\n" or "\r\n", as bytes, and its number (from 1).
 * The bytes are a view of a buffer the next read reuses: copy or decode them during the call.
 */
export function forEachLine(file: string, visit: (bytes: Buffer, line: number) => void, chunkBytes = 1 << 20): void {
  const fd = openSync(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(chunkBytes);
    // Bytes of an unfinished line, carried to the start of the buffer before the next read.
    let carried = 0;
    let line = 0;
    const emit = (start: number, end: number) => {
      const last = end > start && buffer[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
      visit(buffer.subarray(start, last), ++line);
    };
    for (;;) {
      if (carried === buffer.length) {
        // A line longer than the buffer: a bigger one holds it whole.
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, carried);
        buffer = bigger;
      }
      const read = readSync(fd, buffer, carried, buffer.length - carried, null);
      if (read === 0) break;
      const filled = buffer.subarray(0, carried + read);
      let start = 0;
      for (let end = filled.indexOf(NEWLINE, carried); end >= 0; end = filled.indexOf(NEWLINE, start)) {
        emit(start, end);
        start = end + 1;
      }
      carried = filled.length - start;
      buffer.copy(buffer, 0, start, filled.length);
    }
    if (carried > 0) emit(0, carried);
  } finally {
    closeSync(fd);
  }
}
