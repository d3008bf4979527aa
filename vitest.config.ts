import { defineConfig } from 'vitest/config';

// Tests talk to real PostgreSQL (or embedded PGlite) and Redis, so they get
// generous time limits; speed targets live in the benchmarks, not here.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
