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
 * the shorter masks. The files are indexed once, on the first address that needs them; a
 * name is read back from its line when an address first asks for it.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** Where Debian's libwireshark-data puts manuf and wka. */
export const WIRESHARK_DATA_DIR = '/usr/share/wireshark';

/**
 * The tables hold, per address, where its line starts in its file: sorted keys beside line
 * references in typed arrays (about 0.5 MB for manuf's 52 000 lines, where Maps took 2.3 MB
 * and the file's text 2.3 MB more for the whole run). A capture names a handful of vendors:
 * a name is read from its file, cut from its line and decoded as UTF-8 only when an address
 * asks for it, and kept.
 */
interface Table {
  /** sorted ascending, each once (the first line that names it: wka before manuf, as tshark) */
  readonly keys: Float64Array;
  /** the line of each key: lineRef(file, offset) */
  readonly lines: Uint32Array;
}

interface Tables {
  /** whole addresses (no mask) */
  readonly exact: Table;
  /** masked addresses (as 48-bit numbers), for entries with a mask other than 24 and 48 */
  readonly masked: Table;
  /** 24-bit prefixes */
  readonly oui: Table;
  /** the files the lines are in, in the order read (wka, then manuf) */
  readonly files: string[];
}

let dataDir: string | null = WIRESHARK_DATA_DIR;
let tables: Tables | undefined;
const cache = new Map<number, string | undefined>();
/** the columns of the lines read so far, by line reference */
const lineColumns = new Map<number, string[]>();

/** Use the tables in `dir`, or none (`null`: plain addresses); for tests and --help's note. */
export function useWiresharkData(dir: string | null): void {
  dataDir = dir;
  tables = undefined;
  cache.clear();
  lineColumns.clear();
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
  const line = lookup(t.oui, Math.floor(mac / 2 ** 24));
  if (line === undefined) return undefined;
  const cols = columns(t, line);
  return cols[2]?.trim() || cols[1]!.trim();
}

function resolve(mac: number, t: Tables): string | undefined {
  const bytes = macBytes(mac);
  const exact = lookup(t.exact, mac);
  if (exact !== undefined) return nameAt(t, exact);
  for (const full of [5, 4, 3, 2, 1, 0]) {
    if (full === 2) {
      const oui = Math.floor(mac / 2 ** 24);
      const line = lookup(t.oui, oui) ?? lookup(t.oui, oui & 0xfeffff);
      if (line !== undefined) return `${nameAt(t, line)}_${hexBytes(bytes.slice(3))}`;
    }
    // 7 bits down to the whole byte, as tshark's `do … while (mask--)`: a range entry is keyed by its
    // masked address, so a /25 range answers a 40-bit lookup whose bits past 25 are zero
    // (01:00:5e:00:00:fb is IPv4mcast_fb, not IPv4mcast_00:fb)
    for (let mask = 7; mask >= 0; mask--) {
      const line = lookup(t.masked, maskKey(mac, full * 8 + mask));
      if (line === undefined) continue;
      const name = nameAt(t, line);
      const rest = bytes.slice(full);
      rest[0] = rest[0]! & (0xff >> mask);
      return `${name}_${hexBytes(rest)}`;
    }
  }
  return undefined;
}

