/**
 * Bytes from outside (a response, a saved file) read as UTF-8. A bad sequence
 * still becomes U+FFFD, as every browser reads it, but the caller learns where
 * and how often, so the person can tell a broken source from a broken paper.
 */
import { isUtf8 } from 'node:buffer';

export interface InvalidUtf8 {
  /** Byte sequences replaced by U+FFFD. */
  count: number;
  /** Offset from the start of the bytes (0 is the first byte) of the first one. */
  firstOffset: number;
}

export interface DecodedText {
  text: string;
  /** Absent when every byte was valid UTF-8. */
  invalid?: InvalidUtf8;
}

const decoder = new TextDecoder('utf-8');

/** A leading byte order mark is dropped, as `fetch`'s `response.text()` does. */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  const text = decoder.decode(bytes);
  if (isUtf8(bytes)) return { text };
  return { text, invalid: findInvalidUtf8(bytes) };
}

/** The warning line for `where` (a URL or a file name). */
export function describeInvalidUtf8(where: string, invalid: InvalidUtf8): string {
  const sequences = invalid.count === 1 ? '1 byte sequence that is' : `${invalid.count} byte sequences that are`;
  return `${where}: ${sequences} not valid UTF-8, the first at byte offset ${invalid.firstOffset}, read as U+FFFD`;
}

/**
 * Counts the sequences the WHATWG UTF-8 decoder (which TextDecoder follows)
 * replaces, one per U+FFFD it emits: a byte that cannot start a sequence, or a
 * sequence cut short by a byte that cannot continue it or by the end.
 */
function findInvalidUtf8(bytes: Uint8Array): InvalidUtf8 {
  let count = 0;
  let firstOffset = -1;
  const invalidAt = (offset: number) => {
    count++;
    if (firstOffset < 0) firstOffset = offset;
  };
  let needed = 0;
  let seen = 0;
  let lower = 0x80;
  let upper = 0xbf;
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (needed === 0) {
      start = i;
      if (byte <= 0x7f) continue;
      if (byte >= 0xc2 && byte <= 0xdf) needed = 1;
      else if (byte >= 0xe0 && byte <= 0xef) {
        if (byte === 0xe0) lower = 0xa0;
        if (byte === 0xed) upper = 0x9f;
        needed = 2;
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        if (byte === 0xf0) lower = 0x90;
        if (byte === 0xf4) upper = 0x8f;
        needed = 3;
      } else invalidAt(i);
      continue;
    }
    if (byte < lower || byte > upper) {
      // The sequence so far is one replacement; this byte is read again as a possible start.
      needed = seen = 0;
      lower = 0x80;
      upper = 0xbf;
      invalidAt(start);
      i--;
      continue;
    }
    lower = 0x80;
    upper = 0xbf;
    if (++seen === needed) needed = seen = 0;
  }
  if (needed !== 0) invalidAt(start);
  return { count, firstOffset };
}
