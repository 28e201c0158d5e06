/**
 * Sequence-number arithmetic mod 2^32 (RFC 9293 §3.4). Sequence numbers are unsigned
 * 32-bit values held in plain numbers; comparisons use the signed 32-bit difference,
 * like Linux's before()/after() (include/net/tcp.h).
 */

/** (a + n) mod 2^32 */
export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

/** the signed distance b − a in (−2^31, 2^31] */
export function seqDiff(b: number, a: number): number {
  return (b - a) | 0;
}

/** a < b (Linux before(a, b)) */
export function seqLt(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

export function seqLe(a: number, b: number): boolean {
  return ((a - b) | 0) <= 0;
}

/** a > b (Linux after(a, b)) */
export function seqGt(a: number, b: number): boolean {
  return ((a - b) | 0) > 0;
}

export function seqGe(a: number, b: number): boolean {
  return ((a - b) | 0) >= 0;
}

export function seqMax(a: number, b: number): number {
  return seqGt(a, b) ? a : b;
}

export function seqMin(a: number, b: number): number {
  return seqLt(a, b) ? a : b;
}

/** lo ≤ x < hi, mod 2^32 (RFC 9293's "acceptable" tests) */
export function seqInRange(x: number, lo: number, hi: number): boolean {
  return seqLe(lo, x) && seqLt(x, hi);
}
