/**
 * What a capture reader yields: a stream of entries in file order. A `section` opens each
 * pcap file or pcapng section, an `interface` precedes the records that name it, a `record`
 * is one captured frame, and an `error` — always last — says where and why reading stopped.
 */

export type CaptureFormat = 'pcap' | 'pcap-ns' | 'pcapng';

export interface CaptureSection {
  readonly kind: 'section';
  readonly format: CaptureFormat;
  readonly littleEndian: boolean;
  /** File offset of the pcap header or the pcapng Section Header Block. */
  readonly offset: number;
}

export interface CaptureInterfaceInfo {
  readonly kind: 'interface';
  /** Numbered across the whole file (pcapng sections restart their own ids; this does not), as tshark does. */
  readonly ifIndex: number;
  readonly linkType: number;
  readonly snaplen: number;
  /** `if_name` from a pcapng IDB; `undefined` in pcap, which has no names. */
  readonly name: string | undefined;
  /** Decimal digits of timestamp resolution: 6 (µs, the default) or 9 (ns); other values as read. */
  readonly tsresol: number;
}

export interface CaptureRecord {
  readonly kind: 'record';
  /** 0-based position among the file's records (tshark's `frame.number` is `index + 1`). */
  readonly index: number;
  readonly ifIndex: number;
  readonly linkType: number;
  /** Absolute time, seconds since the Unix epoch, and nanoseconds 0 ≤ nsec < 10^9: exact. */
  readonly sec: number;
  readonly nsec: number;
  readonly origLength: number;
  /** The captured bytes: a view into the reader's buffer (never overwritten later), not a copy. */
  readonly data: Uint8Array;
  /** File offset of the record header or block. */
  readonly offset: number;
  /** pcapng `opt_comment` options of the packet, in file order (absent when none). */
  readonly comments?: readonly string[];
}

/** Why reading stopped early; everything before `offset` was yielded. */
export interface CaptureError {
  readonly kind: 'error';
  readonly file: string;
  readonly offset: number;
  readonly reason: string;
}

export type CaptureEntry = CaptureSection | CaptureInterfaceInfo | CaptureRecord | CaptureError;

export function captureError(file: string, offset: number, reason: string): CaptureError {
  return { kind: 'error', file, offset, reason };
}

export function formatCaptureError(e: CaptureError): string {
  return `${e.file}: at offset ${e.offset}: ${e.reason}`;
}

/** The record's absolute time in nanoseconds since the Unix epoch (exact). */
export function recordTimeNs(r: Pick<CaptureRecord, 'sec' | 'nsec'>): bigint {
  return BigInt(r.sec) * 1_000_000_000n + BigInt(r.nsec);
}

/** "1795565826.173152130" — the form of tshark's `frame.time_epoch` for a nanosecond file. */
export function formatEpoch(r: Pick<CaptureRecord, 'sec' | 'nsec'>): string {
  return `${r.sec}.${String(r.nsec).padStart(9, '0')}`;
}
