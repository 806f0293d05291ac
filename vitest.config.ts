import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Long: a test that builds a site may first wait for other files' builds (one build at a time).
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
