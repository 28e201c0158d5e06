/**
 * TCP conversation tracking and sequence analysis as Wireshark's TCP dissector does it in one
 * pass (tshark without -2): relative sequence numbers, window scaling, and the analysis flags
 * that become `[TCP Retransmission]`, `[TCP Dup ACK 8#1]` … in the Info column.
 *
 * The rules follow packet-tcp.c's tcp_analyze_sequence_number(), check by check and in its
 * order (each check below names the flag it sets). State is per conversation and per
 * direction: a few numbers each, in typed-array columns (tcp-state.ts), and the direction's
 * unACKed segments until they are ACKed (Wireshark's tcp_unacked_t list, for the details
 * pane's ACK, RTT, RTO and bytes-in-flight fields), so memory grows with the number of
 * conversations and the data in flight, never with the frames read.
 */
import type { TcpSegment } from '../stack/wire/tcp.ts';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../stack/wire/tcp.ts';
import type { Stamp } from './time.ts';
import { TcpState, type ConvRef, type FlowRef } from './tcp-state.ts';
import { written, type TextWriter } from './output/text-writer.ts';

export const A_RETRANSMISSION = 0x0001;
export const A_LOST_PACKET = 0x0002;
export const A_ACK_LOST_PACKET = 0x0004;
export const A_KEEP_ALIVE = 0x0008;
export const A_DUPLICATE_ACK = 0x0010;
export const A_ZERO_WINDOW = 0x0020;
export const A_ZERO_WINDOW_PROBE = 0x0040;
export const A_ZERO_WINDOW_PROBE_ACK = 0x0080;
export const A_KEEP_ALIVE_ACK = 0x0100;
export const A_OUT_OF_ORDER = 0x0200;
export const A_FAST_RETRANSMISSION = 0x0400;
export const A_WINDOW_UPDATE = 0x0800;
export const A_WINDOW_FULL = 0x1000;
export const A_SPURIOUS_RETRANSMISSION = 0x4000;

/** Wireshark keeps at most this many unACKed segments per direction (TCP_MAX_UNACKED_SEGMENTS). */
const MAX_UNACKED = 10000;

/** What the analysis says about one segment. */
export interface TcpAnalysis {
  readonly stream: number;
  /** whether the sender is the conversation's higher end (address, then port): the direction, as a number key would */
  readonly forward: boolean;
  readonly flags: number;
  readonly dupackNum: number;
  readonly dupackFrame: number;
  /** relative sequence and acknowledgment numbers (ack meaningful only with ACK set) */
  readonly relSeq: number;
  readonly relAck: number;
  readonly seglen: number;
  /** the window as Wireshark calculates it (scaled once the handshake told the shift) */
  readonly window: number;
  /** the scaling shift known for the sender: -1 unknown, -2 none */
  readonly winScale: number;
  /** the conversation's completeness bits before this segment (what tshark -V shows) */
  readonly completeness: number;
  /** ns since the stream's first frame and since its previous frame */
  readonly sinceFirstNs: number;
  readonly sincePrevNs: number;
  /** for a FIN: whether its sender started the close or answers the other side's FIN */
  readonly closing: 'initiates' | 'undergoes' | undefined;
  /** the handshake's RTT once seen (0 before) */
  readonly firstRttNs: number;
  /** the [SEQ/ACK analysis] subtree's values; `seqAck` false when tshark prints no subtree */
  readonly seqAck: boolean;
  readonly frameAcked: number;
  readonly ackRttNs: number;
  readonly bytesInFlight: number;
  readonly pushBytesSent: number;
  readonly rtoNs: number;
  readonly rtoFrame: number;
}

const gtSeq = (x: number, y: number): boolean => ((y - x) | 0) < 0;
const ltSeq = (x: number, y: number): boolean => ((x - y) | 0) < 0;
const leSeq = (x: number, y: number): boolean => ((x - y) | 0) <= 0;
const u32 = (x: number): number => x >>> 0;

/** Nanoseconds since the first frame, as a Number (exact for captures shorter than 104 days). */
export function stampNs(t: Stamp, first: Stamp): number {
  return (t.sec - first.sec) * 1e9 + (t.nsec - first.nsec);
}

export class TcpTracker {
  private readonly state = new TcpState();

