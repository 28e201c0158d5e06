import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (codecs, protocol machines, the simulator's parts, labwire/testing: fast,
 * `npm run test:quick`) and `e2e` (whole scenarios, `labwire show` against tshark, the README's
 * consumer set-up). `npm test` runs both.
 */
const E2E = ['test/e2e/**/*.test.ts', 'test/show/**/*.test.ts', 'test/consumer/**/*.test.ts', 'test/**/tshark.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: one worker on a 2-core machine, while
    // much of a test's time is spent waiting on tshark and npm child processes
    maxWorkers: availableParallelism(),
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: E2E, isolate: false } },
      { extends: true, test: { name: 'e2e', include: E2E } },
    ],
  },
});
