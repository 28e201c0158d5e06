/**
 * IGMP (IPv4 protocol 2): version 1 (RFC 1112), 2 (RFC 2236) and 3 (RFC 3376), as hosts and
 * multicast routers and snooping bridges send it — what a real capture starts with when an
 * interface comes up (a Linux bridge's join of 224.0.0.106, a host's reports). Hosts send the
 * IGMPv3 reports of their sockets' joins and leaves (emitIgmpV3ReportInto, kernel/igmp.ts).
 *
 * The version is told apart as Wireshark's packet-igmp.c does: by type, and for a Membership
 * Query (0x11) by its size — 12 bytes or more is v3, else v2 when Max Resp Time is not 0,
 * else v1. Types other than the v1–v3 host messages are `unknown` here (DVMRP, mtrace, MRD …).
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Type     | Max Resp Code |           Checksum            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Group Address (v1, v2, v3 query) | v3 report: Reserved, Number of Group Records
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | v3 query: Resv|S|QRV|  QQIC  | Number of Sources, sources …    v3 report: group records …
 */
import { u16, u32 } from './bytes.ts';
import { writeIpv4 } from './addr.ts';
import { internetChecksum } from './checksum.ts';
import type { Ipv4Addr } from './addr.ts';

export const IGMP_MEMBERSHIP_QUERY = 0x11;
export const IGMP_V1_MEMBERSHIP_REPORT = 0x12;
export const IGMP_V2_MEMBERSHIP_REPORT = 0x16;
export const IGMP_V2_LEAVE_GROUP = 0x17;
export const IGMP_V3_MEMBERSHIP_REPORT = 0x22;

/** IGMPV3_ALL_MCR: 224.0.0.22, where IGMPv3 reports go (RFC 3376 §4.2.14) */
export const IGMPV3_ALL_MCR = 0xe0000016;
/** IGMP_ALL_HOSTS: 224.0.0.1, which every host joins and never reports */
export const IGMP_ALL_HOSTS = 0xe0000001;

/** RFC 3376 §4.2.12 record types */
export const IGMP_MODE_IS_INCLUDE = 1;
export const IGMP_MODE_IS_EXCLUDE = 2;
export const IGMP_CHANGE_TO_INCLUDE = 3;
export const IGMP_CHANGE_TO_EXCLUDE = 4;
export const IGMP_ALLOW_NEW_SOURCES = 5;
export const IGMP_BLOCK_OLD_SOURCES = 6;

export interface IgmpGroupRecord {
  readonly type: number;
  /** in 32-bit words */
  readonly auxLen: number;
  readonly group: Ipv4Addr;
  /** Number of Sources as read; `sources` holds those the bytes hold (fewer in the record a message ends in) */
  readonly sourceCount: number;
  readonly sources: readonly Ipv4Addr[];
}

interface IgmpCommon {
  readonly type: number;
  /** byte 1: Max Resp Time (v2, in 1/10 s), Max Resp Code (v3 query), unused (v1, reports) */
  readonly maxResp: number;
  readonly checksum: number;
  /** the message's bytes, to the end of the IP payload (the checksum covers them all) */
  readonly bytes: Uint8Array;
  /**
   * how far the message was whole: a capture or an IP length that ends inside a field leaves
   * the fields before it read and `truncated` set (Wireshark's exception: [Malformed Packet])
   */
  readonly truncated: boolean;
}

export type IgmpMessage =
  | (IgmpCommon & { readonly version: 1 | 2; readonly group?: Ipv4Addr })
  | (IgmpCommon & {
      readonly version: 3; readonly kind: 'query'; readonly group?: Ipv4Addr;
      readonly suppress?: boolean; readonly qrv?: number; readonly qqic?: number;
      /** Number of Sources as read, and the sources the bytes hold */
      readonly sourceCount: number; readonly sources: readonly Ipv4Addr[];
    })
  | (IgmpCommon & {
      readonly version: 3; readonly kind: 'report'; readonly reserved?: number;
      /** Number of Group Records as read, and the records the bytes hold (the last maybe cut short) */
      readonly recordCount: number; readonly records: readonly IgmpGroupRecord[];
    })
  | (IgmpCommon & { readonly version: 0 });