  /**
   * Analyse one segment from src:sport to dst:dport, seen as frame `frame` at `ns`
   * nanoseconds (any fixed origin). Call once per frame, in file order.
   */
  analyse(frame: number, ns: number, src: number | string, dst: number | string, seg: TcpSegment): TcpAnalysis {
    const a = src;
    const ap = seg.srcPort;
    const b = dst;
    const bp = seg.dstPort;
    // the higher end (address, then port) is the conversation's first flow
    const forward = a !== b ? a > b : ap > bp;
    const st = this.state;
    const row = typeof a === 'number' && typeof b === 'number'
      ? (forward ? st.ipv4(a, ap, b, bp) : st.ipv4(b, bp, a, ap))
      : st.text(forward ? `${a}|${ap}|${b}|${bp}` : `${b}|${bp}|${a}|${ap}`);
    const conv = st.conv.at(row);
    const fwd = st.fwd.at(forward ? conv.flow1 : conv.flow2);
    const rev = st.rev.at(forward ? conv.flow2 : conv.flow1);
    const flags = seg.flags;
    const options = seg.options;
    if (flags & TCP_SYN) {
      // window scaling: the WS option sets the sender's shift; none in a SYN turns it off
      for (const o of options) {
        if (o.kind !== 'wscale') continue;
        fwd.winScale = Math.min(o.shift, 14);
        break;
      }
      verifyWindowScaling((flags & TCP_ACK) !== 0, fwd, rev);
      if (!(flags & TCP_ACK)) conv.mruSynNs = ns;
    }
    if ((flags & (TCP_SYN | TCP_ACK)) === TCP_ACK && conv.firstRttNs === 0 && !Number.isNaN(conv.mruSynNs)) {
      conv.firstRttNs = ns - conv.mruSynNs;
    }
    const seglen = seg.payload.length;
    const completeness = conv.completeness;
    conv.completeness = completeness | completenessBits(flags, seglen, completeness);
    if (Number.isNaN(conv.firstNs)) conv.firstNs = conv.prevNs = ns;
    const sinceFirstNs = ns - conv.firstNs;
    const sincePrevNs = ns - conv.prevNs;
    conv.prevNs = ns;
    let closing: 'initiates' | 'undergoes' | undefined;
    if (flags & TCP_FIN) {
      if (conv.finFlow < 0) conv.finFlow = fwd.i;
      closing = conv.finFlow === fwd.i ? 'initiates' : 'undergoes';
    }
    // a shift, not 2 ** winScale (Math.pow was a sixth of the analysis): 65535 << 14 < 2^31
    const shift = fwd.winScale;
    const window = !(flags & TCP_SYN) && shift >= 0 ? seg.window << shift : seg.window;
    const r = new Analysis(conv.stream, forward, seglen, window, completeness, sinceFirstNs, sincePrevNs, closing);
    analyseSequence(conv, fwd, rev, r, frame, ns, seg.seq, seg.ack, seglen, flags);
    // baseSeq is set by the analysis for the first segment of each direction
    r.relSeq = u32(seg.seq - fwd.baseSeq);
    r.relAck = u32(seg.ack - rev.baseSeq);
    r.winScale = fwd.winScale;
    r.firstRttNs = conv.firstRttNs;
    let sack: readonly (readonly [number, number])[] = [];
    for (const o of options) {
      if (o.kind !== 'sack') continue;
      sack = o.blocks;
      break;
    }
    fwd.sack = sack;
    return r;
  }
}

/** packet-tcp.c's conversation completeness bits for one segment. */
function completenessBits(flags: number, seglen: number, before: number): number {
  let b = 0;
  if ((flags & (TCP_SYN | TCP_ACK)) === TCP_SYN) b |= 1;
  if ((flags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK)) b |= 2;
  if ((flags & (TCP_SYN | TCP_ACK | TCP_FIN | TCP_RST)) === TCP_ACK && seglen === 0) b |= 4;
  // data counts once a bare ACK has been seen (tshark 4.0 on a mid-stream capture)
  if (seglen > 0 && before & 4) b |= 8;
  if (flags & TCP_FIN) b |= 16;
  if (flags & TCP_RST) b |= 32;
  return b;
}

function verifyWindowScaling(isSynAck: boolean, fwd: FlowRef, rev: FlowRef): void {
  if (fwd.winScale === -1) {
    fwd.winScale = -2;
    rev.winScale = -2;
  } else if (isSynAck && rev.winScale === -2) {
    fwd.winScale = -2;
  }
}

