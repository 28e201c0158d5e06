/**
 * TZif files (RFC 8536), as /usr/share/zoneinfo holds them: the transition times, the local time
 * type in force after each, and the POSIX TZ footer that rules instants after the last
 * transition. Version 1 files are read from their 32-bit block; version 2+ from the 64-bit block
 * that follows (RFC 8536 §3.1, §3.2). Leap-second records ("right/" zones) are skipped.
 */

export interface LocalTimeType {
  /** Seconds east of UTC. */
  readonly utoff: number;
  readonly isdst: boolean;
  /** The designation glibc puts in tm_zone: `WIB`, `EST`, `+07`. */
  readonly abbr: string;
}

export interface Tzif {
  /** Transition instants (seconds since the epoch), ascending. */
  readonly transitions: readonly number[];
  /** Index into `types` of the type in force from transitions[i]. */
  readonly typeAfter: readonly number[];
  readonly types: readonly LocalTimeType[];
  /** The POSIX TZ string after the v2+ data (RFC 8536 §3.3); undefined when absent or empty. */
  readonly footer: string | undefined;
}

interface Counts {
  readonly isutcnt: number;
  readonly isstdcnt: number;
  readonly leapcnt: number;
  readonly timecnt: number;
  readonly typecnt: number;
  readonly charcnt: number;
}

const HEADER_LEN = 44;

/** Parses a TZif file; throws naming `where` and the offset when it is not one. */
export function parseTzif(bytes: Uint8Array, where: string): Tzif {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (at: number, why: string): never => {
    throw new Error(`${where}: not a TZif file at byte ${at}: ${why}`);
  };
  const header = (at: number): Counts => {
    if (bytes.length < at + HEADER_LEN) fail(at, 'truncated header');
    if (String.fromCharCode(...bytes.subarray(at, at + 4)) !== 'TZif') fail(at, 'no "TZif" magic');
    const c = (i: number): number => view.getUint32(at + 20 + 4 * i);
    return { isutcnt: c(0), isstdcnt: c(1), leapcnt: c(2), timecnt: c(3), typecnt: c(4), charcnt: c(5) };
  };
  const v1 = header(0);
  if (bytes[4] === 0) return dataBlock(view, HEADER_LEN, v1, 4, fail).tzif;
  const second = HEADER_LEN + blockLength(v1, 4);
  const v2 = header(second);
  const { tzif, end } = dataBlock(view, second + HEADER_LEN, v2, 8, fail);
  return { ...tzif, footer: readFooter(bytes, end) };
}

function blockLength(c: Counts, timeSize: number): number {
  return c.timecnt * (timeSize + 1) + c.typecnt * 6 + c.charcnt + c.leapcnt * (timeSize + 4) + c.isstdcnt + c.isutcnt;
}

function dataBlock(view: DataView, at: number, c: Counts, timeSize: 4 | 8, fail: (at: number, why: string) => never): { tzif: Tzif; end: number } {
  const end = at + blockLength(c, timeSize);
  if (view.byteLength < end) fail(at, 'truncated data block');
  if (c.typecnt === 0) fail(at, 'no local time types');
  const time = (i: number): number => (timeSize === 4 ? view.getInt32(at + 4 * i) : Number(view.getBigInt64(at + 8 * i)));
  const transitions = Array.from({ length: c.timecnt }, (_, i) => time(i));
  const idxAt = at + c.timecnt * timeSize;
  const typeAfter = Array.from({ length: c.timecnt }, (_, i) => view.getUint8(idxAt + i));
  const typesAt = idxAt + c.timecnt;
  const charsAt = typesAt + c.typecnt * 6;
  const types = Array.from({ length: c.typecnt }, (_, i): LocalTimeType => {
    const p = typesAt + 6 * i;
    return { utoff: view.getInt32(p), isdst: view.getUint8(p + 4) !== 0, abbr: cString(view, charsAt + view.getUint8(p + 5), charsAt + c.charcnt) };
  });
  if (typeAfter.some((t) => t >= c.typecnt)) fail(idxAt, 'transition type index out of range');
  return { tzif: { transitions, typeAfter, types, footer: undefined }, end };
}

function cString(view: DataView, from: number, limit: number): string {
  let s = '';
  for (let p = from; p < limit && view.getUint8(p) !== 0; p++) s += String.fromCharCode(view.getUint8(p));
  return s;
}

/** `\nEST5EDT,M3.2.0,M11.1.0\n` → the string between the newlines. */
function readFooter(bytes: Uint8Array, at: number): string | undefined {
  if (bytes[at] !== 0x0a) return undefined;
  const close = bytes.indexOf(0x0a, at + 1);
  const text = String.fromCharCode(...bytes.subarray(at + 1, close < 0 ? bytes.length : close));
  return text === '' ? undefined : text;
}
