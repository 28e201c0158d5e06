/**
 * SEGMENT ARRIVES (RFC 9293 §3.10.7), one function per state group, with Linux's choices
 * (tcp_rcv_synsent_state_process, tcp_validate_incoming, tcp_rcv_state_process).
 * LISTEN and CLOSED are the layer's business (layer.ts): it answers with RST or makes a
 * child connection through the 'accept-syn' call.
 */
import type { TcpSegment, TcpSegmentInit } from '../wire/tcp.ts';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../wire/tcp.ts';
import { ECONNREFUSED, ECONNRESET, EPIPE } from '../abi/errno.ts';
import type { Ctx } from './conn.ts';
import { readOptions, readOptionsInto, type PeerOptions } from './options.ts';
import { seqAdd, seqDiff, seqGe, seqGt, seqLt } from './seq.ts';
import { fail, transition } from './transitions.ts';
import { pushData, sendAck, sendSyn } from './output.ts';
import { ackSndCheck } from './ack-timing.ts';
import { onAck } from './ack.ts';
import { countMib } from './mib.ts';
import { checkSpace, sndbufMayGrow } from './window.ts';
import { onText } from './data.ts';
import { receiveUrgent } from './urgent.ts';
import { sendChallengeAck, sendOowDupAck } from './throttle.ts';
import { rcvRttMeasureTs } from './rcv-rtt.ts';
import { receiveWindow } from './window.ts';
import { establish, negotiate } from './handshake.ts';
import { ecnAcceptCwr, ecnRcvSyn, ecnRcvSynAck, ecnReceived } from './ecn.ts';
import { TCP_TIMEWAIT_LEN_NS } from './linux.ts';
import { echoedTsRtt, takeRttSample } from './rtt.ts';

const EMPTY = new Uint8Array(0);

/** what each segment's options say, one object per nesting depth (a step may run inside another's), reused */
const peerOptions: PeerOptions[] = [];
let depth = 0;

/** One segment in; `ipEcn`: its IP header's ECN bits (ecn.ts). */
export function onSegment(c: Ctx, seg: TcpSegment, ipEcn = 0): void {
  const po = readOptionsInto(seg.options, (seg.flags & TCP_SYN) !== 0, peerOptions[depth] ?? (peerOptions[depth] = readOptions([], false)));
  depth++;
  try {
    onSegmentIn(c, seg, po, ipEcn);
  } finally {
    depth--;
  }
}

function onSegmentIn(c: Ctx, seg: TcpSegment, po: PeerOptions, ipEcn: number): void {
  switch (c.t.state) {
    case 'CLOSED':
    case 'LISTEN':
      return;
    case 'SYN-SENT':
      return onSegmentSynSent(c, seg, po);
    case 'TIME-WAIT':
      return onSegmentTimeWait(c, seg, po);
    default:
      return onSegmentSynchronized(c, seg, po, ipEcn);
  }
}

/** RFC 9293 §3.10.7.1: the RST a closed port answers with (Linux tcp_v4_send_reset: no options, window 0). */
export function resetFor(seg: TcpSegment): TcpSegmentInit | undefined {
  if (seg.flags & TCP_RST) return undefined;
  if (seg.flags & TCP_ACK) {
    return { srcPort: seg.dstPort, dstPort: seg.srcPort, seq: seg.ack, ack: 0, flags: TCP_RST, window: 0, urgent: 0, options: [], payload: EMPTY };
  }
  const len = seg.payload.length + (seg.flags & TCP_SYN ? 1 : 0) + (seg.flags & TCP_FIN ? 1 : 0);
  return {
    srcPort: seg.dstPort, dstPort: seg.srcPort, seq: 0, ack: seqAdd(seg.seq, len), flags: TCP_RST | TCP_ACK,
    window: 0, urgent: 0, options: [], payload: EMPTY,
  };
}

function sendReset(c: Ctx, seg: TcpSegment): void {
  const r = resetFor(seg);
  if (r) c.eff.push({ kind: 'send', seg: r });
}

