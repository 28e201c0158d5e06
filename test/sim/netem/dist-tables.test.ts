/**
 * labwire computes netem's delay tables (src/sim/netem/dist.ts) from iproute2's generators
 * instead of shipping them; on a machine with iproute2 the installed tables (what `tc … netem
 * distribution NAME` loads) are the ground truth: labwire's may differ by one unit (1/8192 of
 * a standard deviation) where normal.c's scan in steps of 0.00005 and the inverse CDF round
 * apart, and must have the same mean and deviation.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIST_NAMES, NETEM_DIST_SCALE, distTable } from '../../../src/sim/netem/dist.ts';

/** where Debian, Fedora and iproute2's own install put the tables */
const DIRS = ['/usr/lib/x86_64-linux-gnu/tc', '/usr/lib/aarch64-linux-gnu/tc', '/usr/lib64/tc', '/usr/lib/tc', '/usr/share/tc'];
const dir = DIRS.find((d) => DIST_NAMES.every((n) => existsSync(`${d}/${n}.dist`)));

/** A .dist file: `#` comment lines, then whitespace-separated integers (iproute2's get_distribution). */
function installed(name: string): number[] {
  const text = readFileSync(`${dir}/${name}.dist`, 'utf8');
  return text.split('\n').filter((l) => !l.startsWith('#')).join(' ').trim().split(/\s+/).map(Number);
}

const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: ArrayLike<number>) => {
  const m = mean(xs);
  return Math.sqrt(Array.from(xs).reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
};

describe.runIf(dir)(`netem's tables against iproute2's installed ones (${dir ?? 'none installed'})`, () => {
  for (const name of DIST_NAMES) {
    it(`${name}: 4096 values, each within one unit, the same mean and deviation`, () => {
      const real = installed(name);
      const ours = distTable(name);
      expect(ours.length).toBe(real.length);
      const off = real.flatMap((v, i) => (Math.abs(v - ours[i]!) > 1 ? [[i, v, ours[i]]] : []));
      expect(off).toEqual([]);
      expect(Math.abs(mean(ours) - mean(real))).toBeLessThan(1);
      expect(Math.abs(sd(ours) - sd(real)) / NETEM_DIST_SCALE).toBeLessThan(1e-4);
    });
  }
});
