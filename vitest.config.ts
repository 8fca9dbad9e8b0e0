import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'mocks/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['tests/bench/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Files run in a random order every time (the seed is printed; rerun one with --sequence.seed=N):
    // each file starts its own gateway or store, so none may depend on another having run first.
    sequence: { shuffle: { files: true, tests: false } },
    // PostgreSQL for the store suites: TEST_DATABASE_URL's server, or a throwaway one (tests/support).
    globalSetup: ['tests/support/postgres-global-setup.ts'],
  },
});
