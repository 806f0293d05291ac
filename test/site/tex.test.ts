import * as cheerio from 'cheerio';
import { describe, expect, test } from 'vitest';
import { renderTex, splitTex, texToPlain } from '../../src/lib/tex.ts';

describe('splitTex', () => {
  test('finds inline and display math', () => {
    expect(splitTex('MoE$^2$: fast')).toEqual([
      { kind: 'text', value: 'MoE' },
      { kind: 'math', value: '^2', display: false },
      { kind: 'text', value: ': fast' },
    ]);
    expect(splitTex('a $$x$$ b \\(y\\)').filter((segment) => segment.kind === 'math')).toEqual([
      { kind: 'math', value: 'x', display: true },
      { kind: 'math', value: 'y', display: false },
    ]);
  });

  test('dollar amounts and escaped dollars stay text', () => {
    expect(splitTex('costs $5 and $10 per hour').every((segment) => segment.kind === 'text')).toBe(true);
    expect(splitTex('price \\$3 and \\$4').every((segment) => segment.kind === 'text')).toBe(true);
    expect(splitTex('an unclosed $x').every((segment) => segment.kind === 'text')).toBe(true);
  });
});

describe('renderTex', () => {
  test('escapes text and renders math with KaTeX', () => {
    const $ = cheerio.load(`<p>${renderTex('<b>bold</b> $\\mathcal{O}(n^2)$ and 12\\% of \\underline{R}ecall')}</p>`);
    expect($('b').length).toBe(0);
    expect($('p').text()).toContain('<b>bold</b>');
    expect($('.katex annotation').text()).toBe('\\mathcal{O}(n^2)');
    expect($('p').text()).toContain('12% of Recall');
  });

  test('hostile text inside math cannot become markup', () => {
    const $ = cheerio.load(`<p>${renderTex('$<img src=x onerror=alert(1)>$ $\\href{javascript:alert(1)}{x}$')}</p>`);
    expect($('img').length).toBe(0);
    expect($('a').length).toBe(0);
  });

  test('invalid TeX does not throw', () => {
    expect(() => renderTex('$\\frac{1}{$ and $\\undefinedmacro$')).not.toThrow();
  });

  test('compact output is MathML only', () => {
    const $ = cheerio.load(renderTex('$x^2$', { compact: true }));
    expect($('math').length).toBe(1);
    expect($('.katex-html').length).toBe(0);
  });

  test('plain text keeps the math source', () => {
    expect(texToPlain('MoE$^2$:  a \\%  test')).toBe('MoE^2: a % test');
  });
});
