/**
 * TCP in the details pane (packet-tcp.c): ports, stream, completeness, relative and raw
 * numbers, header length, flags bit by bit with their expert notes, windows, checksum,
 * options one by one, the stream's timestamps, and the [SEQ/ACK analysis] subtree (ACKed
 * frame and RTT, iRTT, bytes in flight, the analysis flags with their expert notes).
 */
import type { TcpOption } from '../../stack/wire/tcp-options.ts';
import type { Dissected } from '../dissect.ts';
import { flagString, hasData } from '../filter/fields-tcp.ts';
import { tcpFlagNames } from '../info-tcp.ts';
import { formatSeconds } from '../time.ts';
import * as A from '../tcp-analysis.ts';
import { A_RETRANSMISSION, A_ZERO_WINDOW_PROBE, type TcpAnalysis } from '../tcp-analysis.ts';
import { dataSection } from './udp.ts';
import { bits, hex4, type Tree } from './text.ts';


const FLAG_BITS: [number, string][] = [
  [0x800, 'Reserved'], [0x100, 'Accurate ECN'], [0x080, 'Congestion Window Reduced'], [0x040, 'ECN-Echo'],
  [0x020, 'Urgent'], [0x010, 'Acknowledgment'], [0x008, 'Push'], [0x004, 'Reset'], [0x002, 'Syn'], [0x001, 'Fin'],
];

function completenessText(v: number): string {
  const S = 1, SA = 2, A = 4, D = 8, F = 16, R = 32;
  switch (v) {
    case S: return `Incomplete, SYN_SENT (${v})`;
    case S | SA: return `Incomplete, CLIENT_ESTABLISHED (${v})`;
    case S | SA | A: return `Incomplete, ESTABLISHED (${v})`;
    case S | SA | A | D: return `Incomplete, DATA (${v})`;
    case S | SA | A | D | F: case S | SA | A | D | R: case S | SA | A | D | F | R: return `Complete, WITH_DATA (${v})`;
    case S | SA | A | F: case S | SA | A | R: case S | SA | A | F | R: return `Complete, NO_DATA (${v})`;
    default: return `Incomplete (${v})`;
  }
}

const ns = (n: number): string => formatSeconds({ sec: Math.trunc(n / 1e9), nsec: n % 1e9 }, 9);

export function expert(t: Tree, depth: number, severity: string, text: string): void {
  t.line(depth, `[Expert Info (${severity}/Sequence): ${text}]`);
  t.line(depth + 1, `[${text}]`);
  t.line(depth + 1, `[Severity level: ${severity}]`);
  t.line(depth + 1, '[Group: Sequence]');
}

function optionName(o: TcpOption): string {
  switch (o.kind) {
    case 'eol': return 'End of Option List (EOL)';
    case 'nop': return 'No-Operation (NOP)';
    case 'mss': return 'Maximum segment size';
    case 'wscale': return 'Window scale';
    case 'sackPermitted': return 'SACK permitted';
    case 'sack': return 'SACK';
    case 'timestamps': return 'Timestamps';
    case 'unknown': return `Unknown (0x${o.code.toString(16).padStart(2, '0')})`;
  }
}

function optionLines(t: Tree, o: TcpOption, sackBase: number): void {
  switch (o.kind) {
    case 'eol':
      t.line(2, 'TCP Option - End of Option List (EOL)');
      t.line(3, 'Kind: End of Option List (0)');
      return;
    case 'nop':
      t.line(2, 'TCP Option - No-Operation (NOP)');
      t.line(3, 'Kind: No-Operation (1)');
      return;
    case 'mss':
      t.line(2, `TCP Option - Maximum segment size: ${o.mss} bytes`);
      t.line(3, 'Kind: Maximum Segment Size (2)');
      t.line(3, 'Length: 4');
      t.line(3, `MSS Value: ${o.mss}`);
      return;
    case 'sackPermitted':
      t.line(2, 'TCP Option - SACK permitted');
      t.line(3, 'Kind: SACK Permitted (4)');
      t.line(3, 'Length: 2');
      return;
    case 'timestamps':
      t.line(2, `TCP Option - Timestamps: TSval ${o.tsval}, TSecr ${o.tsecr}`);
      t.line(3, 'Kind: Time Stamp Option (8)');
      t.line(3, 'Length: 10');
      t.line(3, `Timestamp value: ${o.tsval}`);
      t.line(3, `Timestamp echo reply: ${o.tsecr}`);
      return;
    case 'wscale': {
      const mult = 2 ** Math.min(o.shift, 14);
      t.line(2, `TCP Option - Window scale: ${o.shift} (multiply by ${mult})`);
      t.line(3, 'Kind: Window Scale (3)');
      t.line(3, 'Length: 3');
      t.line(3, `Shift count: ${o.shift}`);
      t.line(3, `[Multiplier: ${mult}]`);
      return;
    }
    case 'sack': {
      const rel = (x: number): number => (x - sackBase) >>> 0;
      t.line(2, `TCP Option - SACK ${o.blocks.map(([l, r]) => `${rel(l)}-${rel(r)}`).join(' ')}`);
      t.line(3, 'Kind: SACK (5)');
      t.line(3, `Length: ${2 + 8 * o.blocks.length}`);
      for (const [l, r] of o.blocks) {
        t.line(3, `left edge = ${rel(l)} (relative)`);
        t.line(3, `right edge = ${rel(r)} (relative)`);
      }
      t.line(3, `[TCP SACK Count: ${o.blocks.length}]`);
      return;
    }
    case 'unknown':
      t.line(2, `TCP Option - ${optionName(o)}`);
      t.line(3, '[labwire show does not detail this option yet]');
      return;
  }
}