/** The TcpAnalysis of one segment, filled in by the steps below (one object per segment). */
class Analysis implements TcpAnalysis {
  flags = 0;
  dupackNum = 0;
  dupackFrame = 0;
  relAck = 0;
  winScale = -1;
  firstRttNs = 0;
  /** whether Wireshark made a tcp_acked entry for the segment (then -V prints [SEQ/ACK analysis]) */
  seqAck = false;
  frameAcked = 0;
  ackRttNs = 0;
  bytesInFlight = 0;
  pushBytesSent = 0;
  rtoNs = 0;
  rtoFrame = 0;
  relSeq = 0;
  constructor(
    readonly stream: number, readonly forward: boolean, readonly seglen: number, readonly window: number,
    readonly completeness: number, readonly sinceFirstNs: number, readonly sincePrevNs: number, readonly closing: 'initiates' | 'undergoes' | undefined,
  ) {}
}

/**
 * One Analysis made at load with a value that is no small integer in each field that may
 * hold a number past 2^31 (times in ns, relative sequence numbers, byte counts). V8 stores a
 * number field as a small integer until a value needs more, then retires the objects' layout
 * and every optimized function that used it; a long capture's first such value (2.15 s in, a
 * sequence number 2^31 past its base) came after the per-frame path was optimized, and its
 * recompilation on background threads added megabytes to show's peak memory (issue 15).
 * Widened first, the layout never changes.
 */
function widenAnalysisFields(): void {
  // not a number at all: the fields become tagged, which hold small integers as they are and
  // box only a larger value (a double field boxes every value it is given)
  const wide = undefined as unknown as number;
  const a = new Analysis(0, false, 0, 0, 0, wide, wide, undefined);
  a.relSeq = a.relAck = a.firstRttNs = a.ackRttNs = a.bytesInFlight = a.pushBytesSent = a.rtoNs = wide;
}
widenAnalysisFields();

/** packet-tcp.c tcp_analyze_sequence_number(), on raw (absolute) sequence numbers. */
function analyseSequence(
  conv: ConvRef, fwd: FlowRef, rev: FlowRef, r: Analysis, frame: number, ns: number,
  seq: number, ack: number, seglen: number, flags: number,
): void {
  const window = r.window;
  if (!fwd.baseSet) {
    fwd.baseSeq = flags & TCP_SYN ? seq : u32(seq - 1);
    fwd.baseSet = true;
  }
  if (!rev.baseSet && flags & TCP_ACK) {
    rev.baseSeq = u32(ack - 1);
    rev.baseSet = true;
  }
  if (flags & TCP_ACK) rev.validBif = true;
  const noSfr = (flags & (TCP_SYN | TCP_FIN | TCP_RST)) === 0;
  checks: {
    // ZERO WINDOW PROBE: one byte at the expected seq into a closed window
    if (seglen === 1 && seq === fwd.nextseq && rev.window === 0) {
      r.flags |= A_ZERO_WINDOW_PROBE;
      break checks;
    }
    // ZERO WINDOW
    if (window === 0 && (flags & (TCP_RST | TCP_FIN | TCP_SYN)) === 0) r.flags |= A_ZERO_WINDOW;
    // LOST PACKET: beyond the highest nextseq seen
    if (fwd.nextseq !== 0 && gtSeq(seq, fwd.nextseq) && (flags & TCP_RST) === 0) {
      r.flags |= A_LOST_PACKET;
      fwd.validBif = false; // no bytes in flight until the other side ACKs again
    }
    // KEEP ALIVE: 0 or 1 byte, one before the next expected seq
    if ((seglen === 0 || seglen === 1) && seq === u32(fwd.nextseq - 1) && noSfr) r.flags |= A_KEEP_ALIVE;
    // WINDOW UPDATE
    if (seglen === 0 && window !== 0 && window !== fwd.window && seq === fwd.nextseq && ack === fwd.lastack && noSfr) {
      r.flags |= A_WINDOW_UPDATE;
    }
    // WINDOW FULL: data up to the right edge of the peer's advertised window
    if (seglen > 0 && rev.winScale !== -1 && noSfr) {
      // (both windows here are already scaled)
      if (u32(seq + seglen) === u32(rev.lastack + rev.window)) r.flags |= A_WINDOW_FULL;
    }
    const sameAsBefore = seglen === 0 && seq === fwd.nextseq && ack === fwd.lastack && noSfr;
    // KEEP ALIVE ACK
    if (sameAsBefore && window !== 0 && window === fwd.window && rev.lastsegmentflags & A_KEEP_ALIVE) {
      r.flags |= A_KEEP_ALIVE_ACK;
      break checks;
    }
    // ZERO WINDOW PROBE ACK
    if (sameAsBefore && window === 0 && fwd.window === 0 && rev.lastsegmentflags & A_ZERO_WINDOW_PROBE) {
      r.flags |= A_ZERO_WINDOW_PROBE_ACK;
      break checks;
    }
    // DUPLICATE ACK
    if (sameAsBefore && window !== 0 && window === fwd.window) {
      fwd.dupacknum = fwd.dupacknum === -1 ? 1 : fwd.dupacknum + 1;
      r.flags |= A_DUPLICATE_ACK;
      r.dupackNum = fwd.dupacknum;
      r.dupackFrame = fwd.lastnondupack;
    }
  }
  // finished_fwd: a new ack number resets the dup-ack count
  if (ack !== fwd.lastack) {
    fwd.lastnondupack = frame;
    fwd.dupacknum = 0;
  }
  // ACKED LOST PACKET: acks beyond what the other side was seen to send
  if (rev.maxseqtobeacked !== 0 && gtSeq(ack, rev.maxseqtobeacked) && flags & TCP_ACK) {
    r.seqAck = true; // Wireshark makes the entry even when no flag follows
    if (rev.maxseqtobeacked > rev.nextseq) {
      rev.maxseqtobeacked = rev.nextseq;
      r.flags |= A_ACK_LOST_PACKET;
    } else {
      if (rev.dupacknum === 0) r.flags |= A_ACK_LOST_PACKET;
      rev.dupacknum = -1;
    }
  }
  if (seglen > 0 || flags & (TCP_SYN | TCP_FIN)) classifyResend(conv, fwd, rev, r, ns, seq, seglen, flags);
  let nextseq = u32(seq + seglen);
  if ((seglen > 0 || flags & (TCP_SYN | TCP_FIN)) && fwd.segments.length < MAX_UNACKED) {
    if (flags & (TCP_SYN | TCP_FIN)) nextseq = u32(nextseq + 1);
    fwd.addSegment({ frame, seq, nextseq, ns });
  }
  const probe = (r.flags & A_ZERO_WINDOW_PROBE) !== 0;
  if ((gtSeq(nextseq, fwd.nextseq) || fwd.nextseq === 0) && !probe) {
    fwd.nextseq = nextseq;
    fwd.nextseqNs = ns;
    fwd.nextseqFrame = frame;
  }
  if ((seq === fwd.maxseqtobeacked || fwd.maxseqtobeacked === 0) && !probe) fwd.maxseqtobeacked = fwd.nextseq;
  fwd.window = window;
  fwd.lastack = ack;
  fwd.lastackNs = ns;
  fwd.lastsegmentflags = r.flags;
  ackSegments(rev, r, ack, ns);
  bytesInFlight(fwd, rev, r, seglen, flags);
  r.seqAck ||= r.flags !== 0;
}

