import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { div64, epochUnits, mod64, secondsOf, timeScale, unitsHigh, unitsLow, unitsToTimeSlow } from '../../src/capture/timestamp.ts';

const NS = 1_000_000_000n;
const safeNs = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const u32 = fc.integer({ min: 0, max: 0xffffffff });

describe('secondsOf', () => {
  it('is floor(t / 10^9) for every safe integer, including just below a whole second', () => {
    fc.assert(fc.property(safeNs, (t) => secondsOf(t) === Number(BigInt(t) / NS)));
    for (const t of [0, 999_999_999, 1_000_000_000, 9_007_199_254_740_991, 8_999_999_999_999_999]) {
      expect(secondsOf(t)).toBe(Number(BigInt(t) / NS));
    }
  });
});

describe('unitsHigh and unitsLow', () => {
  it('split epochSeconds·10^9 + timeNs into exact 32-bit halves', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 34 }), safeNs, (epoch, t) => {
        const e = epochUnits(epoch);
        const want = BigInt(epoch) * NS + BigInt(t);
        expect(unitsHigh(e.hi, e.lo, t)).toBe(Number(want >> 32n));
        expect(unitsLow(e.lo, t)).toBe(Number(want & 0xffffffffn));
      }),
    );
  });
});

describe('div64 and mod64', () => {
  it('divide a 64-bit count exactly by any divisor up to 10^9', () => {
    fc.assert(
      fc.property(u32, u32, fc.integer({ min: 1000, max: 1_000_000_000 }), (hi, lo, d) => {
        const units = (BigInt(hi) << 32n) | BigInt(lo);
        expect(div64(hi, lo, d)).toBe(Number(units / BigInt(d)));
        expect(mod64(hi, lo, d)).toBe(Number(units % BigInt(d)));
      }),
    );
  });
});

describe('timeScale', () => {
  it('takes the Number path for 10^-3 … 10^-9 and BigInt otherwise', () => {
    expect(timeScale(6)).toMatchObject({ fast: true, perSec: 1_000_000, nsPerUnit: 1000 });
    expect(timeScale(9)).toMatchObject({ fast: true, perSec: 1_000_000_000, nsPerUnit: 1 });
    expect(timeScale(12).fast).toBe(false);
    expect(timeScale(0x80 | 20).fast).toBe(false);
  });

  it('converts picoseconds, whole seconds and binary fractions exactly on the slow path', () => {
    expect(unitsToTimeSlow(0, 1_500_000_000, timeScale(12))).toEqual({ sec: 0, nsec: 1_500_000 });
    expect(unitsToTimeSlow(0, 7, timeScale(0))).toEqual({ sec: 7, nsec: 0 });
    // 2^-1 s units: 3 units = 1.5 s
    expect(unitsToTimeSlow(0, 3, timeScale(0x81))).toEqual({ sec: 1, nsec: 500_000_000 });
  });
});
