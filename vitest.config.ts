import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/**
 * Tests of the large shared corpora beside the repository (../shared), which a user's clone does
 * not have. In CI (CI=true), where ../shared is always laid beside the clone, they run and fail
 * if it is missing; elsewhere, without it, they are left out of the run (so a clone's `npm test`
 * has nothing skipped) with a notice on stderr naming each file and what it needs.
 */
const SHARED_CORPUS_TESTS: readonly { test: string; needs: string; what: string }[] = [
  { test: 'test/packetdrill/corpus.test.ts', needs: '../shared/packetdrill/packetdrill-tcp.tar.gz', what: "Google's packetdrill TCP corpus (GPL test data)" },
];
const inCi = process.env.CI === 'true' || process.env.CI === '1';
const LEFT_OUT = SHARED_CORPUS_TESTS.filter((c) => !inCi && !existsSync(fileURLToPath(new URL(c.needs, import.meta.url))));
// vitest evaluates this file once per project and again in workers: the notice is printed once
if (process.env.LABWIRE_NOT_RUN_NOTICE === undefined) for (const c of LEFT_OUT) {
  process.env.LABWIRE_NOT_RUN_NOTICE = '1';
  process.stderr.write(`NOT RUN: ${c.test}: ${c.needs} is absent (${c.what}, laid beside the repository in CI; with CI=true its absence is a failure)\n`);
}
const LEFT_OUT_FILES = LEFT_OUT.map((c) => c.test);
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
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...E2E, ...MOCKING, ...LEFT_OUT_FILES], isolate: false } },
      { extends: true, test: { name: 'unit-isolated', include: MOCKING.length ? MOCKING : ['test/none'], exclude: [...E2E, ...LEFT_OUT_FILES] } },
      { extends: true, test: { name: 'e2e', include: E2E, exclude: LEFT_OUT_FILES } },
    ],
  },
});
