/**
 * The transmission control block (RFC 9293 §3.3.1) with RFC names, plus the Linux state
 * that shows on the wire (window selection, delayed-ACK engine, timers as deadlines).
 * The Tcb holds numbers only; payload bytes live in the streams (stream.ts). Its recovery
 * fields (loss recovery, CUBIC's epoch, TLP, RACK, PRR, F-RTO) are kept apart and read
 * through accessors on its prototype, shared until one changes (tcb-recovery.ts).
 */
import type { Nanos } from '../nanos.ts';
import type { CongestionControl } from './cong.ts';
import { TCP_DEFAULT_SCALING_RATIO } from './linux.ts';
import { newRecovery, RECOVERY_UNSET, RecoveryAccessors, type RecoveryKey } from './tcb-recovery.ts';

/** RFC 9293 §3.3.2 states, spelled as the RFC spells them. */
export type TcpState =
  | 'CLOSED'
  | 'LISTEN'
  | 'SYN-SENT'
  | 'SYN-RECEIVED'
  | 'ESTABLISHED'
  | 'FIN-WAIT-1'
  | 'FIN-WAIT-2'
  | 'CLOSE-WAIT'
  | 'CLOSING'
  | 'LAST-ACK'
  | 'TIME-WAIT';

export const TCP_STATES: readonly TcpState[] = [
  'CLOSED', 'LISTEN', 'SYN-SENT', 'SYN-RECEIVED', 'ESTABLISHED', 'FIN-WAIT-1',
  'FIN-WAIT-2', 'CLOSE-WAIT', 'CLOSING', 'LAST-ACK', 'TIME-WAIT',
];

export interface Tcb {
  readonly state: TcpState;
  readonly localPort: number;
  readonly remotePort: number;

  // RFC 9293 §3.3.1 send sequence variables
  readonly iss: number;
  readonly sndUna: number;
  /** next new sequence number to send (Linux snd_nxt: never moves back) */
  readonly sndNxt: number;
  /** next sequence to retransmit after a timeout; equals sndNxt when not recovering */
  readonly rtxNxt: number;
  readonly sndWnd: number;
  readonly sndWl1: number;
  readonly sndWl2: number;
  /** the largest window the peer ever offered (Linux max_window) */
  readonly maxWindow: number;
  /**
   * how far SND.UNA moved since the connection began (Linux bytes_acked, tcp_snd_una_update):
   * an active opener's SYN counts, a passive child's SYN/ACK does not (its SND.UNA starts past it)
   */
  readonly bytesAcked: number;
  /** sequence number of our FIN once queued (user CLOSE/SHUT_WR), −1 before */
  readonly finSeq: number;
  /** end of the last small segment sent (Linux snd_sml, Minshall's Nagle) */
  readonly sndSml: number;
  /** the write position at the last PSH mark (Linux pushed_seq, for forced_push) */
  readonly pushedSeq: number;
  /** the end of the last MSG_OOB write while it is unacknowledged (Linux snd_up in urgent mode), −1 outside urgent mode (urgent.ts) */
  readonly sndUp: number;

  // receive sequence variables
  readonly irs: number;
  readonly rcvNxt: number;
  /** the window last advertised, counted from rcvWup (Linux rcv_wnd / rcv_wup) */
  readonly rcvWnd: number;
  readonly rcvWup: number;
  /** sequence of the next byte the user will read (Linux copied_seq) */
  readonly copiedSeq: number;
  /** the peer's FIN has been received and is in sequence */
  readonly rcvFin: boolean;
  /** Linux urg_data: 0, TCP_URG_NOTYET, TCP_URG_VALID | the urgent byte, or TCP_URG_READ (urgent.ts) */
  readonly urgData: number;
  /** the urgent byte's sequence number (Linux urg_seq), meaningful while urgData ≠ 0 */
  readonly urgSeq: number;
  /** sequence number of a FIN that arrived out of order, −1 when none */
  readonly ofoFinSeq: number;
  /** a D-SACK block (RFC 2883) for the next ACK: a duplicate we received; dsackEnd = dsackStart when none */
  readonly dsackStart: number;
  readonly dsackEnd: number;

