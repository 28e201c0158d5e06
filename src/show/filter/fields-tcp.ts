/** TCP's filter fields (relative numbers and analysis flags come from the tracker), and layer helpers. */
import { ndmpProtocols } from '../details/ndmp.ts';
import { CUT_LAYERS } from '../cut.ts';
import type { Dissected } from '../dissect.ts';
import * as A from '../tcp-analysis.ts';
import { tcpFlagNames } from '../info-tcp.ts';
import type { FieldDef, FieldTable, Value } from './fields.ts';
import { httpProtocols } from './fields-http.ts';
import { tlsSectionProtocols } from '../tls-handshake.ts';

const NONE: readonly Value[] = [];
const one = (v: Value | undefined): readonly Value[] => (v === undefined ? NONE : [v]);
const field = (type: FieldDef['type'], get: (f: Dissected) => Value | undefined): FieldDef => ({ type, get: (f) => one(get(f)) });

/** The 12-bit flags word (reserved, AE, CWR … FIN). */
export function flagWord(f: Dissected): number | undefined {
  const t = f.view.tcp;
  return t ? ((t.reserved & 0xf) << 8) | t.flags : undefined;
}

const bit = (mask: number) => field('bool', (f) => { const w = flagWord(f); return w === undefined ? undefined : (w & mask) !== 0; });
const analysis = (mask: number) => field('none', (f) => (f.tcp && f.tcp.flags & mask ? true : undefined));

/** Bytes of a layer from its header to the end of the IP packet. */
export function layerBytes(f: Dissected, layer: 'ip' | 'ipv6' | 'tcp' | 'udp' | 'icmp' | 'icmpv6'): Uint8Array | undefined {
  const v = f.view;
  const ip = layer === 'ip' ? v.ipv4 : layer === 'ipv6' ? v.ipv6 : v.ipv4 ?? v.ipv6;
  if (!ip) return undefined;
  const end = v.networkOffset + (ip.version === 4 ? ip.totalLength : 40 + ip.payloadLength);
  if (layer === 'ip' || layer === 'ipv6') return capturedBytes(f).subarray(v.networkOffset, end);
  if (!v[layer]) return undefined;
  return capturedBytes(f).subarray(v.transportOffset, end);
}

/** the bytes the view's offsets point into: the frame as captured, or the packet it completed (reassembled) */
export function capturedBytes(f: Dissected): Uint8Array {
  return f.fragmentIpv4 ? f.bytes : f.record.data;
}

/**
 * Whether a UDP or TCP payload goes on to the Data dissector: TCP keeps a retransmitted or
 * out-of-order segment's bytes back (packet-tcp.c, "do not call subdissectors for error
 * packets", on by default).
 */
const NO_SUBDISSECTOR = A.A_RETRANSMISSION | A.A_SPURIOUS_RETRANSMISSION | A.A_OUT_OF_ORDER | A.A_ZERO_WINDOW_PROBE;

export function hasData(f: Dissected): boolean {
  const v = f.view;
  if (v.udp) return !f.dns && !f.dnsMalformed && v.udp.payload.length > 0;
  if (v.tcp && v.tcp.payload.length > 0) return (!f.tcp || reachesSubdissector(f.tcp)) && f.http === undefined && f.tls === undefined && f.ndmp === undefined && f.irc === undefined;
  return false;
}

/** Whether a TCP segment's data goes on to a subdissector (HTTP), which retransmitted and out-of-order bytes never do. */
export function reachesSubdissector(a: A.TcpAnalysis): boolean {
  return (a.flags & NO_SUBDISSECTOR) === 0;
}

/** frame.protocols names of IPv6 extension headers, by Next Header value. */
const IPV6_EXTENSION_NAMES: Readonly<Record<number, string>> = { 0: 'ipv6.hopopts', 43: 'ipv6.routing', 44: 'ipv6.fraghdr', 60: 'ipv6.dstopts' };

