/**
 * Classic ECN (RFC 3168 §6.1) as Linux 6.18 runs it (include/net/tcp_ecn.h, tcp_input.c,
 * tcp_output.c), selected by net.ipv4.tcp_ecn (TcpConfig.ecn): 1 asks in the SYN (ECE|CWR)
 * and answers, 2 (the default) only answers a SYN that asks with a SYN-ACK carrying ECE.
 * On an ECN connection new data leaves ECT(0) (INET_ECN_xmit), everything else not-ECT; a
 * receiver that sees CE echoes ECE on every segment until one with CWR arrives; a sender
 * that gets ECE enters CWR (recovery.ts enterCwr) and sets CWR on its next new data segment.
 * Accurate ECN (tcp_ecn 3 and up) is not modelled.
 */
import { TCP_CWR, TCP_ECE, TCP_SYN } from '../wire/tcp.ts';
import type { Ctx } from './conn.ts';
import type { MutableTcb } from './tcb.ts';
import { seqLt } from './seq.ts';
import { enterQuickAck } from './data.ts';
import {
  INET_ECN_CE, INET_ECN_ECT_0, INET_ECN_NOT_ECT, TCP_ECN, TCP_ECN_DEMAND_CWR, TCP_ECN_IN_ECN_OUT_ECN, TCP_ECN_OK,
  TCP_ECN_QUEUE_CWR, TCP_ECN_SEEN,
} from './linux.ts';

const ECE_CWR = TCP_ECE | TCP_CWR;
/** tcp_enter_quickack_mode(sk, 2) on an ECN mark: "sender can have a very low cwnd" */
const ECN_QUICKACKS = 2;

function sysctl(c: Ctx): number {
  return c.conn.cfg.ecn ?? TCP_ECN;
}

/**
 * The ECE|CWR a SYN or SYN-ACK carries. tcp_ecn_send_syn(): with tcp_ecn 1 the first SYN asks
 * and the connection turns ECN on, pending the answer; a retransmitted SYN asks no more
 * (tcp_ecn_clear_syn with tcp_ecn_fallback 1: the SYN-ACK then turns it off).
 * tcp_ecn_make_synack(): ECE when the request agreed to ECN.
 */
export function synEcnFlags(c: Ctx, synAck: boolean, retransmit: boolean): number {
  const t = c.t;
  if (synAck) return t.ecnFlags & TCP_ECN_OK ? TCP_ECE : 0;
  if (retransmit) return 0;
  t.ecnFlags = sysctl(c) === TCP_ECN_IN_ECN_OUT_ECN ? TCP_ECN_OK : 0;
  return t.ecnFlags & TCP_ECN_OK ? ECE_CWR : 0;
}

/**
 * tcp_ecn_create_request(): a SYN asking for ECN (ECE and CWR) that is itself not ECT (RFC 3168
 * §6.1.1: an ECT SYN came from a broken stack) gets ECN with any non-zero tcp_ecn.
 */
export function ecnCreateRequest(c: Ctx, synFlags: number, ipEcn: number): void {
  const asks = (synFlags & ECE_CWR) === ECE_CWR;
  c.t.ecnFlags = asks && ipEcn === INET_ECN_NOT_ECT && sysctl(c) !== 0 ? TCP_ECN_OK : 0;
}

/** tcp_ecn_rcv_synack(): ECN holds only if the SYN-ACK has ECE without CWR. */
export function ecnRcvSynAck(t: MutableTcb, flags: number): void {
  if ((flags & ECE_CWR) !== TCP_ECE) t.ecnFlags = 0;
}

/** tcp_ecn_rcv_syn() (simultaneous open): ECN holds only if the peer's SYN asked too. */
export function ecnRcvSyn(t: MutableTcb, flags: number): void {
  if ((flags & ECE_CWR) !== ECE_CWR) t.ecnFlags = 0;
}

