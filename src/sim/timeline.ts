/**
 * The teaching timeline: the simulation's effect stream, recorded only when asked (`labwire
 * run --report`). It never takes part in the simulation — the hooks below only copy what the
 * world already decided — so a run with `RecordingTimeline` and one with `NULL_TIMELINE`
 * write identical captures (the null object costs one virtual call per hook).
 *
 * Where the hooks belong (see the report for the exact places):
 * - `frame(host, ifIndex, at, bytes, cause)` — when a host puts a frame on an interface
 *   (the World's transmit path, the same place the tap of that interface is fed), with why
 *   the kernel sent it. `bytes` is the Ethernet frame as sent; only its length and a key of
 *   its network-layer bytes are kept, never the payload (STYLE.md §2.5).
 * - `call(host, pid, tid, name, args, start, end, result)` — when a system call returns to a
 *   program (the system-call table's completion), `start` being when the program made it.
 * - `sock(host, id, at, fields)` — after a step that may have changed a socket's queues,
 *   windows or state; giving every field each time is fine, only changes are kept.
 */
import type { Nanos } from '../stack/nanos.ts';

/** Why the kernel put a frame on the wire; the report words it (report/i18n, `causeText`). */
export type FrameCause =
  /**
   * data a program's call sent: its own bytes (`queued` false), or more than a send call wrote, or
   * data a call that writes none let out (`queued`: the send queue's, earlier calls' among them)
   */
  | { readonly kind: 'call'; readonly call: string; readonly bytes: number; readonly queued?: boolean }
  /** a program's data sent in urgent mode (send with MSG_OOB): URG and the urgent pointer */
  | { readonly kind: 'urgent'; readonly call: string; readonly bytes: number; readonly pointer: number }
  | { readonly kind: 'connect'; readonly call: string }
  | { readonly kind: 'close'; readonly call: string }
  | { readonly kind: 'syn-ack' }
  | { readonly kind: 'handshake-ack' }
  | { readonly kind: 'ack-now' }
  | { readonly kind: 'delayed-ack' }
  /** a pure ACK a program's call sent: a read's (tcp_cleanup_rbuf), or, for another call, one answering what waited while it held the socket */
  | { readonly kind: 'call-ack'; readonly call: string; readonly read: boolean }
  | { readonly kind: 'rto'; readonly attempt: number }
  | { readonly kind: 'fin-ack' }
  | { readonly kind: 'fin-released' }
  | { readonly kind: 'reset' }
  /** a program's close() that resets instead of closing (unread data, SO_LINGER 0) */
  | { readonly kind: 'abort'; readonly call: string }
  | { readonly kind: 'arp-request'; readonly ip: string }
  | { readonly kind: 'arp-reply' }
  | { readonly kind: 'dns'; readonly call: string }
  /** a program's UDP datagram (not to port 53): to one host, to every host on the link, or to a multicast group */
  | { readonly kind: 'datagram'; readonly call: string; readonly bytes: number; readonly to: 'unicast' | 'broadcast' | 'multicast' }
  /** the kernel's IGMP membership report, after a join or leave (the call) or on its timer */
  | { readonly kind: 'igmp' }
  | { readonly kind: 'icmp'; readonly what: string }
  | { readonly kind: 'forward' }
  /** a packet the neighbour table held until the ARP reply came */
  | { readonly kind: 'arp-held' }
  /** data held (Nagle, or a full window) until an ACK came */
  | { readonly kind: 'ack-released' }
  | { readonly kind: 'other'; readonly note: string };

/** A socket's observable numbers, as `ss -tni` names them; all optional in an update. */
export interface SockFields {
  readonly state?: string;
  readonly local?: string;
  readonly remote?: string;
  /** bytes written but not yet acknowledged (ss Send-Q) */
  readonly sendQ?: number;
  /** bytes received but not yet read by the program (ss Recv-Q) */
  readonly recvQ?: number;
  /** the window this socket advertises, bytes (after scaling) */
  readonly rcvWnd?: number;
  /** the window the peer advertised, bytes */
  readonly sndWnd?: number;
  /** congestion window, bytes */
  readonly cwnd?: number;
  readonly sndUna?: number;
  readonly sndNxt?: number;
  readonly rcvNxt?: number;
}

export interface TimelineFrame {
  readonly host: string;
  readonly ifIndex: number;
  readonly at: Nanos;
  readonly length: number;
  /** `frameKey` of the network-layer bytes: the same packet in any capture has this key */
  readonly key: string;
  readonly cause: FrameCause;
}

