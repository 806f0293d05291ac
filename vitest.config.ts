import os from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/** The bench runs big enough to show figures: `npm run test:bench` (vitest.bench.config.ts), not `npm test`. */
export const fullBenchTests = 'test/bench/full/**/*.test.ts';

export const sharedTestOptions = {
  // Vitest's default on two cores is one worker, which leaves a core idle while a file waits on a build, a browser
  // or a child process; builds still go one at a time (test/helpers/build-lock.ts).
  maxWorkers: Math.max(2, os.availableParallelism() - 1),
  // One folder per run for the fixture sites several files read (test/helpers/shared-builds.ts).
  globalSetup: ['test/helpers/global-setup.ts'],
  // Long: a test that builds a site may first wait for other files' builds (one build at a time).
  testTimeout: 300_000,
  hookTimeout: 300_000,
};

export default defineConfig({
  test: {
    ...sharedTestOptions,
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, fullBenchTests],
  },
});
