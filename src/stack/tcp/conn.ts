/**
 * The connection as tcpStep sees it, the events it takes and the effects it returns
 * (STYLE §2.3). A TcpConn pairs the numeric Tcb with the streams that hold payload bytes;
 * tcpStep changes both in place (smoltcp's `&mut self`), so a Tcb read before a step shows
 * the state after it: whoever needs a before/after copies it first (cloneTcb).
 */
import type { RcvSkbCost } from './rcv-skb.ts';
import type { TcpMibCounter } from './mib.ts';
import type { Nanos } from '../nanos.ts';
import type { TcpSegment, TcpSegmentInit } from '../wire/tcp.ts';
import type { MutableTcb, Tcb, TcpState } from './tcb.ts';
import type { SendStream, RecvStream } from './stream.ts';
import type { Reassembly } from './reassembly.ts';
import type { SentQueue } from './sent.ts';
import type { SackBoard } from './sack.ts';
import type { CongestionControl } from './cong.ts';
import type { SendPool } from './send-pool.ts';
import type { SkbSender } from '../kernel/skb-clone.ts';

/** The sysctls and route facts a connection needs (from KernelProfile and RouteInfo). */
export interface TcpConfig {
  readonly tcpRmem: readonly [number, number, number];
  readonly tcpWmem: readonly [number, number, number];
  readonly rmemMax: number;
  readonly wmemMax: number;
  readonly timestamps: boolean;
  readonly sack: boolean;
  readonly windowScaling: boolean;
  /**
   * The device's GSO limit (sk_gso_max_size), 0 when segments leave MSS-sized. On veth and
   * Docker's bridge Linux hands TCP super-segments of up to 45 × 1448 bytes to the device,
   * and captures on both ends show them whole.
   */
  readonly gsoMaxSize: number;
  /**
   * The device cannot take GSO packets (`ethtool -K dev gso off`): TCP still builds them (it
   * always does since Linux 4.14), and validate_xmit_skb() cuts each into MSS segments before
   * the wire (tcp_gso_segment: PSH and FIN stay on the last piece only).
   */
  readonly softwareGso?: boolean;
  /**
   * The GSO size the device gives a received super-packet (virtio_net_hdr.gso_size, which
   * packetdrill's `--mss` sets on the packets it writes to its tun). Absent or 0: a received
   * super-segment counts by our own send MSS, as a veth's from a peer with our MSS does (data.ts
   * measureRcvMss); 'none': received skbs carry no GSO size and count whole (a tun written to
   * without --mss: tcp_measure_rcv_mss takes skb->len).
   */
  readonly rxGsoSize?: number | 'none';
  /** net.ipv4.tcp_congestion_control (cong.ts) */
  readonly congestionControl: CongestionControl;
  /** net.ipv4.tcp_early_retrans: 3 or 4 turn tail loss probes on (tlp.ts) */
  readonly earlyRetrans: number;
  /** net.ipv4.tcp_recovery: bit 0 turns RACK loss detection on (rack.ts, recovery.ts) */
  readonly recovery: number;
  /** RACK loss detection whatever `recovery` says (the kernel profile's rackAlways: 6.18) */
  readonly rackAlways: boolean;
  /** tcp_grow_skb and no final-FIN cwnd exception (the kernel profile's tcpWriteXmit610) */
  readonly writeXmit610: boolean;
  /** net.ipv4.tcp_shrink_window (window.ts selectWindow) */
  readonly shrinkWindow: boolean;
  /** net.ipv4.tcp_frto: non-zero turns F-RTO on (frto.ts) */
  readonly frto: number;
  /** net.ipv4.tcp_ecn: 1 asks for RFC 3168 ECN on connect, 1 and 2 answer a SYN that asks (ecn.ts); absent: 2 */
  readonly ecn?: number;
  /** net.ipv4.tcp_slow_start_after_idle (tcp_cwnd_restart) */
  readonly slowStartAfterIdle: boolean;
  /** net.ipv4.tcp_min_tso_segs (tcp_tso_autosize) */
  readonly minTsoSegs: number;
  /** net.ipv4.tcp_tso_win_divisor (tcp_tso_should_defer, tso-defer.ts) */
  readonly tsoWinDivisor: number;
  /** net.ipv4.tcp_notsent_lowat, for sockets without TCP_NOTSENT_LOWAT */
  readonly notsentLowat: number;
  /** what a received skb costs and whether it coalesces (the kernel profile's rcvSkbTruesize, rcv-skb.ts) */
  readonly rcvSkb: RcvSkbCost;
  /** how the receiver RTT for DRS is kept, by kernel generation (rcv-rtt.ts) */
  readonly rcvRttFilter: 'ewma' | 'min';
  /** the receiver RTT also from the window's arrival time (tcp_rcv_rtt_measure, rcv-rtt.ts) */
  readonly rcvRttWindowSample: boolean;
  /** tcp_rcvbuf_grow() adds 6.18's slow-start term (window.ts) */
  readonly rcvbufGrowSlowStart: boolean;
  /** net.ipv4.tcp_backlog_ack_defer: a backlog run's immediate ACKs wait for tcp_release_cb (ack-timing.ts) */
  readonly backlogAckDefer: boolean;
  /** the accepting end takes the timestamp option off advmss before tcp_init_buffer_space (6.16+; handshake.ts establish) */
  readonly passiveAdvmssFirst: boolean;
  /** CONFIG_HZ: the tick of tcp_jiffies32, which the chronograph counts in (chrono.ts) */
  readonly hz: number;
  /**
   * The kernel runs TCP's jiffy timers on its timer wheel (the profile names an HZ): a timeout of
   * 0 jiffies fires at the wheel's next tick. Without, timers are exact and labwire's 1 ms TCP
   * clock is the jiffy.
   */
  readonly timerWheel: boolean;
}

