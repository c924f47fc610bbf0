import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // every test file's temporary folders are removed when it ends (test/tmp.ts)
    setupFiles: ['test/setup.ts'],
    // the default report, and a JSON one that .ci/run turns into a plain "N passed, N failed" line
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
  },
});
