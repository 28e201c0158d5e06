/**
 * MAC address names as tshark 4.0 resolves them (epan/addr_resolv.c eth_addr_resolve), from
 * Wireshark's own tables where they are installed: `manuf` (IEEE vendor prefixes, 24-bit, and
 * the 28/36-bit MA-M/MA-S blocks) and `wka` (well-known addresses: Broadcast, IPv4mcast …),
 * both in /usr/share/wireshark on Debian (libwireshark-data, which tshark depends on).
 *
 * The lookup order is tshark's: an exact well-known address (its name alone); then the
 * masked tables, the longest prefix first within each whole byte (47…40 bits, 39…32,
 * 31…24), each match naming the rest of the address (`KoolPOS_02:34:56`, `IPv4mcast_fb`);
 * then the 24-bit vendor prefix (`IntelCor_12:34:56`), also with the group bit cleared; then
 * the shorter masks. The files are read once, on the first address that needs them.
 */
import { readFileSync } from 'node:fs';

/** Where Debian's libwireshark-data puts manuf and wka. */
export const WIRESHARK_DATA_DIR = '/usr/share/wireshark';

/**
 * The tables hold, per address, where its line starts in the file's text (read as Latin-1, one
 * byte per character, so the text is half the size of a UTF-16 copy); a name is cut from its
 * line, and decoded as UTF-8, only when an address asks for it. manuf has 52 000 lines and a
 * capture names a handful of vendors: a string per line kept 30 MB alive for the whole run.
 */
interface Tables {
  /** whole addresses (no mask) → line */
  readonly exact: Map<number, number>;
  /** masked address (as a 48-bit number) → line, for entries with a mask other than 24 and 48 */
  readonly masked: Map<number, number>;
  /** 24-bit prefix → line */
  readonly oui: Map<number, number>;
  /** the texts of the tables' lines, in the order read (wka, then manuf) */
  readonly texts: string[];
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
  const t = load();
  const line = t.oui.get(Math.floor(mac / 2 ** 24));
  if (line === undefined) return undefined;
  const cols = columns(t, line);
  return cols[2]?.trim() || cols[1]!.trim();
}

function resolve(mac: number, t: Tables): string | undefined {
  const bytes = macBytes(mac);
  const exact = t.exact.get(mac);
  if (exact !== undefined) return nameAt(t, exact);
  for (const full of [5, 4, 3, 2, 1, 0]) {
    if (full === 2) {
      const oui = Math.floor(mac / 2 ** 24);
      const line = t.oui.get(oui) ?? t.oui.get(oui & 0xfeffff);
      if (line !== undefined) return `${nameAt(t, line)}_${hexBytes(bytes.slice(3))}`;
    }
    // 7 bits down to the whole byte, as tshark's `do … while (mask--)`: a range entry is keyed by its
    // masked address, so a /25 range answers a 40-bit lookup whose bits past 25 are zero
    // (01:00:5e:00:00:fb is IPv4mcast_fb, not IPv4mcast_00:fb)
    for (let mask = 7; mask >= 0; mask--) {
      const line = t.masked.get(maskKey(mac, full * 8 + mask));
      if (line === undefined) continue;
      const name = nameAt(t, line);
      const rest = bytes.slice(full);
      rest[0] = rest[0]! & (0xff >> mask);
      return `${name}_${hexBytes(rest)}`;
    }
  }
  return undefined;
}

function load(): Tables {
  if (tables) return tables;
  tables = { exact: new Map(), masked: new Map(), oui: new Map(), texts: [] };
  if (dataDir !== null) {
    readTable(`${dataDir}/wka`, tables);
    readTable(`${dataDir}/manuf`, tables);
  }
  return tables;
}

/**
 * Lines `00:1B:21<TAB>IntelCor<TAB>Intel Corporate` or `01-00-5E/25<TAB><TAB>IPv4mcast`. A
 * hand-written scan, not split and regular expressions: every `labwire show` of a capture
 * with Ethernet reads manuf, so its scan is most of a small file's time.
 */
