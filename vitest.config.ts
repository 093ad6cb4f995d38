import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // two files at a time on the two cores: about half the wall time of one fork (README, Contributing)
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
