/**
 * TCP header (RFC 9293 §3.1). Flags stay bits; options stay an ordered list.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |          Source Port          |       Destination Port        |
 *   |                        Sequence Number                        |
 *   |                    Acknowledgment Number                      |
 *   |  Data |       |C|E|U|A|P|R|S|F|                               |
 *   | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 *   |           Checksum            |         Urgent Pointer        |
 *   |                           [Options]                           |
 */
import type { TcpOption } from './tcp-options.ts';

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;
export const TCP_ECE = 0x40;
export const TCP_CWR = 0x80;

/** A segment as built by a stack: lengths and checksum are derived when emitted. */
export interface TcpSegmentInit {
  readonly srcPort: number;
  readonly dstPort: number;
  readonly seq: number;
  readonly ack: number;
  /** the 8 flag bits CWR..FIN */
  readonly flags: number;
  readonly window: number;
  readonly urgent?: number;
  readonly options: readonly TcpOption[];
  /** a view into the sender's stream, never a copy */
  readonly payload: Uint8Array;
}

/** A segment as read from the wire: every field as it was, checksum included. */
export interface TcpSegment extends TcpSegmentInit {
  readonly dataOffset: number;
  /** the 4 reserved bits (bit 0 of these is the historic NS/AE bit) */
  readonly reserved: number;
  readonly checksum: number;
  readonly urgent: number;
}