/** Drops the other direction's segments this ACK covers; an exact match names the frame ACKed. */
function ackSegments(rev: FlowRef, r: Analysis, ack: number, ns: number): void {
  const segs = rev.segmentList();
  if (!segs) return;
  // Wireshark walks newest first, each exact match naming the frame ACKed: the oldest one names it last
  for (let i = 0; i < segs.length; i++) {
    const u = segs[i]!;
    if (ack !== u.nextseq) continue;
    r.seqAck = true;
    r.frameAcked = u.frame;
    r.ackRttNs = ns - u.ns;
    break;
  }
  // keep, in order and in place, the segments that end beyond the ACK (trimmed to it)
  let kept = 0;
  for (let i = 0; i < segs.length; i++) {
    const u = segs[i]!;
    if (ack === u.nextseq) continue;
    if (gtSeq(ack, u.seq) && leSeq(ack, u.nextseq)) u.seq = ack;
    if (gtSeq(u.nextseq, ack)) segs[kept++] = u;
  }
  rev.keepSegments(kept);
}

/** Bytes in flight and bytes since the last PSH, from this direction's unACKed segments less the peer's SACKs. */
function bytesInFlight(fwd: FlowRef, rev: FlowRef, r: Analysis, seglen: number, flags: number): void {
  if (seglen === 0 || fwd.segments.length === 0 || !fwd.validBif) return;
  r.seqAck = true;
  let first = Infinity;
  let last = -Infinity;
  for (const u of fwd.segments) {
    first = Math.min(first, u32(u.seq - fwd.baseSeq));
    last = Math.max(last, u32(u.nextseq - fwd.baseSeq));
  }
  let inFlight = last - first;
  for (const [left, right] of rev.sack) inFlight -= u32(right - left);
  if (inFlight > 0 && inFlight < 2_000_000_000) r.bytesInFlight = inFlight - (flags & (TCP_SYN | TCP_FIN) ? 1 : 0);
  const psh = (flags & 0x08) !== 0;
  if (psh && !fwd.pushSetLast) fwd.pushBytesSent += seglen;
  else if (psh || fwd.pushSetLast) fwd.pushBytesSent = seglen;
  else fwd.pushBytesSent += seglen;
  fwd.pushSetLast = psh;
  r.pushBytesSent = fwd.pushBytesSent;
}