  // negotiated options (RFC 7323, RFC 2018)
  readonly sndWscale: number;
  readonly rcvWscale: number;
  readonly wsOk: boolean;
  readonly tsOk: boolean;
  readonly sackOk: boolean;
  /** tp->ecn_flags: TCP_ECN_OK, TCP_ECN_QUEUE_CWR, TCP_ECN_DEMAND_CWR, TCP_ECN_SEEN (ecn.ts) */
  readonly ecnFlags: number;
  readonly tsOffset: number;
  readonly tsRecent: number;
  /** MSS we advertise (from the route MTU) */
  readonly advmss: number;
  /** the peer's MSS option (Linux rx_opt.mss_clamp) */
  readonly mssClamp: number;
  /** payload bytes per full segment (Linux mss_cache: options taken off) */
  readonly mss: number;
  /** the path MTU the MSS was last fitted to (icsk_pmtu_cookie: tcp_sync_mss), 0 before the handshake */
  readonly pmtu: number;
  /** estimate of the peer's segment size (Linux icsk_ack.rcv_mss) */
  readonly rcvMss: number;

  // congestion control (RFC 5681, Reno; Linux counts cwnd in segments)
  readonly cwnd: number;
  readonly ssthresh: number;
  readonly cwndCnt: number;
  readonly dupAcks: number;
  /** NewReno recovery point (RFC 6582), −1 when not in fast recovery */
  readonly recover: number;
  /** tcp_enter_cwr()'s high_seq: snd_nxt when an ECE began the reduction (TCP_CA_CWR), −1 outside it */
  readonly cwrHigh: number;

  // CUBIC and HyStart (tcp_cubic.c struct bictcp; cong.ts): jiffies are ms, RTTs µs
  readonly ccCnt: number;
  readonly ccLastMaxCwnd: number;
  readonly ccLastCwnd: number;
  readonly ccLastTime: number;
  readonly ccOriginPoint: number;
  readonly ccK: number;
  readonly ccDelayMin: number;
  /** start of the current epoch in jiffies, 0 when none */
  readonly ccEpochStart: number;
  readonly ccAckCnt: number;
  readonly ccTcpCwnd: number;
  readonly ccFound: number;
  readonly ccRoundStart: number;
  readonly ccEndSeq: number;
  readonly ccLastAck: number;
  readonly ccCurrRtt: number;
  readonly ccSampleCnt: number;

  // tail loss probe (RFC 8985 §7; tlp.ts)
  /** the retransmission timer (rtoAt) holds a probe timeout (Linux ICSK_TIME_LOSS_PROBE) */
  readonly rtoIsProbe: boolean;
  /** snd_nxt when the outstanding probe was sent, −1 when none (Linux tlp_high_seq) */
  readonly tlpHighSeq: number;
  /** the outstanding probe resent old data (Linux tlp_retrans) */
  readonly tlpRetrans: boolean;

