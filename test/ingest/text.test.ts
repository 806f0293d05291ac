import { describe, expect, it } from 'vitest';
import { httpUrlOrUndefined, normaliseAbstract, normaliseArxivId, titleKey, titleSlug } from '../../src/ingest/text.ts';
import { NOTES_MARKER, isSafeId } from '../../src/lib/schema.ts';

describe('ids', () => {
  it('recognises new- and old-style arXiv ids and drops the version', () => {
    expect(normaliseArxivId('2410.17243v2')).toBe('2410.17243');
    expect(normaliseArxivId('0704.0001')).toBe('0704.0001');
    expect(normaliseArxivId('hep-th/9901001')).toBe('hep-th/9901001');
    expect(normaliseArxivId('math.GT/0309136v1')).toBe('math.GT/0309136');
    for (const bad of ['../2410.17243', '2410.17243/..', 'hep-th/../../x', '2410', 'abs/2410.17243', '']) expect(normaliseArxivId(bad)).toBeUndefined();
  });

  it('accepts only ids whose segments are plain file names', () => {
    expect(['2410.17243', 'hep-th/9901001', 'a-title-slug'].every(isSafeId)).toBe(true);
    expect(['../x', 'a/../b', '/etc/passwd', '.hidden', 'a/b/c', 'a b', 'x..y', ''].some(isSafeId)).toBe(false);
  });

  it('makes stable, bounded ASCII slugs from titles, TeX and punctuation folded', () => {
    expect(titleSlug('MoE$^2$: Optimizing Collaborative Inference')).toBe('moe-2-optimizing-collaborative-inference');
    expect(titleSlug('(P)rior(D)yna(F)low: Ünïcode — dashes')).toBe('p-rior-d-yna-f-low-unicode-dashes');
    expect(titleSlug('../../etc/passwd')).toBe('etc-passwd');
    expect(titleSlug('x'.repeat(200))).toHaveLength(80);
    expect(titleSlug('深度学习')).toMatch(/^paper-[0-9a-f]{12}$/);
    expect(titleSlug('深度学习')).toBe(titleSlug('深度学习'));
    expect(titleSlug('A '.repeat(30) + 'tail words beyond the limit')).not.toMatch(/-$/);
  });

  it('compares titles with case, spacing, TeX and punctuation folded', () => {
    expect(titleKey('MoE$^2$:  Optimizing')).toBe(titleKey('moe^2 — optimizing'));
    expect(titleKey('\\textbf{Bold} Claims')).toBe(titleKey('Bold claims'));
    expect(titleKey('Dynamical Linear Bandits')).not.toBe(titleKey('Dynamical Linear Bandit'));
  });
});

describe('text', () => {
  it('unwraps arXiv hard line breaks but keeps paragraphs, and removes the notes marker', () => {
    expect(normaliseAbstract('A line\n  broken here.\r\n\r\nSecond   para\ngraph.\n\n\n')).toBe('A line broken here.\n\nSecond para graph.');
    expect(normaliseAbstract(`before ${NOTES_MARKER} after`)).toBe('before after');
  });

  it('never lets a marker through that folding spaces or removing a marker would make', () => {
    const spaced = NOTES_MARKER.replace(' ', '  \n ');
    expect(normaliseAbstract(`before ${spaced} after`)).toBe('before after');
    const [head, tail] = [NOTES_MARKER.slice(0, 10), NOTES_MARKER.slice(10)];
    expect(normaliseAbstract(`before ${head}${NOTES_MARKER}${tail} after`)).toBe('before after');
  });

  it('unwraps exactly as splitting into paragraphs and collapsing each would', () => {
    // The straightforward definition, kept here as the reference for the one-pass implementation.
    const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
    const reference = (text: string) =>
      text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/).map(collapse).filter((paragraph) => paragraph !== '').join('\n\n');
    const alphabet = [' ', ' ', '\t', '\n', '\n', '\r', '\r\n', '\u00a0', '\u2028', '\f', '\v', '\ufeff', 'a', 'b', 'c'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 20_000; i++) {
      const text = Array.from({ length: Math.floor(next() * 14) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      expect(normaliseAbstract(text), JSON.stringify(text)).toBe(reference(text));
    }
  });

  it('lets only http(s) URLs through', () => {
    expect(httpUrlOrUndefined('https://github.com/a/b')).toBe('https://github.com/a/b');
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'ftp://x.org', '//evil.org', 'github.com/a', 42]) expect(httpUrlOrUndefined(bad)).toBeUndefined();
  });
});
