/** The bridge on every Python 3 at hand besides the default one (3.11 is the floor). */
import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { homedir, tmpdir } from 'node:os';
import echo from '../../scenarios/echo.ts';
import { resolvePython } from '../../src/pybridge/isolation.ts';
import { runPy, runTs, onLab, PROGRAMS, LAB_PROGRAMS } from './run-world.ts';

const PYENV = join(homedir(), '.pyenv/versions');
const candidates = [
  '/usr/bin/python3',
  ...(existsSync(PYENV) ? readdirSync(PYENV).filter((v) => /^3\.1[2-9]/.test(v)).map((v) => join(PYENV, v, 'bin/python3')) : []),
];
const usable = candidates.filter((c) => {
  try {
    resolvePython(c);
    return true;
  } catch {
    return false;
  }
});

if (usable.length === 0) console.warn(`SKIPPED: other Python versions: none of ${candidates.join(', ')} runs here (the bridge's main tests use python3 from PATH)`);

describe.skipIf(usable.length === 0)('other Python versions', () => {
  for (const python of usable) {
    it(`${python}: the lab's echo byte for byte, and threads with timed waits`, async () => {
      const want = await runTs(echo, 2);
      const got = await runPy(echo, [
        { on: 'mesin1', file: join(LAB_PROGRAMS, 'server.py'), daemon: true },
        { on: 'mesin2', file: join(LAB_PROGRAMS, 'client.py'), at: 1e9 },
      ], 2, { python });
      expect(got.transcript).toEqual(want.transcript);
      expect(got.captures).toEqual(want.captures);
      const t = await runPy(onLab('timers', ['mesin1']), [{ on: 'mesin1', file: join(PROGRAMS, 'timers.py') }], 1, { python });
      expect(t.transcript.map((l) => l.split(' ').slice(4).join(' '))).toEqual(['event True 0.5', 'empty after 0.75', 'joined None True 0.85', 'got late 1.75']);
    }, 60_000);
  }
});

describe('an interpreter labwire cannot use', () => {
  it('is named with its version when older than 3.11, and with its exit status when it prints none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-python-'));
    const old = join(dir, 'python3.9');
    writeFileSync(old, '#!/bin/sh\necho /usr/bin/python3.9\necho 3 9 2\n');
    chmodSync(old, 0o755);
    expect(() => resolvePython(old)).toThrow(`${old} is Python 3.9.2: labwire's shim needs 3.11 or newer`);
    expect(() => resolvePython('false')).toThrow('cannot run false (Python 3.11 or newer is needed): it exited with status 1 and printed no version');
    expect(() => resolvePython(join(dir, 'none'))).toThrow(/cannot run .*none \(Python 3\.11 or newer is needed\): spawnSync .* ENOENT/);
  });
});
