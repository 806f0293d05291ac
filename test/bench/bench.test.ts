/**
 * Smoke test of `npm run bench`: a tiny real run must print one JSON line with
 * every figure, and sane values; bad flags are refused. A run big enough to
 * show the figures, with Pagefind beside it, is test/bench/full/bench-run.test.ts
 * (`npm run test:bench`). The figures themselves are not judged: speed targets
 * live in the benchmark's output, not in timed tests.
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withBuildLock } from '../helpers/build-lock.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { runBench } from './run-bench.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const TINY_PAPERS = 20;

describe('npm run bench', () => {
  // A tiny run, without the browser: every figure of the build is there and sane (test/bench/full/ runs a real one).
  it(`measures a ${TINY_PAPERS}-paper build and prints one JSON line with every figure`, async () => {
    const { code, stdout, stderr } = await withBuildLock(() => runBench(['--papers', String(TINY_PAPERS), '--skip-browser']));
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(result.papers).toBe(TINY_PAPERS);
    expect(result.pages).toBeGreaterThan(TINY_PAPERS);
    for (const field of ['buildSeconds', 'indexSeconds', 'contentSeconds', 'renderSeconds', 'pagesPerSecond', 'rebuildSeconds', 'indexBytes', 'paperPageBytes']) {
      expect(result[field], field).toBeGreaterThan(0);
    }
    expect(result.rebuildReusedPages as number).toBeGreaterThan(0);
    expect(result.rebuildReusedPages as number).toBeLessThan(result.pages as number);
    expect(result.peakMemoryMB as number).toBeGreaterThan(50);
  });

  it('refuses a missing or malformed --papers with the reason', async () => {
    const { code, stderr } = await runBench(['--papers', 'many']);
    expect(code).toBe(1);
    expect(stderr).toContain('--papers must be a positive whole number, got many');
  });

  it('refuses to compare with an engine it does not know', async () => {
    const { code, stderr } = await runBench(['--papers', '10', '--compare', 'lunr']);
    expect(code).toBe(1);
    expect(stderr).toContain('--compare takes pagefind, got lunr');
  });
});

describe('profiling a build (bench --cpu-prof)', () => {
  // Node refuses --cpu-prof in NODE_OPTIONS: the flags go to scripts/build.ts, which must pass them on.
  it('Node flags given to scripts/build.ts reach the astro process it starts', { timeout: 60_000 }, async () => {
    const dir = await makeTempDir('bench-prof-');
    const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, path.join(projectRoot, 'scripts/build.ts'), '--help'], { cwd: projectRoot });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number>((resolve) => child.on('close', (exit) => resolve(exit ?? 1)));
    expect(code, output).toBe(0);
    // One profile for the wrapper, one for astro.
    expect((await readdir(dir)).filter((name) => name.endsWith('.cpuprofile')).length).toBeGreaterThanOrEqual(2);
  });
});
