/**
 * ICMPv6 (RFC 4443) with Neighbor Discovery (RFC 4861) and MLD (RFC 2710, RFC 3810). Like
 * ICMP it has no length field: a message runs to the end of its IPv6 payload. The checksum
 * covers an IPv6 pseudo-header (RFC 4443 §2.3), so emitting and verifying need the addresses.
 *
 *   0                   1                   2                   3
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |     Code      |          Checksum             |
 *  | echo: Identifier | Sequence    errors: MTU / pointer / unused  |
 *  | ND: fixed fields, then options (type, length in 8-byte units, data)
 *
 * Messages are kept in four shapes: echoes, errors (with the quoted packet), Neighbor
 * Discovery (fixed part and options as read) and the rest (MLD included) as raw bytes.
 */
import { putU16, putU32, u16, u32 } from './bytes.ts';
import { checkChecksum, fold, onesSum, type ChecksumCheck } from './checksum.ts';
import { parsed, truncated, wireError, type Parsed } from './errors.ts';
import type { Ipv6Addr } from './ipv6-addr.ts';
import { IPPROTO_ICMPV6, ipv6PseudoHeaderSum } from './ipv6.ts';
import { assertRoom } from './room.ts';

export const ICMPV6_DEST_UNREACHABLE = 1;
export const ICMPV6_PACKET_TOO_BIG = 2;
export const ICMPV6_TIME_EXCEEDED = 3;
export const ICMPV6_PARAM_PROBLEM = 4;
export const ICMPV6_ECHO_REQUEST = 128;
export const ICMPV6_ECHO_REPLY = 129;
export const ICMPV6_MLD_QUERY = 130;
export const ICMPV6_MLD_REPORT = 131;
export const ICMPV6_MLD_DONE = 132;
export const ICMPV6_ROUTER_SOLICITATION = 133;
export const ICMPV6_ROUTER_ADVERTISEMENT = 134;
export const ICMPV6_NEIGHBOR_SOLICITATION = 135;
export const ICMPV6_NEIGHBOR_ADVERTISEMENT = 136;
export const ICMPV6_REDIRECT = 137;
export const ICMPV6_MLDV2_REPORT = 143;

/** Bytes of each ND message's fixed part after type, code and checksum (RFC 4861 §4.1–4.5). */
export const ND_FIXED: Readonly<Record<number, number>> = { 133: 4, 134: 12, 135: 20, 136: 20, 137: 36 };

export interface Icmpv6Echo {
  readonly kind: 'echo';
  readonly type: typeof ICMPV6_ECHO_REQUEST | typeof ICMPV6_ECHO_REPLY;
  readonly code: number;
  readonly checksum: number;
  readonly id: number;
  readonly seq: number;
  readonly data: Uint8Array;
}

export interface Icmpv6Error {
  readonly kind: 'error';
  readonly type: 1 | 2 | 3 | 4;
  readonly code: number;
  readonly checksum: number;
  /** bytes 4..7: unused (1, 3), the MTU (2), the pointer (4) */
  readonly param: number;
  /** as much of the invoking packet as fits (RFC 4443 §2.4 (c)) */
  readonly original: Uint8Array;
}

/** One ND option as read (RFC 4861 §4.6): `length` in 8-byte units, `bytes` the whole option. */
export interface NdOption {
  readonly type: number;
  readonly length: number;
  readonly bytes: Uint8Array;
}

export interface Icmpv6Nd {
  readonly kind: 'nd';
  readonly type: 133 | 134 | 135 | 136 | 137;
  readonly code: number;
  readonly checksum: number;
  /** the fixed part after the checksum (ND_FIXED bytes) */
  readonly fixed: Uint8Array;
  readonly options: readonly NdOption[];
}

export interface Icmpv6Other {
  readonly kind: 'other';
  readonly type: number;
  readonly code: number;
  readonly checksum: number;
  /** everything after type, code and checksum */
  readonly rest: Uint8Array;
}

export type Icmpv6Message = Icmpv6Echo | Icmpv6Error | Icmpv6Nd | Icmpv6Other;

type WithoutChecksum<T> = T extends unknown ? Omit<T, 'checksum'> : never;
/** What a sender builds: the checksum is computed on emit. */
export type Icmpv6MessageInit = WithoutChecksum<Icmpv6Message>;

/** The options in b[at..end): every one has a non-zero length that fits (RFC 4861 §4.6: else discard). */
export function parseNdOptions(b: Uint8Array, at: number, end: number): Parsed<readonly NdOption[]> {
  const out: NdOption[] = [];
  while (at < end) {
    if (end - at < 2) return truncated('icmpv6', 'option', at, 2, end);
    const length = b[at + 1]!;
    if (length === 0) return wireError('icmpv6', 'option', at + 1, 'option length 0');
    if (at + length * 8 > end) return truncated('icmpv6', 'option', at, length * 8, end);
    out.push({ type: b[at]!, length, bytes: b.subarray(at, at + length * 8) });
    at += length * 8;
  }
  return parsed(out, end);
}

