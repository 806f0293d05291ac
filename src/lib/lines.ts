/**
 * Reads a text file line by line, a megabyte at a time. The search indexer
 * reads its 115 MB of records this way: Node's `readline` over a stream cost
 * 2 s of a 50,000-paper rebuild in promises and events, one per line.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** Calls `visit` with each line of `file`, without its "\n" or "\r\n", and its number (from 1). */
export function forEachLine(file: string, visit: (text: string, line: number) => void, chunkBytes = 1 << 20): void {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(chunkBytes);
    // Keeps a character whose bytes a chunk splits until the next chunk completes it.
    const decoder = new StringDecoder('utf8');
    let line = 0;
    let rest = '';
    const emit = (text: string) => visit(text.endsWith('\r') ? text.slice(0, -1) : text, ++line);
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      const text = rest + decoder.write(buffer.subarray(0, read));
      let start = 0;
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        emit(text.slice(start, end));
        start = end + 1;
      }
      rest = text.slice(start);
    }
    rest += decoder.end();
    if (rest !== '') emit(rest);
  } finally {
    closeSync(fd);
  }
}
