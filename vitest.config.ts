import { defineConfig } from 'vitest/config';

// CI (.ci/run sets CI=true) also writes a JSON summary that .ci/run turns into "N passed, N failed".
const reporters: (string | [string, Record<string, unknown>])[] = process.env.CI
  ? ['default', ['json', { outputFile: 'test-artifacts/vitest.json' }]]
  : ['default'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each test file gets its own process and database; two workers fit this 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters,
  },
});
