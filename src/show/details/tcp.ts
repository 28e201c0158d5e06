/**
 * TCP in the details pane (packet-tcp.c): ports, stream, completeness, relative and raw
 * numbers, header length, flags bit by bit with their expert notes, windows, checksum,
 * options one by one, the stream's timestamps, and the [SEQ/ACK analysis] subtree (ACKed
 * frame and RTT, iRTT, bytes in flight, the analysis flags with their expert notes).
 */
import { ndmpTcpItems } from './ndmp.ts';
import { capturedPart } from '../cut.ts';
import type { Dissected } from '../dissect.ts';
import { flagString, hasData } from '../filter/fields-tcp.ts';
import { tcpFlagNames } from '../info-tcp.ts';
import { formatSeconds } from '../time.ts';
import * as A from '../tcp-analysis.ts';
import { A_RETRANSMISSION, A_ZERO_WINDOW_PROBE, type TcpAnalysis } from '../tcp-analysis.ts';
import { dataSection } from './udp.ts';
import { expertItem, type Severity } from './expert.ts';

import { optionsLines } from './tcp-options.ts';
import { bits, byteCount, hex4, type Tree } from './text.ts';


const FLAG_BITS: [number, string, string][] = [
  [0x800, 'Reserved', 'res'], [0x100, 'Accurate ECN', 'ae'], [0x080, 'Congestion Window Reduced', 'cwr'], [0x040, 'ECN-Echo', 'ece'],
  [0x020, 'Urgent', 'urg'], [0x010, 'Acknowledgment', 'ack'], [0x008, 'Push', 'push'], [0x004, 'Reset', 'reset'], [0x002, 'Syn', 'syn'], [0x001, 'Fin', 'fin'],
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

/** A Sequence-group expert item; its field is `tcp.analysis.<name>` unless `abbrev` names another. */
function note(t: Tree, depth: number, severity: Severity, name: string, text: string): void {
  expertItem(t, depth, name.includes('.') ? name : `tcp.analysis.${name}`, severity, 'Sequence', text);
}

/** packet-tcp.c tcp_print_sequence_number_analysis(), flags in its call order. */
function seqAckLines(t: Tree, a: TcpAnalysis): void {
  t.none(1, 'tcp.analysis', '[SEQ/ACK analysis]');
  if (a.frameAcked) {
    t.field(2, 'tcp.analysis.acks_frame', a.frameAcked, `[This is an ACK to the segment in frame: ${a.frameAcked}]`);
    if (a.ackRttNs) t.field(2, 'tcp.analysis.ack_rtt', ns(a.ackRttNs), `[The RTT to ACK the segment was: ${ns(a.ackRttNs)} seconds]`);
  }
  if (a.firstRttNs) t.field(2, 'tcp.analysis.initial_rtt', ns(a.firstRttNs), `[iRTT: ${ns(a.firstRttNs)} seconds]`);
  if (a.bytesInFlight) {
    t.field(2, 'tcp.analysis.bytes_in_flight', a.bytesInFlight, `[Bytes in flight: ${a.bytesInFlight}]`);
    t.field(2, 'tcp.analysis.push_bytes_sent', a.pushBytesSent, `[Bytes sent since last PSH flag: ${a.pushBytesSent}]`);
  }
  const f = a.flags;
  if (!f) return;
  t.none(2, 'tcp.analysis.flags', '[TCP Analysis Flags]');
  const n = (sev: Severity, name: string, text: string): void => note(t, 3, sev, name, text);
  const retransmission = (): void => n('Note', 'retransmission', 'This frame is a (suspected) retransmission');
  if (f & A.A_RETRANSMISSION) {
    retransmission();
    if (a.rtoNs) {
      t.field(3, 'tcp.analysis.rto', ns(a.rtoNs), `[The RTO for this segment was: ${ns(a.rtoNs)} seconds]`);
      t.field(3, 'tcp.analysis.rto_frame', a.rtoFrame, `[RTO based on delta from frame: ${a.rtoFrame}]`);
    }
  }
  if (f & A.A_FAST_RETRANSMISSION) {
    n('Note', 'fast_retransmission', 'This frame is a (suspected) fast retransmission');
    retransmission();
  }
  if (f & A.A_SPURIOUS_RETRANSMISSION) {
    n('Note', 'spurious_retransmission', 'This frame is a (suspected) spurious retransmission');
    retransmission();
  }
  if (f & A.A_OUT_OF_ORDER) n('Warning', 'out_of_order', 'This frame is a (suspected) out-of-order segment');
  if (f & A.A_LOST_PACKET) n('Warning', 'lost_segment', 'Previous segment(s) not captured (common at capture start)');
  if (f & A.A_ACK_LOST_PACKET) n('Warning', 'ack_lost_segment', "ACKed segment that wasn't captured (common at capture start)");
  if (f & A.A_WINDOW_UPDATE) n('Chat', 'window_update', 'TCP window update');
  if (f & A.A_WINDOW_FULL) n('Warning', 'window_full', 'TCP window specified by the receiver is now completely full');
  if (f & A.A_KEEP_ALIVE) n('Note', 'keep_alive', 'TCP keep-alive segment');
  if (f & A.A_KEEP_ALIVE_ACK) n('Note', 'keep_alive_ack', 'ACK to a TCP keep-alive segment');
  if (a.dupackNum) {
    if (f & A.A_DUPLICATE_ACK) t.none(3, 'tcp.analysis.duplicate_ack', '[This is a TCP duplicate ack]');
    t.field(2, 'tcp.analysis.duplicate_ack_num', a.dupackNum, `[Duplicate ACK #: ${a.dupackNum}]`);
    t.field(2, 'tcp.analysis.duplicate_ack_frame', a.dupackFrame, `[Duplicate to the ACK in frame: ${a.dupackFrame}]`);
    n('Note', 'duplicate_ack', `Duplicate ACK (#${a.dupackNum})`);
  }
  if (f & A.A_ZERO_WINDOW_PROBE) n('Note', 'zero_window_probe', 'TCP Zero Window Probe');
  if (f & A.A_ZERO_WINDOW) n('Warning', 'zero_window', 'TCP Zero Window segment');
  if (f & A.A_ZERO_WINDOW_PROBE_ACK) n('Note', 'zero_window_probe_ack', 'ACK to a TCP Zero Window Probe');
}

export function tcpSection(t: Tree, f: Dissected): void {
  const seg = f.view.tcp!;
  const a = f.tcp!;
  const ack = (seg.flags & 0x10) !== 0;
  const nextSeq = (a.relSeq + a.seglen + (seg.flags & 0x03 ? 1 : 0)) >>> 0;
  t.proto(0, 'tcp', `Transmission Control Protocol, Src Port: ${seg.srcPort}, Dst Port: ${seg.dstPort}, Seq: ${a.relSeq}${ack ? `, Ack: ${a.relAck}` : ''}, Len: ${a.seglen}`);
  t.field(1, 'tcp.srcport', seg.srcPort, `Source Port: ${seg.srcPort}`);
  t.field(1, 'tcp.dstport', seg.dstPort, `Destination Port: ${seg.dstPort}`);
  t.hidden(1, 'tcp.port', seg.srcPort);
  t.hidden(1, 'tcp.port', seg.dstPort);
  t.field(1, 'tcp.stream', a.stream, `[Stream index: ${a.stream}]`);
  t.field(1, 'tcp.completeness', a.completeness, `[Conversation completeness: ${completenessText(a.completeness)}]`);
  t.field(1, 'tcp.len', a.seglen, `[TCP Segment Len: ${a.seglen}]`);
  t.field(1, 'tcp.seq', a.relSeq, `Sequence Number: ${a.relSeq}    (relative sequence number)`);
  t.field(1, 'tcp.seq_raw', seg.seq, `Sequence Number (raw): ${seg.seq}`);
  t.field(1, 'tcp.nxtseq', nextSeq, `[Next Sequence Number: ${nextSeq}    (relative sequence number)]`);
  t.field(1, 'tcp.ack', ack ? a.relAck : 0, ack ? `Acknowledgment Number: ${a.relAck}    (relative ack number)` : `Acknowledgment Number: 0`);
  t.field(1, 'tcp.ack_raw', seg.ack, `Acknowledgment number (raw): ${seg.ack}`);
  t.field(1, 'tcp.hdr_len', seg.dataOffset * 4, `${bits(8, 0xf0, seg.dataOffset << 4)} = Header Length: ${seg.dataOffset * 4} bytes (${seg.dataOffset})`);
  flagLines(t, f);
  windowLines(t, f);
  t.field(1, 'tcp.checksum', hex4(seg.checksum), `Checksum: ${hex4(seg.checksum)} [unverified]`);
  t.field(1, 'tcp.checksum.status', 2, '[Checksum Status: Unverified]');
  t.field(1, 'tcp.urgent_pointer', seg.urgent, `Urgent Pointer: ${seg.urgent}`);
  if (seg.options.length > 0) {
    const at = f.view.transportOffset + 20;
    optionsLines(t, seg.options, f.record.data.subarray(at, at + seg.dataOffset * 4 - 20), (seg.ack - a.relAck) >>> 0, seg.ack);
  }
  t.line(1, '[Timestamps]');
  t.field(2, 'tcp.time_relative', ns(a.sinceFirstNs), `[Time since first frame in this TCP stream: ${ns(a.sinceFirstNs)} seconds]`);
  t.field(2, 'tcp.time_delta', ns(a.sincePrevNs), `[Time since previous frame in this TCP stream: ${ns(a.sincePrevNs)} seconds]`);
  if (a.seqAck) seqAckLines(t, a);
  if (a.seglen > 0) payloadLines(t, f);
}

/** The flags word bit by bit, the expert notes on SYN, FIN and RST, and the closing note. */
function flagLines(t: Tree, f: Dissected): void {
  const seg = f.view.tcp!;
  const ack = (seg.flags & 0x10) !== 0;
  const word = ((seg.reserved & 0xf) << 8) | seg.flags;
  t.field(1, 'tcp.flags', `0x${word.toString(16).padStart(4, '0')}`, `Flags: 0x${word.toString(16).padStart(3, '0')} (${tcpFlagNames(seg.flags, seg.reserved)})`);
  for (const [mask, name, abbrev] of FLAG_BITS) {
    const m = mask === 0x800 ? 0xe00 : mask;
    const on = (word & m) !== 0;
    t.field(2, `tcp.flags.${abbrev}`, on, `${bits(12, m, word)} = ${name}: ${on ? 'Set' : 'Not set'}`);
    const chat = (field: string, text: string): void => expertItem(t, 3, `tcp.connection.${field}`, 'Chat', 'Sequence', text);
    if (mask === 0x002 && on) chat(ack ? 'synack' : 'syn', ack ? `Connection establish acknowledge (SYN+ACK): server port ${seg.srcPort}` : `Connection establish request (SYN): server port ${seg.dstPort}`);
    if (mask === 0x001 && on) chat('fin', 'Connection finish (FIN)');
    if (mask === 0x004 && on) expertItem(t, 3, 'tcp.connection.rst', 'Warning', 'Sequence', 'Connection reset (RST)');
  }
  t.field(2, 'tcp.flags.str', flagString(word), `[TCP Flags: ${flagString(word)}]`);
  const closing = f.tcp!.closing;
  if (closing) note(t, 3, 'Note', `tcp.connection.fin_${closing === 'initiates' ? 'active' : 'passive'}`, `This frame ${closing} the connection closing`);
}

function windowLines(t: Tree, f: Dissected): void {
  const seg = f.view.tcp!;
  const a = f.tcp!;
  t.field(1, 'tcp.window_size_value', seg.window, `Window: ${seg.window}`);
  t.field(1, 'tcp.window_size', a.window, `[Calculated window size: ${a.window}]`);
  if (seg.flags & 0x02) return;
  const factor = a.winScale >= 0 ? 2 ** a.winScale : a.winScale;
  const scale = a.winScale >= 0 ? `${factor}` : a.winScale === -1 ? '-1 (unknown)' : '-2 (no window scaling used)';
  t.field(1, 'tcp.window_size_scalefactor', factor, `[Window size scaling factor: ${scale}]`);
}

/** The payload item, then what carries it: Data, the segment data an HTTP message is built from, or a retransmission's. */
function payloadLines(t: Tree, f: Dissected): void {
  const a = f.tcp!;
  const bytes = capturedPart(f, f.view.tcp!.payload);
  const n = byteCount(a.seglen);
  t.field(1, 'tcp.payload', bytes, `TCP payload (${n})`);
  if (f.ndmp) ndmpTcpItems(t, f.ndmp);
  else if (hasData(f)) dataSection(t, bytes);
  // segment data cut short by the capture is not shown: adding it throws tshark's "Packet size limited" exception
  else if (bytes.length < a.seglen) return;
  else if (a.flags & A_RETRANSMISSION) t.field(1, 'tcp.segment_data', bytes, `Retransmitted TCP segment data (${n})`);
  else if (a.flags & A_ZERO_WINDOW_PROBE || (f.http && (f.http.pending || f.http.segments.length > 0))) t.field(1, 'tcp.segment_data', bytes, `TCP segment data (${n})`);
  // a message's tail with no line end after it: those bytes wait for the next segment
  else if (f.http?.waiting) t.field(1, 'tcp.segment_data', f.http.waiting, `TCP segment data (${byteCount(f.http.waiting.length)})`);
  else if (f.tls) for (const d of f.tls.segmentData) t.field(1, 'tcp.segment_data', d, `TCP segment data (${byteCount(d.length)})`);
}
