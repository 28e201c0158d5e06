/**
 * The captures show's tests compare against tshark: each covers one family of cases
 * (ARP, ICMP, UDP, DNS, TCP analysis) on one link type, built from the wire codecs.
 */
import type { CaptureFormat } from '../../src/capture/index.ts';
import { DNS_CLASS_IN, DnsType, makeDnsFlags, parseIpv6Addr, type DnsMessage, type DnsRecord } from '../../src/stack/wire/dns/index.ts';
import {
  arpFrame, dnsFrame, icmpFrame, ipPacket, ipv4, MAC1, MAC2, MAC3, synOpts, tcpFrame, tsOpt, udpFrame, writeCapture,
  type IpOpts, type L2, type Link, type Timed,
} from './build.ts';

const BCAST = 0xffffffffffff;
const US = 1000;
const MS = 1_000_000;

function l2(link: Link, src: number, dst: number, pkttype = 0): L2 {
  return { link, srcMac: src, dstMac: dst, pkttype };
}

export function arpCapture(link: Link): string {
  const a = ipv4('172.16.16.101');
  const b = ipv4('172.16.16.102');
  const f: Timed[] = [
    { t: 0, frame: arpFrame(l2(link, MAC2, BCAST, 1), { op: 1, senderMac: MAC2, senderIp: b, targetMac: 0, targetIp: a }) },
    { t: 24 * US, frame: arpFrame(l2(link, MAC1, MAC2, 4), { op: 2, senderMac: MAC1, senderIp: a, targetMac: MAC2, targetIp: b }) },
    // Linux's unicast probe when the neighbour entry goes STALE → PROBE
    { t: 5000 * MS, frame: arpFrame(l2(link, MAC1, MAC2, 4), { op: 1, senderMac: MAC1, senderIp: a, targetMac: MAC2, targetIp: b }) },
    { t: 5000 * MS + 30 * US, frame: arpFrame(l2(link, MAC2, MAC1), { op: 2, senderMac: MAC2, senderIp: b, targetMac: MAC1, targetIp: a }) },
    // gratuitous ARP (announcement) and an RFC 5227 probe
    { t: 6000 * MS, frame: arpFrame(l2(link, MAC3, BCAST, 1), { op: 1, senderMac: MAC3, senderIp: ipv4('172.16.16.103'), targetMac: 0, targetIp: ipv4('172.16.16.103') }) },
    { t: 6001 * MS, frame: arpFrame(l2(link, MAC3, BCAST, 1), { op: 1, senderMac: MAC3, senderIp: 0, targetMac: 0, targetIp: ipv4('172.16.16.104') }) },
  ];
  return writeCapture(`arp-${link}.pcap`, link, f);
}

export function icmpCapture(link: Link, format: CaptureFormat = 'pcap-ns'): string {
  const A: IpOpts = { src: '172.16.16.102', dst: '172.16.16.101' };
  const B: IpOpts = { src: '172.16.16.101', dst: '172.16.16.102' };
  const data = Uint8Array.from({ length: 56 }, (_, i) => i);
  const f: Timed[] = [];
  for (let seq = 1; seq <= 3; seq++) {
    const t = (seq - 1) * 1000 * MS;
    f.push({ t, frame: icmpFrame(l2(link, MAC2, MAC1, 4), { ...A, ident: 0x4000 + seq }, { kind: 'echoRequest', id: 0x1c2b, seq, data }) });
    f.push({ t: t + 80 * US, frame: icmpFrame(l2(link, MAC1, MAC2), { ...B, ident: 0x5000 + seq, df: false }, { kind: 'echoReply', id: 0x1c2b, seq, data }) });
  }
  // a request that gets no reply
  f.push({ t: 3000 * MS, frame: icmpFrame(l2(link, MAC2, MAC1, 4), A, { kind: 'echoRequest', id: 0x1c2b, seq: 4, data }) });
  // port unreachable quoting a UDP datagram, and a TTL exceeded quoting an echo
  const quotedUdp = udpFrame({ link: 'eth', srcMac: 0, dstMac: 0 }, A, 40000, 33434, new Uint8Array(12)).subarray(14);
  f.push({ t: 3100 * MS, frame: udpFrame(l2(link, MAC2, MAC1, 4), A, 40000, 33434, new Uint8Array(12)) });
  f.push({ t: 3100 * MS + 50 * US, frame: icmpFrame(l2(link, MAC1, MAC2), { ...B, df: false }, { kind: 'destUnreachable', code: 3, original: quotedUdp }) });
  const quotedEcho = ipPacket({ ...A, ttl: 1 }, 1, new Uint8Array([8, 0, 0, 0, 0x1c, 0x2b, 0, 9]));
  f.push({ t: 3200 * MS, frame: icmpFrame(l2(link, MAC1, MAC2), { src: '172.16.16.1', dst: '172.16.16.102', df: false }, { kind: 'timeExceeded', code: 0, original: quotedEcho }) });
  f.push({ t: 3300 * MS, frame: icmpFrame(l2(link, MAC1, MAC2), { src: '172.16.16.1', dst: '172.16.16.102', df: false }, { kind: 'destUnreachable', code: 1, original: quotedEcho }) });
  return writeCapture(`icmp-${link}.${format === 'pcapng' ? 'pcapng' : 'pcap'}`, link, f, format);
}

