/**
 * POSIX TZ strings (`EST5EDT,M3.2.0,M11.1.0`, `<+07>-7`) read and evaluated as glibc does
 * (time/tzset.c: __tzset_parse_tz, compute_change, __tz_compute): a name that does not parse
 * leaves UTC named by whatever did parse (TZ=Nowhere/Foo prints `Nowhere`); DST without rules
 * takes the US rules M3.2.0,M11.1.0 (glibc reads them from the posixrules file, a link to
 * America/New_York, which agrees for instants since 2007).
 */
import { daysFromCivil, civilFromDays, isLeapYear, weekday } from './calendar.ts';

export interface LocalTime {
  /** Seconds east of UTC. */
  readonly utoff: number;
  readonly abbr: string;
}

/** When in the year a change happens: Jn (1–365, no Feb 29), n (0–365), Mm.w.d; at `secs` local. */
type Rule =
  | { readonly kind: 'julian1'; readonly day: number; readonly secs: number }
  | { readonly kind: 'julian0'; readonly day: number; readonly secs: number }
  | { readonly kind: 'month'; readonly month: number; readonly week: number; readonly wday: number; readonly secs: number };

export interface PosixTz {
  readonly std: LocalTime;
  /** Absent when the string names no daylight saving time. */
  readonly dst?: { readonly time: LocalTime; readonly start: Rule; readonly end: Rule };
}

const US_RULES = 'M3.2.0,M11.1.0';

class Cursor {
  at = 0;
  constructor(readonly s: string) {}
  peek(): string { return this.s[this.at] ?? ''; }
  eat(c: string): boolean {
    if (this.peek() !== c) return false;
    this.at++;
    return true;
  }
  /** Leading digits as a number, or undefined. */
  int(): number | undefined {
    const m = /^\d+/.exec(this.s.slice(this.at));
    if (!m) return undefined;
    this.at += m[0].length;
    return Number(m[0]);
  }
}

/** glibc parse_tzname: three or more letters, or `<…>` of letters, digits, + and -. */
function parseName(c: Cursor): string | undefined {
  const rest = c.s.slice(c.at);
  const m = /^<([A-Za-z0-9+-]{3,})>/.exec(rest) ?? /^([A-Za-z]{3,})/.exec(rest);
  if (!m) return undefined;
  c.at += m[0].length;
  return m[1];
}

/** [+-]hh[:mm[:ss]] as seconds; the sign applies to all. */
function parseHms(c: Cursor): number | undefined {
  const sign = c.eat('-') ? -1 : 1;
  if (sign === 1) c.eat('+');
  const h = c.int();
  if (h === undefined) return undefined;
  let secs = h * 3600;
  if (c.eat(':')) secs += (c.int() ?? 0) * 60;
  if (c.eat(':')) secs += c.int() ?? 0;
  return sign * secs;
}

function parseRule(c: Cursor): Rule | undefined {
  let rule: Rule;
  if (c.eat('J')) {
    const day = c.int() ?? 0;
    if (day < 1 || day > 365) return undefined;
    rule = { kind: 'julian1', day, secs: 0 };
  } else if (c.eat('M')) {
    const month = c.int() ?? -1;
    const week = c.eat('.') ? (c.int() ?? -1) : -1;
    const wday = c.eat('.') ? (c.int() ?? -1) : -1;
    if (!(month >= 1 && month <= 12 && week >= 1 && week <= 5 && wday >= 0 && wday <= 6)) return undefined;
    rule = { kind: 'month', month, week, wday, secs: 0 };
  } else {
    const day = c.int();
    if (day === undefined || day > 365) return undefined;
    rule = { kind: 'julian0', day, secs: 0 };
  }
  const secs = c.eat('/') ? parseHms(c) : 7200;
  return secs === undefined ? undefined : { ...rule, secs };
}

/** A TZ string as glibc reads it; never fails (what does not parse is left at UTC). */
export function parsePosixTz(s: string): PosixTz {
  const c = new Cursor(s);
  const stdName = parseName(c);
  if (stdName === undefined) return { std: { utoff: 0, abbr: '' } };
  const west = parseHms(c);
  if (west === undefined) return { std: { utoff: 0, abbr: stdName } };
  const std = { utoff: 0 - west, abbr: stdName };
  const dstName = parseName(c);
  if (dstName === undefined) return { std };
  const dstWest = /^[+\-\d]/.test(c.s.slice(c.at)) ? parseHms(c) : undefined;
  const time = { utoff: dstWest === undefined ? std.utoff + 3600 : 0 - dstWest, abbr: dstName };
  const noRules = c.at >= s.length || s.slice(c.at) === ',';
  const rules = noRules ? new Cursor(US_RULES) : c;
  if (!noRules && !c.eat(',')) return { std };
  const start = parseRule(rules);
  const end = rules.eat(',') ? parseRule(rules) : undefined;
  if (!start || !end) return { std };
  return { std, dst: { time, start, end } };
}

/** The instant (UTC seconds) a rule takes effect in `year`, clocks showing `utoff` before it. */
function changeAt(rule: Rule, year: number, utoff: number): number {
  const jan1 = daysFromCivil(year, 1, 1);
  let day: number;
  if (rule.kind === 'julian1') day = jan1 + rule.day - 1 + (isLeapYear(year) && rule.day >= 60 ? 1 : 0);
  else if (rule.kind === 'julian0') day = jan1 + rule.day;
  else {
    const first = daysFromCivil(year, rule.month, 1);
    const monthDays = daysFromCivil(rule.month === 12 ? year + 1 : year, rule.month === 12 ? 1 : rule.month + 1, 1) - first;
    let offset = ((rule.wday - weekday(first) + 7) % 7) + 7 * (rule.week - 1);
    while (offset >= monthDays) offset -= 7;
    day = first + offset;
  }
  return day * 86400 + rule.secs - utoff;
}

/** The local time at `sec`: the change instants are those of the instant's UTC year (glibc __tz_compute). */
export function posixLocalTime(tz: PosixTz, sec: number): LocalTime {
  if (!tz.dst) return tz.std;
  const year = civilFromDays(Math.floor(sec / 86400)).y;
  const start = changeAt(tz.dst.start, year, tz.std.utoff);
  const end = changeAt(tz.dst.end, year, tz.dst.time.utoff);
  const isDst = start > end ? sec < end || sec >= start : sec >= start && sec < end;
  return isDst ? tz.dst.time : tz.std;
}
