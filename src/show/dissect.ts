/**
 * One pass over a capture, frame by frame, as tshark's single pass does it: each record is
 * dissected (stack/wire's dissectFrame, then DNS on port 53), the per-conversation trackers
 * (TCP analysis, ICMP echo matching, UDP streams) are updated, and the packet-list columns
 * are computed. Every frame goes through here whether or not a filter shows it, since
 * tshark analyses every frame too.
 *
 * Memory: per TCP/UDP conversation and per outstanding ICMP echo (bounded), never per frame.
 */
import type { CaptureRecord } from '../capture/index.ts';
import { formatIpv4Addr } from '../stack/wire/addr.ts';
import { formatIpv6Addr } from '../stack/wire/ipv6-addr.ts';
import { icmpv6Info } from './info-icmpv6.ts';
import { igmpInfo, igmpOf, igmpProtocol } from './info-igmp.ts';
import type { IgmpMessage } from '../stack/wire/igmp.ts';
import { parseDnsMessage, type DnsMessage } from '../stack/wire/dns/index.ts';
import { dissectFrame, LINKTYPE_ETHERNET, type FrameView } from '../stack/wire/frame.ts';
import { IpDefrag } from '../stack/wire/ipv4-defrag.ts';
import { ipProtoName } from './details/ipv4.ts';
import type { Ipv6Header } from '../stack/wire/ipv6.ts';
import type { Ipv4Header } from '../stack/wire/ipv4.ts';
import { CUT_LAYERS, cutInfo, dissectRecord } from './cut.ts';
import { arpInfo } from './info-arp.ts';
import { dnsInfo } from './info-dns.ts';
import { icmpInfo } from './info-icmp.ts';
import { tcpInfo } from './info-tcp.ts';
import { macName } from './names.ts';
import { A_RETRANSMISSION, TcpTracker, stampNs, type TcpAnalysis } from './tcp-analysis.ts';
import { TCP_FIN } from '../stack/wire/tcp.ts';
import { diff, type Stamp } from './time.ts';
import type { Row } from './columns.ts';
import { FrameRow } from './row.ts';
import { quotedPacket, type QuotedPacket } from './inner.ts';
import { quotedIpv6Packet, type QuotedIpv6 } from './inner6.ts';
import { HttpTracker, type HttpFrame } from './http-stream.ts';
import { httpInfo, SEGMENT_OF_PDU } from './info-http.ts';
import { isJsonBody } from './filter/fields-http.ts';
import { HTTP_TCP_PORTS } from './http.ts';
import { TLS_TCP_PORTS, TlsTracker, type TlsFrame } from './tls-stream.ts';
import { IRC_TCP_PORTS, parseIrc, type IrcFrame } from './irc.ts';
import { NDMP_TCP_PORT, NdmpTracker, type NdmpFrame } from './ndmp-stream.ts';
import { reachesSubdissector } from './filter/fields-tcp.ts';
import { decodedAs, type DecodeAs } from './decode-as.ts';

export const DNS_PORT = 53;