function q(id: number, name: string, type: number): DnsMessage {
  return {
    id, flags: makeDnsFlags({ rd: true }), questions: [{ name, type, class: DNS_CLASS_IN }],
    answers: [], authorities: [], additionals: [],
  };
}

function rr(name: string, ttl: number, rdata: DnsRecord['rdata']): DnsRecord {
  return { name, class: DNS_CLASS_IN, ttl, rdata };
}

function resp(query: DnsMessage, rcode: number, answers: DnsRecord[], authorities: DnsRecord[] = []): DnsMessage {
  return { ...query, flags: makeDnsFlags({ qr: true, rd: true, ra: true, rcode }), answers, authorities };
}

const SOA_ITS = rr('its.ac.id', 300, { kind: 'SOA', mname: 'ns1.its.ac.id', rname: 'root.its.ac.id', serial: 2025052301, refresh: 3600, retry: 600, expire: 86400, minimum: 300 });
const SOA_ROOT = rr('', 86400, { kind: 'SOA', mname: 'a.root-servers.net', rname: 'nstld.verisign-grs.com', serial: 2025052300, refresh: 1800, retry: 900, expire: 604800, minimum: 86400 });

/** The lab's DNS traffic as mesin1's `any` capture sees it: eth0 to the resolver, and the loopback relay. */
export function dnsCapture(link: Link = 'sll', format: CaptureFormat = 'pcap-ns'): string {
  const me: IpOpts = { src: '172.20.0.3', dst: '10.255.255.254' };
  const up: IpOpts = { src: '10.255.255.254', dst: '172.20.0.3', df: false };
  const lo: IpOpts = { src: '127.0.0.1', dst: '127.0.0.1' };
  const out = l2(link, 0x0242ac140003, 0x0242ac140001, 4);
  const inn = l2(link, 0x0242ac140001, 0x0242ac140003, 0);
  const loop: L2 = { link, srcMac: 0, dstMac: 0, pkttype: 0, loopback: true };
  const f: Timed[] = [];
  let t = 0;
  const exchange = (query: DnsMessage, answer: DnsMessage, sport: number): void => {
    f.push({ t, frame: dnsFrame(out, me, sport, 53, query) });
    t += 12 * MS;
    f.push({ t, frame: dnsFrame(inn, up, 53, sport, answer) });
    t += 200 * US;
    f.push({ t, frame: dnsFrame(loop, lo, 53, 48000 + (sport % 1000), answer) });
    t += 3 * MS;
  };
  const espn = q(0x4cba, 'www.espnfc.com', DnsType.A);
  exchange(espn, resp(espn, 0, [
    rr('www.espnfc.com', 300, { kind: 'CNAME', name: 'www.espnfc.com.edgekey.net' }),
    rr('www.espnfc.com.edgekey.net', 300, { kind: 'CNAME', name: 'e1234.a.akamaiedge.net' }),
    rr('e1234.a.akamaiedge.net', 20, { kind: 'CNAME', name: 'espn-alb-1234.us-west-2.elb.amazonaws.com' }),
    rr('espn-alb-1234.us-west-2.elb.amazonaws.com', 60, { kind: 'A', address: ipv4('52.13.202.65') }),
  ]), 36871);
  const its = q(0x1d45, 'www.its.ac.id', DnsType.A);
  exchange(its, resp(its, 0, [rr('www.its.ac.id', 300, { kind: 'A', address: ipv4('103.94.189.4') })]), 52110);
  const itsA = q(0xdaa9, 'www.its.ac.id', DnsType.A);
  const itsAAAA = q(0xf7a8, 'www.its.ac.id', DnsType.AAAA);
  exchange(itsA, resp(itsA, 0, [rr('www.its.ac.id', 300, { kind: 'A', address: ipv4('103.94.189.4') })]), 41234);
  exchange(itsAAAA, resp(itsAAAA, 0, [], [SOA_ITS]), 41234);
  const v6 = q(0x2a2b, 'www.example.org', DnsType.AAAA);
  exchange(v6, resp(v6, 0, [rr('www.example.org', 3600, { kind: 'AAAA', address: parseIpv6Addr('2606:2800:21f:cb07:6820:80da:af6b:8b2c')! })]), 41240);
  const typo = q(0x9c1e, 'www.espnfc.cosm', DnsType.A);
  exchange(typo, resp(typo, 3, [], [SOA_ROOT]), 50999);
  const fail = q(0x0f0f, 'broken.example', DnsType.A);
  exchange(fail, resp(fail, 2, []), 51000);
  const ns = q(0x7777, 'its.ac.id', DnsType.NS);
  exchange(ns, resp(ns, 0, [rr('its.ac.id', 3600, { kind: 'NS', name: 'ns1.its.ac.id' }), rr('its.ac.id', 3600, { kind: 'NS', name: 'ns2.its.ac.id' })]), 51001);
  const ptr = q(0x7778, '4.189.94.103.in-addr.arpa', DnsType.PTR);
  exchange(ptr, resp(ptr, 0, [rr('4.189.94.103.in-addr.arpa', 3600, { kind: 'PTR', name: 'www.its.ac.id' })]), 51002);
  const txt = q(0x7779, 'its.ac.id', DnsType.TXT);
  exchange(txt, resp(txt, 0, [rr('its.ac.id', 3600, { kind: 'TXT', strings: ['v=spf1 -all'] })]), 51003);
  // a plain UDP datagram that is not DNS
  f.push({ t, frame: udpFrame(out, { src: '172.20.0.3', dst: '172.20.0.4' }, 40000, 9999, new TextEncoder().encode('hello')) });
  return writeCapture(`dns-${link}.${format === 'pcapng' ? 'pcapng' : 'pcap'}`, link, f, format);
}