  // RACK (RFC 8985; rack.ts) and PRR (RFC 6937; recovery.ts)
  /** the smallest RTT seen (Linux tcp_min_rtt), 0 before the first sample */
  readonly minRtt: Nanos;
  /** send time and end of the most recently sent packet (s)acked (Linux rack.mstamp, rack.end_seq) */
  readonly rackMstamp: Nanos;
  readonly rackEndSeq: number;
  /** the RTT of that packet (rack.rtt_us) */
  readonly rackRtt: Nanos;
  /** new RACK information since the last loss scan (rack.advanced) */
  readonly rackAdvanced: boolean;
  /** the reordering window in min_rtt/4 steps (rack.reo_wnd_steps), kept for reoWndPersist recoveries */
  readonly reoWndSteps: number;
  readonly reoWndPersist: number;
  /** a DSACK after reordering asks for a wider window (rack.dsack_seen), once per round (rack.last_delivered) */
  readonly rackDsackSeen: boolean;
  readonly rackLastDelivered: number;
  /** packets delivered (tp->delivered), retransmitted (tp->total_retrans), reported by DSACK (tp->dsack_dups) */
  readonly delivered: number;
  /**
   * Segments in and out, in GSO segments (tp->segs_in and data_segs_in by tcp_segs_in() as
   * tcp_v4_rcv hands each skb to the socket; tp->segs_out and data_segs_out by
   * __tcp_transmit_skb, tcp_skb_pcount each): what TCP_INFO and `ss -ti` report.
   */
  readonly segsIn: number;
  readonly dataSegsIn: number;
  readonly segsOut: number;
  readonly dataSegsOut: number;
  /** payload bytes retransmitted (tp->bytes_retrans, __tcp_retransmit_skb) */
  readonly bytesRetrans: number;
  readonly totalRetrans: number;
  readonly dsackDups: number;
  /** reordering was seen (tp->reord_seen) and the degree estimated in packets (tp->reordering) */
  readonly reordSeen: number;
  readonly reordering: number;
  /** the retransmission timer (rtoAt) holds RACK's reordering timeout (ICSK_TIME_REO_TIMEOUT) */
  readonly rtoIsReo: boolean;
  /** PRR: packets delivered and sent since recovery began (tp->prr_delivered, tp->prr_out) */
  readonly prrDelivered: number;
  readonly prrOut: number;

  // F-RTO and the loss state (RFC 5682; frto.ts)
  /** 0 off, 1 waiting for the first ACK after the timeout, 2 new data sent (Linux tp->frto) */
  readonly frto: number;
  /** snd_nxt at the timeout (Linux high_seq in TCP_CA_Loss), −1 when not in the loss state */
  readonly lossHighSeq: number;
  /** end of what the timeout retransmitted */
  readonly frtoRtxEnd: number;
  /** retransmission stops here and goes on with new data (−1: at snd_nxt) */
  readonly rtxLimit: number;
  /** cwnd and ssthresh before the timeout, for undo (Linux prior_cwnd / prior_ssthresh) */
  readonly priorCwnd: number;
  readonly priorSsthresh: number;

  // RTO (RFC 6298)
  readonly srtt: Nanos;
  readonly rttvar: Nanos;
  readonly rto: Nanos;
  /** consecutive timeouts (Linux icsk_retransmits / icsk_backoff) */
  readonly backoff: number;
  /** zero-window probes sent without answer (Linux icsk_probes_out) */
  readonly probes: number;
  /** when the probe timer first fired in this run of probes (Linux icsk_probes_tstamp, for TCP_USER_TIMEOUT), −1 none */
  readonly probesStamp: Nanos;
  /** when the last ACK for an invalid segment or challenge ACK left (Linux last_oow_ack_time), −1 never */
  readonly lastOowAckAt: Nanos;

  // timers: absolute deadlines, 0 when off (quinn's timer table)
  readonly rtoAt: Nanos;
  readonly persistAt: Nanos;
  readonly delackAt: Nanos;
  readonly keepaliveAt: Nanos;
  readonly timewaitAt: Nanos;
  /**
   * −1 while Linux would keep the full socket; else the connection is its timewait mini-socket
   * (tcp_time_wait) and this its tw_rcv_wnd, the window every segment it sends offers
   */
  readonly twRcvWnd: number;

