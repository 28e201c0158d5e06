import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { streamFor } from '../../src/sim/rng.ts';

const draw = (seed: number, host: string, purpose: string, n = 8) => {
  const s = streamFor(seed, host, purpose);
  return Array.from({ length: n }, () => s.nextU32());
};

describe('streamFor', () => {
  it('gives the same numbers for the same seed, host and purpose', () => {
    fc.assert(fc.property(fc.nat(), fc.string(), fc.string(), (seed, h, p) => {
      expect(draw(seed, h, p)).toEqual(draw(seed, h, p));
    }));
  });

  it('keys streams by name, not by creation order: other streams do not shift a host\'s numbers', () => {
    const before = draw(7, 'mesin2', 'tcp-isn');
    streamFor(7, 'mesin4', 'tcp-isn').nextU32();
    streamFor(7, 'mesin2', 'dns-id').nextU32();
    expect(draw(7, 'mesin2', 'tcp-isn')).toEqual(before);
  });

  it('differs between seeds, hosts and purposes', () => {
    expect(draw(1, 'a', 'x')).not.toEqual(draw(2, 'a', 'x'));
    expect(draw(1, 'a', 'x')).not.toEqual(draw(1, 'b', 'x'));
    expect(draw(1, 'a', 'x')).not.toEqual(draw(1, 'a', 'y'));
  });

  it('draws integers inside the asked range and floats in [0, 1)', () => {
    fc.assert(fc.property(fc.nat(), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 100000 }), (seed, lo, span) => {
      const s = streamFor(seed, 'h', 'p');
      for (let i = 0; i < 20; i++) {
        const v = s.int(lo, lo + span);
        expect(v).toBeGreaterThanOrEqual(lo);
        expect(v).toBeLessThanOrEqual(lo + span);
        const f = s.float();
        expect(f >= 0 && f < 1).toBe(true);
      }
    }));
  });

  it('is roughly uniform (chi-square over 16 buckets)', () => {
    const s = streamFor(3, 'h', 'p');
    const buckets = new Array(16).fill(0);
    const n = 64000;
    for (let i = 0; i < n; i++) buckets[s.nextU32() >>> 28]++;
    const e = n / 16;
    const chi = buckets.reduce((acc, o) => acc + ((o - e) ** 2) / e, 0);
    expect(chi).toBeLessThan(37.7); // p = 0.001 for 15 degrees of freedom
  });
});