/**
 * An echo-like TCP conversation with the analysis cases: handshake, data, a retransmission,
 * a lost segment (previous segment not captured, out-of-order), dup ACKs, a window update,
 * a zero window, keep-alive, FIN close, and a second connection reset.
 */
export function tcpCapture(link: Link = 'sll'): string {
  const C: IpOpts = { src: '172.16.16.102', dst: '172.16.16.101' };
  const S: IpOpts = { src: '172.16.16.101', dst: '172.16.16.102' };
  const toS = l2(link, MAC2, MAC1, 0);
  const toC = l2(link, MAC1, MAC2, 4);
  const cp = 34254;
  const sp = 10000;
  const ciss = 2572736371;
  const siss = 1003;
  const f: Timed[] = [];
  let t = 0;
  let cts = 1104539954;
  let sts = 4277403308;
  const data = (n: number, c = 0x41): Uint8Array => new Uint8Array(n).fill(c);
  const c = (seq: number, ack: number, flags: number, win: number, payload = data(0), opts = tsOpt(cts, sts)): void => {
    f.push({ t, frame: tcpFrame(toS, C, { srcPort: cp, dstPort: sp, seq: (ciss + seq) >>> 0, ack: (siss + ack) >>> 0, flags, window: win, options: opts, payload }) });
    t += 100 * US;
  };
  const s = (seq: number, ack: number, flags: number, win: number, payload = data(0), opts = tsOpt(sts, cts)): void => {
    f.push({ t, frame: tcpFrame(toC, S, { srcPort: sp, dstPort: cp, seq: (siss + seq) >>> 0, ack: (ciss + ack) >>> 0, flags, window: win, options: opts, payload }) });
    t += 100 * US;
  };
  const SYN = 0x02, ACK = 0x10, PSH = 0x08, FIN = 0x01, RST = 0x04;
  c(0, -siss, SYN, 64240, data(0), synOpts(cts, 0, 7));
  s(0, 1, SYN | ACK, 65160, data(0), synOpts(sts, cts, 7));
  c(1, 1, ACK, 502);
  c(1, 1, PSH | ACK, 502, data(46));
  s(1, 47, ACK, 509);
  s(1, 47, PSH | ACK, 509, data(32));
  cts++; sts++;
  // the client's ACK is lost; the server retransmits
  t += 200 * MS;
  s(1, 47, PSH | ACK, 509, data(32));
  c(47, 33, ACK, 502);
  // a segment lost on the way: the next one arrives first
  s(33, 47, ACK, 509, data(100, 0x42));          // seq 33..133 lost → not in capture
  f.pop();
  s(133, 47, PSH | ACK, 509, data(100, 0x43));
  c(47, 33, ACK, 502, data(0), [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsval: cts, tsecr: sts }, { kind: 'nop' }, { kind: 'nop' }, { kind: 'sack', blocks: [[(siss + 133) >>> 0, (siss + 233) >>> 0]] }]);
  s(233, 47, PSH | ACK, 509, data(50, 0x44));
  c(47, 33, ACK, 502, data(0), [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsval: cts, tsecr: sts }, { kind: 'nop' }, { kind: 'nop' }, { kind: 'sack', blocks: [[(siss + 133) >>> 0, (siss + 283) >>> 0]] }]);
  // the hole filled (out of order from the capture's view)
  s(33, 47, ACK, 509, data(100, 0x42));
  c(47, 283, ACK, 502);
  // window update from the client (same ack, bigger window)
  c(47, 283, ACK, 1002);
  // the client's receive window fills and closes
  c(47, 283, ACK, 0);
  s(283, 47, ACK, 509);        // a window probe-ish keep-alive style segment
  c(47, 283, ACK, 1002);
  // keep-alive from the client: seq one below snd.nxt, no data
  t += 1000 * MS;
  c(46, 283, ACK, 1002);
  s(283, 47, ACK, 509);
  // close
  c(47, 283, FIN | ACK, 1002);
  s(283, 48, FIN | ACK, 509);
  c(48, 284, ACK, 1002);
  // a second connection refused with RST
  const cp2 = 34256;
  f.push({ t, frame: tcpFrame(toS, C, { srcPort: cp2, dstPort: 10001, seq: 77777, ack: 0, flags: SYN, window: 64240, options: synOpts(cts, 0, 7) }) });
  t += 50 * US;
  f.push({ t, frame: tcpFrame(toC, S, { srcPort: 10001, dstPort: cp2, seq: 0, ack: 77778, flags: RST | ACK, window: 0, options: [] }) });
  return writeCapture(`tcp-${link}.pcap`, link, f);
}