/** `frame.protocols`: the chain of protocol names, e.g. `sll:ethertype:ip:udp:dns`. */
export function frameProtocols(f: Dissected): string {
  const v = f.view;
  const p: string[] = [];
  if (v.link) p.push(v.link.kind === 'ethernet' ? 'eth' : 'sll', 'ethertype');
  if (v.arp) p.push('arp');
  if (v.ipv4) p.push('ip');
  // a fragment whose packet is not (yet) whole: its bytes go to Data
  if (v.ipv4 && !f.ipReassembly && (v.ipv4.flags.mf || v.ipv4.fragOffset !== 0) && f.cutLayer === undefined) p.push('data');
  if (v.ipv6) p.push('ipv6', ...v.ipv6.extensions.map((e) => IPV6_EXTENSION_NAMES[e.type]!));
  if (v.tcp) p.push('tcp');
  if (v.udp) p.push('udp');
  if (v.icmp) p.push('icmp');
  if (v.icmpv6) p.push('icmpv6');
  // the IGMP dissector hands v1–v3 messages on through its own type table: named twice, as tshark does
  if (f.igmp) p.push(...(f.igmp.version === 0 ? ['igmp'] : ['igmp', 'igmp']));
  if (v.icmpv6?.kind === 'echo' && v.icmpv6.data.length > 0) p.push('data');
  const q6 = f.quoted6;
  if (q6) {
    p.push('ipv6');
    if (q6.udp) p.push('udp');
    if (q6.dns) p.push('dns');
    else if (q6.udp && q6.udp.payload.length > 0) p.push('data');
  }
  if (v.icmp && (v.icmp.kind === 'echoRequest' || v.icmp.kind === 'echoReply') && v.icmp.data.length > 0) p.push('data');
  const q = f.quoted;
  if (q) {
    p.push('ip');
    if (q.udpLength !== undefined) p.push('udp');
    else if (q.tcpSeq !== undefined) p.push('tcp');
    else if (q.icmpType !== undefined) p.push('icmp');
    if (q.dns) p.push('dns');
    else if (q.rest > 0 && q.protocol !== 1) p.push('data');
  }
  if (f.cutLayer !== undefined) p.push(CUT_LAYERS[f.cutLayer]![2]);
  if (f.dns || f.dnsMalformed) p.push(f.row.protocol.toLowerCase());
  else if (f.http?.message) p.push(...httpProtocols(f.http.message));
  else if (f.tls && f.tls.sections.length > 0) p.push(...f.tls.sections.flatMap(tlsSectionProtocols));
  else if (f.ndmp) p.push(...ndmpProtocols(f.ndmp));
  else if (f.irc) p.push('irc');
  // a continuation after the message: its Data, under an HTTP the chain already names
  if (f.http?.continuation || hasData(f)) p.push('data');
  return p.join(':');
}