/** RFC 9293 §3.10.7.3 SYN-SENT */
function onSegmentSynSent(c: Ctx, seg: TcpSegment, po: PeerOptions): void {
  const t = c.t;
  const f = seg.flags;
  const ack = seg.ack >>> 0;
  // "first check the ACK bit": SEG.ACK =< ISS or SEG.ACK > SND.NXT → <SEQ=SEG.ACK><CTL=RST>
  if (f & TCP_ACK && (seqGe(t.iss, ack) || seqGt(ack, t.sndNxt))) {
    if (!(f & TCP_RST)) sendReset(c, seg);
    return;
  }
  // "second check the RST bit"
  if (f & TCP_RST) {
    if (f & TCP_ACK) {
      fail(c, ECONNREFUSED);
      transition(c, 'rcv-rst', 'connection refused: RST answered our SYN');
    }
    return;
  }
  if (!(f & TCP_SYN)) return;
  negotiate(c, po);
  t.irs = seg.seq >>> 0;
  t.rcvNxt = seqAdd(t.irs, 1);
  t.rcvWup = t.rcvNxt;
  t.copiedSeq = t.rcvNxt;
  if (t.tsOk) t.tsRecent = po.tsval;
  if (f & TCP_ACK) {
    ecnRcvSynAck(t, f);
    // "If SND.UNA > ISS (our SYN has been ACKed), change the connection state to ESTABLISHED"
    t.bytesAcked += seqDiff(ack, t.sndUna); // tcp_ack() → tcp_snd_una_update(): the SYN counts
    t.sndUna = ack;
    t.sndWnd = seg.window; // the window in a SYN is never scaled (RFC 7323 §2.2)
    t.maxWindow = t.sndWnd;
    t.sndWl1 = seg.seq >>> 0;
    t.sndWl2 = ack;
    if (t.backoff === 0) takeRttSample(c, c.now - t.lsndtime);
    else if (t.tsOk && po.tsecr !== 0) takeRttSample(c, echoedTsRtt(c, po.tsecr));
    t.rtoAt = 0;
    t.backoff = 0;
    transition(c, 'rcv-syn-ack', 'our SYN was acknowledged');
    establish(c, false);
    // Linux sends the handshake's ACK at once unless the socket is in pingpong mode
    sendAck(c);
    pushData(c);
    return;
  }
  // simultaneous open: "enter SYN-RECEIVED, form a SYN,ACK segment"
  ecnRcvSyn(t, f);
  transition(c, 'rcv-syn', 'simultaneous open: the peer sent SYN');
  t.rtoAt = 0;
  sendSyn(c);
}


/** RFC 9293 §3.10.7.4 for SYN-RECEIVED through LAST-ACK. */
function onSegmentSynchronized(c: Ctx, seg: TcpSegment, po: PeerOptions, ipEcn: number): void {
  const t = c.t;
  const f = seg.flags;
  // SYN-RECEIVED: a retransmitted SYN gets the SYN/ACK again (Linux tcp_check_req)
  if (t.state === 'SYN-RECEIVED' && f & TCP_SYN && !(f & TCP_ACK) && seg.seq >>> 0 === t.irs) {
    sendSyn(c);
    return;
  }
  // RFC 7323 §5.3 PAWS: a timestamp older than TS.Recent marks an old duplicate (tcp_validate_incoming)
  if (t.tsOk && po.hasTs && !(f & TCP_RST) && seqLt(po.tsval, t.tsRecent)) {
    if (f & TCP_SYN) sendChallengeAck(c);
    else sendOowDupAck(c, seg);
    return;
  }
  // "first check sequence number"
  const seqCheck = tcpSequence(c, seg);
  if (seqCheck !== 'ok') {
    if (f & TCP_RST) return;
    if (f & TCP_SYN) sendChallengeAck(c);
    else {
      // tcp_validate_incoming(): TCP_INVALID_SEQUENCE and TCP_INVALID_END_SEQUENCE count
      if (seqCheck === 'beyond') countMib(c, 'TcpExtBeyondWindow');
      sendOowDupAck(c, seg);
    }
    return;
  }
  // "second check the RST bit" (RFC 5961 §3.2: exact match resets, in-window gets a challenge ACK)
  if (f & TCP_RST) {
    if (seg.seq >>> 0 === t.rcvNxt) onReset(c);
    else sendChallengeAck(c);
    return;
  }
  // "fourth, check the SYN bit": RFC 5961 §4 challenge ACK
  if (f & TCP_SYN) {
    sendChallengeAck(c);
    return;
  }
  ecnReceived(t, ipEcn);
  ecnAcceptCwr(c, f, seg.payload.length + (f & TCP_FIN ? 1 : 0));
  // "fifth, check the ACK field"
  if (!(f & TCP_ACK)) return;
  const handshakeAck = t.state === 'SYN-RECEIVED';
  if (handshakeAck) {
    if (seg.ack >>> 0 !== t.sndNxt) {
      sendReset(c, seg);
      return;
    }
    t.sndUna = seg.ack >>> 0;
    t.sndWnd = seg.window * 2 ** t.sndWscale;
    t.maxWindow = t.sndWnd;
    t.sndWl1 = seg.seq >>> 0;
    t.sndWl2 = t.sndUna;
    if (t.backoff === 0) takeRttSample(c, c.now - t.lsndtime);
    t.rtoAt = 0;
    t.backoff = 0;
    transition(c, 'rcv-ack-of-syn', 'our SYN/ACK was acknowledged');
    establish(c, true);
  } else if (onAck(c, seg, po) === 'drop') {
    // RFC 9293 §3.10.7.4 / RFC 5961 §5.2: an ACK outside [SND.UNA − MAX.SND.WND, SND.NXT] gets
    // an ACK back — from tcp_rcv_state_process() past ESTABLISHED, from tcp_ack() in it (above
    // SND.NXT since 42726ec644cb, "tcp: send a challenge ACK on SEG.ACK > SND.NXT", in 6.18 stable)
    sendChallengeAck(c);
    return;
  }
  if (t.state === 'CLOSED') return;
  if (t.tsOk && po.hasTs && !seqGt(seg.seq >>> 0, t.rcvWup)) t.tsRecent = po.tsval;
  // tcp_rcv_established() (both paths; not the handshake's ACK, which tcp_rcv_state_process takes)
  if (!handshakeAck) rcvRttMeasureTs(c, seg.payload.length, po);
  // "sixth, check the URG bit" (tcp_urg, before the text is queued)
  receiveUrgent(t, c.conn, seg);
  // "seventh, process the segment text"; Linux resets a closed reader's connection on new data
  if ((t.orphan || t.rdShutdown) && (t.state === 'FIN-WAIT-1' || t.state === 'FIN-WAIT-2') && hasNewData(c, seg)) {
    sendReset(c, seg);
    transition(c, 'abort', 'data arrived after close()');
    return;
  }
  if (t.state === 'ESTABLISHED' || t.state === 'FIN-WAIT-1' || t.state === 'FIN-WAIT-2' || t.state === 'SYN-RECEIVED') {
    onText(c, seg, ipEcn);
  } else if (seg.payload.length > 0 || f & TCP_FIN) {
    // CLOSE-WAIT, CLOSING, LAST-ACK: the FIN came already; a retransmission gets an ACK
    t.ackPending = true;
    t.ackNow = true;
  }
  const cwndRoom = sndbufMayGrow(c); // 6.18 judges the room in cwnd as the ACK left it (window.ts)
  pushData(c);
  checkSpace(c, cwndRoom);
  ackSndCheck(c);
}

