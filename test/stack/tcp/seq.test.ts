import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { seqAdd, seqDiff, seqGe, seqGt, seqInRange, seqLe, seqLt, seqMax, seqMin } from '../../../src/stack/tcp/seq.ts';

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const dist = fc.integer({ min: 1, max: 2 ** 31 - 1 });

describe('sequence arithmetic (RFC 9293 §3.4)', () => {
  it('adds modulo 2^32', () => {
    expect(seqAdd(0xffffffff, 1)).toBe(0);
    expect(seqAdd(0xfffffff0, 0x20)).toBe(0x10);
    expect(seqAdd(5, -6)).toBe(0xffffffff);
  });

  it('a + d is after a for any distance below 2^31, across the wrap', () => {
    fc.assert(fc.property(u32, dist, (a, d) => {
      const b = seqAdd(a, d);
      return seqLt(a, b) && seqLe(a, b) && seqGt(b, a) && seqGe(b, a) && !seqLt(b, a) && seqDiff(b, a) === d;
    }));
  });

  it('is irreflexive for < and reflexive for <=', () => {
    fc.assert(fc.property(u32, (a) => !seqLt(a, a) && seqLe(a, a) && seqDiff(a, a) === 0));
  });

  it('subtracting what was added gives the start back', () => {
    fc.assert(fc.property(u32, fc.integer({ min: -(2 ** 31) + 1, max: 2 ** 31 - 1 }), (a, d) => seqAdd(seqAdd(a, d), -d) === a));
  });

  it('max and min pick the later and the earlier value across the wrap', () => {
    fc.assert(fc.property(u32, dist, (a, d) => {
      const b = seqAdd(a, d);
      return seqMax(a, b) === b && seqMin(a, b) === a;
    }));
  });

  it('range test holds for lo ≤ x < hi across the wrap', () => {
    fc.assert(fc.property(u32, fc.integer({ min: 1, max: 1 << 20 }), fc.nat(), (lo, len, k) => {
      const hi = seqAdd(lo, len);
      const x = seqAdd(lo, k % len);
      return seqInRange(x, lo, hi) && !seqInRange(hi, lo, hi) && !seqInRange(seqAdd(lo, -1), lo, hi);
    }));
  });
});
