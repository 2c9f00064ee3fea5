import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql realm: Node loads graphql's CommonJS build for Apollo and the other packages, so
    // our own transformed sources must resolve the same file, not the package's `module` entry.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    hookTimeout: 120_000,
    testTimeout: 60_000,
    // PGlite instances take ~0.7 GiB each; two workers fit the 2-core machine.
    maxWorkers: 2,
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