/**
 * TCP analysis beyond the echo task, on a connection caught mid-stream (no SYN, so windows
 * stay unscaled): previous segment not captured, out-of-order, spurious retransmission,
 * ACKed unseen segment, zero window, zero-window probe and its ACK, RST, and a retransmitted SYN.
 */
export function tcpEdgeCapture(): string {
  const C: IpOpts = { src: '172.16.16.102', dst: '172.16.16.101' };
  const S: IpOpts = { src: '172.16.16.101', dst: '172.16.16.102' };
  const toS = l2('sll', MAC2, MAC1, 0);
  const toC = l2('sll', MAC1, MAC2, 4);
  const f: Timed[] = [];
  let t = 0;
  const d = (n: number): Uint8Array => new Uint8Array(n).fill(0x61);
  const c = (seq: number, ack: number, flags: number, win: number, n = 0, dt = 100 * US): void => {
    f.push({ t, frame: tcpFrame(toS, C, { srcPort: 40000, dstPort: 10000, seq: 1000 + seq, ack: 5000 + ack, flags, window: win, options: tsOpt(1, 2), payload: d(n) }) });
    t += dt;
  };
  const s = (seq: number, ack: number, flags: number, win: number, n = 0, dt = 100 * US): void => {
    f.push({ t, frame: tcpFrame(toC, S, { srcPort: 10000, dstPort: 40000, seq: 5000 + seq, ack: 1000 + ack, flags, window: win, options: tsOpt(2, 1), payload: d(n) }) });
    t += dt;
  };
  c(1, 1, 0x18, 100, 10);
  s(1, 11, 0x10, 200);
  s(1, 11, 0x18, 200, 100);
  s(201, 11, 0x18, 200, 100, 1 * US);
  s(101, 11, 0x18, 200, 100);
  c(11, 301, 0x10, 100);
  s(101, 11, 0x18, 200, 100);
  c(11, 501, 0x10, 100);
  s(301, 11, 0x18, 200, 89);
  c(11, 390, 0x10, 0);
  s(390, 11, 0x18, 200, 1);
  c(11, 390, 0x10, 0);
  c(11, 391, 0x10, 100);
  c(11, 391, 0x14, 0);
  s(391, 11, 0x10, 200);
  f.push({ t, frame: tcpFrame(toS, C, { srcPort: 40002, dstPort: 10000, seq: 7, ack: 0, flags: 0x02, window: 64240, options: synOpts(1, 0, 7) }) });
  t += 1000 * MS;
  f.push({ t, frame: tcpFrame(toS, C, { srcPort: 40002, dstPort: 10000, seq: 7, ack: 0, flags: 0x02, window: 64240, options: synOpts(2, 0, 7) }) });
  return writeCapture('tcp-edge.pcap', 'sll', f);
}