export interface Dissected {
  readonly no: number;
  readonly record: CaptureRecord;
  readonly view: FrameView;
  /** fraction digits of this frame's timestamps (6 µs, 9 ns) */
  readonly digits: number;
  readonly time: Stamp;
  /** time since the first frame */
  readonly relative: Stamp;
  /** time since the previous captured frame */
  readonly delta: Stamp;
  readonly tcp: TcpAnalysis | undefined;
  readonly dns: DnsMessage | undefined;
  /** a datagram on a DNS port that does not parse as DNS (tshark: [Malformed Packet]) */
  readonly dnsMalformed: boolean;
  readonly udpStream: number;
  /** for an echo reply, the frame of its request (0 if none) and the time since it */
  readonly icmpRequestIn: number;
  readonly icmpResponseTime: Stamp | undefined;
  /** the UDP stream of a UDP datagram quoted by an ICMP error (-1 if none) */
  readonly quotedUdpStream: number;
  /** time since the UDP stream's first frame and since its previous frame */
  readonly udpSinceFirst: Stamp | undefined;
  readonly udpSincePrev: Stamp | undefined;
  /** for a DNS response, the frame of its query (0 if none) and the time between them */
  readonly dnsRequestIn: number;
  readonly dnsTime: Stamp | undefined;
  /** the pcapng interface name (undefined in pcap) and whether the file is pcapng */
  readonly ifName: string | undefined;
  readonly pcapng: boolean;
  /** the bytes `view` aliases (a zero-filled copy for a record cut short: see capturedPart; the reassembled packet behind the link header when this frame completed one) */
  readonly bytes: Uint8Array;
  /** this frame's own IPv4 header when it completed a fragmented packet (`view` holds the packet): what the ip.* fields show */
  readonly fragmentIpv4?: Ipv4Header | undefined;
  /** the fragments (frame, offset, length) and data of the packet this frame completed */
  readonly ipReassembly?: IpReassembly | undefined;
  /** the wire layer ('ipv4', 'tcp' …: a CUT_LAYERS key) whose header the snapshot length cut */
  readonly cutLayer: string | undefined;
  /** the packet an ICMP error quotes */
  readonly quoted: QuotedPacket | undefined;
  /** the packet an ICMPv6 error quotes */
  readonly quoted6: QuotedIpv6 | undefined;
  /** HTTP carried by this TCP segment: a message it completes, or a segment of one */
  readonly http: HttpFrame | undefined;
  /** TLS records this TCP segment completes, or the bytes it holds of one (tls-stream.ts) */
  readonly tls: TlsFrame | undefined;
  /** what NDMP's dissector made of a segment on TCP port 10000 (ndmp-stream.ts) */
  readonly ndmp: NdmpFrame | undefined;
  /** the IRC lines of a segment on TCP port 6667 or 57000 (irc.ts) */
  readonly irc: IrcFrame | undefined;
  /** the IGMP message an IPv4 packet carries */
  readonly igmp: IgmpMessage | undefined;
  readonly row: Row;
}

interface PortDissector {
  readonly kind: 'ndmp' | 'irc';
  readonly port: number;
}

/** one per port, made once: the packet path allocates none */
const PORT_DISSECTORS: ReadonlyMap<number, PortDissector> = new Map([
  [NDMP_TCP_PORT, { kind: 'ndmp', port: NDMP_TCP_PORT }],
  ...[...IRC_TCP_PORTS].map((p): [number, PortDissector] => [p, { kind: 'irc', port: p }]),
]);

/** a port's own dissector among NDMP's and IRC's, 'other' for an HTTP or TLS port (which comes first), undefined for none */
function portTable(p: number): PortDissector | 'other' | undefined {
  return PORT_DISSECTORS.get(p) ?? (HTTP_TCP_PORTS.has(p) || TLS_TCP_PORTS.has(p) ? 'other' : undefined);
}

const MAX_PENDING_ECHOES = 1 << 16;

interface UdpStream {
  readonly index: number;
  readonly first: Stamp;
  prev: Stamp;
}

/** An IPv4 packet put together from fragments: the frames they came in, by offset, and its data. */
export interface IpReassembly {
  readonly fragments: readonly { readonly frame: number; readonly offset: number; readonly length: number }[];
  readonly data: Uint8Array;
}

export class Dissector {
  private first: Stamp | undefined;
  private prev: Stamp | undefined;
  private readonly tcp = new TcpTracker();
  private readonly httpTracker: HttpTracker;
  private readonly tlsTracker: TlsTracker;
  private readonly ndmpTracker = new NdmpTracker();

