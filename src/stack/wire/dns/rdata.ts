/**
 * Resource record data (RFC 1035 §3.3, RFC 3596 §2.2, RFC 6891 §6.1.2).
 *
 *     A      +---------------------------+     AAAA   128-bit address (RFC 3596)
 *            |          ADDRESS          |
 *            +---------------------------+
 *     CNAME, NS, PTR    one <domain-name>, which servers compress (RFC 1035 §4.1.4 lists these)
 *     SOA    MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM   (two names, five 32-bit numbers)
 *     TXT    one or more <character-string>s: a length byte and that many bytes
 *     OPT    {OPTION-CODE u16, OPTION-LENGTH u16, OPTION-DATA}*  (the pseudo-RR of EDNS)
 *
 * Lossless rule: rdata that does not fit its type (an A of 5 bytes, a CNAME with trailing
 * bytes or a broken pointer) is kept as `Unknown` with its type and raw bytes, so parsing
 * never drops what a sender put on the wire and emitting gives it back.
 */
import { readIpv4, writeIpv4, type Ipv4Addr } from '../addr.ts';
import { ascii, u16, u32 } from '../bytes.ts';
import { parseName, writeNameUncompressed, type DnsName, type NameCompressor } from './name.ts';
import type { DnsWriter } from './writer.ts';

export const DnsType = {
  A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, TXT: 16, AAAA: 28, OPT: 41,
} as const;

export const DNS_CLASS_IN = 1;

export interface EdnsOption { readonly code: number; readonly data: Uint8Array }

export type DnsRdata =
  | { readonly kind: 'A'; readonly address: Ipv4Addr }
  | { readonly kind: 'AAAA'; readonly address: Uint8Array }
  | { readonly kind: 'CNAME' | 'NS' | 'PTR'; readonly name: DnsName }
  | {
      readonly kind: 'SOA'; readonly mname: DnsName; readonly rname: DnsName; readonly serial: number;
      readonly refresh: number; readonly retry: number; readonly expire: number; readonly minimum: number;
    }
  /** character-strings as latin1 text (one char per byte), so any byte survives */
  | { readonly kind: 'TXT'; readonly strings: readonly string[] }
  | { readonly kind: 'OPT'; readonly options: readonly EdnsOption[] }
  | { readonly kind: 'Unknown'; readonly type: number; readonly data: Uint8Array };

/** The TYPE field value of an rdata. */
export function rdataType(r: DnsRdata): number {
  return r.kind === 'Unknown' ? r.type : DnsType[r.kind];
}

/** Reads `len` bytes of rdata of type `type` at `offset`; the caller has checked they exist. */
export function parseRdata(b: Uint8Array, msgStart: number, offset: number, type: number, len: number): DnsRdata {
  const end = offset + len;
  const unknown: DnsRdata = { kind: 'Unknown', type, data: b.slice(offset, end) };
  const oneName = (kind: 'CNAME' | 'NS' | 'PTR'): DnsRdata => {
    const n = parseName(b.subarray(0, end), msgStart, offset);
    return n.ok && n.end === end ? { kind, name: n.value } : unknown;
  };
  switch (type) {
    case DnsType.A:
      return len === 4 ? { kind: 'A', address: readIpv4(b, offset) } : unknown;
    case DnsType.AAAA:
      return len === 16 ? { kind: 'AAAA', address: b.slice(offset, end) } : unknown;
    case DnsType.CNAME: return oneName('CNAME');
    case DnsType.NS: return oneName('NS');
    case DnsType.PTR: return oneName('PTR');
    case DnsType.SOA: return parseSoa(b.subarray(0, end), msgStart, offset) ?? unknown;
    case DnsType.TXT: return parseTxt(b, offset, end) ?? unknown;
    case DnsType.OPT: return parseOpt(b, offset, end) ?? unknown;
    default:
      return unknown;
  }
}

function parseSoa(b: Uint8Array, msgStart: number, offset: number): DnsRdata | undefined {
  const m = parseName(b, msgStart, offset);
  if (!m.ok) return undefined;
  const r = parseName(b, msgStart, m.end);
  if (!r.ok || r.end + 20 !== b.length) return undefined;
  const o = r.end;
  return {
    kind: 'SOA', mname: m.value, rname: r.value, serial: u32(b, o), refresh: u32(b, o + 4),
    retry: u32(b, o + 8), expire: u32(b, o + 12), minimum: u32(b, o + 16),
  };
}

function parseTxt(b: Uint8Array, offset: number, end: number): DnsRdata | undefined {
  const strings: string[] = [];
  for (let o = offset; o < end; ) {
    const n = b[o]!;
    if (o + 1 + n > end) return undefined;
    strings.push(ascii(b.subarray(o + 1, o + 1 + n)));
    o += 1 + n;
  }
  return { kind: 'TXT', strings };
}

function parseOpt(b: Uint8Array, offset: number, end: number): DnsRdata | undefined {
  const options: EdnsOption[] = [];
  for (let o = offset; o < end; ) {
    if (o + 4 > end) return undefined;
    const n = u16(b, o + 2);
    if (o + 4 + n > end) return undefined;
    options.push({ code: u16(b, o), data: b.slice(o + 4, o + 4 + n) });
    o += 4 + n;
  }
  return { kind: 'OPT', options };
}

/** Writes rdata (without RDLENGTH). Names are compressed when `names` is given. */
export function writeRdata(w: DnsWriter, r: DnsRdata, names: NameCompressor | undefined): void {
  const name = (n: DnsName): void => (names ? names.write(w, n) : writeNameUncompressed(w, n));
  switch (r.kind) {
    case 'A': {
      const four = new Uint8Array(4);
      writeIpv4(four, 0, r.address);
      return w.bytes(four);
    }
    case 'AAAA':
      if (r.address.length !== 16) throw new Error(`AAAA address of ${r.address.length} bytes`);
      return w.bytes(r.address);
    case 'CNAME': case 'NS': case 'PTR':
      return name(r.name);
    case 'SOA':
      name(r.mname);
      name(r.rname);
      for (const v of [r.serial, r.refresh, r.retry, r.expire, r.minimum]) w.u32(v);
      return;
    case 'TXT':
      for (const s of r.strings) {
        if (s.length > 255) throw new Error(`TXT string of ${s.length} bytes`);
        w.u8(s.length);
        w.bytes(Uint8Array.from(s, (c) => c.charCodeAt(0)));
      }
      return;
    case 'OPT':
      for (const opt of r.options) {
        w.u16(opt.code);
        w.u16(opt.data.length);
        w.bytes(opt.data);
      }
      return;
    case 'Unknown':
      return w.bytes(r.data);
    default:
      return assertNever(r);
  }
}

function assertNever(x: never): never {
  throw new Error(`unexpected rdata ${JSON.stringify(x)}`);
}
