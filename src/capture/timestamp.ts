/**
 * Timestamp arithmetic for capture files, exact without BigInt on the hot paths.
 *
 * Simulated time is a Number of integer nanoseconds (exact below 2^53). Capture files hold
 * either (seconds, fraction) pairs (pcap) or one 64-bit count of units split into two 32-bit
 * halves (pcapng), and epoch-based 64-bit nanosecond counts pass 2^53 — so every split below
 * is done on pieces that stay under 2^53.
 */

const NS_PER_S = 1_000_000_000;
const TWO_32 = 4294967296;

/** Whole seconds in `timeNs` (an integer ≥ 0); exact even where `timeNs / 1e9` rounds up. */
export function secondsOf(timeNs: number): number {
  let sec = Math.floor(timeNs / NS_PER_S);
  if (sec * NS_PER_S > timeNs) sec -= 1;
  else if (timeNs - sec * NS_PER_S >= NS_PER_S) sec += 1;
  return sec;
}

/** `epochSeconds × 10^9` as high and low 32-bit halves; computed once per writer. */
export function epochUnits(epochSeconds: number): { readonly hi: number; readonly lo: number } {
  const units = BigInt(epochSeconds) * 1_000_000_000n;
  return { hi: Number(units >> 32n), lo: Number(units & 0xffffffffn) };
}

/** High 32 bits of `epoch + timeNs` where the epoch is given as halves (see {@link epochUnits}). */
export function unitsHigh(eHi: number, eLo: number, timeNs: number): number {
  const tHi = Math.floor(timeNs / TWO_32); // division by a power of two: exact
  const lo = eLo + (timeNs - tHi * TWO_32);
  return eHi + tHi + (lo >= TWO_32 ? 1 : 0);
}

/** Low 32 bits of `epoch + timeNs`; the partner of {@link unitsHigh}. */
export function unitsLow(eLo: number, timeNs: number): number {
  const lo = eLo + (timeNs - Math.floor(timeNs / TWO_32) * TWO_32);
  return lo >= TWO_32 ? lo - TWO_32 : lo;
}

/**
 * `floor((hi·2^32 + lo) / d)` for `d ≤ 10^9`, by long division in 16-bit digits so every
 * intermediate stays below 2^47. Callers keep the quotient below 2^53 (seconds always are).
 */
export function div64(hi: number, lo: number, d: number): number {
  let q = 0;
  let r = 0;
  for (let i = 0; i < 4; i++) {
    const digit = i === 0 ? hi >>> 16 : i === 1 ? hi & 0xffff : i === 2 ? lo >>> 16 : lo & 0xffff;
    const x = r * 65536 + digit;
    let qd = Math.floor(x / d);
    if (qd * d > x) qd -= 1;
    r = x - qd * d;
    q = q * 65536 + qd;
  }
  return q;
}

/** `(hi·2^32 + lo) mod d` for `d ≤ 10^9`; the partner of {@link div64}. */
export function mod64(hi: number, lo: number, d: number): number {
  let r = ((hi >>> 16) % d) * 65536 + (hi & 0xffff);
  r = (r % d) * 65536 + (lo >>> 16);
  r = (r % d) * 65536 + (lo & 0xffff);
  return r % d;
}

/**
 * How a pcapng interface's timestamp units map to nanoseconds (`if_tsresol`: bit 7 clear means
 * 10^-n s, set means 2^-n s; 6 when the option is absent). Decimal resolutions from ms to ns
 * take the exact Number path; anything else goes through BigInt.
 */
export interface TimeScale {
  readonly tsresol: number;
  /** Units per second when `fast`; 0 otherwise. */
  readonly perSec: number;
  /** Nanoseconds per unit when `fast`. */
  readonly nsPerUnit: number;
  readonly fast: boolean;
}

export function timeScale(tsresol: number): TimeScale {
  const e = tsresol & 0x7f;
  const fast = (tsresol & 0x80) === 0 && e >= 3 && e <= 9;
  return { tsresol, perSec: fast ? 10 ** e : 0, nsPerUnit: fast ? 10 ** (9 - e) : 0, fast };
}

/** Seconds and nanoseconds for a 64-bit unit count on the slow path (odd resolutions). */
export function unitsToTimeSlow(hi: number, lo: number, scale: TimeScale): { sec: number; nsec: number } {
  const units = (BigInt(hi) << 32n) | BigInt(lo);
  const e = BigInt(scale.tsresol & 0x7f);
  let ns: bigint;
  if (scale.tsresol & 0x80) ns = (units * 1_000_000_000n) >> e;
  else if (e <= 9n) ns = units * 10n ** (9n - e);
  else ns = units / 10n ** (e - 9n);
  return { sec: Number(ns / 1_000_000_000n), nsec: Number(ns % 1_000_000_000n) };
}
