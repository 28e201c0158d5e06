/**
 * Simulated time in integer nanoseconds, held in a double: exact to 2^53 ns (about 104 days),
 * far past any lab. Only the World advances it; nothing in src/ reads a wall clock.
 */
export type { Nanos } from "../stack/nanos.ts";
import type { Nanos } from "../stack/nanos.ts";

export const ns = (n: number): Nanos => Math.round(n);
export const us = (n: number): Nanos => Math.round(n * 1e3);
export const ms = (n: number): Nanos => Math.round(n * 1e6);
export const s = (n: number): Nanos => Math.round(n * 1e9);

export function toSeconds(t: Nanos): number {
  return t / 1e9;
}

/** "1.000000123" — seconds with nanosecond digits, for logs and reports. */
export function formatNanos(t: Nanos): string {
  const sec = Math.floor(t / 1e9);
  return `${sec}.${String(t - sec * 1e9).padStart(9, '0')}`;
}