export interface TcpConn {
  /** read-only to everyone but tcpStep (and setTcbFields, for the socket layer's own fields) */
  readonly tcb: Tcb;
  readonly snd: SendStream;
  readonly rcv: RecvStream;
  readonly ofo: Reassembly;
  readonly sent: SentQueue;
  readonly sacked: SackBoard;
  readonly cfg: TcpConfig;
  /**
   * sk_backlog.len: the truesize of the segments that came while the socket was owned (owner.ts),
   * counted from their arrival until the backlog run that processes them is over
   * (__release_sock zeroes it at its end). tcp_space() takes it off the free buffer, so what
   * the backlog holds narrows the window its own segments' ACKs offer.
   */
  readonly backlog: { len: number };
}

export type TcpTimer = 'rto' | 'persist' | 'delack' | 'keepalive' | 'timewait';

/** Timers fire in this order when several expire together. */
export const TIMER_ORDER: readonly TcpTimer[] = ['timewait', 'rto', 'persist', 'delack', 'keepalive'];

export type TcpSockOption = 'nodelay' | 'keepalive' | 'oobinline' | 'sndbuf' | 'rcvbuf' | 'cork' | 'maxseg' | 'notsentLowat' | 'userTimeout' | 'congestion';

export type TcpCall =
  /** OPEN, active (RFC 9293 §3.10.1): randomness comes in as data */
  /** `netHeaderLen`: 20 (IPv4, the default) or 40 (IPv6): the MSS leaves room for it */
  | { readonly kind: 'connect'; readonly iss: number; readonly tsOffset: number; readonly mtu: number; readonly netHeaderLen?: number }
  /** OPEN, passive (listen()): the socket enters LISTEN (RFC 9293 §3.10.1) */
  | { readonly kind: 'listen' }
  /** a SYN reached a listener; this new connection answers it */
  | { readonly kind: 'accept-syn'; readonly seg: TcpSegment; readonly ecn?: number; readonly iss: number; readonly tsOffset: number; readonly mtu: number; readonly netHeaderLen?: number; readonly cookie?: boolean }
  /** a final ACK whose SYN cookie was valid, for the MSS it carried (syncookie.ts) */
  | { readonly kind: 'accept-cookie'; readonly seg: TcpSegment; readonly mss: number; readonly tsOffset: number; readonly mtu: number; readonly netHeaderLen?: number }
  /** flags: MSG_MORE, MSG_EOR */
  | { readonly kind: 'send'; readonly data: Uint8Array; readonly flags?: number }
  /** `timed`: a CPU model times the read's copy (tcp/owner.ts): tcp_cleanup_rbuf waits for 'recv-end' */
  | { readonly kind: 'recv'; readonly n: number; readonly timed?: boolean }
  /** the end of a timed read: tcp_cleanup_rbuf() for the `copied` bytes it took */
  | { readonly kind: 'recv-end'; readonly copied: number }
  /** tcp_release_cb() after a backlog run: the ACK it deferred goes now (ack-timing.ts) */
  | { readonly kind: 'release-cb' }
  /** recv(MSG_OOB): the urgent byte (urgent.ts) */
  | { readonly kind: 'recv-urgent'; readonly n: number }
  /** how: 0 SHUT_RD, 1 SHUT_WR, 2 SHUT_RDWR */
  | { readonly kind: 'shutdown'; readonly how: number }
  /** `zeroLinger`: SO_LINGER on with a zero time (close() disconnects: tcp_disconnect) */
  | { readonly kind: 'close'; readonly zeroLinger?: boolean }
  | { readonly kind: 'abort' }
  /** a hard error from ICMP (tcp_v4_err): aborts a connection still in the handshake */
  | { readonly kind: 'hard-error'; readonly errno: number }
  /** ICMP "fragmentation needed": the path MTU towards the peer is now `pmtu` (tcp_v4_mtu_reduced, pmtu.ts) */
  | { readonly kind: 'mtu-reduced'; readonly pmtu: number; readonly netHeaderLen: number }
  | { readonly kind: 'setsockopt'; readonly opt: TcpSockOption; readonly value: number };