/** RETRANSMISSION / FAST RETRANSMISSION / SPURIOUS / OUT-OF-ORDER, in Wireshark's precedence. */
function classifyResend(conv: ConvRef, fwd: FlowRef, rev: FlowRef, r: Analysis, ns: number, seq: number, seglen: number, flags: number): void {
  if (r.flags & A_KEEP_ALIVE) return;
  let notAdvanced = fwd.nextseq !== 0 && ltSeq(seq, fwd.nextseq);
  if (seglen > 1 && u32(fwd.nextseq - 1) === seq) notAdvanced = false;
  if (seglen > 0 && rev.lastack !== 0 && leSeq(u32(seq + seglen), rev.lastack)) {
    r.flags |= A_SPURIOUS_RETRANSMISSION;
    return;
  }
  const sinceAck = ns - rev.lastackNs;
  if (notAdvanced && rev.dupacknum >= 2 && rev.lastack === seq && sinceAck < 20_000_000) {
    r.flags |= A_FAST_RETRANSMISSION;
    return;
  }
  const sinceNext = ns - fwd.nextseqNs;
  const threshold = conv.firstRttNs === 0 ? 3_000_000 : conv.firstRttNs;
  const end = u32(seq + seglen + (flags & (TCP_SYN | TCP_FIN) ? 1 : 0));
  if (notAdvanced && sinceNext < threshold && fwd.nextseq !== end) {
    r.flags |= A_OUT_OF_ORDER;
    return;
  }
  if (notAdvanced) {
    r.flags |= A_RETRANSMISSION;
    // the RTO: from the oldest unACKed segment, else from the segment that set nextseq
    const oldest = fwd.segments[0];
    r.rtoNs = ns - (oldest ? oldest.ns : fwd.nextseqNs);
    r.rtoFrame = oldest ? oldest.frame : fwd.nextseqFrame;
  }
}

/**
 * The analysis flags' Info texts in the order tshark's prepends leave them: each check
 * prepends its text, so the last one checked comes first (the Dup ACK's, with its numbers, is
 * written by writeAnalysisPrefix).
 */
const PREFIXES: readonly (readonly [flag: number, text: string])[] = [
  [A_ZERO_WINDOW_PROBE_ACK, '[TCP ZeroWindowProbeAck] '],
  [A_ZERO_WINDOW, '[TCP ZeroWindow] '],
  [A_ZERO_WINDOW_PROBE, '[TCP ZeroWindowProbe] '],
  [A_DUPLICATE_ACK, ''],
  [A_KEEP_ALIVE_ACK, '[TCP Keep-Alive ACK] '],
  [A_KEEP_ALIVE, '[TCP Keep-Alive] '],
  [A_WINDOW_FULL, '[TCP Window Full] '],
  [A_WINDOW_UPDATE, '[TCP Window Update] '],
  [A_ACK_LOST_PACKET, '[TCP ACKed unseen segment] '],
  [A_LOST_PACKET, '[TCP Previous segment not captured] '],
  [A_OUT_OF_ORDER, '[TCP Out-Of-Order] '],
  [A_SPURIOUS_RETRANSMISSION, '[TCP Spurious Retransmission] '],
  [A_FAST_RETRANSMISSION, '[TCP Fast Retransmission] '],
  [A_RETRANSMISSION, '[TCP Retransmission] '],
];

/** The Info prefix for the analysis flags, written straight into the row (no array or string per frame). */
export function writeAnalysisPrefix(w: TextWriter, a: TcpAnalysis): void {
  const f = a.flags;
  if (f === 0) return;
  for (const [flag, text] of PREFIXES) {
    if (!(f & flag)) continue;
    if (flag !== A_DUPLICATE_ACK) w.text(text);
    else if (a.dupackNum) {
      w.text('[TCP Dup ACK ');
      w.uint(a.dupackFrame);
      w.byte(0x23); // #
      w.uint(a.dupackNum);
      w.text('] ');
    }
  }
}

/** The Info prefix for the analysis flags, as a string. */
export function analysisPrefix(a: TcpAnalysis): string {
  return written((w) => writeAnalysisPrefix(w, a));
}
