import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    hookTimeout: 120_000,
    testTimeout: 60_000,
    // PGlite instances take ~0.7 GiB each; two workers fit the 2-core machine.
    maxWorkers: 2,
  },
});