export type TcpEvent =
  /** `ecn`: the ECN bits of the IP header it came in (RFC 3168 §5), 0 if absent */
  /** `piece`: the largest of the segments coalesced into this one in a socket's backlog (owner.ts), 0 or absent when it came alone */
  /** `sender`: the socket whose skb this is a clone of (clone.ts), absent when nobody else holds it */
  /** `owned`: it runs from the socket's backlog, its owner still holding the lock (__release_sock) */
  | { readonly kind: 'segment'; readonly seg: TcpSegment; readonly ecn?: number; readonly piece?: number; readonly sender?: SkbSender; readonly owned?: boolean }
  | { readonly kind: 'timer'; readonly timer: TcpTimer }
  | { readonly kind: 'call'; readonly call: TcpCall };

export type TcpEffect =
  /**
   * `tw`: sent by Linux's timewait mini-socket (through the control socket: the default TTL);
   * `ecn`: the IP header's ECN bits (ECT(0) on an ECN connection's new data: ecn.ts), 0 if absent
   */
  /** `clone`: data from the skb the socket keeps for retransmission, a clone of which goes out (clone.ts); not a software GSO piece */
  | { readonly kind: 'send'; readonly seg: TcpSegmentInit; readonly tw?: boolean; readonly ecn?: number; readonly clone?: boolean }
  | { readonly kind: 'state'; readonly from: TcpState; readonly to: TcpState; readonly why: string }
  | { readonly kind: 'error'; readonly errno: number }
  /** one more of an SNMP counter (mib.ts) */
  | { readonly kind: 'mib'; readonly counter: TcpMibCounter };

/** a call's result: bytes taken / −errno for send, bytes or −errno for recv, 0 or −errno otherwise */
export type TcpCallResult = number | Uint8Array;

/** What a step works on: the connection's Tcb (changed in place), its streams, the effects so far. */
export interface Ctx {
  readonly t: MutableTcb;
  readonly conn: TcpConn;
  readonly eff: TcpEffect[];
  readonly now: Nanos;
  /** where segments are built when the caller lends reusable ones (send-pool.ts); else each is new */
  readonly sends?: SendPool | null;
  /**
   * Every transmit in this step fails with NET_XMIT_DROP (the device's qdisc drops all: the
   * caller read it from the device before the step, TcpServices.xmitDrops). The segment still
   * goes on the effect list (the kernel drops it at the device, after its IP id was taken);
   * emitSegment() tells its caller, as tcp_transmit_skb's return value does.
   */
  readonly xmitDrops?: boolean;
  /** the segment in hand was coalesced in the backlog: its largest piece's length (else 0) */
  readonly rxPiece?: number;
  /** the socket whose skb the segment in hand is a clone of (clone.ts) */
  readonly rxSender?: SkbSender;
  /** the segment in hand runs from the backlog (sock_owned_by_user) */
  readonly rxOwned?: boolean;
}