  /** `decodeAs`: tshark -d rules for ports */
  constructor(private readonly decodeAs: readonly DecodeAs[] = []) {
    this.httpTracker = new HttpTracker(decodeAs);
    this.tlsTracker = new TlsTracker(decodeAs);
  }
  private readonly echoes = new Map<string, { frame: number; time: Stamp }>();
  /** IPv4 fragments waiting for the rest of their packet, and the frames they came in */
  private readonly fragments = new IpDefrag();
  private readonly fragmentFrames = new Map<string, { frame: number; offset: number; length: number }[]>();
  private readonly udpStreams = new Map<string, UdpStream>();
  private readonly dnsQueries = new Map<string, { frame: number; time: Stamp }>();
  /** by interface index (a few, numbered from 0): arrays, read for every frame */
  private readonly digitsByIf: number[] = [];
  private readonly namesByIf: (string | undefined)[] = [];
  private pcapng = false;

  /** Note the file's format (from the reader's `section` entry). */
  setFormat(format: string): void {
    this.pcapng = format === 'pcapng';
  }

  /** Record an interface's timestamp resolution and name (from the reader's `interface` entry). */
  setInterface(ifIndex: number, tsresol: number, name?: string): void {
    this.digitsByIf[ifIndex] = tsresol >= 9 ? 9 : tsresol <= 6 ? 6 : tsresol;
    this.namesByIf[ifIndex] = name;
  }

