import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    // generous: a browser or whole-stack step waits up to 90 s when every suite runs at once on 2 cores (waits, not limits)
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