/** packet-tcp.c tcp_print_sequence_number_analysis(), flags in its call order. */
function seqAckLines(t: Tree, a: TcpAnalysis): void {
  t.line(1, '[SEQ/ACK analysis]');
  if (a.frameAcked) {
    t.line(2, `[This is an ACK to the segment in frame: ${a.frameAcked}]`);
    if (a.ackRttNs) t.line(2, `[The RTT to ACK the segment was: ${ns(a.ackRttNs)} seconds]`);
  }
  if (a.firstRttNs) t.line(2, `[iRTT: ${ns(a.firstRttNs)} seconds]`);
  if (a.bytesInFlight) {
    t.line(2, `[Bytes in flight: ${a.bytesInFlight}]`);
    t.line(2, `[Bytes sent since last PSH flag: ${a.pushBytesSent}]`);
  }
  const f = a.flags;
  if (!f) return;
  t.line(2, '[TCP Analysis Flags]');
  const note = (sev: string, text: string): void => expert(t, 3, sev, text);
  if (f & A.A_RETRANSMISSION) {
    note('Note', 'This frame is a (suspected) retransmission');
    if (a.rtoNs) {
      t.line(3, `[The RTO for this segment was: ${ns(a.rtoNs)} seconds]`);
      t.line(3, `[RTO based on delta from frame: ${a.rtoFrame}]`);
    }
  }
  if (f & A.A_FAST_RETRANSMISSION) {
    note('Note', 'This frame is a (suspected) fast retransmission');
    note('Note', 'This frame is a (suspected) retransmission');
  }
  if (f & A.A_SPURIOUS_RETRANSMISSION) {
    note('Note', 'This frame is a (suspected) spurious retransmission');
    note('Note', 'This frame is a (suspected) retransmission');
  }
  if (f & A.A_OUT_OF_ORDER) note('Warning', 'This frame is a (suspected) out-of-order segment');
  if (f & A.A_LOST_PACKET) note('Warning', 'Previous segment(s) not captured (common at capture start)');
  if (f & A.A_ACK_LOST_PACKET) note('Warning', "ACKed segment that wasn't captured (common at capture start)");
  if (f & A.A_WINDOW_UPDATE) note('Chat', 'TCP window update');
  if (f & A.A_WINDOW_FULL) note('Warning', 'TCP window specified by the receiver is now completely full');
  if (f & A.A_KEEP_ALIVE) note('Note', 'TCP keep-alive segment');
  if (f & A.A_KEEP_ALIVE_ACK) note('Note', 'ACK to a TCP keep-alive segment');
  if (a.dupackNum) {
    if (f & A.A_DUPLICATE_ACK) t.line(3, '[This is a TCP duplicate ack]');
    t.line(2, `[Duplicate ACK #: ${a.dupackNum}]`);
    t.line(2, `[Duplicate to the ACK in frame: ${a.dupackFrame}]`);
    note('Note', `Duplicate ACK (#${a.dupackNum})`);
  }
  if (f & A.A_ZERO_WINDOW_PROBE) note('Note', 'TCP Zero Window Probe');
  if (f & A.A_ZERO_WINDOW) note('Warning', 'TCP Zero Window segment');
  if (f & A.A_ZERO_WINDOW_PROBE_ACK) note('Note', 'ACK to a TCP Zero Window Probe');
}