  next(rec: CaptureRecord): Dissected {
    const no = rec.index + 1;
    const time: Stamp = { sec: rec.sec, nsec: rec.nsec };
    this.first ??= time;
    const relative = diff(time, this.first);
    const delta = diff(time, this.prev ?? time);
    this.prev = time;
    const digits = this.digitsByIf[rec.ifIndex] ?? 6;
    const r = dissectRecord(rec);
    const { cutLayer } = r;
    // the fragment that completes an IPv4 packet shows the packet (ip.defragment, on by default)
    const whole = cutLayer === undefined ? this.defragmented(r.view, r.bytes, rec.linkType, no) : undefined;
    const view = whole?.view ?? r.view;
    const bytes = whole?.bytes ?? r.bytes;
    const fragmentIpv4 = whole ? r.view.ipv4 : undefined;
    const ipReassembly = whole?.reassembly;
    const ns = stampNs(time, this.first);
    let tcp: TcpAnalysis | undefined;
    let http: HttpFrame | undefined;
    let tls: TlsFrame | undefined;
    let ndmp: NdmpFrame | undefined;
    let irc: IrcFrame | undefined;
    let dns: DnsMessage | undefined;
    let udpStream = -1;
    let dnsMalformed = false;
    let udpSinceFirst: Stamp | undefined;
    let udpSincePrev: Stamp | undefined;
    let dnsRequestIn = 0;
    let dnsTime: Stamp | undefined;
    let icmpRequestIn = 0;
    let icmpResponseTime: Stamp | undefined;
    let igmp: IgmpMessage | undefined;
    const ip = ipAddresses(view);
    let protocol: string;
    // undefined: TCP's own Info, written when the row is (row.ts)
    let info: string | undefined;
    // the link addresses (and their vendor names) only when no network layer names the ends
    const src = ip ? ip.srcText : linkSrc(view);
    const dst = ip ? ip.dstText : linkDst(view);
    if (view.arp) {
      protocol = 'ARP';
      info = arpInfo(view.arp);
    } else if (ip) {
      if (view.tcp) {
        tcp = this.tcp.analyse(no, ns, ip.src, ip.dst, view.tcp);
        const seg = view.tcp;
        // retransmitted and out-of-order bytes never reach a subdissector (fields-tcp hasData)
        if (seg.payload.length > 0 && reachesSubdissector(tcp)) {
          // a conversation TLS or HTTP took (their heuristics set its dissector) stays theirs
          const byPort = this.tlsTracker.claims(tcp.stream) || this.httpTracker.claims(tcp.stream) ? undefined : this.portDissector(seg.srcPort, seg.dstPort);
          // a payload the snapshot length cut is never reassembled (TCP's can_desegment is off)
          if (byPort?.kind === 'ndmp') ndmp = rec.origLength > rec.data.length ? this.ndmpTracker.cut(tcp.stream, tcp.forward, seg.payload.length) : this.ndmpTracker.segment(tcp.stream, tcp.forward, no, seg.payload);
          // IRC reads what the capture holds; a line to the port it matched is a request (match_uint)
          else if (byPort?.kind === 'irc') irc = parseIrc(whole || bytes === rec.data ? seg.payload : seg.payload.subarray(0, Math.max(0, rec.data.length - (seg.payload.byteOffset - bytes.byteOffset))), seg.dstPort === byPort.port);
          if (!ndmp && !irc) tls = this.tlsTracker.segment(tcp.stream, tcp.forward, seg.srcPort, seg.dstPort, no, seg.payload);
          if (!ndmp && !irc && !tls) http = this.httpTracker.segment(tcp.stream, tcp.forward, [seg.srcPort, seg.dstPort], no, time, seg.payload);
        }
        if (seg.flags & TCP_FIN && !(tcp.flags & A_RETRANSMISSION)) http = this.httpTracker.fin(tcp.stream, tcp.forward, no, time) ?? http;
        protocol = http?.message || (http && !http.pending) ? (http.message && isJsonBody(http.message) ? 'HTTP/JSON' : 'HTTP') : 'TCP';
        info = http ? httpInfo(http, tcpInfo(seg, tcp)) : undefined;
        if (tls) {
          protocol = tls.protocol;
          info = tls.info || `${tcpInfo(seg, tcp)} ${SEGMENT_OF_PDU}`;
        }
        if (ndmp?.fragment) {
          protocol = 'NDMP';
          info = '[NDMP fragment] ';
        } else if (ndmp?.segmentOnly) info = `${tcpInfo(seg, tcp)} ${SEGMENT_OF_PDU}`;
        if (irc) {
          protocol = 'IRC';
          info = irc.info;
        }
      } else if (view.udp) {
        const u = view.udp;
        const st = this.udpStream(ip.src, u.srcPort, ip.dst, u.dstPort, time);
        udpStream = st.index;
        udpSinceFirst = diff(time, st.first);
        udpSincePrev = diff(time, st.prev);
        st.prev = time;
        const forced = decodedAs(this.decodeAs, 'udp', u.srcPort, u.dstPort);
        const dnsName = forced === 'data' ? undefined : forced === 'dns' ? 'DNS' : dnsProtocol(u.srcPort, u.dstPort) ?? (looksLikeDns(u.payload) ? 'DNS' : undefined);
        let malformed = false;
        if (dnsName) {
          const p = parseDnsMessage(u.payload);
          if (p.ok) dns = p.value;
          else malformed = dnsMalformed = true;
        }
        if (dns) {
          const key = `${udpStream}:${dns.id}`;
          if (!(dns.flags & 0x8000)) {
            if (this.dnsQueries.size >= MAX_PENDING_ECHOES) this.dnsQueries.delete(this.dnsQueries.keys().next().value!);
            this.dnsQueries.set(key, { frame: no, time });
          } else {
            const q = this.dnsQueries.get(key);
            if (q) {
              dnsRequestIn = q.frame;
              dnsTime = diff(time, q.time);
            }
          }
        }
        protocol = dnsName ?? 'UDP';
        info = dns ? dnsInfo(dns, u.payload) : malformed ? '[Malformed Packet]'
          : `${u.srcPort} → ${u.dstPort} Len=${u.payload.length}${u.checksum === 0 && view.ipv6 ? ' [ILLEGAL CHECKSUM (0)]' : ''}`;
      } else if (view.icmp || view.icmpv6) {
        const e = echoOf(view);
        const req = e && this.matchEcho(no, time, ip.src, ip.dst, e.kind, e.id, e.seq);
        if (req) {
          icmpRequestIn = req.frame;
          icmpResponseTime = diff(time, req.time);
        }
        protocol = view.icmp ? 'ICMP' : 'ICMPv6';
        info = view.icmp ? icmpInfo(view.icmp, view.ipv4!.ttl, icmpRequestIn) : icmpv6Info(view.icmpv6!, view.ipv6!.hopLimit, icmpRequestIn);
      } else if ((igmp = igmpOf(view))) {
        protocol = igmpProtocol(igmp);
        info = igmpInfo(igmp);
      } else if (view.ipv4) {
        const h = view.ipv4;
        protocol = 'IPv4';
        info = h.flags.mf || h.fragOffset !== 0
          ? `Fragmented IP protocol (proto=${ipProtoName(h.protocol)} ${h.protocol}, off=${h.fragOffset * 8}, ID=${h.ident.toString(16).padStart(4, '0')})`
          : `IPv4 protocol ${h.protocol}`;
      } else {
        protocol = 'IPv6';
        info = ipv6Info(view.ipv6!);
      }
    } else {
      protocol = linkProtocol(view);
      info = view.error ? `[Malformed Packet: ${view.error.layer}]` : protocol;
    }
    if (cutLayer !== undefined) {
      protocol = CUT_LAYERS[cutLayer]![1];
      info = cutInfo(cutLayer, bytes, view.transportOffset, rec.data.length);
    }
    const row: Row = new FrameRow(no, relative, digits, src, dst, protocol, rec.origLength, info, view.tcp, tcp);
    const quoted = view.icmp ? quotedPacket(view.icmp) : undefined;
    const quoted6 = view.icmpv6 ? quotedIpv6Packet(view.icmpv6) : undefined;
    const q6udp = quoted6?.udp;
    const quotedUdpStream = quoted && quoted.udpLength !== undefined
      ? this.udpStream(quoted.src, quoted.srcPort!, quoted.dst, quoted.dstPort!, time).index
      : quoted6 && q6udp ? this.udpStream(formatIpv6Addr(quoted6.ip.src), q6udp.srcPort, formatIpv6Addr(quoted6.ip.dst), q6udp.dstPort, time).index : -1;
    return {
      no, record: rec, view, digits, time, relative, delta, tcp, dns, dnsMalformed, udpStream, icmpRequestIn, icmpResponseTime, quotedUdpStream, quoted, quoted6, http, tls, ndmp, irc, igmp, row,
      udpSinceFirst, udpSincePrev, dnsRequestIn, dnsTime, bytes, cutLayer, ifName: this.namesByIf[rec.ifIndex], pcapng: this.pcapng, fragmentIpv4, ipReassembly,
    };
  }

