/**
 * The host kernel without the simulator: frames and times in, effects out. IP input to
 * sockets, ICMP errors and echo, output through ARP, forwarding with TTL, the NAT pair Docker
 * installs, IP identification, and broadcast.
 */
import { describe, expect, it } from 'vitest';
import { GATEWAY, HOST_ADDR, HOST_MAC, PEER_ADDR, PEER_MAC, sent, testKernel, udpFrame } from '../../helpers/kernel.ts';
import { parseEthernet } from '../../../src/stack/wire/ethernet.ts';
import { parseIpv4 } from '../../../src/stack/wire/ipv4.ts';
import { parseIcmp, emitIcmp } from '../../../src/stack/wire/icmp.ts';
import { parseArp, emitArpInto, ARP_REPLY } from '../../../src/stack/wire/arp.ts';
import { parseUdp } from '../../../src/stack/wire/udp.ts';
import { BROADCAST_MAC, ipv4, readMac } from '../../../src/stack/wire/addr.ts';
import { emitEthernetInto, ETHERTYPE_ARP, ETHERTYPE_IPV4 } from '../../../src/stack/wire/ethernet.ts';
import { emitIpv4Into, IPPROTO_ICMP } from '../../../src/stack/wire/ipv4.ts';
import type { Kernel } from '../../../src/stack/kernel/kernel.ts';

const enc = new TextEncoder();

function ip(frame: Uint8Array) {
  const p = parseIpv4(frame, 14);
  if (!p.ok) throw new Error('not IPv4');
  return p.value;
}

/** What the kernel sent after answering its ARP request for `peer` (when it asked one). */
function afterArp(k: Kernel, peer: number, mac: number, now: number) {
  const out = sent(k);
  if (out.length === 0 || !parseArp(out[0]!.frame, 14).ok) return out;
  arpReply(k, peer, mac, now);
  return sent(k);
}

function arpReply(k: Kernel, from: number, mac: number, now: number): void {
  const f = new Uint8Array(42);
  emitEthernetInto({ dst: HOST_MAC, src: mac, etherType: ETHERTYPE_ARP }, f, 0);
  emitArpInto({ op: ARP_REPLY, senderMac: mac, senderIp: from, targetMac: HOST_MAC, targetIp: HOST_ADDR }, f, 14);
  k.onFrame(1, f, now);
}

describe('kernel: IPv4 input', () => {
  it('queues a datagram for the bound UDP socket and answers a closed port with ICMP port unreachable', () => {
    const k = testKernel();
    const id = k.udp.open();
    expect(k.udp.bind(id, 0, 5000)).toBe(0);
    k.onFrame(1, udpFrame({ src: PEER_ADDR, dst: HOST_ADDR, srcPort: 40000, dstPort: 5000, payload: enc.encode('hi') }), 1000);
    const d = k.udp.recvfrom(id);
    expect(typeof d !== 'number' && new TextDecoder().decode(d.data)).toBe('hi');
    expect(sent(k)).toEqual([]);
    k.onFrame(1, udpFrame({ src: PEER_ADDR, dst: HOST_ADDR, srcPort: 40000, dstPort: 5001, payload: enc.encode('x') }), 2000);
    // the error waits for ARP: the first frame out is the who-has for the peer
    const out = sent(k);
    expect(out).toHaveLength(1);
    expect(parseArp(out[0]!.frame, 14).ok).toBe(true);
    arpReply(k, PEER_ADDR, PEER_MAC, 3000);
    const [err] = sent(k);
    const h = ip(err!.frame);
    expect([h.src, h.dst, h.protocol, h.dscpEcn]).toEqual([HOST_ADDR, PEER_ADDR, IPPROTO_ICMP, 0xc0]);
    const m = parseIcmp(err!.frame, 34, 14 + h.totalLength);
    expect(m.ok && m.value.kind).toBe('destUnreachable');
  });

  it('answers an echo request with an echo reply carrying the same id, seq and data', () => {
    const k = testKernel();
    const icmp = emitIcmp({ kind: 'echoRequest', id: 0x1234, seq: 7, data: enc.encode('abcdefgh') });
    const f = new Uint8Array(34 + icmp.length);
    emitEthernetInto({ dst: HOST_MAC, src: PEER_MAC, etherType: ETHERTYPE_IPV4 }, f, 0);
    emitIpv4Into({ ident: 1, flags: { df: true, mf: false }, ttl: 64, protocol: IPPROTO_ICMP, src: PEER_ADDR, dst: HOST_ADDR }, icmp.length, f, 14);
    f.set(icmp, 34);
    k.onFrame(1, f, 10);
    const [reply] = afterArp(k, PEER_ADDR, PEER_MAC, 20);
    const h = ip(reply!.frame);
    const m = parseIcmp(reply!.frame, 34, 14 + h.totalLength);
    expect(m.ok && m.value.kind === 'echoReply' && [m.value.id, m.value.seq]).toEqual([0x1234, 7]);
    expect(readMac(reply!.frame, 0)).toBe(PEER_MAC);
  });

  it('drops a frame with a bad IPv4 checksum', () => {
    const k = testKernel();
    const id = k.udp.open();
    k.udp.bind(id, 0, 5000);
    const f = udpFrame({ src: PEER_ADDR, dst: HOST_ADDR, srcPort: 1, dstPort: 5000, payload: enc.encode('x') });
    f[24] ^= 0xff;
    k.onFrame(1, f, 0);
    expect(k.udp.recvfrom(id)).toBeLessThan(0);
  });
});

