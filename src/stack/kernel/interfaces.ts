/** A host's network interfaces and routes, as `ip addr` and `ip route` would list them. */
import { inSubnet, prefixMask, type Ipv4Addr, type MacAddr } from '../wire/addr.ts';

export interface NetInterface {
  readonly index: number;
  readonly name: string;
  readonly kind: 'loopback' | 'ether';
  readonly mac: MacAddr;
  readonly addr: Ipv4Addr;
  readonly prefix: number;
  readonly mtu: number;
}

export interface Route {
  readonly dst: Ipv4Addr;
  readonly prefix: number;
  /** next hop; undefined for a connected route */
  readonly via?: Ipv4Addr;
  readonly ifIndex: number;
  /** preferred source address (the interface's address) */
  readonly src: Ipv4Addr;
}

export const LOOPBACK_MTU = 65536;
export const ETHER_MTU = 1500;

/** Connected routes of every interface plus an optional default route, longest prefix first. */
export function buildRoutes(ifaces: readonly NetInterface[], gateway?: Ipv4Addr): Route[] {
  const routes: Route[] = ifaces.map((i) => ({
    dst: (i.addr & prefixMask(i.prefix)) >>> 0,
    prefix: i.prefix,
    ifIndex: i.index,
    src: i.addr,
  }));
  if (gateway !== undefined) {
    const out = ifaces.find((i) => i.kind === 'ether' && inSubnet(gateway, i.addr, i.prefix));
    if (out) routes.push({ dst: 0, prefix: 0, via: gateway, ifIndex: out.index, src: out.addr });
  }
  return routes.sort((a, b) => b.prefix - a.prefix);
}

/** Longest-prefix match (the table is kept sorted by prefix length). */
export function lookupRoute(routes: readonly Route[], dst: Ipv4Addr): Route | undefined {
  for (const r of routes) if (inSubnet(dst, r.dst, r.prefix)) return r;
  return undefined;
}