  /**
   * packet-ip.c with ip.defragment: a fragment waits (its row says so); the one that completes
   * its packet is dissected as the packet, rebuilt behind this frame's link header.
   */
  /**
   * The dissector TCP's port table gives a segment (decode_tcp_ports: the lower port's first):
   * NDMP on 10000, IRC on 6667 and 57000; undefined when a `-d` rule, an HTTP or TLS port of
   * the pair comes first, or neither port has one of these (heuristics and Data follow).
   */
  private portDissector(a: number, b: number): PortDissector | undefined {
    if (decodedAs(this.decodeAs, 'tcp', a, b) !== undefined) return undefined;
    // the lower port's dissector first (decode_tcp_ports), then the higher's
    const low = portTable(a < b ? a : b);
    if (low !== undefined) return low === 'other' ? undefined : low;
    const high = portTable(a < b ? b : a);
    return high === 'other' ? undefined : high;
  }

  private defragmented(view: FrameView, bytes: Uint8Array, linkType: number, no: number): { view: FrameView; bytes: Uint8Array; reassembly: IpReassembly } | undefined {
    const h = view.ipv4;
    if (!h || (!h.flags.mf && h.fragOffset === 0) || view.error) return undefined;
    const at = view.networkOffset;
    const key = `${h.src}>${h.dst}/${h.ident}/${h.protocol}`;
    const seen = this.fragmentFrames.get(key) ?? [];
    seen.push({ frame: no, offset: h.fragOffset * 8, length: h.totalLength - h.ihl * 4 });
    this.fragmentFrames.set(key, seen);
    const r = this.fragments.add(bytes.subarray(at, at + h.totalLength));
    if (r.kind !== 'complete') return undefined;
    this.fragmentFrames.delete(key);
    const whole = new Uint8Array(at + r.packet.length);
    whole.set(bytes.subarray(0, at));
    whole.set(r.packet, at);
    const again = dissectFrame(whole, linkType);
    if (again.error) return undefined;
    const ihl = (r.packet[0]! & 0x0f) * 4;
    return { view: again, bytes: whole, reassembly: { fragments: seen.sort((a, b) => a.offset - b.offset), data: r.packet.subarray(ihl) } };
  }

