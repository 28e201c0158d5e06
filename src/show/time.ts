/**
 * Time as tshark prints it: signed differences of (seconds, nanoseconds) pairs, shown with as
 * many fraction digits as the capture's timestamp resolution (6 for µs pcap, 9 for ns).
 * Differences are computed on integers, never on floating-point seconds.
 */

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
  const neg = t.sec < 0 || t.nsec < 0;
  const sec = Math.abs(t.sec);
  const frac = Math.floor(Math.abs(t.nsec) / 10 ** (9 - digits));
  const text = digits === 0 ? `${sec}` : `${sec}.${String(frac).padStart(digits, '0')}`;
  return neg ? `-${text}` : text;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface Civil {
  readonly y: number;
  readonly m: number;
  readonly d: number;
  /** `07:34:00.495779396` */
  readonly clock: string;
}

function civil(t: Stamp, digits: number): Civil {
  const days = Math.floor(t.sec / 86400);
  const rem = t.sec - days * 86400;
  const { y, m, d } = civilFromDays(days);
  const frac = String(Math.floor(t.nsec / 10 ** (9 - digits))).padStart(digits, '0');
  const clock = `${two(Math.floor(rem / 3600))}:${two(Math.floor(rem / 60) % 60)}:${two(rem % 60)}${digits > 0 ? `.${frac}` : ''}`;
  return { y, m, d, clock };
}

const two = (n: number): string => String(n).padStart(2, '0');

/** `May 23, 2025 07:34:00.495779396 UTC` (tshark's Arrival Time in UTC). */
export function formatArrival(t: Stamp, digits: number): string {
  const c = civil(t, digits);
  return `${MONTHS[c.m - 1]} ${String(c.d).padStart(2, ' ')}, ${c.y} ${c.clock} UTC`;
}

/** `2025-05-23 07:34:00.495779396` (tshark -t ad / ud, in UTC). */
export function formatDateTime(t: Stamp, digits: number): string {
  const c = civil(t, digits);
  return `${c.y}-${two(c.m)}-${two(c.d)} ${c.clock}`;
}

/** `07:34:00.495779396` (tshark -t a / u, in UTC). */
export function formatClock(t: Stamp, digits: number): string {
  return civil(t, digits).clock;
}

/** Proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's civil_from_days). */
function civilFromDays(z0: number): { y: number; m: number; d: number } {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}
