/**
 * Every input the fuzzer ever saved (test/fixtures/fuzz/TARGET/) runs again without an
 * exception: each is the regression test of a fix (a saved slow input is one that must not
 * hang: the test's timeout catches that).
 */
import { describe, expect, it } from 'vitest';
import { savedInputs, tryInput } from '../../fuzz/harness.ts';
import { TARGETS } from '../../fuzz/targets.ts';

describe('saved fuzz inputs', async () => {
  for (const name of Object.keys(TARGETS)) {
    const saved = await savedInputs(name);
    // a target with no saved input has nothing to replay
    if (saved.length === 0) console.log(`saved fuzz inputs: none for ${name} yet (test/fixtures/fuzz/${name}/ is empty), nothing to replay`);
    it.skipIf(saved.length === 0).each(saved)(`${name}: %s`, (_, input) => {
      expect(tryInput(TARGETS[name]!, input as never).threw).toBeUndefined();
    });
  }
});
