/**
 * Why a host put a frame on the wire, for the teaching timeline: the World knows what it was
 * doing when the kernel asked for the frame (a program's call, a timer, an arriving frame,
 * a forwarded packet), and the frame says what it is within that (a SYN during connect(),
 * a FIN during close(), data during sendall()). Only read when the timeline records.
 */
import type { FrameCause } from './timeline.ts';
import { formatIpv4Addr } from '../stack/wire/addr.ts';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, TCP_URG } from '../stack/wire/tcp.ts';

/** What the World was doing when the effects were produced. */
export type CauseContext =
  | { readonly kind: 'call'; readonly call: string }
  | { readonly kind: 'timer'; readonly layer: 'tcp' | 'neigh' | 'other' }
  /**
   * a frame arrived: an ARP one (its reply releases held packets), a TCP SYN-ACK (the
   * handshake's last ACK answers it), or a TCP segment with FIN (a pure ACK answers the peer's close)
   */
  | { readonly kind: 'input'; readonly arp?: boolean; readonly synAck?: boolean; readonly fin?: boolean }
  | { readonly kind: 'other' };

const IPPROTO_IGMP = 2;
/** the calls that take a socket's bytes, as the timeline names them (recv(32), recvfrom(…), read(…), recv_into(…)) */
const READS = /^(recv|read)/;
/** the calls that write a socket's bytes, with the count when the name gives it (sendall(4096), send(46)) */
const WRITES = /^(send|sendall|sendto|sendmsg|write)\((\d+)?/;

/** whether `bytes` of data sent during `call` are more than that call wrote (the send queue's) */
function fromQueue(call: string, bytes: number): boolean {
  const m = WRITES.exec(call);
  if (!m) return true;
  return m[2] !== undefined && bytes > Number(m[2]);
}
const DNS_PORT = 53;

/**
 * A UDP datagram a program's call sent: a question to a DNS server (port 53: the resolver's
 * stub asking), or the program's own datagram, to one host, to every host on the link (an
 * Ethernet broadcast) or to a multicast group (01:00:5e…).
 */
function datagramCause(frame: Uint8Array, l4: number, call: string): FrameCause {
  if (((frame[l4 + 2]! << 8) | frame[l4 + 3]!) === DNS_PORT) return { kind: 'dns', call };
  const bytes = ((frame[l4 + 4]! << 8) | frame[l4 + 5]!) - 8;
  const to = frame[0] === 0xff && frame[1] === 0xff && frame[2] === 0xff ? 'broadcast' : frame[0] === 0x01 && frame[1] === 0x00 && frame[2] === 0x5e ? 'multicast' : 'unicast';
  return { kind: 'datagram', call, bytes, to };
}

/** The context of a host's work on an arriving Ethernet frame (null: no frame). */
export function inputContext(frame: Uint8Array | null): CauseContext {
  if (frame === null) return { kind: 'input' };
  const etherType = (frame[12]! << 8) | frame[13]!;
  if (etherType === 0x0806) return { kind: 'input', arp: true };
  if (etherType !== 0x0800 || frame[23] !== 6) return { kind: 'input' };
  const flags = frame[14 + (frame[14]! & 0x0f) * 4 + 13]!;
  if ((flags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK)) return { kind: 'input', synAck: true };
  return flags & TCP_FIN ? { kind: 'input', fin: true } : { kind: 'input' };
}

/** The cause of an Ethernet frame a host sent in `ctx`; `forwarded` when it routed someone else's packet. */
export function frameCause(frame: Uint8Array, ctx: CauseContext, forwarded: boolean): FrameCause {
  const etherType = (frame[12]! << 8) | frame[13]!;
  if (etherType === 0x0806) {
    const op = (frame[20]! << 8) | frame[21]!;
    return op === 1 ? { kind: 'arp-request', ip: formatIpv4Addr(((frame[38]! << 24) | (frame[39]! << 16) | (frame[40]! << 8) | frame[41]!) >>> 0) } : { kind: 'arp-reply' };
  }
  if (etherType !== 0x0800) return { kind: 'other', note: `ethertype 0x${etherType.toString(16)}` };
  if (forwarded) return { kind: 'forward' };
  const ihl = (frame[14]! & 0x0f) * 4;
  const proto = frame[23]!;
  const l4 = 14 + ihl;
  const total = (frame[16]! << 8) | frame[17]!;
  if (ctx.kind === 'input' && ctx.arp) {
    // an ARP reply released the packets the neighbour table held while it asked
    if (proto === 6 && frame[l4 + 13]! & TCP_SYN) return { kind: 'connect', call: 'connect()' };
    return { kind: 'arp-held' };
  }
  if (proto === 1) return { kind: 'icmp', what: ctx.kind === 'call' ? ctx.call : 'the kernel answered' };
  if (proto === 17) return ctx.kind === 'call' ? datagramCause(frame, l4, ctx.call) : { kind: 'other', note: 'a UDP datagram the kernel sent on its own' };
  if (proto === IPPROTO_IGMP) return { kind: 'igmp' };
  if (proto !== 6) return { kind: 'other', note: `protocol ${proto}` };
  const flags = frame[l4 + 13]!;
  const payload = total - ihl - (frame[l4 + 12]! >> 4) * 4;
  // a RST a program's call sent is its close() aborting; otherwise a segment no socket wants
  if (flags & TCP_RST) return ctx.kind === 'call' ? { kind: 'abort', call: ctx.call } : { kind: 'reset' };
  if (ctx.kind === 'call') {
    if (flags & TCP_SYN) return { kind: 'connect', call: ctx.call };
    if (flags & TCP_FIN) return { kind: 'close', call: ctx.call };
    if (payload > 0 && flags & TCP_URG) return { kind: 'urgent', call: ctx.call, bytes: payload, pointer: (frame[l4 + 18]! << 8) | frame[l4 + 19]! };
    if (payload > 0) return fromQueue(ctx.call, payload) ? { kind: 'call', call: ctx.call, bytes: payload, queued: true } : { kind: 'call', call: ctx.call, bytes: payload };
    return { kind: 'call-ack', call: ctx.call, read: READS.test(ctx.call) };
  }
  if (ctx.kind === 'timer') {
    if (payload > 0 || flags & (TCP_SYN | TCP_FIN)) return { kind: 'rto', attempt: 1 };
    return { kind: 'delayed-ack' };
  }
  if (ctx.kind === 'input') {
    if ((flags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK)) return { kind: 'syn-ack' };
    if (ctx.synAck && payload === 0 && !(flags & TCP_FIN)) return { kind: 'handshake-ack' };
    // this side's FIN leaving on an arrival: close() queued it behind data an ACK let out
    if (flags & TCP_FIN) return { kind: 'fin-released' };
    if (payload > 0) return { kind: 'ack-released' };
    if (ctx.fin) return { kind: 'fin-ack' };
    return { kind: 'ack-now' };
  }
  return { kind: 'other', note: 'kernel' };
}
