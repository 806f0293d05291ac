/**
 * `npm run bench` at a size that shows the figures (run by `npm run test:bench`,
 * not by `npm test`): a real run of a few hundred papers, compared with
 * Pagefind, must print one JSON line per engine with every figure, and sane
 * values. The figures themselves are not judged here: speed targets live in
 * the benchmark's output, not in timed tests. test/bench/bench.test.ts runs a
 * tiny one in `npm test`.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_PATH } from '../../../scripts/lib/chromium.ts';
import { withBuildLock } from '../../helpers/build-lock.ts';
import { runBench } from '../run-bench.ts';

const PAPERS = 300;
const withBrowser = existsSync(CHROMIUM_PATH);

describe('npm run bench', () => {
  // The timeout includes waiting for the other test files' builds (one build at a time).
  // With Chromium, the run also compares Pagefind (--compare pagefind): a second line, the same figures for both.
  it(`measures a ${PAPERS}-paper build and prints one JSON line with every figure, and Pagefind's beside it`, { timeout: 400_000 }, async () => {
    const { code, stdout, stderr } = await withBuildLock(() => runBench(['--papers', String(PAPERS), ...(withBrowser ? ['--compare', 'pagefind'] : ['--skip-browser'])]));
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(withBrowser ? 2 : 1);
    const result = JSON.parse(lines[0]!) as Record<string, unknown>;

    expect(result.papers).toBe(PAPERS);
    // One page per paper at least, plus days, months, topics and the fixed pages.
    expect(result.pages).toBeGreaterThan(PAPERS);
    for (const field of ['buildSeconds', 'indexSeconds', 'contentSeconds', 'renderSeconds', 'pagesPerSecond', 'rebuildSeconds']) {
      expect(result[field], field).toBeGreaterThan(0);
    }
    expect(result.renderSeconds as number).toBeLessThan(result.buildSeconds as number);
    // The rebuild after one more day leaves pages as the build wrote them, but not all (40 more papers move
    // many of 300 papers' related lists and every topic page).
    expect(result.rebuildReusedPages as number).toBeGreaterThan(0);
    expect(result.rebuildReusedPages as number).toBeLessThan(result.pages as number);
    expect(result.indexSeconds as number).toBeLessThan(result.buildSeconds as number);
    expect(result.peakMemoryMB as number).toBeGreaterThan(50);
    expect(result.peakMemoryMB as number).toBeLessThan(16_000);
    expect(result.indexBytes as number).toBeGreaterThan(10_000);
    // A day page lists 40 papers; a paper page shows one.
    expect(result.dayPageBytes as number).toBeGreaterThan(result.paperPageBytes as number);
    expect(result.paperPageBytes as number).toBeGreaterThan(1_000);
    if (withBrowser) {
      expect(result.firstQueryKB as number).toBeGreaterThan(1);
      expect(result.firstQueryMs as number).toBeGreaterThan(0);
      // Typed into the settled page of a fresh browser: the query's own index files, timed on the page's clock.
      expect(result.typedQueryKB as number).toBeGreaterThan(1);
      expect(result.typedQueryMs as number).toBeGreaterThan(0);
      expect(result.typedQueryMs as number).toBeLessThan(result.firstQueryMs as number);
      expect(result.laterQueryKB).toHaveLength(2);
      expect(result.laterQueryMs).toHaveLength(2);
      expect(result.laterQueryPageMs).toHaveLength(2);

      const pagefind = JSON.parse(lines[1]!) as Record<string, unknown>;
      expect(result.engine).toBe('own');
      expect(pagefind).toMatchObject({ engine: 'pagefind', version: '1.6.0', papers: PAPERS });
      for (const engine of [result, pagefind]) {
        for (const field of ['indexAloneSeconds', 'indexCpuSeconds', 'indexPeakMemoryMB', 'indexBytes', 'firstResultKB', 'firstQueryKB', 'filteredQueryKB', 'sortedQueryKB']) {
          expect(engine[field], `${String(engine.engine)} ${field}`).toBeGreaterThan(0);
        }
        expect(engine.laterQueryKB).toHaveLength(2);
        // Both engines scored on the judged query set.
        expect(engine.ndcg10 as number).toBeGreaterThan(0.5);
        expect(engine.ndcg10 as number).toBeLessThanOrEqual(1);
        expect(engine.recall5 as number).toBeGreaterThan(0.5);
      }
      // The same records in both indexes: Pagefind writes at least a fragment file per paper.
      expect(pagefind.indexFiles as number).toBeGreaterThan(PAPERS);
    }
  });
});