/** Odds and ends: an echo reply with no request, EDNS (OPT) in a query and its response (with an MX), mDNS, a malformed DNS datagram, an ICMP timestamp request. */
export function miscCapture(): string {
  const eth = l2('eth', MAC1, MAC2);
  const A: IpOpts = { src: '10.0.0.1', dst: '10.0.0.2' };
  const B: IpOpts = { src: '10.0.0.2', dst: '10.0.0.1' };
  const opt = rr('', 0, { kind: 'OPT', options: [] });
  const query: DnsMessage = { ...q(0x1111, 'example.com', DnsType.A), flags: makeDnsFlags({ rd: true, ad: true }), additionals: [{ ...opt, class: 1232 }] };
  const mx = rr('example.com', 100, { kind: 'Unknown', type: 15, data: Uint8Array.from([0, 10, 4, 109, 97, 105, 108, 192, 12]) });
  const answer: DnsMessage = { ...resp(query, 0, [rr('example.com', 100, { kind: 'A', address: ipv4('93.184.216.34') }), mx]), additionals: [{ ...opt, class: 1232 }] };
  const f: Timed[] = [
    { t: 0, frame: icmpFrame(eth, B, { kind: 'echoReply', id: 5, seq: 9, data: new Uint8Array(8) }) },
    { t: 1 * US, frame: dnsFrame(eth, A, 5555, 53, query) },
    { t: 2 * US, frame: dnsFrame(eth, B, 53, 5555, answer) },
    { t: 3 * US, frame: udpFrame(eth, A, 5353, 5353, new Uint8Array(12)) },
    { t: 4 * US, frame: udpFrame(eth, A, 1234, 53, new Uint8Array(3)) },
    { t: 5 * US, frame: icmpFrame(eth, B, { kind: 'unknown', type: 13, code: 0, rest: new Uint8Array(16) }) },
  ];
  return writeCapture('misc.pcap', 'eth', f);
}