/**
 * tcp_ecn_send(), for a non-SYN segment of `len` payload bytes from `seq`: new data (not a
 * retransmission, not a bare ACK or FIN) goes ECT(0) and takes a queued CWR; the rest goes
 * not-ECT; ECE while the peer owes us a CWR. Returns the IP ECN bits (INET_ECN_MASK) or'ed
 * with the TCP flags to add (ECE, CWR: bits of their own); 0 on a connection without ECN.
 */
export function ecnSend(t: MutableTcb, seq: number, len: number): number {
  const flags = t.ecnFlags;
  if (!(flags & TCP_ECN_OK)) return 0;
  let r = INET_ECN_NOT_ECT;
  if (len > 0 && !seqLt(seq, t.sndNxt)) {
    r = INET_ECN_ECT_0;
    if (flags & TCP_ECN_QUEUE_CWR) {
      t.ecnFlags = flags & ~TCP_ECN_QUEUE_CWR;
      r |= TCP_CWR;
    }
  }
  if (flags & TCP_ECN_DEMAND_CWR) r |= TCP_ECE;
  return r;
}

/**
 * tcp_data_ecn_check(), for data taken in (tcp_event_data_recv, tcp_data_queue_ofo): CE makes us
 * demand CWR (ECE from now on) and ACK quickly; ECT is remembered (TCP_ECN_SEEN), after which
 * a not-ECT segment (likely a retransmission) is ACKed quickly too.
 */
export function ecnCheckCe(c: Ctx, ipEcn: number): void {
  const t = c.t;
  if (!(t.ecnFlags & TCP_ECN_OK)) return;
  if (ipEcn === INET_ECN_NOT_ECT) {
    if (t.ecnFlags & TCP_ECN_SEEN) enterQuickAck(c, ECN_QUICKACKS);
    return;
  }
  if (ipEcn === INET_ECN_CE && !(t.ecnFlags & TCP_ECN_DEMAND_CWR)) {
    enterQuickAck(c, ECN_QUICKACKS);
    t.ecnFlags |= TCP_ECN_DEMAND_CWR;
  }
  t.ecnFlags |= TCP_ECN_SEEN;
}

/**
 * tcp_ecn_received_counters(), for every segment a synchronized connection takes: without
 * RFC 3168 ECN (off, as here, or Accurate ECN) Linux 6.18 notes any ECT or CE codepoint
 * (TCP_ECN_SEEN, TCPI_OPT_ECN_SEEN); with it, ecnCheckCe does, on data only.
 */
export function ecnReceived(t: MutableTcb, ipEcn: number): void {
  if (ipEcn !== INET_ECN_NOT_ECT && !(t.ecnFlags & TCP_ECN_OK)) t.ecnFlags |= TCP_ECN_SEEN;
}

/**
 * tcp_ecn_accept_cwr(): CWR ends our ECE — on a bare ACK too (real 6.18.44: ecn-ce-echo.pkt) —
 * and "if the sender is telling us it has entered CWR, then its cwnd may be very low (even just
 * 1 packet), so we should ACK immediately" (ICSK_ACK_NOW) a segment with data or FIN.
 */
export function ecnAcceptCwr(c: Ctx, flags: number, len: number): void {
  const t = c.t;
  if (!(flags & TCP_CWR)) return;
  t.ecnFlags &= ~TCP_ECN_DEMAND_CWR;
  if (len > 0) t.ackNow = true;
}

/** tcp_ecn_rcv_ecn_echo(): an ACK that reports congestion (ECE on an ECN connection, not a SYN). */
export function isEceAck(t: MutableTcb, flags: number): boolean {
  return (flags & TCP_ECE) !== 0 && (flags & TCP_SYN) === 0 && (t.ecnFlags & TCP_ECN_OK) !== 0;
}

/** tcp_ecn_queue_cwr(): a cwnd reduction began; tell the peer on the next new data. */
export function queueCwr(t: MutableTcb): void {
  if (t.ecnFlags & TCP_ECN_OK) t.ecnFlags |= TCP_ECN_QUEUE_CWR;
}