  // delayed-ACK engine (Linux icsk_ack)
  readonly ackPending: boolean;
  readonly ackNow: boolean;
  /** a segment shorter than rcvMss arrived (ICSK_ACK_PUSHED) */
  readonly ackPushed: boolean;
  /** ICSK_ACK_NOMEM: data was dropped for want of memory; the next ACK offers a zero window */
  readonly ackNomem: boolean;
  /**
   * the segment in hand came while a reader waited in recv() and is answered from the reader's
   * context, not softirq: its ACK goes when the reader has read (tcp_cleanup_rbuf). Set by the
   * socket layer around one segment's step (owner.ts), false otherwise.
   */
  readonly ackToReader: boolean;
  /** TCP_ACK_DEFERRED: a backlog run wanted an ACK now; tcp_release_cb() sends it (ack-timing.ts) */
  readonly ackDeferred: boolean;
  /**
   * a CPU model times the program writing to it (owner.ts: it locks the socket for each send's
   * copy), so a write can find the last one still in flight as on Linux: Nagle trims the tail
   * skb's partial segment whether or not the window cuts it (tcp_mss_split_point, output.ts)
   */
  readonly writerTimed: boolean;
  readonly ato: Nanos;
  readonly quick: number;
  readonly pingpong: number;
  readonly lrcvtime: Nanos;
  readonly lsndtime: Nanos;
  /** when the last segment of any kind left (tp->tcp_wstamp_ns without pacing), 0 before one */
  readonly wstamp: Nanos;

  // receive window selection and buffer sizes (Linux tcp_select_window, DRS)
  readonly rcvSsthresh: number;
  readonly windowClamp: number;
  readonly rcvBuf: number;
  readonly sndBuf: number;
  readonly rcvBufLocked: boolean;
  readonly sndBufLocked: boolean;
  /** a write found the send buffer full and waits for room (Linux SOCK_NOSPACE) */
  readonly sndNoSpace: boolean;
  /** times room came back for a waiting writer (sk_stream_write_space wakeups: epoll's EPOLLET edges) */
  readonly sndWakes: number;
  readonly rcvSpace: number;
  readonly rcvSpaceSeq: number;
  readonly rcvSpaceTime: Nanos;
  /** the receiver's RTT estimate, as Linux keeps it (rcv_rtt_est.rtt_us): µs × 8, 0 before a sample */
  readonly rcvRttUs8: number;
  /** tcp_rcv_rtt_measure(): the sequence a window's worth of data ends at, and when it started */
  readonly rcvRttEstSeq: number;
  readonly rcvRttEstTime: Nanos;
  /** the TSecr of the last segment tcp_rcv_rtt_measure_ts() looked at (rcv_rtt_last_tsecr) */
  readonly rcvRttLastTsecr: number;
  /** skb->len / skb->truesize in 1/256 (Linux tp->scaling_ratio): how much of rcvbuf is window */
  readonly scalingRatio: number;

  /** tcp_cwnd_validate(): the last send was cwnd-limited, the most packets out in this phase, and where the phase ends */
  readonly cwndLimited: boolean;
  readonly maxPacketsOut: number;
  readonly cwndUsageSeq: number;
  /** the sender's chronograph (chrono.ts): the running kind, since when (jiffies), and the jiffies banked per kind */
  readonly chronoType: number;
  readonly chronoStart: number;
  readonly chronoBusyJiffies: number;
  readonly chronoRwndJiffies: number;
  readonly chronoSndbufJiffies: number;

  // user side
  /** the socket's congestion control (icsk_ca_ops: the sysctl's, or TCP_CONGESTION's) */
  readonly ca: CongestionControl;
  readonly nodelay: boolean;
  /** TCP_CORK: hold partial segments until uncorked (tp->nonagle TCP_NAGLE_CORK) */
  readonly cork: boolean;
  /** queued data goes out regardless of Nagle and cork until the next skb is queued (TCP_NAGLE_PUSH) */
  readonly nagPush: boolean;
  /** TCP_MAXSEG (tp->rx_opt.user_mss), 0 when unset */
  readonly userMss: number;
  /** TCP_NOTSENT_LOWAT (tp->notsent_lowat), 0: the sysctl's */
  readonly notsentLowat: number;
  /** TCP_USER_TIMEOUT in ms (icsk_user_timeout), 0 when unset */
  readonly userTimeout: number;
  readonly keepalive: boolean;
  /** the user closed the socket: no more reads (orphaned in Linux terms) */
  readonly orphan: boolean;
  /** a passive child not accept()ed yet: no struct socket holds it (sk->sk_socket is NULL) */
  readonly unaccepted: boolean;
  /** SHUT_RD was called */
  readonly rdShutdown: boolean;
  /** SO_OOBINLINE (sock flag SOCK_URGINLINE): the urgent byte stays in the stream */
  readonly urgInline: boolean;
  /** a pending error for SO_ERROR / the next call, 0 when none */
  readonly err: number;
}

