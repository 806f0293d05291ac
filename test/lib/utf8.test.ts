import { describe, expect, test } from 'vitest';
import { decodeUtf8, describeInvalidUtf8 } from '../../src/lib/utf8.ts';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));

describe('reading bytes as UTF-8', () => {
  test('valid text, a byte order mark dropped, no report', () => {
    expect(decodeUtf8(bytes('Pâté ∑ 😀'))).toEqual({ text: 'Pâté ∑ 😀' });
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], '[]'))).toEqual({ text: '[]' });
  });

  test.each([
    ['a lone continuation byte', bytes('ab', [0x80], 'c'), 1, 2],
    ['a byte that never starts a sequence', bytes('x', [0xff, 0xc0], 'y'), 2, 1],
    ['a sequence cut by an ASCII byte', bytes('é', [0xe2, 0x82], 'z'), 1, 2],
    ['a sequence cut by the end', bytes('ok', [0xf0, 0x9f, 0x98]), 1, 2],
    ['an overlong form and an encoded surrogate', bytes([0xe0, 0x80, 0xaf], '-', [0xed, 0xa0, 0x80]), 6, 0],
  ])('%s: counted and located as the decoder replaces it', (_, input, count, firstOffset) => {
    const decoded = decodeUtf8(input);
    expect(decoded.invalid).toEqual({ count, firstOffset });
    expect([...decoded.text].filter((char) => char === '\uFFFD')).toHaveLength(count);
  });

  test('on random bytes, one count per U+FFFD the decoder writes, the first where the text first has one', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 300; round++) {
      // 0xEF left out: EF BF BD is a valid U+FFFD and would be counted by the text but not by the check.
      const input = Uint8Array.from({ length: 40 }, () => {
        const byte = Math.floor(random() * 256);
        return byte === 0xef ? 0x41 : byte;
      });
      const { text, invalid } = decodeUtf8(input);
      const replaced = [...text].filter((char) => char === '\uFFFD').length;
      expect(invalid?.count ?? 0).toBe(replaced);
      if (invalid) expect(decodeUtf8(input.subarray(0, invalid.firstOffset)).text).toBe(text.slice(0, text.indexOf('\uFFFD')));
    }
  });

  test('the warning names where, the first offset and how many', () => {
    expect(describeInvalidUtf8('a.json', { count: 1, firstOffset: 0 })).toBe('a.json: 1 byte sequence that is not valid UTF-8, the first at byte offset 0, read as U+FFFD');
    expect(describeInvalidUtf8('https://x/p', { count: 3, firstOffset: 17 })).toBe(
      'https://x/p: 3 byte sequences that are not valid UTF-8, the first at byte offset 17, read as U+FFFD',
    );
  });
});