export interface TimelineCall {
  readonly host: string;
  readonly pid: number;
  readonly tid: number;
  /** the call as Python writes it without its result: `recv(16)`, `sendall(b'INI …')` */
  readonly name: string;
  readonly args: string;
  readonly start: Nanos;
  readonly end: Nanos;
  /** the result as Python prints it: `b'INI ADALAH DATA '`, `None`, `ConnectionRefusedError: [Errno 111] Connection refused` */
  readonly result: string;
}

export interface TimelineSock {
  readonly host: string;
  readonly id: number;
  readonly at: Nanos;
  readonly fields: SockFields;
}

/** What a recording holds: plain data, JSON-safe, in the order the world produced it. */
export interface TimelineData {
  readonly frames: readonly TimelineFrame[];
  readonly calls: readonly TimelineCall[];
  readonly socks: readonly TimelineSock[];
}

export interface Timeline {
  readonly enabled: boolean;
  frame(host: string, ifIndex: number, at: Nanos, bytes: Uint8Array, cause: FrameCause): void;
  call(host: string, pid: number, tid: number, name: string, args: string, start: Nanos, end: Nanos, result: string): void;
  sock(host: string, id: number, at: Nanos, fields: SockFields): void;
}

/** Off: every hook does nothing. */
export const NULL_TIMELINE: Timeline = {
  enabled: false,
  frame() {},
  call() {},
  sock() {},
};

/** Ethernet header length: frames as hosts send them start with one (Linux lo included). */
const ETHERNET_HEADER = 14;

export class RecordingTimeline implements Timeline {
  readonly enabled = true;
  private readonly frames: TimelineFrame[] = [];
  private readonly calls: TimelineCall[] = [];
  private readonly socks: TimelineSock[] = [];

  frame(host: string, ifIndex: number, at: Nanos, bytes: Uint8Array, cause: FrameCause): void {
    this.frames.push({ host, ifIndex, at, length: bytes.length, key: packetKey(bytes, ETHERNET_HEADER), cause });
  }

  call(host: string, pid: number, tid: number, name: string, args: string, start: Nanos, end: Nanos, result: string): void {
    this.calls.push({ host, pid, tid, name, args, start, end, result });
  }

  private readonly lastSock = new Map<string, Record<string, unknown>>();

  /** Keeps only the fields that changed since this socket's last entry (none: no entry). */
  sock(host: string, id: number, at: Nanos, fields: SockFields): void {
    const k = `${host}/${id}`;
    const last = this.lastSock.get(k) ?? this.lastSock.set(k, {}).get(k)!;
    const changed: Record<string, unknown> = {};
    let any = false;
    for (const [f, v] of Object.entries(fields)) {
      if (v === undefined || last[f] === v) continue;
      changed[f] = last[f] = v;
      any = true;
    }
    if (any) this.socks.push({ host, id, at, fields: changed as SockFields });
  }

  data(): TimelineData {
    return { frames: [...this.frames], calls: [...this.calls], socks: [...this.socks] };
  }
}

/** ARP for IPv4 over Ethernet: 8-byte header, two MAC + IPv4 pairs. */
const ARP_IPV4_LENGTH = 28;

/**
 * The key of the packet that starts at `networkOffset` of a captured frame: its IPv4 packet
 * (up to the total length, so Ethernet padding and link headers do not count) or its ARP
 * message. Identical packets seen by several taps share it, which is how the report draws one
 * arrow from the sender's capture to the receiver's.
 */
export function packetKey(frame: Uint8Array, networkOffset: number): string {
  const rest = frame.length - networkOffset;
  const isIpv4 = rest >= 4 && frame[networkOffset]! >> 4 === 4;
  const len = isIpv4 ? (frame[networkOffset + 2]! << 8) | frame[networkOffset + 3]! : ARP_IPV4_LENGTH;
  return frameKey(frame.subarray(networkOffset, networkOffset + Math.min(len, rest)));
}

/** 64-bit FNV-1a-like hash as two 32-bit halves, plus the length. */
export function frameKey(network: Uint8Array): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < network.length; i++) {
    const b = network[i]!;
    h1 = Math.imul(h1 ^ b, 0x01000193);
    h2 = Math.imul(h2 ^ b, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return `${(h1 >>> 0).toString(36)}.${(h2 >>> 0).toString(36)}.${network.length}`;
}