export type MutableTcb = { -readonly [K in keyof Tcb]: Tcb[K] };

/**
 * A Tcb with every field at its zero value, in CLOSED. Its prototype is the recovery fields'
 * accessors and `rec` holds their values: the shared initial set until one changes
 * (tcb-recovery.ts). An idle connection's Tcb is then 99 fields, not 142.
 */
export function newTcb(localPort: number, remotePort: number): Tcb {
  const t = {
    __proto__: RecoveryAccessors.prototype, rec: RECOVERY_UNSET,
    state: 'CLOSED' as TcpState, localPort, remotePort,
    iss: 0, sndUna: 0, sndNxt: 0, rtxNxt: 0, sndWnd: 0, sndWl1: 0, sndWl2: 0, maxWindow: 0, bytesAcked: 0,
    finSeq: -1, sndSml: 0, pushedSeq: 0, sndUp: -1,
    irs: 0, rcvNxt: 0, rcvWnd: 0, rcvWup: 0, copiedSeq: 0, rcvFin: false, urgData: 0, urgSeq: 0,
    sndWscale: 0, rcvWscale: 0, wsOk: false, tsOk: false, sackOk: false, ecnFlags: 0, tsOffset: 0, tsRecent: 0,
    advmss: 536, mssClamp: 536, mss: 536, pmtu: 0, rcvMss: 536,
    cwnd: 10, ssthresh: 0x7fffffff, cwndCnt: 0, cwrHigh: -1,
    ccRoundStart: 0, ccEndSeq: 0, ccLastAck: 0, ccCurrRtt: 0, ccSampleCnt: 0,
    minRtt: 0, delivered: 0, segsIn: 0, dataSegsIn: 0, segsOut: 0, dataSegsOut: 0,
    srtt: 0, rttvar: 0, rto: 0,
    rtoAt: 0, persistAt: 0, delackAt: 0, keepaliveAt: 0, timewaitAt: 0, twRcvWnd: -1,
    ackPending: false, ackNow: false, ackPushed: false, ackNomem: false, ackToReader: false, ackDeferred: false, writerTimed: false, ato: 0, quick: 0, pingpong: 0, lrcvtime: 0, lsndtime: 0, wstamp: 0,
    rcvSsthresh: 0, windowClamp: 0, rcvBuf: 0, sndBuf: 0, rcvBufLocked: false, sndBufLocked: false, sndNoSpace: false, sndWakes: 0,
    rcvSpace: 0, rcvSpaceSeq: 0, rcvSpaceTime: 0, rcvRttUs8: 0, rcvRttEstSeq: 0, rcvRttEstTime: 0, rcvRttLastTsecr: 0, scalingRatio: TCP_DEFAULT_SCALING_RATIO,
    cwndLimited: false, maxPacketsOut: 0, cwndUsageSeq: 0,
    chronoType: 0, chronoStart: 0, chronoBusyJiffies: 0, chronoRwndJiffies: 0, chronoSndbufJiffies: 0,
    ca: 'cubic' as CongestionControl, nodelay: false, cork: false, nagPush: false, userMss: 0, notsentLowat: 0, userTimeout: 0,
    keepalive: false, orphan: false, unaccepted: false, rdShutdown: false, urgInline: false, err: 0,
  };
  const ownFields: Omit<Tcb, RecoveryKey> = t; // (the compiler checks that every other field is here)
  return ownFields as Tcb;
}

