/**
 * ICMP for IPv4 (RFC 792; "fragmentation needed" with the next-hop MTU from RFC 1191).
 * ICMP has no length field: a message runs to the end of its IP payload, so parseIcmp takes
 * that end. The checksum covers the whole message (no pseudo-header); it is kept as read on
 * parse and computed on emit.
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |     Code      |          Checksum             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | echo:         Identifier      |        Sequence Number        |
 *  | unreachable:  unused          |        Next-Hop MTU (code 4)  |
 *  | time exceeded:             unused (32 bits)                   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | echo: data …   errors: original IP header + first 8 payload bytes …
 */
import { putU16, putU32, u16, u32 } from './bytes.ts';
import { checkChecksum, internetChecksum, type ChecksumCheck } from './checksum.ts';
import { parsed, truncated, type Parsed } from './errors.ts';
import { assertRoom } from './room.ts';

export const ICMP_HEADER_LENGTH = 8;
export const ICMP_ECHO_REPLY = 0;
export const ICMP_DEST_UNREACHABLE = 3;
export const ICMP_ECHO_REQUEST = 8;
export const ICMP_TIME_EXCEEDED = 11;

/** Destination-unreachable codes (RFC 792, RFC 1122 §3.2.2.1). */
export const ICMP_NET_UNREACHABLE = 0;
export const ICMP_HOST_UNREACHABLE = 1;
export const ICMP_PROTOCOL_UNREACHABLE = 2;
export const ICMP_PORT_UNREACHABLE = 3;
export const ICMP_FRAG_NEEDED = 4;
/** Time-exceeded codes. */
export const ICMP_TTL_EXCEEDED = 0;
export const ICMP_REASSEMBLY_EXCEEDED = 1;

export interface IcmpEcho {
  readonly kind: 'echoRequest' | 'echoReply';
  /** 0 in every echo a real stack sends; kept as read */
  readonly code: number;
  readonly checksum: number;
  readonly id: number;
  readonly seq: number;
  readonly data: Uint8Array;
}

export interface IcmpDestUnreachable {
  readonly kind: 'destUnreachable';
  readonly code: number;
  readonly checksum: number;
  /** bytes 4..5 (zero, or an RFC 4884 length) */
  readonly unused: number;
  /** bytes 6..7: the next-hop MTU when code is 4 (fragmentation needed), else 0 */
  readonly nextHopMtu: number;
  /** the quoted IP header and at least the first 8 bytes of its payload */
  readonly original: Uint8Array;
}

export interface IcmpTimeExceeded {
  readonly kind: 'timeExceeded';
  readonly code: number;
  readonly checksum: number;
  /** bytes 4..7 */
  readonly unused: number;
  readonly original: Uint8Array;
}

export interface IcmpUnknown {
  readonly kind: 'unknown';
  readonly type: number;
  readonly code: number;
  readonly checksum: number;
  /** everything after the 4-byte type/code/checksum */
  readonly rest: Uint8Array;
}

export type IcmpMessage = IcmpEcho | IcmpDestUnreachable | IcmpTimeExceeded | IcmpUnknown;

/** What a sender builds: the checksum is computed on emit; unused fields default to 0. */
export type IcmpMessageInit =
  | { readonly kind: 'echoRequest' | 'echoReply'; readonly code?: number; readonly id: number; readonly seq: number; readonly data: Uint8Array }
  | { readonly kind: 'destUnreachable'; readonly code: number; readonly unused?: number; readonly nextHopMtu?: number; readonly original: Uint8Array }
  | { readonly kind: 'timeExceeded'; readonly code: number; readonly unused?: number; readonly original: Uint8Array }
  | { readonly kind: 'unknown'; readonly type: number; readonly code: number; readonly rest: Uint8Array };

