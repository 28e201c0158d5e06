/**
 * A datagram socket's IPv4 multicast state, as net/ipv4/ip_sockglue.c and igmp.c keep it in
 * struct inet_sock: the options (IP_MULTICAST_TTL, _LOOP, _ALL, _IF: mc_ttl, MC_LOOP, MC_ALL,
 * mc_index/mc_addr) and the groups it joined (inet->mc_list of ip_mreqn), with the errors
 * ip_mc_join_group / ip_mc_leave_group give, and the per-socket delivery rule (ip_mc_sf_allow).
 * Pure: the host's side (which device a request names, the interface's membership and its
 * IGMP reports) is the caller's.
 */
import { EADDRINUSE, EADDRNOTAVAIL, EINVAL, ENOBUFS, ENODEV } from '../abi/errno.ts';
import { IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP, IP_MULTICAST_ALL, IP_MULTICAST_IF, IP_MULTICAST_LOOP, IP_MULTICAST_TTL } from '../abi/linux.ts';
import type { Nanos } from '../nanos.ts';
import { isIpv4Multicast, readIpv4, type Ipv4Addr } from '../wire/addr.ts';

/** struct ip_mreqn: a group, an interface address, an interface index (Linux's: lo is 1; 0: none) */
export interface Mreqn {
  readonly group: Ipv4Addr;
  readonly addr: Ipv4Addr;
  readonly ifIndex: number;
}

export interface MulticastOpts {
  /** IP_MULTICAST_TTL (inet_create: 1) */
  readonly ttl: number;
  /** IP_MULTICAST_LOOP (on by default) */
  readonly loop: boolean;
  /** IP_MULTICAST_ALL (on by default): datagrams to any group the host joined, not only the socket's */
  readonly all: boolean;
  /** IP_MULTICAST_IF: mc_index and mc_addr (0, 0: the route's device and address) */
  readonly ifIndex: number;
  readonly addr: Ipv4Addr;
}

/** How a datagram to a multicast group leaves (udp_sendmsg with inet->mc_*): its interface (labwire's index), TTL and loop bit. */
export interface MulticastOut {
  readonly ifIndex: number;
  readonly ttl: number;
  /** IP_MULTICAST_LOOP: the host's own members get a copy */
  readonly loop: boolean;
}

/** what a socket's memberships need of its host (devices by Linux's ifindex) */
export interface MulticastHost {
  /** ip_mc_find_dev(): the device a request names (index, else address), else the route's to its group */
  multicastDevice(req: Mreqn): number | undefined;
  /** ip_mc_inc_group / ip_mc_dec_group */
  joinGroup(ifIndex: number, group: Ipv4Addr, now: Nanos): void;
  leaveGroup(ifIndex: number, group: Ipv4Addr, now: Nanos): void;
}

/** a socket's multicast state, replaced field by field */
export interface MulticastSocket {
  mc: Readonly<MulticastOpts>;
  groups: readonly Mreqn[];
}

export const DEFAULT_MULTICAST: Readonly<MulticastOpts> = Object.freeze({ ttl: 1, loop: true, all: true, ifIndex: 0, addr: 0 });

/** net.ipv4.igmp_max_memberships */
export const IGMP_MAX_MEMBERSHIPS = 20;

const IP_MREQ_SIZE = 8;
const IP_MREQN_SIZE = 12;

/**
 * IP_ADD/DROP_MEMBERSHIP's argument: an ip_mreqn from 12 bytes on, else an ip_mreq (8) with
 * index 0; shorter is EINVAL (do_ip_setsockopt).
 */
export function parseMreq(b: Uint8Array): Mreqn | number {
  if (b.length < IP_MREQ_SIZE) return -EINVAL;
  const ifIndex = b.length >= IP_MREQN_SIZE ? new DataView(b.buffer, b.byteOffset + 8, 4).getInt32(0, true) : 0;
  return { group: readIpv4(b, 0), addr: readIpv4(b, 4), ifIndex };
}

/**
 * IP_MULTICAST_IF's argument: an ip_mreqn (12 bytes), an ip_mreq (8) or an in_addr (4), whose
 * address is the interface's; shorter is EINVAL.
 */
export function parseMulticastIf(b: Uint8Array): Mreqn | number {
  if (b.length >= IP_MREQ_SIZE) return parseMreq(b);
  if (b.length < 4) return -EINVAL;
  return { group: 0, addr: readIpv4(b, 0), ifIndex: 0 };
}

/**
 * ip_mc_join_group(): `device` resolves the request as ip_mc_find_dev does (its index, else the
 * device of its address, else the route's to the group). New memberships go first (mc_list).
 */
export function joinGroup(list: readonly Mreqn[], req: Mreqn, device: (req: Mreqn) => number | undefined): Mreqn[] | number {
  if (!isIpv4Multicast(req.group)) return -EINVAL;
  const ifIndex = device(req);
  if (ifIndex === undefined) return -ENODEV;
  if (list.some((m) => m.group === req.group && m.ifIndex === ifIndex)) return -EADDRINUSE;
  if (list.length >= IGMP_MAX_MEMBERSHIPS) return -ENOBUFS;
  return [{ group: req.group, addr: req.addr, ifIndex }, ...list];
}