describe('kernel: output and forwarding', () => {
  it('resolves the gateway with ARP for an off-link destination, then sends to its MAC', () => {
    const k = testKernel();
    k.out.sendUdp(HOST_ADDR, ipv4('10.255.255.254'), 40000, 53, enc.encode('q'), 0, 0);
    const [req] = sent(k);
    const a = parseArp(req!.frame, 14);
    expect(a.ok && a.value.targetIp).toBe(GATEWAY);
    expect(readMac(req!.frame, 0)).toBe(BROADCAST_MAC);
    const gwMac = 0x0242ac101001;
    arpReply(k, GATEWAY, gwMac, 100);
    const [dg] = sent(k);
    expect(readMac(dg!.frame, 0)).toBe(gwMac);
    expect(ip(dg!.frame).dst).toBe(ipv4('10.255.255.254'));
  });

  it('forwards with the TTL decremented, and answers TTL 1 with time exceeded (TOS 0xc0)', () => {
    const k = testKernel({ forwarding: true, second: true });
    const other = ipv4('172.20.0.9');
    k.onFrame(1, udpFrame({ src: PEER_ADDR, dst: other, srcPort: 1, dstPort: 2, payload: enc.encode('f'), ttl: 5 }), 10);
    const [who] = sent(k); // ARP for the next hop on eth1
    expect(who!.ifIndex).toBe(2);
    k.onFrame(1, udpFrame({ src: PEER_ADDR, dst: other, srcPort: 1, dstPort: 2, payload: enc.encode('f'), ttl: 1 }), 20);
    const [te] = afterArp(k, PEER_ADDR, PEER_MAC, 30);
    const h = ip(te!.frame);
    const m = parseIcmp(te!.frame, 34, 14 + h.totalLength);
    expect(m.ok && m.value.kind).toBe('timeExceeded');
    expect(h.dscpEcn).toBe(0xc0);
  });

  it('counts IP ids of a connected UDP socket from its own start, one per datagram', () => {
    const k = testKernel();
    for (let i = 0; i < 3; i++) k.out.sendUdp(HOST_ADDR, PEER_ADDR, 40000, 53, enc.encode('q'), 9, i);
    const ids = afterArp(k, PEER_ADDR, PEER_MAC, 5).map((s) => ip(s.frame).ident);
    expect(ids).toHaveLength(3);
    expect([ids[1]! - ids[0]!, ids[2]! - ids[1]!].map((d) => (d + 65536) % 65536)).toEqual([1, 1]);
  });

  it('rewrites the destination port of UDP to a redirected address (Docker DNS NAT) and back on replies', () => {
    const k = testKernel();
    const dns = ipv4('127.0.0.11');
    const srv = k.udp.open();
    k.udp.bind(srv, dns, 44444);
    k.nat.addUdpPortRedirect({ addr: dns, fromPort: 53, toPort: 44444 });
    const cli = k.udp.open();
    k.udp.connect(cli, dns, 53);
    k.udp.sendto(cli, enc.encode('query'), undefined, undefined, 0);
    const [lo] = sent(k);
    expect(lo!.ifIndex).toBe(0);
    const u = parseUdp(lo!.frame, 34);
    expect(u.ok && u.value.dstPort).toBe(44444);
    k.onFrame(0, lo!.frame, 1);
    const q = k.udp.recvfrom(srv);
    expect(typeof q !== 'number' && q.srcPort).toBeGreaterThan(0);
  });
});

describe('kernel: broadcast', () => {
  it('sends a datagram to the subnet broadcast to ff:ff:ff:ff:ff:ff with no ARP and loops a copy back', () => {
    const k = testKernel();
    k.out.sendUdp(HOST_ADDR, ipv4('172.16.16.255'), 40000, 6000, enc.encode('b'), 0, 0);
    const out = sent(k);
    expect(out.map((o) => o.kind)).toEqual(['xmit', 'loop']);
    const eth = parseEthernet(out[0]!.frame, 0);
    expect(eth.ok && eth.value.dst).toBe(BROADCAST_MAC);
  });

  it('delivers a received broadcast to every socket bound to its port', () => {
    const k = testKernel();
    const a = k.udp.open();
    const b = k.udp.open();
    k.udp.setReuseAddr(a, true);
    k.udp.setReuseAddr(b, true);
    expect(k.udp.bind(a, 0, 6000)).toBe(0);
    expect(k.udp.bind(b, 0, 6000)).toBe(0);
    for (const dst of [ipv4('255.255.255.255'), ipv4('172.16.16.255')]) {
      k.onFrame(1, udpFrame({ src: PEER_ADDR, dst, srcPort: 1, dstPort: 6000, payload: enc.encode('all'), dstMac: BROADCAST_MAC }), 0);
    }
    for (const s of [a, b]) {
      expect(typeof k.udp.recvfrom(s)).toBe('object');
      expect(typeof k.udp.recvfrom(s)).toBe('object');
    }
    expect(sent(k)).toEqual([]); // no port unreachable for a broadcast
  });

  it('knows the limited and directed broadcast addresses and nothing else', () => {
    const k = testKernel({ second: true });
    expect(['255.255.255.255', '172.16.16.255', '172.20.255.255'].map((a) => k.isBroadcast(ipv4(a)))).toEqual([true, true, true]);
    expect(['172.16.16.254', '172.16.17.255', '127.255.255.255'].map((a) => k.isBroadcast(ipv4(a)))).toEqual([false, false, false]);
  });
});