/** Parses the message in bytes[offset..end); `end` defaults to the buffer's end. */
export function parseIcmp(bytes: Uint8Array, offset = 0, end = bytes.length): Parsed<IcmpMessage> {
  if (end > bytes.length) end = bytes.length;
  const type = bytes[offset];
  if (end - offset < 4 || type === undefined) return truncated('icmp', 'header', offset, 4, end);
  const code = bytes[offset + 1]!;
  const checksum = u16(bytes, offset + 2);
  const fixed = type === ICMP_ECHO_REQUEST || type === ICMP_ECHO_REPLY || type === ICMP_DEST_UNREACHABLE || type === ICMP_TIME_EXCEEDED;
  if (!fixed) return parsed<IcmpMessage>({ kind: 'unknown', type, code, checksum, rest: bytes.subarray(offset + 4, end) }, end);
  if (end - offset < ICMP_HEADER_LENGTH) return truncated('icmp', 'header', offset, ICMP_HEADER_LENGTH, end);
  const body = bytes.subarray(offset + ICMP_HEADER_LENGTH, end);
  let value: IcmpMessage;
  if (type === ICMP_ECHO_REQUEST || type === ICMP_ECHO_REPLY) {
    const kind = type === ICMP_ECHO_REQUEST ? 'echoRequest' : 'echoReply';
    value = { kind, code, checksum, id: u16(bytes, offset + 4), seq: u16(bytes, offset + 6), data: body };
  } else if (type === ICMP_DEST_UNREACHABLE) {
    value = { kind: 'destUnreachable', code, checksum, unused: u16(bytes, offset + 4), nextHopMtu: u16(bytes, offset + 6), original: body };
  } else {
    value = { kind: 'timeExceeded', code, checksum, unused: u32(bytes, offset + 4), original: body };
  }
  return parsed(value, end);
}

/** Bytes the message takes on the wire. */
export function icmpLength(m: IcmpMessageInit): number {
  switch (m.kind) {
    case 'echoRequest':
    case 'echoReply':
      return ICMP_HEADER_LENGTH + m.data.length;
    case 'destUnreachable':
    case 'timeExceeded':
      return ICMP_HEADER_LENGTH + m.original.length;
    case 'unknown':
      return 4 + m.rest.length;
  }
}

/** Writes the message at `offset` with its checksum; returns the end offset. */
export function emitIcmpInto(m: IcmpMessageInit, out: Uint8Array, offset: number): number {
  assertRoom(out, offset + icmpLength(m), 'icmp');
  out[offset + 1] = m.code ?? 0;
  out[offset + 2] = 0;
  out[offset + 3] = 0;
  let end: number;
  switch (m.kind) {
    case 'echoRequest':
    case 'echoReply':
      out[offset] = m.kind === 'echoRequest' ? ICMP_ECHO_REQUEST : ICMP_ECHO_REPLY;
      putU16(out, offset + 4, m.id);
      putU16(out, offset + 6, m.seq);
      out.set(m.data, offset + ICMP_HEADER_LENGTH);
      end = offset + ICMP_HEADER_LENGTH + m.data.length;
      break;
    case 'destUnreachable':
      out[offset] = ICMP_DEST_UNREACHABLE;
      putU16(out, offset + 4, m.unused ?? 0);
      putU16(out, offset + 6, m.nextHopMtu ?? 0);
      out.set(m.original, offset + ICMP_HEADER_LENGTH);
      end = offset + ICMP_HEADER_LENGTH + m.original.length;
      break;
    case 'timeExceeded':
      out[offset] = ICMP_TIME_EXCEEDED;
      putU32(out, offset + 4, m.unused ?? 0);
      out.set(m.original, offset + ICMP_HEADER_LENGTH);
      end = offset + ICMP_HEADER_LENGTH + m.original.length;
      break;
    case 'unknown':
      out[offset] = m.type;
      out.set(m.rest, offset + 4);
      end = offset + 4 + m.rest.length;
      break;
  }
  putU16(out, offset + 2, internetChecksum(out, offset, end));
  return end;
}

export function emitIcmp(m: IcmpMessageInit): Uint8Array {
  const out = new Uint8Array(icmpLength(m));
  emitIcmpInto(m, out, 0);
  return out;
}

/** Checks the checksum of the ICMP message in bytes[offset..end). */
export function verifyIcmpChecksum(bytes: Uint8Array, offset = 0, end = bytes.length): ChecksumCheck {
  if (end - offset < 4 || end > bytes.length) return { ok: false, actual: 0, expected: 0 };
  return checkChecksum(bytes, offset, end, offset + 2);
}
