import { describe, expect, it } from 'vitest';
import { parseResults, renderChart } from '../../scripts/bench/chart.ts';
import { parseBuildPhases } from '../../scripts/bench/measure-build.ts';

const line = (papers: number, buildSeconds: number, peakMemoryMB: number) =>
  JSON.stringify({ papers, buildSeconds, renderSeconds: buildSeconds / 2, indexSeconds: buildSeconds / 4, peakMemoryMB });

describe('the scale chart', () => {
  it('still reads results from before the rendering figure (no point drawn for it)', () => {
    const old = JSON.stringify({ papers: 1000, buildSeconds: 9, pagesSeconds: 7, indexSeconds: 2, peakMemoryMB: 600 });
    expect(renderChart(parseResults(`${old}\n${line(5000, 20, 900)}\n`, 'results.jsonl')).match(/<circle /g)).toHaveLength(7);
  });

  it('draws one point per result, sorted by papers, in both panels', () => {
    const svg = renderChart(parseResults(`${line(5000, 20, 900)}\n${line(1000, 5, 600)}\n`, 'results.jsonl'));
    expect(svg.startsWith('<svg')).toBe(true);
    // Three time series and one memory series, two points each.
    expect(svg.match(/<circle /g)).toHaveLength(8);
    expect(svg).toContain('4,000');
    expect(svg).toContain('Peak memory');
  });

  it('charts the build and leaves out the other engine of a comparison (bench --compare pagefind)', () => {
    const own = JSON.stringify({ engine: 'own', ...JSON.parse(line(1000, 5, 600)) });
    const pagefind = JSON.stringify({ engine: 'pagefind', papers: 1000, indexAloneSeconds: 30, indexPeakMemoryMB: 900 });
    expect(parseResults(`${own}\n${pagefind}\n`, 'results.jsonl').map((point) => point.papers)).toEqual([1000]);
  });

  it('names the file and line of a result it cannot read', () => {
    expect(() => parseResults(`${line(1000, 5, 600)}\n{"papers": "lots"}\n`, 'results.jsonl')).toThrow(/^results\.jsonl:2: not a benchmark result/);
    expect(() => parseResults('{oops\n', 'results.jsonl')).toThrow(/^results\.jsonl:1: not valid JSON/);
    expect(() => parseResults('\n', 'results.jsonl')).toThrow('results.jsonl: no benchmark results to chart');
  });
});

describe('reading the build log', () => {
  // An Astro 7 build log as printed (colours and the per-page lines trimmed).
  const log = [
    '05:05:40 [build] Collecting build info...',
    '05:05:40 [build] \u001b[32m✓ Completed in 2.72s.\u001b[39m',
    '05:05:40 [build] Building static entrypoints...',
    '05:05:41 [vite] ✓ built in 866ms',
    ' generating static routes ',
    '05:05:45 \u001b[32m✓ Completed in 4.00s.\u001b[39m',
    '05:05:45 [build] ✓ Completed in 5.10s.',
    '05:05:46 [papers-search] indexed 45 records into /x/dist/search-index in 0.2s',
    '05:05:46 [build] 96 page(s) built in \u001b[1m8.04s\u001b[22m',
  ].join('\n');

  it('separates content sync, rendering and the search index', () => {
    expect(parseBuildPhases(log)).toEqual({ astroSeconds: 8.04, contentSeconds: 2.72, renderSeconds: 4, indexSeconds: 0.2 });
  });

  it('reads durations of a minute and more, which Astro prints as "5m 7s"', () => {
    const phases = parseBuildPhases('[papers-search] indexed 20000 records into /x in 116.8s\n[build] 22156 page(s) built in 5m 7s');
    expect(phases.astroSeconds).toBe(307);
    expect(phases.indexSeconds).toBe(116.8);
  });

  it('says null for a phase the log does not show, instead of guessing', () => {
    const phases = parseBuildPhases('[build] 3 page(s) built in 850ms');
    expect(phases).toEqual({ astroSeconds: 0.85, contentSeconds: null, renderSeconds: null, indexSeconds: null });
  });
});
