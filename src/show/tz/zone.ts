/**
 * The local time zone as glibc's tzset picks it, for the clock times tshark prints in local time
 * (Arrival Time, -t a/ad, frame.time, the -T json _index): TZ unset reads /etc/localtime; TZ=""
 * reads "Universal"; otherwise TZ (a leading ':' dropped) names a TZif file under $TZDIR or
 * /usr/share/zoneinfo (or an absolute path), and when there is no such file it is read as a POSIX
 * TZ string. With no file at all, TZ unset means UTC. The zone is chosen once per TZ value, so a
 * process reads the zone files once; this is the CLI reading its user's environment, as tshark
 * does, and never touches what a simulation writes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePosixTz, posixLocalTime, type LocalTime, type PosixTz } from './posix-tz.ts';
import { parseTzif, type Tzif } from './tzif.ts';

export type { LocalTime } from './posix-tz.ts';

export interface Zone {
  /** The UTC offset and abbreviation in force at `sec` seconds since the epoch. */
  at(sec: number): LocalTime;
}

export const UTC: Zone = { at: () => ({ utoff: 0, abbr: 'UTC' }) };

const LOCALTIME = '/etc/localtime';
const ZONEINFO = '/usr/share/zoneinfo';

/** glibc __tzfile_compute: before the first transition the first standard type, after the last the footer's rule. */
export function tzifZone(tzif: Tzif): Zone {
  const { transitions, typeAfter } = tzif;
  const types = tzif.types.map(({ utoff, abbr }): LocalTime => ({ utoff, abbr }));
  const firstStd = types[Math.max(0, tzif.types.findIndex((t) => !t.isdst))]!;
  const footer: PosixTz | undefined = tzif.footer === undefined ? undefined : parsePosixTz(tzif.footer);
  return {
    at(sec) {
      if (transitions.length === 0 || sec < transitions[0]!) return firstStd;
      const last = transitions.length - 1;
      if (sec >= transitions[last]! && footer) return posixLocalTime(footer, sec);
      let lo = 0;
      let hi = last;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (transitions[mid]! <= sec) lo = mid;
        else hi = mid - 1;
      }
      return types[typeAfter[lo]!]!;
    },
  };
}

export function posixZone(tz: string): Zone {
  const rules = parsePosixTz(tz);
  return { at: (sec) => posixLocalTime(rules, sec) };
}

/** Reads a file's bytes, or undefined when it cannot be read. */
export type ReadFile = (path: string) => Uint8Array | undefined;

/** The zone glibc would use with these environment values (TZ, TZDIR). */
export function zoneFor(tz: string | undefined, tzdir: string | undefined, read: ReadFile): Zone {
  let name = tz === undefined ? LOCALTIME : tz === '' ? 'Universal' : tz;
  if (name.startsWith(':')) name = name.slice(1);
  const path = name.startsWith('/') ? name : join(tzdir || ZONEINFO, name);
  const tzif = readTzif(read, path);
  if (tzif) return tzifZone(tzif);
  if (tz === undefined || name === '') return UTC;
  return posixZone(name);
}

/** glibc's __tzfile_read: a file that is missing or not TZif leaves TZ to be read as a POSIX string. */
function readTzif(read: ReadFile, path: string): Tzif | undefined {
  const bytes = read(path);
  if (!bytes) return undefined;
  try {
    return parseTzif(bytes, path);
  } catch {
    return undefined;
  }
}

const readIfFile: ReadFile = (path) => {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
};

let cached: { readonly key: string; readonly zone: Zone } | undefined;

/** The process's local zone, from process.env.TZ and TZDIR (re-read only when they change); UTC in a browser. */
export function localZone(): Zone {
  // the report's viewer runs this code in a browser, where there is no TZ to read: UTC there
  if (typeof process === 'undefined') return UTC;
  const tz = process.env['TZ'];
  const tzdir = process.env['TZDIR'];
  const key = `${tz === undefined ? '\0unset' : tz}\0${tzdir ?? ''}`;
  if (cached?.key !== key) cached = { key, zone: zoneFor(tz, tzdir, readIfFile) };
  return cached.zone;
}
