/**
 * Domain names (RFC 1035 §3.1, §4.1.4).
 *
 * A `DnsName` is the presentation form without the trailing dot: `www.its.ac.id`, and `''` for
 * the root. Bytes a label may hold but text cannot show plainly are escaped as in zone files
 * (RFC 1035 §5.1): `\.` and `\\` inside a label, `\DDD` (decimal) for bytes outside 0x21–0x7e.
 * The mapping labels ⇄ text is a bijection, so a parsed name emits back to the same labels.
 *
 * Compression (§4.1.4): a label-length byte with the top two bits set is a pointer
 *
 *     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *     | 1  1|                OFFSET                   |
 *     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *
 * to an earlier occurrence, counted from the first byte of the DNS header. Parsing follows
 * pointers with two guards: a target outside the message is an error, and a target visited
 * twice in one name is a loop. Together with the 255-byte limit this bounds the work by the
 * message length, so no input can hang the parser.
 */
import { type Parsed, parsed, truncated, wireError } from '../errors.ts';
import type { DnsWriter } from './writer.ts';

export type DnsName = string;

export const MAX_NAME_LENGTH = 255; // RFC 1035 §2.3.4, wire form including the root byte
export const MAX_LABEL_LENGTH = 63;

function formatLabel(b: Uint8Array): string {
  let s = '';
  for (const c of b) {
    if (c === 0x2e || c === 0x5c) s += '\\' + String.fromCharCode(c);
    else if (c < 0x21 || c > 0x7e) s += '\\' + c.toString().padStart(3, '0');
    else s += String.fromCharCode(c);
  }
  return s;
}

/** Text form of a list of labels. */
export function formatLabels(labels: readonly Uint8Array[]): DnsName {
  return labels.map(formatLabel).join('.');
}

/** The labels of a name, in order, root excluded. Throws on text no name can have (a bug). */
export function nameLabels(name: DnsName): Uint8Array[] {
  const text = name.endsWith('.') && !name.endsWith('\\.') ? name.slice(0, -1) : name;
  if (text === '') return [];
  const labels: Uint8Array[] = [];
  let cur: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x2e) {
      labels.push(checkedLabel(cur, name));
      cur = [];
    } else if (ch === 0x5c) {
      const digits = /^\d{3}/.exec(text.slice(i + 1, i + 4));
      if (digits) {
        cur.push(Number(digits[0]));
        i += 3;
      } else if (i + 1 < text.length) {
        cur.push(text.charCodeAt(++i));
      } else throw new Error(`dns name ${JSON.stringify(name)}: dangling escape`);
    } else cur.push(ch);
  }
  labels.push(checkedLabel(cur, name));
  const wire = labels.reduce((n, l) => n + l.length + 1, 1);
  if (wire > MAX_NAME_LENGTH) throw new Error(`dns name ${JSON.stringify(name)}: ${wire} > 255 bytes`);
  return labels;
}

function checkedLabel(bytes: number[], name: string): Uint8Array {
  if (bytes.length === 0 || bytes.length > MAX_LABEL_LENGTH || bytes.some((b) => b > 255)) {
    throw new Error(`dns name ${JSON.stringify(name)}: bad label (length ${bytes.length})`);
  }
  return Uint8Array.from(bytes);
}

/** Case-insensitive comparison key (RFC 4343: ASCII letters only). */
export function canonicalName(name: DnsName): string {
  return name.replace(/[A-Z]/g, (c) => c.toLowerCase()).replace(/\.$/, '');
}

/**
 * Reads a name at `offset`; pointers are counted from `msgStart`. `end` is the offset just
 * after the name where it sits (after the first pointer, if any), not where pointers led.
 */
export function parseName(b: Uint8Array, msgStart: number, offset: number, field = 'name'): Parsed<DnsName> {
  const labels: Uint8Array[] = [];
  const seen = new Set<number>();
  let pos = offset;
  let end = -1;
  let wire = 1;
  for (;;) {
    if (pos >= b.length) return truncated('dns', field, pos, 1, b.length);
    const len = b[pos]!;
    if (len === 0) break;
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      if (pos + 2 > b.length) return truncated('dns', field, pos, 2, b.length);
      const target = msgStart + (((len & 0x3f) << 8) | b[pos + 1]!);
      if (end < 0) end = pos + 2;
      if (target >= b.length) return wireError('dns', field, pos, `pointer to ${target - msgStart} is outside the message`);
      if (seen.has(target)) return wireError('dns', field, pos, `pointer loop through ${target - msgStart}`);
      seen.add(target);
      pos = target;
      continue;
    }
    if (kind !== 0) return wireError('dns', field, pos, `label type 0x${kind.toString(16)} is not supported`);
    if (pos + 1 + len > b.length) return truncated('dns', field, pos, 1 + len, b.length);
    wire += len + 1;
    if (wire > MAX_NAME_LENGTH) return wireError('dns', field, pos, `name longer than ${MAX_NAME_LENGTH} bytes`);
    labels.push(b.subarray(pos + 1, pos + 1 + len));
    pos += 1 + len;
  }
  return parsed(formatLabels(labels), end < 0 ? pos + 1 : end);
}

/**
 * The compression table of one message: each name suffix already written → its offset.
 * Like BIND and dnsmasq, every suffix of every name written (question, owners, and names
 * inside CNAME/NS/PTR/SOA rdata) becomes a target. Matching is exact on the label bytes, so
 * a name's case is never replaced by another name's case.
 */
export class NameCompressor {
  private readonly table = new Map<string, number>();

  /** Writes `name` at the writer's position, reusing the longest suffix already written. */
  write(w: DnsWriter, name: DnsName): void {
    writeLabels(w, nameLabels(name), this.table);
  }
}

/** Writes a name with no compression at all. */
export function writeNameUncompressed(w: DnsWriter, name: DnsName): void {
  writeLabels(w, nameLabels(name), undefined);
}

function writeLabels(w: DnsWriter, labels: readonly Uint8Array[], table: Map<string, number> | undefined): void {
  for (let i = 0; i < labels.length; i++) {
    if (table) {
      const key = formatLabels(labels.slice(i));
      const at = table.get(key);
      if (at !== undefined) {
        w.u16(0xc000 | at);
        return;
      }
      if (w.length < 0x4000) table.set(key, w.length);
    }
    w.u8(labels[i]!.length);
    w.bytes(labels[i]!);
  }
  w.u8(0);
}