/** Parses the message in bytes[offset..end); `end` defaults to the buffer's end. */
export function parseIcmpv6(bytes: Uint8Array, offset = 0, end = bytes.length): Parsed<Icmpv6Message> {
  if (end > bytes.length) end = bytes.length;
  if (end - offset < 4) return truncated('icmpv6', 'header', offset, 4, end);
  const type = bytes[offset]!;
  const code = bytes[offset + 1]!;
  const checksum = u16(bytes, offset + 2);
  const fixed = ND_FIXED[type];
  if (type === ICMPV6_ECHO_REQUEST || type === ICMPV6_ECHO_REPLY || (type >= 1 && type <= 4)) {
    if (end - offset < 8) return truncated('icmpv6', 'header', offset, 8, end);
    const body = bytes.subarray(offset + 8, end);
    if (type >= 128) return parsed<Icmpv6Message>({ kind: 'echo', type: type as Icmpv6Echo['type'], code, checksum, id: u16(bytes, offset + 4), seq: u16(bytes, offset + 6), data: body }, end);
    return parsed<Icmpv6Message>({ kind: 'error', type: type as Icmpv6Error['type'], code, checksum, param: u32(bytes, offset + 4), original: body }, end);
  }
  if (fixed !== undefined) {
    if (end - offset < 4 + fixed) return truncated('icmpv6', 'header', offset, 4 + fixed, end);
    const options = parseNdOptions(bytes, offset + 4 + fixed, end);
    if (!options.ok) return options;
    const value: Icmpv6Nd = { kind: 'nd', type: type as Icmpv6Nd['type'], code, checksum, fixed: bytes.subarray(offset + 4, offset + 4 + fixed), options: options.value };
    return parsed(value, end);
  }
  return parsed<Icmpv6Message>({ kind: 'other', type, code, checksum, rest: bytes.subarray(offset + 4, end) }, end);
}

/** Bytes the message takes on the wire. */
export function icmpv6Length(m: Icmpv6MessageInit): number {
  switch (m.kind) {
    case 'echo': return 8 + m.data.length;
    case 'error': return 8 + m.original.length;
    case 'nd': return 4 + m.fixed.length + m.options.reduce((n, o) => n + o.bytes.length, 0);
    case 'other': return 4 + m.rest.length;
  }
}

/** Writes the message at `offset` with its checksum over the pseudo-header of src → dst; returns the end offset. */
export function emitIcmpv6Into(m: Icmpv6MessageInit, src: Ipv6Addr, dst: Ipv6Addr, out: Uint8Array, offset: number): number {
  const length = icmpv6Length(m);
  assertRoom(out, offset + length, 'icmpv6');
  out[offset] = m.type;
  out[offset + 1] = m.code;
  putU16(out, offset + 2, 0);
  if (m.kind === 'echo') {
    putU16(out, offset + 4, m.id);
    putU16(out, offset + 6, m.seq);
    out.set(m.data, offset + 8);
  } else if (m.kind === 'error') {
    putU32(out, offset + 4, m.param);
    out.set(m.original, offset + 8);
  } else if (m.kind === 'nd') {
    if (m.fixed.length !== ND_FIXED[m.type]) throw new RangeError(`icmpv6 type ${m.type} has ${ND_FIXED[m.type]} fixed bytes, got ${m.fixed.length}`);
    out.set(m.fixed, offset + 4);
    let at = offset + 4 + m.fixed.length;
    for (const o of m.options) {
      out.set(o.bytes, at);
      at += o.bytes.length;
    }
  } else out.set(m.rest, offset + 4);
  const end = offset + length;
  putU16(out, offset + 2, ~onesSum(out, offset, end, ipv6PseudoHeaderSum(src, dst, IPPROTO_ICMPV6, length)) & 0xffff);
  return end;
}

export function emitIcmpv6(m: Icmpv6MessageInit, src: Ipv6Addr, dst: Ipv6Addr): Uint8Array {
  const out = new Uint8Array(icmpv6Length(m));
  emitIcmpv6Into(m, src, dst, out, 0);
  return out;
}

/** Checks the checksum of the message in bytes[offset..end) sent from src to dst. */
export function verifyIcmpv6Checksum(bytes: Uint8Array, src: Ipv6Addr, dst: Ipv6Addr, offset = 0, end = bytes.length): ChecksumCheck {
  if (end - offset < 4 || end > bytes.length) return { ok: false, actual: 0, expected: 0 };
  return checkChecksum(bytes, offset, end, offset + 2, fold(ipv6PseudoHeaderSum(src, dst, IPPROTO_ICMPV6, end - offset)));
}