  private matchEcho(no: number, time: Stamp, src: HostKey, dst: HostKey, kind: 'echoRequest' | 'echoReply', id: number, seq: number): { frame: number; time: Stamp } | undefined {
    if (kind === 'echoRequest') {
      if (this.echoes.size >= MAX_PENDING_ECHOES) this.echoes.delete(this.echoes.keys().next().value!);
      this.echoes.set(`${src}>${dst}:${id}:${seq}`, { frame: no, time });
      return undefined;
    }
    return this.echoes.get(`${dst}>${src}:${id}:${seq}`);
  }

  private udpStream(a: HostKey, ap: number, b: HostKey, bp: number, time: Stamp): UdpStream {
    const key = a > b || (a === b && ap > bp) ? `${a}|${ap}|${b}|${bp}` : `${b}|${bp}|${a}|${ap}`;
    let s = this.udpStreams.get(key);
    if (s === undefined) {
      s = { index: this.udpStreams.size, first: time, prev: time };
      this.udpStreams.set(key, s);
    }
    return s;
  }
}

/**
 * What conversations are keyed by: an IPv4 address as its number, an IPv6 address as its
 * RFC 5952 text (one text per address, so equal keys are equal addresses).
 */
export type HostKey = number | string;

interface IpAddresses {
  src: HostKey;
  dst: HostKey;
  srcText: string;
  dstText: string;
}

/** IPv4 texts by address: a capture names few hosts, and each row prints two (bounded: cleared when full). */
const ipv4Texts = new Map<number, string>();
const MAX_IPV4_TEXTS = 1 << 16;
/** the last two addresses asked for and their texts: a conversation's frames name the same two */
const recentIpv4 = [-1, -1];
const recentIpv4Texts = ['', ''];

function ipv4Text(a: number): string {
  if (recentIpv4[0] === a) return recentIpv4Texts[0]!;
  if (recentIpv4[1] === a) return recentIpv4Texts[1]!;
  let t = ipv4Texts.get(a);
  if (t === undefined) {
    if (ipv4Texts.size >= MAX_IPV4_TEXTS) ipv4Texts.clear();
    ipv4Texts.set(a, (t = formatIpv4Addr(a)));
  }
  recentIpv4[1] = recentIpv4[0]!;
  recentIpv4Texts[1] = recentIpv4Texts[0]!;
  recentIpv4[0] = a;
  recentIpv4Texts[0] = t;
  return t;
}

/** The frame's network ends: one object, refilled for each frame and read before the next (no object per frame). */
const ends: IpAddresses = { src: 0, dst: 0, srcText: '', dstText: '' };

function ipAddresses(v: FrameView): IpAddresses | undefined {
  const v4 = v.ipv4;
  if (v4) {
    ends.src = v4.src;
    ends.dst = v4.dst;
    ends.srcText = ipv4Text(v4.src);
    ends.dstText = ipv4Text(v4.dst);
    return ends;
  }
  if (!v.ipv6) return undefined;
  ends.src = ends.srcText = formatIpv6Addr(v.ipv6.src);
  ends.dst = ends.dstText = finalDestination(v.ipv6) ?? formatIpv6Addr(v.ipv6.dst);
  return ends;
}

/**
 * Where a packet with a routing header still has segments to visit is going in the end, which
 * Wireshark shows as its destination: the last address of a type 0 header (RFC 2460 §4.4), the
 * only one of a type 2 (RFC 6275 §6.4), the first segment of a segment routing header (RFC 8754 §2).
 */