/** The line of `key` in a table (a binary search), or undefined. */
function lookup(t: Table, key: number): number | undefined {
  let lo = 0;
  let hi = t.keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = t.keys[mid]!;
    if (k === key) return t.lines[mid];
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/**
 * A table being read: keys and lines in file order, in typed arrays that double as they fill
 * (52 000 lines in JS arrays left megabytes of garbage in the large-object space until the
 * next full collection, which a streaming run may never make); sorted and made unique by
 * `finish`.
 */
class TableBuilder {
  private keys = new Float64Array(1024);
  private lines = new Uint32Array(1024);
  private n = 0;
  add(key: number, line: number): void {
    if (this.n === this.keys.length) {
      this.keys = grown(this.keys, new Float64Array(this.n * 2));
      this.lines = grown(this.lines, new Uint32Array(this.n * 2));
    }
    this.keys[this.n] = key;
    this.lines[this.n++] = line;
  }
  finish(): Table {
    const { keys, lines, n } = this;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (!isAscending(keys.subarray(0, n))) order.sort((a, b) => keys[a]! - keys[b]! || a - b); // the first line of a key first
    let unique = 0;
    for (let i = 0; i < n; i++) if (i === 0 || keys[order[i]!] !== keys[order[i - 1]!]) order[unique++] = order[i]!;
    const out = { keys: new Float64Array(unique), lines: new Uint32Array(unique) };
    for (let i = 0; i < unique; i++) {
      out.keys[i] = keys[order[i]!]!;
      out.lines[i] = lines[order[i]!]!;
    }
    return out;
  }
}

function grown<T extends Float64Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function isAscending(xs: Float64Array): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i]! < xs[i - 1]!) return false;
  return true;
}

function load(): Tables {
  if (tables) return tables;
  const exact = new TableBuilder();
  const masked = new TableBuilder();
  const oui = new TableBuilder();
  const files: string[] = [];
  if (dataDir !== null) {
    for (const name of ['wka', 'manuf']) readTable(`${dataDir}/${name}`, files, { exact, masked, oui });
  }
  tables = { exact: exact.finish(), masked: masked.finish(), oui: oui.finish(), files };
  return tables;
}

interface Builders {
  readonly exact: TableBuilder;
  readonly masked: TableBuilder;
  readonly oui: TableBuilder;
}

/** bytes of a table file scanned at a time */
const TABLE_CHUNK = 1 << 16;

/**
 * Lines `00:1B:21<TAB>IntelCor<TAB>Intel Corporate` or `01-00-5E/25<TAB><TAB>IPv4mcast`. A
 * hand-written scan of the bytes, not split and regular expressions: every `labwire show` of
 * a capture with Ethernet reads manuf, so its scan is most of a small file's time. The file is
 * read in TABLE_CHUNK pieces through one buffer, never whole: reading manuf's 2.3 MB at once
 * raised a long run's peak RSS by about 3 MB (issue 15).
 */
function readTable(path: string, files: string[], t: Builders): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return; // not installed: addresses stay plain, as --help says
  }
  const file = files.length;
  files.push(path);
  try {
    let buf = new Uint8Array(TABLE_CHUNK);
    // `base`: the file offset of buf[0]; buf[0, have) holds the bytes read and not yet scanned
    for (let base = 0, have = 0; ;) {
      const got = readSync(fd, buf, have, buf.length - have, base + have);
      have += got;
      const scanned = scanLines(buf, have, got === 0, base, file, t);
      if (got === 0) return;
      if (scanned === 0 && have === buf.length) buf = grownBytes(buf); // a line longer than the buffer
      buf.copyWithin(0, scanned, have);
      have -= scanned;
      base += scanned;
    }
  } finally {
    closeSync(fd);
  }
}

/** The whole lines in buf[0, have) (the last one too at the file's end), `base` being buf[0]'s file offset; returns the bytes scanned. */
function scanLines(buf: Uint8Array, have: number, atEnd: boolean, base: number, file: number, t: Builders): number {
  // line ends are looked for in the chunk read as latin1 (one char per byte): a string's indexOf
  // is a fast scan, a Uint8Array's goes element by element (and Node's Buffer is not in the
  // report viewer, which bundles this module)
  const text = latin1.decode(buf.subarray(0, have));
  let at = 0;
  while (at < have) {
    let end = text.indexOf('\n', at);
    if (end < 0 || end >= have) {
      if (!atEnd) break;
      end = have;
    }
    if (end > at && buf[at] !== 0x23 /* # */) addLine(buf, at, end, base, file, t);
    at = end + 1;
  }
  return Math.min(at, have);
}

function grownBytes(b: Uint8Array): Uint8Array<ArrayBuffer> {
  const next = new Uint8Array(b.length * 2);
  next.set(b);
  return next;
}

