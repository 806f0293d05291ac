import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sampleTreeMemory } from '../../scripts/bench/measure-build.ts';

describe('peak memory of a process tree', () => {
  it('sees a grandchild that holds 300 MB briefly, and reports it alone rather than summed with its parents', { timeout: 20_000 }, async () => {
    // A child that starts a grandchild; the grandchild fills 300 MB, holds it a moment, and exits.
    const grandchild = `const b = Buffer.alloc(300 * 2 ** 20, 1); setTimeout(() => console.log(b[0]), 400);`;
    const child = spawn(process.execPath, ['-e', `require('child_process').spawnSync(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'inherit' })`], {
      stdio: 'ignore',
    });
    const sampler = sampleTreeMemory(child.pid!);
    await new Promise((resolve) => child.on('close', resolve));
    const peakMb = (await sampler.stop()) / 1024;
    expect(peakMb).toBeGreaterThan(300);
    // Each Node process alone is ~50 MB; a sum of the three would pass 400.
    expect(peakMb).toBeLessThan(400);
  });
});
