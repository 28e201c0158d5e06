/**
 * What the host kernel offers the TCP layer, and what the TCP layer offers the kernel.
 * The TCP layer (src/stack/tcp/layer.ts) owns sockets, the demux table, listeners and
 * accept queues, ephemeral ports, RSTs for closed ports and TIME-WAIT. It never reads a
 * clock (every call carries `now`) and draws randomness only through `random`.
 */
import type { IpHeaderOpts } from '../ip-header-opts.ts';
import type { InetAddr } from '../wire/inet-addr.ts';
import type { TcpSegment, TcpSegmentInit } from '../wire/tcp.ts';
import type { SkbSender } from './skb-clone.ts';
import type { Nanos } from '../nanos.ts';
import type { TcpInfo, TcpSockOpt, TcpSocketRow } from '../abi/types.ts';

export type { TcpSockOpt, TcpSocketRow };

export interface RouteInfo {
  /** the source address Linux would pick for this destination */
  readonly src: InetAddr;
  /** MTU of the outgoing interface (65536 on loopback, 1500 on the lab's Ethernet), or the path MTU ICMP taught (kernel/pmtu.ts) when asked with a time */
  readonly mtu: number;
  /** the network header TCP's MSS leaves room for: 20 (IPv4) or 40 (IPv6, icsk_af_ops->net_header_len) */
  readonly netHeaderLen: number;
}

/** 'syncookie': the SYN-cookie secrets, drawn on a host's first cookie (syncookie-jar.ts) */
export type TcpRandomPurpose = 'isn' | 'port' | 'ts-offset' | 'syncookie';

export interface TcpServices {
  /** Route lookup for a destination; undefined means no route (ENETUNREACH). With `now`, the MTU is the path MTU in force then. */
  route(dst: InetAddr, now?: Nanos): RouteInfo | undefined;
  /** inet_csk_update_pmtu(): ICMP reported `reported` bytes towards `dst`; the path MTU now (undefined: no route, or IPv6) */
  updatePmtu?(dst: InetAddr, reported: number, now: Nanos): number | undefined;
  /** Is this one of the host's own addresses (for bind)? */
  isLocalAddress(a: InetAddr): boolean;
  /**
   * Hand a segment to IPv4 for output now. The kernel computes the checksum and emits. `df`:
   * the socket's ip_dont_fragment() (IP_MTU_DISCOVER), true when absent (a socket-less RST).
   * The segment and its payload are lent for the call only (the layer reuses them: send-pool.ts).
   * `ip`: the socket's IP_TTL and IP_TOS (the defaults when absent); `ecn`: the ECN bits TCP
   * puts in the TOS byte (tcp_ecn_send → INET_ECN_xmit), 0 when absent.
   */
  /**
   * `gsoSize`: the MSS a payload longer than it is cut to on the wire (a GSO super-segment's
   * gso_size); `sender`: the socket that keeps the segment's original for retransmission, whose
   * clone the frame is (skb-clone.ts)
   */
  output(src: InetAddr, dst: InetAddr, seg: TcpSegmentInit, now: Nanos, df?: boolean, ip?: Readonly<IpHeaderOpts>, ecn?: number, gsoSize?: number, sender?: SkbSender): void;
  /**
   * Ask for `onTimer(token, now)` at time `at`, armed at `now`. Tokens are the layer's (never negative); stale
   * ones it ignores. Linux runs TCP's timers (retransmit, probe, delayed ACK, keepalive,
   * TIME-WAIT) as timer_list on the jiffy wheel: with a profile HZ the kernel rounds `at` as
   * the wheel does, so `onTimer` may come later than `at`, never earlier.
   */
  arm(at: Nanos, token: number, now: Nanos): void;
  /**
   * Does the device a packet to `dst` leaves by drop every packet now (its root qdisc:
   * `tc qdisc … pfifo limit 0`)? Then each transmit returns NET_XMIT_DROP, which TCP reacts to
   * (tcp_transmit_skb's result). Optional: a host without qdiscs never drops.
   */
  xmitDrops?(dst: InetAddr): boolean;
  /** An unsigned 32-bit draw from this host's seeded stream for that purpose. */
  random(purpose: TcpRandomPurpose): number;
}


/**
 * The TCP layer as the kernel drives it. Socket calls never block: they return a result,
 * or a negative errno (-EAGAIN when the caller should poll and retry, as a non-blocking
 * socket would). Segments the layer sends go out through `services.output` during the call.
 */
export interface TcpLayerApi {
  /**
   * `ecn`: the ECN bits of the IP header it came in (0 when absent); `sender`: the socket whose
   * skb the frame is a clone of (skb-clone.ts), absent for one nobody else holds
   */
  input(src: InetAddr, dst: InetAddr, seg: TcpSegment, now: Nanos, ecn?: number, sender?: SkbSender): void;
  onTimer(token: number, now: Nanos): void;
  /**
   * An ICMP error quoting a segment we sent from (src, srcPort) to (dst, dstPort): e.g.
   * host unreachable after ARP failed (tcp_v4_err: a hard error aborts a SYN-SENT connect).
   * Optional: a layer without it ignores ICMP errors.
   */
  /** `info`: a "fragmentation needed"'s next-hop MTU; `seq`: the quoted segment's sequence number, when quoted */
  icmpError?(src: InetAddr, srcPort: number, dst: InetAddr, dstPort: number, type: number, code: number, now: Nanos, info?: number, seq?: number): void;