/** A line's place: the file (an index into `files`) in the low 4 bits, its start above them. */
const lineRef = (file: number, start: number): number => start * 16 + file;

const utf8 = new TextDecoder();
const latin1 = new TextDecoder('latin1');

/** The first three non-empty tab-separated columns of a line, UTF-8 decoded (read from its file once). */
function columns(t: Tables, ref: number): string[] {
  let cols = lineColumns.get(ref);
  if (!cols) lineColumns.set(ref, (cols = splitColumns(readLine(t.files[ref % 16]!, Math.floor(ref / 16)))));
  return cols;
}

/** The bytes of the line starting at `start` in `path`, without its newline. */
function readLine(path: string, start: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    let buf = new Uint8Array(256);
    let have = 0;
    for (;;) {
      const got = readSync(fd, buf, have, buf.length - have, start + have);
      have += got;
      const nl = buf.subarray(0, have).indexOf(0x0a);
      if (nl >= 0) return buf.subarray(0, nl);
      if (got === 0) return buf.subarray(0, have);
      if (have === buf.length) {
        const next = new Uint8Array(buf.length * 2);
        next.set(buf);
        buf = next;
      }
    }
  } finally {
    closeSync(fd);
  }
}

function splitColumns(line: Uint8Array): string[] {
  const cols: string[] = [];
  for (let at = 0; at < line.length && cols.length < 3;) {
    let tab = line.indexOf(0x09, at);
    if (tab < 0) tab = line.length;
    if (tab > at) cols.push(utf8.decode(line.subarray(at, tab)));
    at = tab + 1;
  }
  return cols;
}

const nameAt = (t: Tables, ref: number): string => columns(t, ref)[1]!.trim();

/** One table line between `start` and `end` of `text` (at file offset base + start): its address (and mask), if it has a name column. */
function addLine(text: Uint8Array, start: number, end: number, base: number, file: number, t: Builders): void {
  let first = start;
  while (first < end && text[first] === 0x09) first++;
  let tab = text.indexOf(0x09, first);
  if (tab < 0 || tab > end) tab = end;
  if (tab === first || !hasSecondColumn(text, tab, end)) return;
  const value = parseAddress(text, first, tab);
  if (value < 0) return;
  const bits = parsedBits;
  const table = bits === 24 ? t.oui : bits === 48 ? t.exact : bits > 0 && bits < 48 ? t.masked : undefined;
  const key = bits === 24 ? Math.floor(value / 2 ** 24) : maskKey(value, bits);
  table?.add(key, lineRef(file, base + start));
}

/** Whether a non-empty column follows the first (which ends at `tab`). */
function hasSecondColumn(text: Uint8Array, tab: number, end: number): boolean {
  for (let i = tab; i < end; i++) if (text[i] !== 0x09) return true;
  return false;
}

/** The mask length of the address parseAddress read last (a module variable: no object per line). */
let parsedBits = 0;

/**
 * `00:1B:21`, `01-00-5E/25`, `00.1b.21` in text[start, end): three to six groups of one or two
 * hex digits, an optional mask; the address as a 48-bit number (its length in parsedBits), or -1.
 */
function parseAddress(text: Uint8Array, start: number, end: number): number {
  // the column is a few bytes: a loop, not indexOf, which would search on past `end` to the next slash in the buffer
  let slash = -1;
  for (let i = start; i < end; i++) {
    if (text[i] !== 0x2f /* / */) continue;
    slash = i;
    break;
  }
  const addrEnd = slash < 0 ? end : slash;
  let value = 0;
  let groups = 0;
  let digits = 0;
  let group = 0;
  for (let i = start; i <= addrEnd; i++) {
    const c = i < addrEnd ? text[i]! : 0x3a;
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
  parsedBits = slash < 0 ? groups * 8 : decimal(text, slash + 1, end);
  return value;
}

/** The decimal number in text[start, end) (a mask length), NaN when it is not one. */
function decimal(text: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = text[i]! - 0x30;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return end > start ? n : NaN;
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
