/**
 * A host kernel on its own, without the simulator: lo plus eth0 on 172.16.16.0/24 with a
 * gateway, seeded streams, labwire's TCP. Tests feed it frames and timers with explicit times
 * and read the effects it asks for; nothing here runs a loop.
 */
import { Kernel } from '../../src/stack/kernel/kernel.ts';
import { buildRoutes, ETHER_MTU, LOOPBACK_MTU, type NetInterface } from '../../src/stack/kernel/interfaces.ts';
import { WSL2_PROFILE } from '../../src/stack/kernel/profile.ts';
import type { KernelEffect } from '../../src/stack/kernel/effects.ts';
import { TcpLayer } from '../../src/stack/tcp/layer.ts';
import { streamFor } from '../../src/sim/rng.ts';
import { dockerMac, ipv4, ZERO_MAC } from '../../src/stack/wire/addr.ts';
import { emitEthernetInto, ETHERTYPE_IPV4 } from '../../src/stack/wire/ethernet.ts';
import { emitIpv4Into, IPPROTO_UDP } from '../../src/stack/wire/ipv4.ts';
import { emitUdpInto } from '../../src/stack/wire/udp.ts';

export const HOST_ADDR = ipv4('172.16.16.101');
export const PEER_ADDR = ipv4('172.16.16.102');
export const GATEWAY = ipv4('172.16.16.1');
export const HOST_MAC = dockerMac(HOST_ADDR);
export const PEER_MAC = dockerMac(PEER_ADDR);

export function testKernel(opts: { forwarding?: boolean; seed?: number; second?: boolean } = {}): Kernel {
  const ifaces: NetInterface[] = [
    { index: 0, name: 'lo', kind: 'loopback', mac: ZERO_MAC, addr: ipv4('127.0.0.1'), prefix: 8, mtu: LOOPBACK_MTU },
    { index: 1, name: 'eth0', kind: 'ether', mac: HOST_MAC, addr: HOST_ADDR, prefix: 24, mtu: ETHER_MTU },
  ];
  if (opts.second) ifaces.push({ index: 2, name: 'eth1', kind: 'ether', mac: dockerMac(ipv4('172.20.0.3')), addr: ipv4('172.20.0.3'), prefix: 16, mtu: ETHER_MTU });
  const seed = opts.seed ?? 1;
  return new Kernel({
    hostname: 'testhost',
    interfaces: ifaces,
    routes: buildRoutes(ifaces.slice(1), GATEWAY),
    profile: WSL2_PROFILE,
    forwarding: opts.forwarding ?? false,
    random: (purpose) => streamFor(seed, 'testhost', purpose),
    makeTcp: (s, p) => new TcpLayer(s, p),
  });
}

/** The frames the kernel asked to transmit since the last call, by interface. */
export function sent(k: Kernel): { ifIndex: number; frame: Uint8Array; kind: KernelEffect['kind'] }[] {
  return k.takeEffects().filter((e) => e.kind !== 'timer').map((e) => ({ ifIndex: (e as { ifIndex: number }).ifIndex, frame: (e as { frame: Uint8Array }).frame, kind: e.kind }));
}

/** An Ethernet frame carrying a UDP datagram from `src` to `dst`. */
export function udpFrame(o: { src: number; dst: number; srcPort: number; dstPort: number; payload: Uint8Array; ttl?: number; dstMac?: number; srcMac?: number }): Uint8Array {
  const l4 = 8 + o.payload.length;
  const frame = new Uint8Array(14 + 20 + l4);
  emitEthernetInto({ dst: o.dstMac ?? HOST_MAC, src: o.srcMac ?? PEER_MAC, etherType: ETHERTYPE_IPV4 }, frame, 0);
  emitIpv4Into({ ident: 7, flags: { df: true, mf: false }, ttl: o.ttl ?? 64, protocol: IPPROTO_UDP, src: o.src, dst: o.dst }, l4, frame, 14);
  emitUdpInto({ srcPort: o.srcPort, dstPort: o.dstPort, payload: o.payload }, o.src, o.dst, frame, 34);
  return frame;
}
