/**
 * Which IPv4 addresses a lab simulates: loopback, its networks' subnets (a missing host there
 * is simulated: ARP fails), its upstream hosts, and the broadcast address. A Python program
 * reaching anywhere else (192.0.2.1, a web server a name resolved to) gets the not-simulated
 * error instead of a SYN retried for two minutes into nothing.
 */
import type { LabSpec } from '../sim/scenario.ts';
import { inSubnet, isIpv4Multicast, parseIpv4Addr, type Ipv4Addr } from '../stack/wire/addr.ts';

export type Reachable = (addr: Ipv4Addr) => boolean;

export function labAddresses(lab: LabSpec): Reachable {
  const nets = Object.values(lab.networks).map((n) => {
    const [net, prefix] = n.subnet.split('/');
    return { net: parseIpv4Addr(net!)!, prefix: Number(prefix) };
  });
  const hosts = new Set(Object.values(lab.upstream ?? {}).map((u) => parseIpv4Addr(u.address)!));
  // a multicast group is reached on the lab's own networks (the route's interface)
  return (a) => a === 0 || a === 0xffffffff || a >>> 24 === 127 || isIpv4Multicast(a) || hosts.has(a) || nets.some((n) => inSubnet(a, n.net, n.prefix));
}