/**
 * ip_mc_leave_group(): the membership a request names — by index when it has one (or its device
 * was found), else by address when it gives one; ENODEV when it names no device at all and the
 * route finds none, EADDRNOTAVAIL when no membership matches.
 */
export function leaveGroup(list: readonly Mreqn[], req: Mreqn, device: (req: Mreqn) => number | undefined): { list: Mreqn[]; left: Mreqn } | number {
  const found = device(req);
  if (req.ifIndex === 0 && req.addr === 0 && found === undefined) return -ENODEV;
  const ifIndex = req.ifIndex || (found ?? 0);
  const at = list.findIndex((m) => m.group === req.group &&
    (ifIndex !== 0 ? m.ifIndex === ifIndex : req.addr === 0 || m.addr === req.addr));
  if (at < 0) return -EADDRNOTAVAIL;
  return { list: list.filter((_, i) => i !== at), left: list[at]! };
}

/** ip_mc_sf_allow() for an any-source membership: the socket's own, else IP_MULTICAST_ALL */
export function multicastAllowed(opts: Readonly<MulticastOpts>, list: readonly Mreqn[], group: Ipv4Addr, ifIndex: number): boolean {
  return list.some((m) => m.group === group && m.ifIndex === ifIndex) || opts.all;
}

/** do_ip_setsockopt(IP_MULTICAST_TTL): −1 is 1; otherwise 0..255 or EINVAL */
export function multicastTtl(value: number): number {
  if (value === -1) return 1;
  return value < 0 || value > 255 ? -EINVAL : value;
}

/** do_ip_getsockopt() of IP_MULTICAST_TTL, _LOOP, _ALL or _IF (the last as inAddrAsInt) */
export function multicastOption(mc: Readonly<MulticastOpts>, name: number): number {
  if (name === IP_MULTICAST_TTL) return mc.ttl;
  if (name === IP_MULTICAST_LOOP) return Number(mc.loop);
  if (name === IP_MULTICAST_ALL) return Number(mc.all);
  return inAddrAsInt(mc.addr);
}

/** IP_MULTICAST_IF's answer: mc_addr's four bytes, read as the int Python's getsockopt returns (host order, x86) */
export function inAddrAsInt(a: Ipv4Addr): number {
  return ((a & 0xff) << 24) | (((a >>> 8) & 0xff) << 16) | (((a >>> 16) & 0xff) << 8) | (a >>> 24);
}

/**
 * An IPPROTO_IP multicast option (do_ip_setsockopt): `value` an int, or the bytes of a struct
 * (ip_mreq, ip_mreqn, in_addr). 0, or −errno.
 */
export function setMulticastOption(s: MulticastSocket, name: number, value: number | Uint8Array, host: MulticastHost, now: Nanos): number {
  const bytes = typeof value === 'number' ? intBytes(value) : value;
  const v = typeof value === 'number' ? value : bytes.length >= 4 ? new DataView(bytes.buffer, bytes.byteOffset, 4).getInt32(0, true) : (bytes[0] ?? 0);
  switch (name) {
    case IP_ADD_MEMBERSHIP:
    case IP_DROP_MEMBERSHIP:
      return membership(s, name === IP_ADD_MEMBERSHIP, bytes, host, now);
    case IP_MULTICAST_TTL: {
      const ttl = multicastTtl(v);
      if (ttl < 0) return ttl;
      s.mc = { ...s.mc, ttl };
      return 0;
    }
    case IP_MULTICAST_LOOP:
      s.mc = { ...s.mc, loop: v !== 0 };
      return 0;
    case IP_MULTICAST_ALL:
      if (v !== 0 && v !== 1) return -EINVAL;
      s.mc = { ...s.mc, all: v === 1 };
      return 0;
    case IP_MULTICAST_IF:
      return multicastIf(s, bytes, host);
    default:
      return -EINVAL;
  }
}

function membership(s: MulticastSocket, join: boolean, bytes: Uint8Array, host: MulticastHost, now: Nanos): number {
  const req = parseMreq(bytes);
  if (typeof req === 'number') return req;
  const device = (r: Mreqn) => host.multicastDevice(r);
  if (join) {
    const list = joinGroup(s.groups, req, device);
    if (typeof list === 'number') return list;
    s.groups = list;
    host.joinGroup(list[0]!.ifIndex, req.group, now);
    return 0;
  }
  const r = leaveGroup(s.groups, req, device);
  if (typeof r === 'number') return r;
  s.groups = r.list;
  host.leaveGroup(r.left.ifIndex, r.left.group, now);
  return 0;
}

/** IP_MULTICAST_IF: 0.0.0.0 and no index resets; an unknown device is EADDRNOTAVAIL */
function multicastIf(s: MulticastSocket, bytes: Uint8Array, host: MulticastHost): number {
  const req = parseMulticastIf(bytes);
  if (typeof req === 'number') return req;
  if (req.ifIndex === 0 && req.addr === 0) {
    s.mc = { ...s.mc, ifIndex: 0, addr: 0 };
    return 0;
  }
  const ifIndex = host.multicastDevice(req);
  if (ifIndex === undefined) return -EADDRNOTAVAIL;
  s.mc = { ...s.mc, ifIndex, addr: req.addr };
  return 0;
}

/** an int option's four bytes as the kernel reads them (x86: little-endian) */
function intBytes(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v, true);
  return b;
}
