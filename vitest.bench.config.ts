import { defineConfig } from 'vitest/config';
import { fullBenchTests, sharedTestOptions } from './vitest.config.ts';

/** `npm run test:bench`: the bench runs big enough to show figures, left out of `npm test` for their minutes. */
export default defineConfig({
  test: { ...sharedTestOptions, include: [fullBenchTests] },
});