function finalDestination(h: Ipv6Header): string | undefined {
  const rh = h.extensions.find((e) => e.type === 43);
  if (!rh || rh.bytes[3] === 0) return undefined;
  const b = rh.bytes;
  const addresses = (b.length - 8) >>> 4;
  if (addresses === 0) return undefined;
  if (b[2] === 0) return formatIpv6Addr(b, 8 + 16 * (addresses - 1));
  if (b[2] === 2 || b[2] === 4) return formatIpv6Addr(b, 8);
  return undefined;
}

/** An ICMP or ICMPv6 echo's direction, identifier and sequence number. */
function echoOf(v: FrameView): { kind: 'echoRequest' | 'echoReply'; id: number; seq: number } | undefined {
  const m = v.icmp;
  if (m && (m.kind === 'echoRequest' || m.kind === 'echoReply')) return m;
  const m6 = v.icmpv6;
  if (m6?.kind === 'echo') return { kind: m6.type === 128 ? 'echoRequest' : 'echoReply', id: m6.id, seq: m6.seq };
  return undefined;
}

/** Info for an IPv6 packet no upper-layer dissector here takes (a fragment, ESP, No Next Header …). */
function ipv6Info(h: Ipv6Header): string {
  const f = h.fragment;
  if (f && (f.more || f.offset !== 0)) return `IPv6 fragment (off=${f.offset} more=${f.more ? 'y' : 'n'} ident=0x${f.ident.toString(16).padStart(8, '0')} nxt=${h.protocol})`;
  return `IPv6 protocol ${h.protocol}`;
}

/** DNS and its multicast cousins by UDP port (the lower port is tried first, as Wireshark does). */
function dnsProtocol(a: number, b: number): string | undefined {
  for (const p of a <= b ? [a, b] : [b, a]) {
    if (p === DNS_PORT) return 'DNS';
    if (p === 5353) return 'MDNS';
    if (p === 5355) return 'LLMNR';
  }
  return undefined;
}

/**
 * Wireshark's DNS heuristic for UDP on ports no dissector claims (packet-dns.c
 * dissect_dns_heur, on by default): a standard query with one question and no answers, or a
 * response with at most one question, small counts, and room for them all. It is what makes
 * a query to Docker's embedded resolver (127.0.0.11 on a random port) show as DNS.
 */
function looksLikeDns(b: Uint8Array): boolean {
  if (b.length <= 12) return false;
  const flags = (b[2]! << 8) | b[3]!;
  const count = (i: number): number => (b[i]! << 8) | b[i + 1]!;
  const [quest, ans, auth, add] = [count(4), count(6), count(8), count(10)];
  if (((flags >>> 11) & 0xf) !== 0) return false;
  if (flags & 0x8000) {
    if (quest > 1 || ans > 64 || auth > 64 || add > 64) return false;
  } else if (quest !== 1 || ans !== 0 || auth !== 0 || add > 64) return false;
  if (quest + ans === 0) return false;
  return b.length >= 12 + quest * 5 + (ans + auth + add) * 11;
}

function linkSrc(v: FrameView): string {
  const l = v.link;
  if (!l) return '';
  if (l.kind === 'ethernet') return macName(l.header.src);
  return l.header.addrLength === 6 && l.header.arphrdType === 1 ? macName(l.header.addr) : '';
}

function linkDst(v: FrameView): string {
  return v.link?.kind === 'ethernet' ? macName(v.link.header.dst) : '';
}

function linkProtocol(v: FrameView): string {
  const l = v.link;
  if (!l) return v.linkType === LINKTYPE_ETHERNET ? 'Ethernet' : 'Unknown';
  const type = l.kind === 'ethernet' ? l.header.etherType : l.header.protocol;
  if (type === 0x86dd) return 'IPv6';
  if (type === 0x88cc) return 'LLDP';
  if (l.kind === 'ethernet') return 'Ethernet';
  return l.kind === 'sll' ? 'SLL' : 'SLL2';
}