export function tcpSection(t: Tree, f: Dissected): void {
  const seg = f.view.tcp!;
  const a = f.tcp!;
  const ack = (seg.flags & 0x10) !== 0;
  const syn = (seg.flags & 0x02) !== 0;
  const nextSeq = (a.relSeq + a.seglen + (seg.flags & 0x03 ? 1 : 0)) >>> 0;
  t.line(0, `Transmission Control Protocol, Src Port: ${seg.srcPort}, Dst Port: ${seg.dstPort}, Seq: ${a.relSeq}${ack ? `, Ack: ${a.relAck}` : ''}, Len: ${a.seglen}`);
  t.line(1, `Source Port: ${seg.srcPort}`);
  t.line(1, `Destination Port: ${seg.dstPort}`);
  t.line(1, `[Stream index: ${a.stream}]`);
  t.line(1, `[Conversation completeness: ${completenessText(a.completeness)}]`);
  t.line(1, `[TCP Segment Len: ${a.seglen}]`);
  t.line(1, `Sequence Number: ${a.relSeq}    (relative sequence number)`);
  t.line(1, `Sequence Number (raw): ${seg.seq}`);
  t.line(1, `[Next Sequence Number: ${nextSeq}    (relative sequence number)]`);
  t.line(1, ack ? `Acknowledgment Number: ${a.relAck}    (relative ack number)` : `Acknowledgment Number: 0`);
  t.line(1, `Acknowledgment number (raw): ${seg.ack}`);
  t.line(1, `${bits(8, 0xf0, seg.dataOffset << 4)} = Header Length: ${seg.dataOffset * 4} bytes (${seg.dataOffset})`);
  const word = ((seg.reserved & 0xf) << 8) | seg.flags;
  t.line(1, `Flags: 0x${word.toString(16).padStart(3, '0')} (${tcpFlagNames(seg.flags, seg.reserved)})`);
  for (const [mask, name] of FLAG_BITS) {
    const on = (word & (mask === 0x800 ? 0xe00 : mask)) !== 0;
    const m = mask === 0x800 ? 0xe00 : mask;
    t.line(2, `${bits(12, m, word)} = ${name}: ${on ? 'Set' : 'Not set'}`);
    if (mask === 0x002 && syn) expert(t, 3, 'Chat', ack ? `Connection establish acknowledge (SYN+ACK): server port ${seg.srcPort}` : `Connection establish request (SYN): server port ${seg.dstPort}`);
    if (mask === 0x001 && seg.flags & 0x01) expert(t, 3, 'Chat', 'Connection finish (FIN)');
    if (mask === 0x004 && seg.flags & 0x04) expert(t, 3, 'Warning', 'Connection reset (RST)');
  }
  t.line(2, `[TCP Flags: ${flagString(word)}]`);
  if (a.closing) expert(t, 3, 'Note', `This frame ${a.closing} the connection closing`);
  t.line(1, `Window: ${seg.window}`);
  t.line(1, `[Calculated window size: ${a.window}]`);
  if (!syn) {
    const scale = a.winScale >= 0 ? `${2 ** a.winScale}` : a.winScale === -1 ? '-1 (unknown)' : '-2 (no window scaling used)';
    t.line(1, `[Window size scaling factor: ${scale}]`);
  }
  t.line(1, `Checksum: ${hex4(seg.checksum)} [unverified]`);
  t.line(1, '[Checksum Status: Unverified]');
  t.line(1, `Urgent Pointer: ${seg.urgent}`);
  if (seg.options.length > 0) {
    t.line(1, `Options: (${seg.dataOffset * 4 - 20} bytes), ${seg.options.map(optionName).join(', ')}`);
    const sackBase = (seg.ack - a.relAck) >>> 0;
    for (const o of seg.options) optionLines(t, o, sackBase);
  }
  t.line(1, '[Timestamps]');
  t.line(2, `[Time since first frame in this TCP stream: ${ns(a.sinceFirstNs)} seconds]`);
  t.line(2, `[Time since previous frame in this TCP stream: ${ns(a.sincePrevNs)} seconds]`);
  if (a.seqAck) seqAckLines(t, a);
  if (a.seglen > 0) {
    t.line(1, `TCP payload (${a.seglen} byte${a.seglen === 1 ? '' : 's'})`);
    if (hasData(f)) dataSection(t, seg.payload);
    else if (a.flags & A_RETRANSMISSION) t.line(1, `Retransmitted TCP segment data (${a.seglen} byte${a.seglen === 1 ? '' : 's'})`);
    else if (a.flags & A_ZERO_WINDOW_PROBE || (f.http && (f.http.pending || f.http.segments.length > 0))) t.line(1, `TCP segment data (${a.seglen} byte${a.seglen === 1 ? '' : 's'})`);
  }
}