function readTable(path: string, t: Tables): void {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch {
    return; // not installed: addresses stay plain, as --help says
  }
  const file = t.texts.length;
  t.texts.push(text);
  for (let at = 0; at < text.length;) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    if (end > at && text.charCodeAt(at) !== 0x23 /* # */) addLine(text, at, end, file, t);
    at = end + 1;
  }
}

/** A line's place: the file (an index into `texts`) in the low 4 bits, its start above them. */
const lineRef = (file: number, start: number): number => start * 16 + file;

const utf8 = new TextDecoder();

/** manuf's bytes were read as Latin-1 (one char per byte): decode them as the UTF-8 they are */
function utf8FromLatin1(s: string): string {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return utf8.decode(bytes);
}

/** The first three non-empty tab-separated columns of a line, UTF-8 decoded. */
function columns(t: Tables, ref: number): string[] {
  const text = t.texts[ref % 16]!;
  const start = Math.floor(ref / 16);
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  const cols: string[] = [];
  for (let at = start; at < end && cols.length < 3;) {
    let tab = text.indexOf('\t', at);
    if (tab < 0 || tab > end) tab = end;
    if (tab > at) cols.push(utf8FromLatin1(text.slice(at, tab)));
    at = tab + 1;
  }
  return cols;
}

const nameAt = (t: Tables, ref: number): string => columns(t, ref)[1]!.trim();

/** One table line between `start` and `end`: its address (and mask), if it has a name column. */
function addLine(text: string, start: number, end: number, file: number, t: Tables): void {
  let first = start;
  while (first < end && text.charCodeAt(first) === 0x09) first++;
  let tab = text.indexOf('\t', first);
  if (tab < 0 || tab > end) tab = end;
  if (tab === first || !hasSecondColumn(text, tab, end)) return;
  const value = parseAddress(text, first, tab);
  if (value < 0) return;
  const bits = parsedBits;
  const table = bits === 24 ? t.oui : bits === 48 ? t.exact : bits > 0 && bits < 48 ? t.masked : undefined;
  const key = bits === 24 ? Math.floor(value / 2 ** 24) : maskKey(value, bits);
  if (table && !table.has(key)) table.set(key, lineRef(file, start));
}

/** Whether a non-empty column follows the first (which ends at `tab`). */
function hasSecondColumn(text: string, tab: number, end: number): boolean {
  for (let i = tab; i < end; i++) if (text.charCodeAt(i) !== 0x09) return true;
  return false;
}

/** The mask length of the address parseAddress read last (a module variable: no object per line). */
let parsedBits = 0;

/**
 * `00:1B:21`, `01-00-5E/25`, `00.1b.21` in text[start, end): three to six groups of one or two
 * hex digits, an optional mask; the address as a 48-bit number (its length in parsedBits), or -1.
 */
function parseAddress(text: string, start: number, end: number): number {
  let slash = text.indexOf('/', start);
  if (slash >= end) slash = -1;
  const addrEnd = slash < 0 ? end : slash;
  let value = 0;
  let groups = 0;
  let digits = 0;
  let group = 0;
  for (let i = start; i <= addrEnd; i++) {
    const c = i < addrEnd ? text.charCodeAt(i) : 0x3a;
    if (c === 0x3a || c === 0x2d || c === 0x2e) { // : - .
      if (digits === 0) return -1;
      if (groups < 6) value = value * 256 + group;
      groups++;
      digits = 0;
      group = 0;
      continue;
    }
    const h = hexDigit(c);
    if (h < 0 || ++digits > 2) return -1;
    group = group * 16 + h;
  }
  if (groups < 3) return -1;
  for (let g = groups; g < 6; g++) value *= 256;
  parsedBits = slash < 0 ? groups * 8 : Number(text.slice(slash + 1, end));
  return value;
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