function hasNewData(c: Ctx, seg: TcpSegment): boolean {
  return seg.payload.length > 0 && seqGt(seqAdd(seg.seq >>> 0, seg.payload.length), c.t.rcvNxt);
}

/**
 * Linux tcp_sequence() (6.x): the segment overlaps [RCV.WUP, RCV.NXT + RCV.WND]; one that
 * runs past the window's right edge is taken whole only while the receive queue is empty
 * (else dropped, SKB_DROP_REASON_TCP_INVALID_END_SEQUENCE), except for a FIN just past
 * the edge, "known to" come from some stacks, which tcp_data_queue() looks at later. 'old':
 * it ends before RCV.WUP (TCP_OLD_SEQUENCE); 'beyond': past the window, either way.
 */
function tcpSequence(c: Ctx, seg: TcpSegment): 'ok' | 'old' | 'beyond' {
  const t = c.t;
  const fin = seg.flags & TCP_FIN ? 1 : 0;
  const len = seg.payload.length + (seg.flags & TCP_SYN ? 1 : 0) + fin;
  const seq = seg.seq >>> 0;
  const end = seqAdd(seq, len);
  if (seqLt(end, t.rcvWup)) return 'old';
  const limit = seqAdd(t.rcvNxt, receiveWindow(t));
  if (!seqGt(seqAdd(end, -fin), limit)) return 'ok';
  if (seqGt(seq, limit)) return 'beyond';
  return c.conn.rcv.length === 0 ? 'ok' : 'beyond';
}

/** tcp_reset(): the errno depends on the state. */
function onReset(c: Ctx): void {
  const t = c.t;
  if (t.state === 'SYN-RECEIVED') {
    transition(c, 'rcv-rst', 'the peer reset the half-open connection');
    return;
  }
  if (t.state === 'CLOSE-WAIT') fail(c, EPIPE);
  else if (t.state !== 'LAST-ACK' && t.state !== 'CLOSING') fail(c, ECONNRESET);
  transition(c, 'rcv-rst', 'the peer reset the connection');
}

/** Linux tcp_timewait_state_process() */
function onSegmentTimeWait(c: Ctx, seg: TcpSegment, po: PeerOptions): void {
  const t = c.t;
  const f = seg.flags;
  if (f & TCP_RST) {
    transition(c, 'rcv-rst', 'RST in TIME-WAIT (RFC 1337 protection off, as Linux defaults)');
    return;
  }
  if (t.tsOk && po.hasTs) t.tsRecent = po.tsval;
  if (f & TCP_FIN || tcpSequence(c, seg) !== 'ok' || seg.payload.length > 0) {
    // a retransmitted FIN: ACK it again and restart the 2MSL timer
    if (f & TCP_FIN) t.timewaitAt = c.now + TCP_TIMEWAIT_LEN_NS;
    sendAck(c);
  }
}
