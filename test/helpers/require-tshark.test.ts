/**
 * Where tshark does not run, the tests that need it skip and say why; with
 * LABWIRE_REQUIRE_TSHARK=1 (CI) the same check fails instead, so CI cannot go green without it.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const HELPER = pathToFileURL(join(import.meta.dirname, 'tshark.ts')).href;

/** hasTshark() in a fresh process with tshark pointed at nothing. */
function probe(env: Record<string, string>) {
  const script = `const { hasTshark } = await import(${JSON.stringify(HELPER)}); console.log('hasTshark:', hasTshark());`;
  const childEnv: NodeJS.ProcessEnv = { ...process.env, TSHARK: '/nonexistent/tshark', ...env };
  if (!('LABWIRE_REQUIRE_TSHARK' in env)) delete childEnv['LABWIRE_REQUIRE_TSHARK'];
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: childEnv, encoding: 'utf8' });
}

describe('a missing tshark', () => {
  it('skips the tshark tests and prints why', () => {
    const r = probe({});
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('hasTshark: false');
    expect(r.stdout).toMatch(/`\/nonexistent\/tshark -v` does not run .*: the tests that compare with tshark are skipped/);
  });

  it('fails under LABWIRE_REQUIRE_TSHARK=1, naming the variable and the fix', () => {
    const r = probe({ LABWIRE_REQUIRE_TSHARK: '1' });
    expect(r.status).not.toBe(0);
    expect(r.stdout).not.toContain('hasTshark:');
    expect(r.stderr).toMatch(/LABWIRE_REQUIRE_TSHARK=1 requires it: install tshark/);
  });
});