export function tcpFields(): FieldTable {
  const tcp = (f: Dissected) => f.view.tcp;
  const opt = <K extends string>(kind: K) => (f: Dissected) => tcp(f)?.options.find((o) => o.kind === kind);
  return {
    'tcp': field('protocol', (f) => layerBytes(f, 'tcp')),
    'tcp.srcport': field('u16', (f) => tcp(f)?.srcPort),
    'tcp.dstport': field('u16', (f) => tcp(f)?.dstPort),
    'tcp.port': { type: 'u16', get: (f) => { const t = tcp(f); return t ? [t.srcPort, t.dstPort] : NONE; } },
    'tcp.stream': field('u32', (f) => f.tcp?.stream),
    'tcp.len': field('u32', (f) => f.tcp?.seglen),
    'tcp.seq': field('u32', (f) => f.tcp?.relSeq),
    'tcp.seq_raw': field('u32', (f) => tcp(f)?.seq),
    'tcp.nxtseq': field('u32', (f) => {
      const a = f.tcp;
      const t = tcp(f);
      if (!a || !t) return undefined;
      return (a.relSeq + a.seglen + (t.flags & 0x03 ? 1 : 0)) >>> 0;
    }),
    'tcp.ack': field('u32', (f) => (f.tcp && tcp(f)!.flags & 0x10 ? f.tcp.relAck : tcp(f) ? 0 : undefined)),
    'tcp.ack_raw': field('u32', (f) => tcp(f)?.ack),
    'tcp.hdr_len': field('u8', (f) => { const t = tcp(f); return t ? t.dataOffset * 4 : undefined; }),
    'tcp.flags': field('u16', flagWord),
    'tcp.flags.res': field('bool', (f) => { const t = tcp(f); return t ? (t.reserved & 0xe) !== 0 : undefined; }),
    'tcp.flags.ae': bit(0x100),
    'tcp.flags.cwr': bit(0x80),
    'tcp.flags.ece': bit(0x40),
    'tcp.flags.urg': bit(0x20),
    'tcp.flags.ack': bit(0x10),
    'tcp.flags.push': bit(0x08),
    'tcp.flags.reset': bit(0x04),
    'tcp.flags.syn': bit(0x02),
    'tcp.flags.fin': bit(0x01),
    'tcp.flags.str': field('string', (f) => { const w = flagWord(f); return w === undefined ? undefined : flagString(w); }),
    'tcp.window_size_value': field('u16', (f) => tcp(f)?.window),
    'tcp.window_size': field('u32', (f) => f.tcp?.window),
    'tcp.window_size_scalefactor': field('i32', (f) => {
      const a = f.tcp;
      if (!a || tcp(f)!.flags & 0x02) return undefined;
      return a.winScale >= 0 ? 2 ** a.winScale : a.winScale;
    }),
    'tcp.checksum': field('u16', (f) => tcp(f)?.checksum),
    'tcp.urgent_pointer': field('u16', (f) => tcp(f)?.urgent),
    'tcp.payload': field('bytes', (f) => { const t = tcp(f); return t && t.payload.length > 0 ? t.payload : undefined; }),
    'tcp.options.mss_val': field('u16', (f) => { const o = opt('mss')(f); return o?.kind === 'mss' ? o.mss : undefined; }),
    'tcp.options.wscale.shift': field('u8', (f) => { const o = opt('wscale')(f); return o?.kind === 'wscale' ? o.shift : undefined; }),
    'tcp.options.timestamp.tsval': field('u32', (f) => { const o = opt('timestamps')(f); return o?.kind === 'timestamps' ? o.tsval : undefined; }),
    'tcp.options.timestamp.tsecr': field('u32', (f) => { const o = opt('timestamps')(f); return o?.kind === 'timestamps' ? o.tsecr : undefined; }),
    'tcp.analysis': field('none', (f) => (f.tcp ? true : undefined)),
    'tcp.analysis.flags': field('none', (f) => (f.tcp && f.tcp.flags ? true : undefined)),
    'tcp.analysis.retransmission': analysis(A.A_RETRANSMISSION | A.A_FAST_RETRANSMISSION | A.A_SPURIOUS_RETRANSMISSION),
    'tcp.analysis.fast_retransmission': analysis(A.A_FAST_RETRANSMISSION),
    'tcp.analysis.spurious_retransmission': analysis(A.A_SPURIOUS_RETRANSMISSION),
    'tcp.analysis.out_of_order': analysis(A.A_OUT_OF_ORDER),
    'tcp.analysis.lost_segment': analysis(A.A_LOST_PACKET),
    'tcp.analysis.ack_lost_segment': analysis(A.A_ACK_LOST_PACKET),
    'tcp.analysis.window_update': analysis(A.A_WINDOW_UPDATE),
    'tcp.analysis.window_full': analysis(A.A_WINDOW_FULL),
    'tcp.analysis.keep_alive': analysis(A.A_KEEP_ALIVE),
    'tcp.analysis.keep_alive_ack': analysis(A.A_KEEP_ALIVE_ACK),
    'tcp.analysis.zero_window': analysis(A.A_ZERO_WINDOW),
    'tcp.analysis.zero_window_probe': analysis(A.A_ZERO_WINDOW_PROBE),
    'tcp.analysis.zero_window_probe_ack': analysis(A.A_ZERO_WINDOW_PROBE_ACK),
    'tcp.analysis.duplicate_ack': analysis(A.A_DUPLICATE_ACK),
    'tcp.analysis.duplicate_ack_num': field('u32', (f) => (f.tcp && f.tcp.dupackNum ? f.tcp.dupackNum : undefined)),
    'tcp.analysis.duplicate_ack_frame': field('framenum', (f) => (f.tcp && f.tcp.dupackNum ? f.tcp.dupackFrame : undefined)),
  };
}

/** `··········S·`: one character per flag bit from the 3 reserved bits down to FIN. */
export function flagString(w: number): string {
  const letters = 'RRRANCEUAPRSF';
  let s = '';
  for (let i = 11; i >= 0; i--) s += w & (1 << i) ? letters[12 - i] : '·';
  return s;
}

export { tcpFlagNames };
