/**
 * labwire computes netem's delay tables (src/sim/netem/dist.ts) from iproute2's generators
 * instead of shipping them; on a machine with iproute2 the installed tables (what `tc … netem
 * distribution NAME` loads) are the ground truth, and labwire's equal them value for value.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIST_NAMES, distTable } from '../../../src/sim/netem/dist.ts';

/** where Debian, Fedora and iproute2's own install put the tables */
const DIRS = ['/usr/lib/x86_64-linux-gnu/tc', '/usr/lib/aarch64-linux-gnu/tc', '/usr/lib64/tc', '/usr/lib/tc', '/usr/share/tc'];
const dir = DIRS.find((d) => DIST_NAMES.every((n) => existsSync(`${d}/${n}.dist`)));

/** A .dist file: `#` comment lines, then whitespace-separated integers (iproute2's get_distribution). */
function installed(name: string): number[] {
  const text = readFileSync(`${dir}/${name}.dist`, 'utf8');
  return text.split('\n').filter((l) => !l.startsWith('#')).join(' ').trim().split(/\s+/).map(Number);
}

describe.runIf(dir)(`netem's tables against iproute2's installed ones (${dir ?? 'none installed'})`, () => {
  for (const name of DIST_NAMES) {
    it(`${name}: the same 4096 values`, () => {
      const real = installed(name);
      expect(real).toHaveLength(4096);
      expect(Array.from(distTable(name))).toEqual(real);
    });
  }
});