/**
 * A field-by-field copy (one object literal, so V8 keeps one fast shape: about 0.2 µs,
 * where `{...t}` on this many fields falls back to a dictionary copy costing 3–4 µs).
 * test/stack/tcp/tcb.test.ts checks that no field is missed.
 */
export function cloneTcb(t: Tcb): MutableTcb {
  return {
    state: t.state, localPort: t.localPort, remotePort: t.remotePort, iss: t.iss, sndUna: t.sndUna,
    sndNxt: t.sndNxt, rtxNxt: t.rtxNxt, sndWnd: t.sndWnd, sndWl1: t.sndWl1, sndWl2: t.sndWl2,
    maxWindow: t.maxWindow, bytesAcked: t.bytesAcked, finSeq: t.finSeq, sndSml: t.sndSml, pushedSeq: t.pushedSeq, sndUp: t.sndUp, irs: t.irs, rcvNxt: t.rcvNxt,
    rcvWnd: t.rcvWnd, rcvWup: t.rcvWup, copiedSeq: t.copiedSeq, rcvFin: t.rcvFin, urgData: t.urgData, urgSeq: t.urgSeq, ofoFinSeq: t.ofoFinSeq, dsackStart: t.dsackStart, dsackEnd: t.dsackEnd,
    sndWscale: t.sndWscale, rcvWscale: t.rcvWscale, wsOk: t.wsOk, tsOk: t.tsOk, sackOk: t.sackOk, ecnFlags: t.ecnFlags,
    tsOffset: t.tsOffset, tsRecent: t.tsRecent, advmss: t.advmss, mssClamp: t.mssClamp, mss: t.mss, pmtu: t.pmtu,
    rcvMss: t.rcvMss, cwnd: t.cwnd, ssthresh: t.ssthresh, cwndCnt: t.cwndCnt, cwrHigh: t.cwrHigh, dupAcks: t.dupAcks,
    recover: t.recover, ccCnt: t.ccCnt, ccLastMaxCwnd: t.ccLastMaxCwnd, ccLastCwnd: t.ccLastCwnd, ccLastTime: t.ccLastTime, ccOriginPoint: t.ccOriginPoint, ccK: t.ccK, ccDelayMin: t.ccDelayMin, ccEpochStart: t.ccEpochStart, ccAckCnt: t.ccAckCnt, ccTcpCwnd: t.ccTcpCwnd, ccFound: t.ccFound, ccRoundStart: t.ccRoundStart, ccEndSeq: t.ccEndSeq, ccLastAck: t.ccLastAck, ccCurrRtt: t.ccCurrRtt, ccSampleCnt: t.ccSampleCnt, rtoIsProbe: t.rtoIsProbe, tlpHighSeq: t.tlpHighSeq, tlpRetrans: t.tlpRetrans, minRtt: t.minRtt, rackMstamp: t.rackMstamp, rackEndSeq: t.rackEndSeq, rackRtt: t.rackRtt, rackAdvanced: t.rackAdvanced, reoWndSteps: t.reoWndSteps, reoWndPersist: t.reoWndPersist, rackDsackSeen: t.rackDsackSeen, rackLastDelivered: t.rackLastDelivered, delivered: t.delivered, segsIn: t.segsIn, dataSegsIn: t.dataSegsIn, segsOut: t.segsOut, dataSegsOut: t.dataSegsOut, bytesRetrans: t.bytesRetrans, totalRetrans: t.totalRetrans, dsackDups: t.dsackDups, reordSeen: t.reordSeen, reordering: t.reordering, rtoIsReo: t.rtoIsReo, prrDelivered: t.prrDelivered, prrOut: t.prrOut, frto: t.frto, lossHighSeq: t.lossHighSeq, frtoRtxEnd: t.frtoRtxEnd, rtxLimit: t.rtxLimit, priorCwnd: t.priorCwnd, priorSsthresh: t.priorSsthresh, srtt: t.srtt, rttvar: t.rttvar, rto: t.rto, backoff: t.backoff, probes: t.probes, probesStamp: t.probesStamp, lastOowAckAt: t.lastOowAckAt,
    rtoAt: t.rtoAt, persistAt: t.persistAt, delackAt: t.delackAt, keepaliveAt: t.keepaliveAt,
    timewaitAt: t.timewaitAt, twRcvWnd: t.twRcvWnd, ackPending: t.ackPending, ackNow: t.ackNow, ackPushed: t.ackPushed, ackNomem: t.ackNomem, ackToReader: t.ackToReader, ackDeferred: t.ackDeferred, writerTimed: t.writerTimed, ato: t.ato,
    quick: t.quick, pingpong: t.pingpong, lrcvtime: t.lrcvtime, lsndtime: t.lsndtime, wstamp: t.wstamp,
    rcvSsthresh: t.rcvSsthresh, windowClamp: t.windowClamp, rcvBuf: t.rcvBuf, sndBuf: t.sndBuf,
    rcvBufLocked: t.rcvBufLocked, sndBufLocked: t.sndBufLocked, sndNoSpace: t.sndNoSpace, sndWakes: t.sndWakes, rcvSpace: t.rcvSpace,
    rcvSpaceSeq: t.rcvSpaceSeq, rcvSpaceTime: t.rcvSpaceTime, rcvRttUs8: t.rcvRttUs8,
    rcvRttEstSeq: t.rcvRttEstSeq, rcvRttEstTime: t.rcvRttEstTime, rcvRttLastTsecr: t.rcvRttLastTsecr, scalingRatio: t.scalingRatio,
    cwndLimited: t.cwndLimited, maxPacketsOut: t.maxPacketsOut, cwndUsageSeq: t.cwndUsageSeq,
    chronoType: t.chronoType, chronoStart: t.chronoStart, chronoBusyJiffies: t.chronoBusyJiffies, chronoRwndJiffies: t.chronoRwndJiffies, chronoSndbufJiffies: t.chronoSndbufJiffies, ca: t.ca, nodelay: t.nodelay,
    cork: t.cork, nagPush: t.nagPush, userMss: t.userMss, notsentLowat: t.notsentLowat, userTimeout: t.userTimeout,
    keepalive: t.keepalive, orphan: t.orphan, unaccepted: t.unaccepted, rdShutdown: t.rdShutdown, urgInline: t.urgInline, err: t.err,
  };
}

