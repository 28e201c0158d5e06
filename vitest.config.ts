import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Projects: `unit` (codecs, protocol machines, the simulator's parts, labwire/testing: fast,
 * `npm run test:quick`), run without a fresh module graph per file; `unit-isolated`, the unit
 * files that mock modules (`vi.mock` needs the graph to itself); and `e2e` (whole scenarios,
 * `labwire show` against tshark, the README's consumer set-up). `npm test` runs all three.
 */
const E2E = ['test/e2e/**/*.test.ts', 'test/show/**/*.test.ts', 'test/consumer/**/*.test.ts', 'test/**/tshark.test.ts'];

const TEST = fileURLToPath(new URL('test/', import.meta.url));
const MOCKING = readdirSync(TEST, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts') && /\bvi\.(mock|doMock)\(/.test(readFileSync(TEST + f, 'utf8')))
  .map((f) => `test/${f.split('\\').join('/')}`);

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: one worker on a 2-core machine, while
    // much of a test's time is spent waiting on tshark and npm child processes
    maxWorkers: availableParallelism(),
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...E2E, ...MOCKING], isolate: false } },
      { extends: true, test: { name: 'unit-isolated', include: MOCKING.length ? MOCKING : ['test/none'], exclude: E2E } },
      { extends: true, test: { name: 'e2e', include: E2E } },
    ],
  },
});
