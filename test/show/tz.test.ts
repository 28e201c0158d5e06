/**
 * The local zone as glibc computes it: UTC offsets against Node's Intl (ICU) for many instants
 * in several zones, abbreviations against GNU `date` run with the same TZ (Intl cannot give
 * glibc's `WIB`), POSIX TZ strings against the zone files whose footers they are.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTzif } from '../../src/show/tz/tzif.ts';
import { posixZone, tzifZone, zoneFor, type ReadFile, type Zone } from '../../src/show/tz/zone.ts';

const ZONEINFO = '/usr/share/zoneinfo';
const readReal: ReadFile = (path) => {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
};
const file = (name: string): Uint8Array => readFileSync(`${ZONEINFO}/${name}`);
const zone = (tz: string | undefined): Zone => zoneFor(tz, undefined, readReal);

/** 1970 … 2100: past the last transition of every file, so the footers are exercised too. */
const instant = fc.integer({ min: 0, max: 4_102_444_800 });

function intlOffset(tz: string, sec: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
    .formatToParts(new Date(sec * 1000))
    .find((p) => p.type === 'timeZoneName')!.value;
  const m = /^GMT(?:([+-])(\d\d):(\d\d))?$/.exec(name)!;
  return m[1] === undefined ? 0 : (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
}

/** GNU date's `%z %Z` for each instant, with TZ set (or unset) in its environment. */
function dateSays(tz: string | undefined, secs: readonly number[]): { utoff: number; abbr: string }[] {
  const env = { ...process.env };
  if (tz === undefined) delete env['TZ'];
  else env['TZ'] = tz;
  const r = spawnSync('date', ['-f', '-', '+%z|%Z'], { input: secs.map((s) => `@${s}\n`).join(''), encoding: 'utf8', env });
  return r.stdout.trimEnd().split('\n').map((line) => {
    const [z, abbr] = line.split('|') as [string, string];
    const utoff = (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 3600 + Number(z.slice(3, 5)) * 60);
    return { utoff, abbr };
  });
}

const FILE_ZONES = ['Asia/Jakarta', 'America/New_York', 'Europe/London', 'Australia/Sydney', 'America/Sao_Paulo', 'Asia/Kolkata', 'Pacific/Chatham', 'Africa/Casablanca', 'UTC'];

describe('TZif zones', () => {
  it.each(FILE_ZONES)('%s: the offset at any instant is the one ICU gives', (tz) => {
    const z = zone(tz);
    fc.assert(fc.property(instant, (sec) => z.at(sec).utoff === intlOffset(tz, sec)), { numRuns: 300 });
  });

  const TZ_VALUES = [...FILE_ZONES, 'EST5EDT', 'EST5EDT,M3.2.0,M11.1.0', '<+07>-7', 'AEST-10AEDT,M10.1.0,M4.1.0/3', 'Nowhere/Foo', ':Asia/Jakarta', '', undefined];
  it.each(TZ_VALUES.map((tz) => [String(tz), tz]))('TZ=%s: offset and abbreviation are what glibc gives `date`', (_, tz) => {
    const secs = fc.sample(instant, 200).concat([1_795_565_826, 1_783_000_000, 1_772_953_199, 1_772_953_200, 1_793_512_799, 1_793_512_800]);
    const z = zone(tz);
    expect(secs.map((s) => ({ utoff: z.at(s).utoff, abbr: z.at(s).abbr }))).toEqual(dateSays(tz, secs));
  });

  it('a version 1 file (32-bit block, no footer) reads as its version 2 data while its transitions last', () => {
    const v2 = file('America/New_York');
    const v1 = Uint8Array.from(v2);
    v1[4] = 0;
    const old = tzifZone(parseTzif(v1, 'v1'));
    const last = parseTzif(v1, 'v1').transitions.at(-1)!;
    const current = tzifZone(parseTzif(v2, 'v2'));
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: last + 86400 }), (sec) => {
      expect(old.at(sec)).toEqual(current.at(sec));
    }));
  });

  it('what is not a TZif file is refused naming the file and the byte', () => {
    expect(() => parseTzif(new TextEncoder().encode('TZhf'), '/x/y')).toThrow('/x/y: not a TZif file at byte 0: truncated header');
    expect(() => parseTzif(new Uint8Array(60), '/x/y')).toThrow(/\/x\/y: not a TZif file at byte 0: no "TZif" magic/);
    const v1 = Uint8Array.from(file('Asia/Jakarta').subarray(0, 50));
    v1[4] = 0;
    expect(() => parseTzif(v1, '/z')).toThrow('/z: not a TZif file at byte 44: truncated data block');
    expect(() => parseTzif(file('Asia/Jakarta').subarray(0, 50), '/z')).toThrow(/\/z: not a TZif file at byte \d+: truncated header/);
  });

  it('a file that is not TZif leaves TZ to be read as a POSIX string (glibc __tzfile_read fails)', () => {
    const junk: ReadFile = () => new TextEncoder().encode('not a zone file');
    expect(zoneFor('<+07>-7', undefined, junk).at(0)).toEqual({ utoff: 7 * 3600, abbr: '+07' });
  });
});

describe('POSIX TZ strings', () => {
  // each string is the footer of the file: after the last transition they must agree
  const FOOTERS: readonly [string, string, number][] = [
    ['EST5EDT,M3.2.0,M11.1.0', 'America/New_York', 1_173_600_000],
    ['AEST-10AEDT,M10.1.0,M4.1.0/3', 'Australia/Sydney', 1_207_000_000],
    ['GMT0BST,M3.5.0/1,M10.5.0', 'Europe/London', 846_000_000],
    ['<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45', 'Pacific/Chatham', 1_207_000_000],
    ['WIB-7', 'Asia/Jakarta', 0],
  ];
  it.each(FOOTERS)('%s is %s since its rules began', (tz, name, since) => {
    const rules = posixZone(tz);
    const real = tzifZone(parseTzif(file(name), name));
    fc.assert(fc.property(fc.integer({ min: since, max: 4_102_444_800 }), (sec) => {
      expect(rules.at(sec)).toEqual({ utoff: real.at(sec).utoff, abbr: real.at(sec).abbr });
    }), { numRuns: 500 });
  });

  it('Jn counts days without Feb 29, n counts from 0 with it; /time may be negative', () => {
    const j = posixZone('AAA0BBB,J60/0,J61/0'); // Mar 1 in every year
    const n = posixZone('AAA0BBB,59/0,60/0'); // Feb 29 in 2028, Mar 1 in 2027
    const leapMar1 = Date.UTC(2028, 2, 1) / 1000;
    const mar1 = Date.UTC(2027, 2, 1) / 1000;
    expect(j.at(leapMar1).abbr).toBe('BBB');
    expect(j.at(leapMar1 - 1).abbr).toBe('AAA');
    expect(n.at(leapMar1 - 86400).abbr).toBe('BBB');
    expect(n.at(mar1).abbr).toBe('BBB');
    expect(posixZone('AAA0BBB,M3.2.0/-1,M11.1.0').at(Date.UTC(2027, 2, 13, 23) / 1000).abbr).toBe('BBB');
  });

  it('a name that does not parse leaves UTC with what did parse', () => {
    expect(posixZone('Nowhere/Foo').at(0)).toEqual({ utoff: 0, abbr: 'Nowhere' });
    expect(posixZone('Fo').at(0)).toEqual({ utoff: 0, abbr: '' });
    expect(posixZone('AAA3BBB').at(Date.UTC(2026, 6, 1) / 1000)).toEqual({ utoff: -2 * 3600, abbr: 'BBB' });
  });
});