/** The IGMP message in bytes[at..end), the IP payload (at least its type byte and nothing more is guaranteed). */
export function parseIgmp(bytes: Uint8Array, at: number, end: number): IgmpMessage {
  const len = end - at;
  const type = bytes[at]!;
  const common = {
    type, maxResp: len >= 2 ? bytes[at + 1]! : 0, checksum: len >= 4 ? u16(bytes, at + 2) : 0,
    bytes: bytes.subarray(at, end), truncated: len < 4,
  };
  const group = len >= 8 ? u32(bytes, at + 4) : undefined;
  switch (type) {
    case IGMP_MEMBERSHIP_QUERY:
      if (len >= 12) return v3Query(bytes, at, end, common, group!);
      return { ...common, version: common.maxResp !== 0 ? 2 : 1, group, truncated: len < 8 };
    case IGMP_V1_MEMBERSHIP_REPORT:
      return { ...common, version: 1, group, truncated: len < 8 };
    case IGMP_V2_MEMBERSHIP_REPORT:
    case IGMP_V2_LEAVE_GROUP:
      return { ...common, version: 2, group, truncated: len < 8 };
    case IGMP_V3_MEMBERSHIP_REPORT:
      return v3Report(bytes, at, end, common);
    default:
      return { ...common, version: 0, truncated: false };
  }
}

function v3Query(bytes: Uint8Array, at: number, end: number, common: IgmpCommon, group: Ipv4Addr): IgmpMessage {
  const flags = bytes[at + 8]!;
  const count = u16(bytes, at + 10);
  const sources = readAddresses(bytes, at + 12, end, count);
  return {
    ...common, version: 3, kind: 'query', group, suppress: (flags & 0x08) !== 0, qrv: flags & 0x07, qqic: bytes[at + 9]!,
    sourceCount: count, sources, truncated: sources.length < count,
  };
}

function v3Report(bytes: Uint8Array, at: number, end: number, common: IgmpCommon): IgmpMessage {
  if (end - at < 8) return { ...common, version: 3, kind: 'report', recordCount: 0, records: [], truncated: true };
  const count = u16(bytes, at + 6);
  const records: IgmpGroupRecord[] = [];
  let p = at + 8;
  for (let i = 0; i < count; i++) {
    if (p + 8 > end) return { ...common, version: 3, kind: 'report', reserved: u16(bytes, at + 4), recordCount: count, records, truncated: true };
    const n = u16(bytes, p + 2);
    const record = { type: bytes[p]!, auxLen: bytes[p + 1]!, group: u32(bytes, p + 4), sourceCount: n, sources: readAddresses(bytes, p + 8, end, n) };
    records.push(record);
    p += 8 + 4 * n + 4 * record.auxLen;
    if (record.sources.length < n || p > end) return { ...common, version: 3, kind: 'report', reserved: u16(bytes, at + 4), recordCount: count, records, truncated: true };
  }
  return { ...common, version: 3, kind: 'report', reserved: u16(bytes, at + 4), recordCount: count, records };
}

/** Up to `count` IPv4 addresses from `at`, as many as fit before `end`. */
function readAddresses(bytes: Uint8Array, at: number, end: number, count: number): Ipv4Addr[] {
  const out: Ipv4Addr[] = [];
  for (let i = 0; i < count && at + 4 * i + 4 <= end; i++) out.push(u32(bytes, at + 4 * i));
  return out;
}

/** v3's Max Resp Code as tenths of a second (RFC 3376 §4.1.1: a floating-point form from 128 on). */
export function igmpV3MaxRespTenths(code: number): number {
  return code < 128 ? code : ((code & 0x0f) | 0x10) << (((code >> 4) & 0x07) + 3);
}

/** A v3 report's size: 8 bytes, then 8 per record (no sources, no auxiliary data). */
export function igmpV3ReportLength(records: readonly { readonly type: number; readonly group: Ipv4Addr }[]): number {
  return 8 + 8 * records.length;
}

/**
 * A Version 3 Membership Report (RFC 3376 §4.2) of source-less records, as igmpv3_send_cr()
 * builds it, at `offset`: the checksum covers the message.
 */
export function emitIgmpV3ReportInto(records: readonly { readonly type: number; readonly group: Ipv4Addr }[], out: Uint8Array, offset: number): number {
  const end = offset + igmpV3ReportLength(records);
  out.fill(0, offset, end);
  out[offset] = IGMP_V3_MEMBERSHIP_REPORT;
  out[offset + 6] = records.length >>> 8;
  out[offset + 7] = records.length & 0xff;
  records.forEach((r, i) => {
    out[offset + 8 + 8 * i] = r.type;
    writeIpv4(out, offset + 12 + 8 * i, r.group);
  });
  const c = internetChecksum(out, offset, end);
  out[offset + 2] = c >>> 8;
  out[offset + 3] = c & 0xff;
  return end;
}