  open(): number;
  bind(id: number, addr: InetAddr, port: number): number;
  listen(id: number, backlog: number, now: Nanos): number;
  /** Starts the handshake: 0 (then poll POLLOUT; read the result with soError) or -errno. */
  connect(id: number, addr: InetAddr, port: number, now: Nanos): number;
  /** A new socket id, or -EAGAIN / -errno. */
  accept(id: number, now: Nanos): number;
  /** Bytes taken into the send buffer (> 0), or -EAGAIN when it is full, or -errno. */
  /** `flags`: MSG_MORE (cork this write), MSG_EOR (no later write joins its skb) */
  send(id: number, data: Uint8Array, now: Nanos, flags?: number): number;
  /** Up to n bytes; an empty array at end of stream; -EAGAIN when nothing is there yet. */
  recv(id: number, n: number, now: Nanos): Uint8Array | number;
  /** how: 0 = SHUT_RD, 1 = SHUT_WR, 2 = SHUT_RDWR */
  shutdown(id: number, how: number, now: Nanos): number;
  /** `zeroLinger`: SO_LINGER on with a zero time: a reset instead of a FIN */
  close(id: number, now: Nanos, zeroLinger?: boolean): void;
  /** `now`: an option that releases held data (TCP_NODELAY, TCP_CORK off) sends it now */
  setOption(id: number, opt: TcpSockOpt, value: number, now?: Nanos): number;
  getOption(id: number, opt: TcpSockOpt): number;
  localName(id: number): readonly [InetAddr, number] | undefined;
  peerName(id: number): readonly [InetAddr, number] | undefined;
  /** Current POLLIN/POLLOUT/POLLERR/POLLHUP mask. */
  poll(id: number): number;
  /** SO_ERROR: the pending error (0 or a positive errno), cleared by reading. */
  takeError(id: number): number;
  /** Every socket, for the stall report. */
  rows(): readonly TcpSocketRow[];
  /** recv(MSG_PEEK): up to n unread bytes, left queued; -EAGAIN when none (as recv) */
  peek?(id: number, n: number): Uint8Array | number;
  /** recv(MSG_OOB [| MSG_PEEK]): the urgent byte, never a wait (-EAGAIN until it came, -EINVAL with none) */
  recvUrgent?(id: number, n: number, peek: boolean, now: Nanos): Uint8Array | number;
  /** ioctl(SIOCATMARK): 1 when the next byte to read is the urgent byte, else 0; -EINVAL on a listener */
  atMark?(id: number): number;
  /**
   * the socket's queues: what a read could take (SIOCINQ, up to an urgent mark), every unread byte
   * (ss's Recv-Q), unacknowledged + unsent (SIOCOUTQ), unsent
   * (SIOCOUTQNSD), and a count that moves with every arrival (bytes received, connections
   * queued, end of stream) for epoll's edge-triggered wakeups
   */
  queues?(id: number): { readonly inq: number; readonly unread: number; readonly outq: number; readonly notsent: number; readonly arrivals: number; readonly listening?: boolean } | undefined;
  /**
   * lock_sock() by a system call whose copy a CPU model charges before the call: segments for
   * the socket wait in its backlog until the call (send) ends (tcp/owner.ts)
   */
  lock?(id: number): void;
  /** release_sock() at the end of a send the CPU model timed (lock): the backlog runs */
  unlock?(id: number, now: Nanos): void;
  /** a thread waits in recv() on it: `draw` says whether a segment is answered from its context (tcp/owner.ts); null when it stops */
  readerWaits?(id: number, draw: ((len: number) => boolean) | null): void;
  /** a CPU model times the copies of the recv() about to be made: one that takes data keeps the lock (tcp/owner.ts) */
  readTimed?(id: number, on: boolean): void;
  /** whether a timed recv() holds the lock */
  reading?(id: number): boolean;
  /** a timed recv()'s loop: the backlog runs, lock kept, and up to `n` more bytes it queued; null when none */
  readMore?(id: number, n: number, now: Nanos): Uint8Array | null;
  /**
   * a timed recv() ends: tcp_cleanup_rbuf() for what it copied, release_sock(); with
   * `keepIfSent`, true when the cleanup sent a segment and the lock is kept for unlock()
   */
  readEnd?(id: number, copied: number, now: Nanos, keepIfSent?: boolean): boolean;
  /** payload bytes waiting in the socket's backlog for release_sock() */
  backlogged?(id: number): number;
  /** __sk_flush_backlog(): a socket a timed call holds runs its backlog and stays held; whether the backlog held anything */
  flush?(id: number, now: Nanos): boolean;
  /** getsockopt(TCP_INFO) */
  info?(id: number, now: Nanos): TcpInfo | undefined;
}
