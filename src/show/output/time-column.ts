/**
 * The packet list's Time column in tshark's formats (-t): relative to the first frame (r, the
 * default), delta from the previous captured (d) or displayed (dd) frame, seconds since the
 * epoch (e), and clock time with or without the date (a, ad, u, ud). a and ad are in the
 * local time zone (TZ, as tshark's localtime()), u and ud in UTC.
 */
import type { Dissected } from '../dissect.ts';
import { diff, formatClock, formatDateTime, formatSeconds } from '../time.ts';
import { UTC, localZone } from '../tz/zone.ts';

export const TIME_FORMATS = ['r', 'a', 'ad', 'd', 'dd', 'e', 'u', 'ud'] as const;
export type TimeFormat = (typeof TIME_FORMATS)[number];

export function isTimeFormat(s: string): s is TimeFormat {
  return (TIME_FORMATS as readonly string[]).includes(s);
}

export function timeColumn(f: Dissected, format: TimeFormat, prevShown: Dissected | undefined): string {
  switch (format) {
    case 'r': return formatSeconds(f.relative, f.digits);
    case 'd': return formatSeconds(f.delta, f.digits);
    case 'dd': return formatSeconds(prevShown ? diff(f.time, prevShown.time) : { sec: 0, nsec: 0 }, f.digits);
    case 'e': return formatSeconds(f.time, f.digits);
    case 'a': return formatClock(f.time, f.digits, localZone());
    case 'u': return formatClock(f.time, f.digits, UTC);
    case 'ad': return formatDateTime(f.time, f.digits, localZone());
    case 'ud': return formatDateTime(f.time, f.digits, UTC);
  }
}
