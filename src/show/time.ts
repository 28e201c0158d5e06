/**
 * Time as tshark prints it: signed differences of (seconds, nanoseconds) pairs, shown with as
 * many fraction digits as the capture's timestamp resolution (6 for µs pcap, 9 for ns).
 * Differences are computed on integers, never on floating-point seconds. Clock times are read in
 * a Zone: the local one (as tshark's localtime()) or UTC.
 */
import { civilFromDays } from './tz/calendar.ts';
import { localZone, type Zone } from './tz/zone.ts';
import { decimalDigits, written, type TextWriter } from './output/text-writer.ts';

export interface Stamp {
  readonly sec: number;
  readonly nsec: number;
}

/** a − b as a signed (sec, nsec) pair with |nsec| < 1e9 and the sign carried by both. */
export function diff(a: Stamp, b: Stamp): Stamp {
  let sec = a.sec - b.sec;
  let nsec = a.nsec - b.nsec;
  if (sec > 0 && nsec < 0) {
    sec -= 1;
    nsec += 1e9;
  } else if (sec < 0 && nsec > 0) {
    sec += 1;
    nsec -= 1e9;
  }
  return { sec, nsec };
}

/** `-0.000123`, `12.500000000`: seconds with `digits` fraction digits (truncated, as tshark). */
export function formatSeconds(t: Stamp, digits: number): string {
  return written((w) => writeSeconds(w, t.sec, t.nsec, digits));
}

/** formatSeconds into a writer, from the pair's two numbers. */
export function writeSeconds(w: TextWriter, sec: number, nsec: number, digits: number): void {
  if (sec < 0 || nsec < 0) w.byte(0x2d); // -
  w.uint(Math.abs(sec));
  if (digits === 0) return;
  w.byte(0x2e); // .
  w.uint(Math.floor(Math.abs(nsec) / FRACTION_DIVISORS[digits]!), digits);
}

/** 10 ** (9 - digits) for 0–9 fraction digits: a table, not Math.pow, on every row */
const FRACTION_DIVISORS = [1e9, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 100, 10, 1];

/** The length of formatSeconds' text. */
export function secondsWidth(sec: number, nsec: number, digits: number): number {
  return (sec < 0 || nsec < 0 ? 1 : 0) + decimalDigits(Math.abs(sec)) + (digits === 0 ? 0 : 1 + digits);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface Civil {
  readonly y: number;
  readonly m: number;
  readonly d: number;
  /** `07:34:00.495779396` */
  readonly clock: string;
  /** The zone's abbreviation at that instant: `UTC`, `WIB`, `EST`. */
  readonly abbr: string;
}

/** The wall-clock reading of `t` in `zone` (glibc localtime: offset added to the UTC seconds). */
function civil(t: Stamp, digits: number, zone: Zone): Civil {
  const { utoff, abbr } = zone.at(t.sec);
  const sec = t.sec + utoff;
  const days = Math.floor(sec / 86400);
  const rem = sec - days * 86400;
  const { y, m, d } = civilFromDays(days);
  const frac = String(Math.floor(t.nsec / 10 ** (9 - digits))).padStart(digits, '0');
  const clock = `${two(Math.floor(rem / 3600))}:${two(Math.floor(rem / 60) % 60)}:${two(rem % 60)}${digits > 0 ? `.${frac}` : ''}`;
  return { y, m, d, clock, abbr };
}

const two = (n: number): string => String(n).padStart(2, '0');

/** `May 23, 2025 07:34:00.495779396 UTC`: tshark's Arrival Time, in local time unless told. */
export function formatArrival(t: Stamp, digits: number, zone: Zone = localZone()): string {
  const c = civil(t, digits, zone);
  return `${MONTHS[c.m - 1]} ${String(c.d).padStart(2, ' ')}, ${c.y} ${c.clock} ${c.abbr}`;
}

/** `2025-05-23 07:34:00.495779396` (tshark -t ad in local time, -t ud with zone UTC). */
export function formatDateTime(t: Stamp, digits: number, zone: Zone): string {
  const c = civil(t, digits, zone);
  return `${c.y}-${two(c.m)}-${two(c.d)} ${c.clock}`;
}

/** `07:34:00.495779396` (tshark -t a in local time, -t u with zone UTC). */
export function formatClock(t: Stamp, digits: number, zone: Zone): string {
  return civil(t, digits, zone).clock;
}
