/**
 * MAC address names as tshark 4.0 resolves them (epan/addr_resolv.c eth_addr_resolve), from
 * Wireshark's own tables where they are installed: `manuf` (IEEE vendor prefixes, 24-bit, and
 * the 28/36-bit MA-M/MA-S blocks) and `wka` (well-known addresses: Broadcast, IPv4mcast …),
 * both in /usr/share/wireshark on Debian (libwireshark-data, which tshark depends on).
 *
 * The lookup order is tshark's: an exact well-known address (its name alone); then the
 * masked tables, the longest prefix first within each whole byte (47…41 bits, 39…33,
 * 31…25), each match naming the rest of the address (`KoolPOS_02:34:56`, `IPv4mcast_01`);
 * then the 24-bit vendor prefix (`IntelCor_12:34:56`), also with the group bit cleared; then
 * the shorter masks. The files are read once, on the first address that needs them.
 */
import { readFileSync } from 'node:fs';

/** Where Debian's libwireshark-data puts manuf and wka. */
export const WIRESHARK_DATA_DIR = '/usr/share/wireshark';

interface Tables {
  /** whole addresses (no mask) → name */
  readonly exact: Map<number, string>;
  /** masked address (as a 48-bit number) → name, for entries with a mask other than 24 and 48 */
  readonly masked: Map<number, string>;
  /** 24-bit prefix → short name */
  readonly oui: Map<number, string>;
  /** 24-bit prefix → the vendor's full name (manuf's third column, else its short name) */
  readonly ouiLong: Map<number, string>;
}

let dataDir: string | null = WIRESHARK_DATA_DIR;
let tables: Tables | undefined;
const cache = new Map<number, string | undefined>();

/** Use the tables in `dir`, or none (`null`: plain addresses); for tests and --help's note. */
export function useWiresharkData(dir: string | null): void {
  dataDir = dir;
  tables = undefined;
  cache.clear();
}

/** The name tshark gives `mac`, or undefined when no table names it. */
export function vendorName(mac: number): string | undefined {
  if (cache.has(mac)) return cache.get(mac);
  const name = resolve(mac, load());
  if (cache.size > 1 << 16) cache.clear();
  cache.set(mac, name);
  return name;
}

/**
 * The full vendor name of the address's 24-bit prefix, as tshark's `eth.src.oui_resolved`
 * (addr_resolv.c get_manuf_name_if_known); undefined when manuf does not list the prefix.
 */
export function ouiLongName(mac: number): string | undefined {
  return load().ouiLong.get(Math.floor(mac / 2 ** 24));
}

function resolve(mac: number, t: Tables): string | undefined {
  const bytes = macBytes(mac);
  const exact = t.exact.get(mac);
  if (exact !== undefined) return exact;
  for (const full of [5, 4, 3, 2, 1, 0]) {
    if (full === 2) {
      const oui = Math.floor(mac / 2 ** 24);
      const v = t.oui.get(oui) ?? t.oui.get(oui & 0xfeffff);
      if (v !== undefined) return `${v}_${hexBytes(bytes.slice(3))}`;
    }
    // whole-byte masks (the /16 IPv6mcast range) are tried only below the vendor prefix
    for (let mask = 7; mask >= (full <= 2 ? 0 : 1); mask--) {
      const name = t.masked.get(maskKey(mac, full * 8 + mask));
      if (name === undefined) continue;
      const rest = bytes.slice(full);
      rest[0] = rest[0]! & (0xff >> mask);
      return `${name}_${hexBytes(rest)}`;
    }
  }
  return undefined;
}

function load(): Tables {
  if (tables) return tables;
  tables = { exact: new Map(), masked: new Map(), oui: new Map(), ouiLong: new Map() };
  if (dataDir !== null) {
    readTable(`${dataDir}/wka`, tables);
    readTable(`${dataDir}/manuf`, tables);
  }
  return tables;
}

/**
 * Lines `00:1B:21<TAB>IntelCor<TAB>Intel Corporate` or `01-00-5E/25<TAB><TAB>IPv4mcast`. A
 * hand-written scan, not split and regular expressions: manuf has 52 000 lines and every
 * `labwire show` of a capture with Ethernet reads it, so its parse is most of a small file's time.
 */
function readTable(path: string, t: Tables): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return; // not installed: addresses stay plain, as --help says
  }
  for (let at = 0; at < text.length;) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    if (end > at && text.charCodeAt(at) !== 0x23 /* # */) addLine(text, at, end, t);
    at = end + 1;
  }
}

/** One table line between `start` and `end`: its address (and mask) and the next two non-empty columns. */
function addLine(text: string, start: number, end: number, t: Tables): void {
  const cols: string[] = [];
  for (let at = start; at < end && cols.length < 3;) {
    let tab = text.indexOf('\t', at);
    if (tab < 0 || tab > end) tab = end;
    if (tab > at) cols.push(text.slice(at, tab));
    at = tab + 1;
  }
  if (cols.length < 2) return;
  const addr = parseAddress(cols[0]!);
  if (addr === undefined) return;
  const { value, bits } = addr;
  const name = cols[1]!.trim();
  const table = bits === 24 ? t.oui : bits === 48 ? t.exact : bits > 0 && bits < 48 ? t.masked : undefined;
  const key = bits === 24 ? Math.floor(value / 2 ** 24) : maskKey(value, bits);
  if (table && !table.has(key)) table.set(key, name);
  if (bits === 24 && !t.ouiLong.has(key)) t.ouiLong.set(key, cols[2]?.trim() || name);
}

/** `00:1B:21`, `01-00-5E/25`, `00.1b.21`: three to six groups of one or two hex digits, an optional mask. */
function parseAddress(text: string): { value: number; bits: number } | undefined {
  const slash = text.indexOf('/');
  const addrEnd = slash < 0 ? text.length : slash;
  const groups: number[] = [];
  let digits = 0;
  let group = 0;
  for (let i = 0; i <= addrEnd; i++) {
    const c = i < addrEnd ? text.charCodeAt(i) : 0x3a;
    if (c === 0x3a || c === 0x2d || c === 0x2e) { // : - .
      if (digits === 0) return undefined;
      groups.push(group);
      digits = 0;
      group = 0;
      continue;
    }
    const h = hexDigit(c);
    if (h < 0 || ++digits > 2) return undefined;
    group = group * 16 + h;
  }
  if (groups.length < 3) return undefined;
  let value = 0;
  for (let i = 0; i < 6; i++) value = value * 256 + (groups[i] ?? 0);
  return { value, bits: slash < 0 ? groups.length * 8 : Number(text.slice(slash + 1)) };
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** The address with only its top `bits` bits kept. */
function maskKey(mac: number, bits: number): number {
  const drop = 2 ** (48 - bits);
  return Math.floor(mac / drop) * drop;
}

function macBytes(mac: number): number[] {
  const out: number[] = [];
  for (let i = 5; i >= 0; i--) out.push(Math.floor(mac / 2 ** (8 * i)) % 256);
  return out;
}

function hexBytes(b: readonly number[]): string {
  return b.map((x) => x.toString(16).padStart(2, '0')).join(':');
}