/** The earliest armed deadline, or 0 when no timer is armed. */
export function nextDeadline(t: Tcb): Nanos {
  return earliest(earliest(earliest(t.rtoAt, t.persistAt), earliest(t.delackAt, t.keepaliveAt)), t.timewaitAt);
}

function earliest(a: Nanos, b: Nanos): Nanos {
  return a === 0 ? b : b === 0 ? a : a < b ? a : b;
}

/** May the user still read (smoltcp may_recv): data or FIN can still arrive. */
export function mayRecv(s: TcpState): boolean {
  return s === 'ESTABLISHED' || s === 'FIN-WAIT-1' || s === 'FIN-WAIT-2';
}

/** Is the connection synchronized (RFC 9293: past the handshake)? */
export function isSynchronized(s: TcpState): boolean {
  return s !== 'CLOSED' && s !== 'LISTEN' && s !== 'SYN-SENT' && s !== 'SYN-RECEIVED';
}

/**
 * V8 keeps a field that has held only small integers as one; the first number past 2^30 (a
 * sequence number, a time in ns) gives every Tcb a new shape and throws away the compiled
 * code of every function that read one, a wave of deoptimizations per field, spread over a
 * property run's first thousands of runs. Made general once here (any value), every number
 * field keeps one shape from the first Tcb on; small numbers are still stored as they are,
 * so a new Tcb costs what it did. The same for a recovery set's fields.
 */
function generalizeNumberFields(): void {
  for (const o of [newTcb(0, 0), newRecovery()] as unknown as Record<string, unknown>[]) {
    for (const k of Object.keys(o)) if (typeof o[k] === 'number') o[k] = null;
  }
}
generalizeNumberFields();
